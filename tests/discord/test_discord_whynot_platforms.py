"""`/whynot handle:platform:handle` for Bluesky and Mastodon accounts, through the real
command tree (issue 19)."""

from __future__ import annotations

from dataclasses import replace

from conftest import PROMO, XPlatform
from harness import slash

from whynot.models import Identity

EPHEMERAL = 64


def add_network(world, name: str, handle: str) -> None:
    account = replace(PROMO, id=f"{name}-1", handle=handle, platform=name)
    world.desk.platforms[name] = XPlatform(
        owner=Identity(name, "owner", "owner"),
        name=name,
        reply_format=name,
        accounts={account.id: account},
    )


async def test_a_bluesky_account_named_with_its_platform(world):
    add_network(world, "bluesky", "promo.bsky.social")
    await slash(world.bot, world.tom, world.general, "whynot", handle="bluesky:@Promo.bsky.social")
    answer = world.responses.last()
    assert answer["content"].startswith("**What promo.bsky.social (Bluesky) would be told:**")
    assert "automated stream of promotional links" in answer["content"]
    assert answer["flags"] == EPHEMERAL


async def test_a_mastodon_account_by_the_platform_option(world):
    add_network(world, "mastodon", "promo@shop.example")
    await slash(
        world.bot,
        world.tom,
        world.general,
        "whynot",
        handle="promo@shop.example",
        platform="mastodon",
    )
    answer = world.responses.last()
    assert answer["content"].startswith("**What promo@shop.example (Mastodon) would be told:**")


async def test_a_bad_bluesky_handle_is_one_clear_line(world):
    await slash(world.bot, world.tom, world.general, "whynot", handle="bluesky:not a domain")
    assert world.responses.last()["content"] == "“not a domain” is not a valid Bluesky handle."


async def test_override_takes_a_bluesky_handle_with_its_platform(world):
    from conftest import MANAGE

    await slash(
        world.bot,
        world.rosa,
        world.general,
        "override set",
        MANAGE,
        decision="deny",
        reason="only reposted deals",
        handle="bluesky:Reposting.bsky.social",
    )
    decision = await world.store.moderation.override("bluesky", "reposting.bsky.social")
    assert decision is not None and decision.decision == "deny"


async def test_an_account_the_owner_follows_is_shown_what_it_would_be_told(world):
    # Bluesky tells whether the owner follows an account (its profile's viewer); asked
    # there, it would be told "I do follow you", so /whynot shows that, not reasons.
    add_network(world, "bluesky", "promo.bsky.social")

    async def identify(who: Identity) -> Identity:
        return replace(who, followed=True)

    world.desk.platforms["bluesky"].identify = identify
    await slash(world.bot, world.tom, world.general, "whynot", handle="bluesky:promo.bsky.social")
    content = world.responses.last()["content"]
    assert content.startswith("**What promo.bsky.social (Bluesky) would be told:**")
    assert "I do follow you" in content and "promotional links" not in content
