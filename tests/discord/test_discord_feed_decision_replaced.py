"""The feed's announcement of a decision says what it replaced or cleared (whose, when, why),
as the moderator's own confirmation does: the rest of the team reads the feed, and a deny
overturned a minute after a colleague's approve must not read as the first word."""

from __future__ import annotations

from conftest import MANAGE
from harness import settle, slash
from test_discord_feed import with_feed


async def _override(world, member, command, **options):
    await slash(world.bot, member, world.general, f"override {command}", MANAGE, **options)
    await settle(world.bot)  # the feed hears the decision as a dispatched event
    return world.channels.to(world.feed)[-1].content


async def test_the_announcement_names_the_decision_replaced_then_the_one_cleared(world):
    await with_feed(world)
    first = await _override(
        world, world.rosa, "set", decision="deny", reason="only ads", handle="promo"
    )
    assert first == f"🛡️ rosa ({world.rosa.id}): denied the X account @promo (“only ads”)."
    made = (await world.store.moderation.override("x", "promo")).created_at
    world.clock.now += 60

    second = await _override(
        world, world.ana, "set", decision="approve", reason="a real shop", handle="promo"
    )
    assert second == (
        f"🛡️ ana ({world.ana.id}): approved the X account @promo (“a real shop”). "
        f"This replaces the deny by rosa ({world.rosa.id}) (<t:{int(made)}:f>): “only ads”."
    )
    made = (await world.store.moderation.override("x", "promo")).created_at

    third = await _override(world, world.rosa, "clear", reason="talked to them", handle="promo")
    assert third == (
        f"🛡️ rosa ({world.rosa.id}): cleared the decision on the X account @promo "
        f"(“talked to them”). It was the approve by ana ({world.ana.id}) "
        f"(<t:{int(made)}:f>): “a real shop”."
    )


async def test_a_moderator_replacing_their_own_decision_is_named_not_you(world):
    await with_feed(world)
    await _override(world, world.rosa, "set", decision="deny", reason="only ads", handle="promo")
    made = (await world.store.moderation.override("x", "promo")).created_at
    world.clock.now += 60
    again = await _override(
        world, world.rosa, "set", decision="approve", reason="a real shop", handle="promo"
    )
    assert again == (
        f"🛡️ rosa ({world.rosa.id}): approved the X account @promo (“a real shop”). "
        f"This replaces the deny by rosa ({world.rosa.id}) (<t:{int(made)}:f>): “only ads”."
    )
    said = world.responses.last()["content"]  # rosa's own confirmation says "you"
    assert "the deny by you" in said
