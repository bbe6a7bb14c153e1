"""Two moderators on one account at the same minute (eighth walkthrough, a team of five):
the second decision replaced the first in silence, so rosa believed @promo approved while
tom's deny was in force. Whoever replaces a decision is now told whose, when and why."""

from __future__ import annotations

import discord.ext.test as dpytest
from conftest import MANAGE, MEMBER
from discord.ext.test import backend
from harness import slash


async def test_the_second_moderator_is_told_whose_decision_theirs_replaced(world):
    role = backend.make_role("mods", world.guild)
    await dpytest.add_role(world.tom, role)
    await world.store.guilds.set(str(world.guild.id), "moderator_role", str(role.id), "t", 0)
    await slash(
        world.bot, world.rosa, world.general, "override set", MANAGE,
        decision="approve", reason="runs our partner shop", handle="promo",
    )  # fmt: skip
    first = world.responses.last()["content"]
    assert first.startswith("Approved the X account @promo. Every later answer")
    world.clock.now += 20  # the same minute
    await slash(
        world.bot, world.tom, world.general, "override set", MEMBER,
        decision="deny", reason="only **ads** now", handle="Promo",
    )  # fmt: skip
    second = world.responses.last()["content"]
    at = int(world.clock.now - 20)
    assert second.startswith(
        f"Denied the X account @Promo. This replaces the approve by rosa ({world.rosa.id}) "
        f"(<t:{at}:f>): “runs our partner shop”. Every later answer"
    )
    assert (await world.store.moderation.override("x", "promo")).decision == "deny"
    # rosa, changing her mind about her own decision, hears "by you"
    await slash(
        world.bot, world.rosa, world.general, "override set", MANAGE,
        decision="approve", reason="checked again", handle="promo",
    )  # fmt: skip
    third = world.responses.last()["content"]
    assert f"This replaces the deny by tom ({world.tom.id})" in third
    assert "“only \\*\\*ads\\*\\* now”" in third  # escaped: shown as written, no bold
    await slash(
        world.bot, world.rosa, world.general, "override set", MANAGE,
        decision="deny", reason="no after all", handle="promo",
    )  # fmt: skip
    assert "This replaces the approve by you (" in world.responses.last()["content"]
    assert [e.actor.split()[0] for e in await world.store.moderation.history("x", "promo")] == [
        "rosa", "tom", "rosa", "rosa",
    ]  # fmt: skip


async def test_a_member_who_changes_their_username_keeps_the_decision(world):
    await slash(
        world.bot, world.rosa, world.general, "override set", MANAGE,
        decision="deny", reason="only ads", user=world.ana,
    )  # fmt: skip
    world.ana._user.name = "ana_shop"  # Discord usernames can change; the id does not
    await slash(world.bot, world.ana, world.general, "whynot")
    answer = world.responses.last()["content"]
    assert "decided not to follow back for now" in answer and "only ads" in answer
    await slash(world.bot, world.tom, world.general, "override history", MANAGE, user=world.ana)
    history = world.responses.last()["content"]
    assert "Discord account @ana\\_shop" in history and "**deny** by rosa" in history
    await slash(world.bot, world.tom, world.general, "override list", MANAGE)
    listing = world.responses.last()["content"]
    assert "- **deny** discord @ana (now @ana\\_shop): “only ads”" in listing


async def test_setting_the_moderator_role_says_override_stays_hidden_from_it(world):
    # A moderator by role only (no Manage Server) did not see /override in the menu: the
    # role lets the bot accept them, but Discord hides the command until an admin shows it.
    role = backend.make_role("mods", world.guild)
    await slash(world.bot, world.rosa, world.general, "whynot-config moderator-role", MANAGE,
                role=role)  # fmt: skip
    said = world.responses.last()["content"]
    assert said.startswith(f"Moderator role: <@&{role.id}>. Its members can use the feed's")
    assert f"Server Settings > Integrations > {world.bot.user.name} > /override" in said


