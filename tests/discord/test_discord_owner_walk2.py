"""A Discord, Mastodon and Bluesky owner's walkthrough (second one), through the real bot:
a Brazilian member's `/whynot` is answered in Portuguese, and the feed's approve/deny
buttons work for the accounts a Mastodon or Bluesky owner actually sees (a remote
`user@instance`, a handle with a hyphen)."""

from __future__ import annotations

from conftest import MANAGE, PROMO, XPlatform
from discord.ext.test import backend
from harness import click, make_bot_user, slash, submit

from whynot.models import FollowEvent, Identity


async def with_feed(world) -> None:
    await world.store.guilds.set(str(world.guild.id), "feed_channel", str(world.feed.id), "t", 0)


def add_network(world, name: str) -> None:
    world.desk.platforms[name] = XPlatform(
        owner=Identity(name, "owner", "owner"), name=name, reply_format=name, accounts={}
    )


def buttons(sent) -> list[str]:
    rows = sent.payload.get("components") or []
    return [b["custom_id"] for row in rows for b in row["components"]]


async def test_whynot_about_oneself_in_portuguese_for_a_brazilian_member(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="pt-BR")
    answer = world.responses.last()["content"]
    assert answer.startswith("Agradeço a pergunta, ana\\_0\\_nick.")
    assert "fluxo automático de links promocionais" in answer


async def test_whynot_in_other_locales_is_still_english_or_spanish(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"].startswith("Thanks for asking")
    world.clock.now += 2 * 86_400
    await slash(world.bot, world.ana, world.general, "whynot", locale="es-419")
    assert world.responses.last()["content"].startswith("Gracias por preguntar")


async def unfollow(world, who: Identity) -> None:
    event_id = await world.store.followers.add_event(who.platform, who, "unfollow", world.clock.now)
    await world.desk.notice_unfollow(
        FollowEvent(who.platform, who, "unfollow", world.clock.now), event_id
    )


async def test_feed_buttons_for_a_remote_mastodon_account(world):
    add_network(world, "mastodon")
    await with_feed(world)
    await unfollow(world, Identity("mastodon", "9", "ana@social.example", "Ana"))
    [post] = world.channels.to(world.feed)
    assert "(@ana@social.example, Mastodon) unfollowed" in post.content
    assert buttons(post) == [
        "whynot:approve:mastodon:ana@social.example:9",
        "whynot:deny:mastodon:ana@social.example:9",
    ]
    # the button still works after a restart: the account is read back from its id
    await click(world.bot, world.rosa, world.feed, post, buttons(post)[1], MANAGE)
    form = world.responses.last()
    assert form["type"] == 9 and form["title"] == "Deny @ana@social.example"
    [row] = form["components"]
    [field] = row["components"] if "components" in row else [row["component"]]
    await submit(
        world.bot,
        world.rosa,
        world.feed,
        form["custom_id"],
        {field["custom_id"]: "only ads"},
        MANAGE,
    )
    decision = await world.store.moderation.override("mastodon", "ana@social.example")
    assert (decision.decision, decision.reason) == ("deny", "only ads")


async def test_feed_buttons_for_a_bluesky_handle_with_a_hyphen(world):
    add_network(world, "bluesky")
    await with_feed(world)
    await unfollow(world, Identity("bluesky", "did:plc:abc", "ana-maria.bsky.social", "Ana"))
    [post] = world.channels.to(world.feed)
    assert buttons(post) == [
        "whynot:approve:bluesky:ana-maria.bsky.social:did:plc:abc",
        "whynot:deny:bluesky:ana-maria.bsky.social:did:plc:abc",
    ]


async def test_a_handle_too_long_for_a_button_is_posted_without_buttons(world):
    add_network(world, "bluesky")
    await with_feed(world)
    handle = "a" * 60 + ".example.bsky.social"  # valid on Bluesky, too long for a custom id
    await unfollow(world, Identity("bluesky", "did:plc:long", handle, "Long"))
    [post] = world.channels.to(world.feed)
    assert f"(@{handle}, Bluesky) unfollowed" in post.content
    assert buttons(post) == []


async def test_x_buttons_carry_the_account_s_id(world):
    await with_feed(world)
    await unfollow(world, Identity("x", PROMO.id, "promo", "Promo"))
    [post] = world.channels.to(world.feed)
    assert buttons(post) == [
        f"whynot:approve:x:promo:{PROMO.id}",
        f"whynot:deny:x:promo:{PROMO.id}",
    ]


async def test_whynot_about_a_bot_member_says_bots_are_never_answered(world):
    helper = backend.make_member(make_bot_user("helperbot"), world.guild)
    await slash(world.bot, world.tom, world.general, "whynot", user=helper)
    [deferred, answer] = world.responses.sent()
    assert deferred["flags"] == 64 and answer["flags"] == 64
    assert (
        answer["content"]
        == "helperbot is a bot, and I never answer bots: it would be told nothing."
    )
    world.responses.calls.clear()
    await slash(
        world.bot, world.tom, world.general, "whynot", handle="helperbot", platform="discord"
    )
    assert world.responses.last()["content"] == (
        "helperbot is a bot, and I never answer bots: it would be told nothing."
    )


async def test_override_says_how_to_name_a_mastodon_or_bluesky_account(world):
    for command in world.bot.tree.get_command("override").commands:
        handle = command.get_parameter("handle")
        if handle is not None:
            assert "platform:handle (bluesky:ana.bsky.social)" in handle.description
            assert len(handle.description) <= 100  # Discord's limit


async def test_asking_again_too_soon_is_explained_in_the_callers_language(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="pt-BR")
    for locale, expected in (
        ("pt-BR", "Respondi há pouco; você pode perguntar de novo depois de 24 horas."),
        ("es-ES", "Te respondí hace poco; puedes volver a preguntar pasadas 24 horas."),
        ("en-US", "I answered you recently; you can ask again after 24 hours."),
    ):
        world.clock.now += 60
        await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
        assert world.responses.last()["content"] == expected
