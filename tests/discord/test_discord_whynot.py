"""`/whynot` through the real command tree: options parsed, the answer deferred and sent
as recorded, ephemeral unless the server allows public answers about oneself."""

from __future__ import annotations

from conftest import MANAGE
from harness import slash

EPHEMERAL = 64


async def test_about_oneself_answers_through_the_desk_privately(world):
    interaction = await slash(world.bot, world.ana, world.general, "whynot")
    deferred, answer = world.responses.sent()
    assert deferred == {"type": 5, "flags": EPHEMERAL}  # "thinking…", only the asker sees it
    assert answer["type"] == "followup" and answer["flags"] == EPHEMERAL
    assert answer["allowed_mentions"] == {"parse": []}
    assert answer["content"].startswith("Thanks for asking, ana\\_0\\_nick.")
    assert "automated stream of promotional links" in answer["content"]
    assert await world.store.messages.state("discord", f"slash-{interaction.id}") == "sent"


async def test_public_when_the_server_allows_it(world):
    await world.store.guilds.set(str(world.guild.id), "public_answers", "on", "t", 0)
    await slash(world.bot, world.tom, world.general, "whynot")
    deferred, answer = world.responses.sent()
    assert deferred == {"type": 5}
    assert answer.get("flags", 0) & EPHEMERAL == 0
    assert "Nothing on my list stands against you" in answer["content"]


async def test_asking_again_within_the_cooldown_is_explained_not_answered(world):
    await slash(world.bot, world.ana, world.general, "whynot")
    world.clock.now += 60
    await slash(world.bot, world.ana, world.general, "whynot")
    last = world.responses.last()
    assert last["content"] == "I answered you recently; you can ask again after 24 hours."
    assert await world.store.messages.state_counts() == {"sent": 1, "skipped": 1}


async def test_about_a_member_is_private_and_answers_no_one(world):
    await slash(world.bot, world.tom, world.general, "whynot", user=world.ana)
    deferred, answer = world.responses.sent()
    assert deferred["flags"] == EPHEMERAL and answer["flags"] == EPHEMERAL
    assert answer["content"].startswith("**What ana\\_0\\_nick (Discord) would be told:**")
    assert "automated stream of promotional links" in answer["content"]
    assert await world.store.messages.state_counts() == {}  # a look-up, not a reply to anyone
    assert world.channels.sent == []


async def test_about_an_x_handle(world):
    await slash(world.bot, world.tom, world.general, "whynot", handle="@promo", platform="x")
    answer = world.responses.last()
    assert answer["content"].startswith("**What promo (X) would be told:**")
    assert "automated stream of promotional links" in answer["content"]
    assert answer["flags"] == EPHEMERAL


async def test_a_decision_changes_the_answer(world):
    await slash(
        world.bot,
        world.rosa,
        world.general,
        "override set",
        MANAGE,
        decision="approve",
        reason="runs our partner shop",
        user=world.ana,
    )
    await slash(world.bot, world.ana, world.general, "whynot")
    answer = world.responses.last()
    assert "a person on my team reviewed your account and approved a follow" in answer["content"]
    assert "runs our partner shop" in answer["content"]


async def test_answers_in_the_callers_language(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="es-ES")
    assert world.responses.last()["content"].startswith("Gracias por preguntar")


async def test_mistakes_get_one_private_line(world):
    cases = [
        ({"user": world.ana, "handle": "promo"}, "Give either a member or a handle, not both."),
        ({"handle": "nobody", "platform": "discord"}, "There is no member called nobody here."),
        ({"handle": "not a handle!"}, "“not a handle!” is not a valid X handle."),
    ]
    for options, expected in cases:
        world.responses.calls.clear()
        await slash(world.bot, world.tom, world.general, "whynot", **options)
        [message] = world.responses.sent()
        assert message == {
            "type": 4,
            "content": expected,
            "flags": EPHEMERAL,
            "allowed_mentions": {"parse": []},
            "tts": False,
        }


async def test_a_discord_handle_finds_the_member(world):
    await slash(world.bot, world.tom, world.general, "whynot", handle="ana", platform="discord")
    assert world.responses.last()["content"].startswith("**What ana\\_0\\_nick (Discord)")


async def test_dry_run_shows_the_answer_and_records_nothing(world):
    world.desk.dry_run = True
    await slash(world.bot, world.ana, world.general, "whynot")
    answer = world.responses.last()
    assert "automated stream of promotional links" in answer["content"]
    assert answer["flags"] == EPHEMERAL
    assert await world.store.messages.state_counts() == {}


async def test_paid_look_ups_are_limited_per_member_per_day(world, monkeypatch):
    import cogs.whynot as whynot_cog

    monkeypatch.setattr(whynot_cog, "PAID_LOOKUPS_PER_DAY", 2)
    for handle in ("a1", "a2", "a3"):  # three different X accounts, none cached
        await slash(world.bot, world.tom, world.general, "whynot", handle=handle, platform="x")
    assert "try again tomorrow" in world.responses.last()["content"]
    await slash(world.bot, world.rosa, world.general, "whynot", handle="a3", platform="x")
    assert "try again tomorrow" not in world.responses.last()["content"]  # another member