async def test_the_bots_owner_may_decide_as_they_may_set_the_moderator_role(world):
    # The account's owner, a plain member of the community's server, could name the
    # moderator role (admin_only lets the bot's owner) but was refused /override.
    world.bot.owner_id = world.tom.id
    await slash(world.bot, world.tom, world.general, "override set", MEMBER,
                decision="approve", reason="our partner shop", handle="promo")  # fmt: skip
    assert world.responses.last()["content"].startswith("Approved the X account @promo.")
    [entry] = await world.store.moderation.history("x", "promo")
    assert entry.actor == f"tom ({world.tom.id})"
    world.bot.owner_id = world.rosa.id  # no longer the owner: refused again
    await slash(world.bot, world.tom, world.general, "override clear", MEMBER, handle="promo")
    assert world.responses.last()["content"].startswith("Only members with Manage Server")


async def test_a_moderator_whose_role_is_removed_is_refused_and_stays_attributed(world):
    role = backend.make_role("mods", world.guild)
    await dpytest.add_role(world.tom, role)
    await world.store.guilds.set(str(world.guild.id), "moderator_role", str(role.id), "t", 0)
    await slash(world.bot, world.tom, world.general, "override set", MEMBER,
                decision="deny", reason="only ads", handle="promo")  # fmt: skip
    await dpytest.remove_role(world.tom, role)  # tom leaves the team
    await slash(world.bot, world.tom, world.general, "override clear", MEMBER, handle="promo")
    assert world.responses.last()["content"].startswith("Only members with Manage Server")
    await slash(world.bot, world.rosa, world.general, "override list", MANAGE)
    assert f"“only ads” (tom ({world.tom.id}), <t:" in world.responses.last()["content"]
    [entry] = await world.store.moderation.history("x", "promo")
    assert entry.actor == f"tom ({world.tom.id})"


def _spy_files(world) -> list[tuple[str, str, str]]:
    """The answers the bot sends with a file: (content, file name, file text), as sent
    (multipart: the recorder's `sent()` sees only JSON payloads)."""
    files: list[tuple[str, str, str]] = []
    request = world.responses.request

    async def spy(route, session, **kwargs):
        import json

        parts = {p["name"]: p for p in kwargs.get("multipart") or ()}
        content = json.loads(parts["payload_json"]["value"])["content"] if parts else ""
        for f in kwargs.get("files") or ():
            files.append((content, f.filename, f.fp.getvalue().decode()))
        return await request(route, session, **kwargs)

    world.responses.request = spy
    return files


async def test_history_is_exported_as_a_file_for_a_complaint(world):
    import json

    files = _spy_files(world)
    for i, decision in enumerate(["deny", "approve", "deny"]):
        await slash(world.bot, world.rosa, world.general, "override set", MANAGE,
                    decision=decision, reason=f"check {i}", user=world.ana)  # fmt: skip
    await slash(world.bot, world.tom, world.general, "override history", MANAGE, user=world.ana)
    assert files == []  # shown whole: nothing attached unless asked
    await slash(world.bot, world.tom, world.general, "override history", MANAGE,
                user=world.ana, export=True)  # fmt: skip
    [(said, name, text)] = files
    assert said.startswith("**Moderation log for the Discord account @ana**")
    assert said.endswith("The whole log is attached (JSON Lines: one entry a line, oldest first).")
    assert name == "moderation-log-discord-ana.jsonl"
    rows = [json.loads(line) for line in text.splitlines()]
    assert [(r["action"], r["detail"], r["account_id"]) for r in rows] == [
        ("deny", "check 0", str(world.ana.id)),
        ("approve", "check 1", str(world.ana.id)),
        ("deny", "check 2", str(world.ana.id)),
    ]
    assert rows[0]["actor"] == f"rosa ({world.rosa.id})" and rows[0]["source"] == "discord"


async def test_a_history_too_long_to_show_comes_whole_as_a_file(world):
    files = _spy_files(world)
    for i in range(30):  # a long story: the oldest lines no longer fit in one message
        reason = f"reason number {i} " + "x" * 80
        await slash(world.bot, world.rosa, world.general, "override set", MANAGE,
                    decision="deny", reason=reason, handle="promo")  # fmt: skip
    await slash(world.bot, world.tom, world.general, "override history", MANAGE, handle="promo")
    [(said, _, text)] = files
    assert "…and " in said and said.endswith("(JSON Lines: one entry a line, oldest first).")
    assert len(said) <= 2000
    assert len(text.splitlines()) == 30 and "reason number 0 " in text.splitlines()[0]
