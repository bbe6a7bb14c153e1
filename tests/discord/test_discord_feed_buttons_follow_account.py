"""The feed's approve/deny buttons decide on the account, not on the handle it had when the
post was made (a decision follows the account's id since b4f6365): their custom id carries
the id where it fits Discord's 100 characters, and buttons posted before, by handle alone,
still work."""

from __future__ import annotations

from dataclasses import replace

from conftest import MANAGE, PROMO
from factories import account
from harness import click, submit
from test_discord_feed import _text_input, buttons, desk_reply, with_feed

from cogs.feed import CUSTOM_ID_MAX, decision_view
from whynot.models import Identity

DAY = 86400


async def _decide(world, post, custom_id, reason):
    await click(world.bot, world.rosa, world.feed, post, custom_id, MANAGE)
    form = world.responses.last()
    field = _text_input(form)
    await submit(
        world.bot, world.rosa, world.feed, form["custom_id"], {field["custom_id"]: reason}, MANAGE
    )
    return form["title"], world.responses.last()["content"]


async def renamed_after_the_post(world):
    """@promo asks (the feed's post has the buttons), then becomes @promo_deals and another
    account takes @promo; the bot meets both. The post, and the newcomer."""
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    world.clock.now += 60
    newcomer = account("promo", id="999")
    await world.store.accounts.save("x", replace(PROMO, handle="promo_deals"), world.clock.now, DAY)
    await world.store.accounts.save("x", newcomer, world.clock.now + 1, DAY)
    return post, newcomer


async def test_a_button_posted_before_a_rename_decides_on_the_account(world):
    post, newcomer = await renamed_after_the_post(world)
    world.clock.now += 60

    title, said = await _decide(world, post, buttons(post)[0][1], "the owner's partner")
    assert title == "Approve @promo_deals"
    assert said.startswith("Approved the X account @promo\\_deals.")
    moderation = world.bot.moderation
    decided = await moderation.current("x", "promo_deals", PROMO.id)
    assert (decided.decision, decided.account_id) == ("approve", PROMO.id)
    assert await moderation.current("x", "promo", newcomer.id) is None  # not the newcomer's


async def test_a_button_clicked_after_the_snapshot_is_stale_names_the_handle_seen_last(world):
    # as above, but the click comes days later (the snapshots are stale) and @promo's new
    # holder has a decision: the button must name @promo_deals, not refuse "backwards"
    post, newcomer = await renamed_after_the_post(world)
    heirs = Identity("x", newcomer.id, "promo", "promo")
    await world.bot.moderation.decide(heirs, "deny", "only ads", "tom", "cli")
    world.clock.now += 3 * DAY

    title, said = await _decide(world, post, buttons(post)[0][1], "the owner's partner")
    assert title == "Approve @promo_deals"
    assert said.startswith("Approved the X account @promo\\_deals.")
    moderation = world.bot.moderation
    decided = await moderation.current("x", "promo_deals", PROMO.id)
    assert (decided.decision, decided.account_id) == ("approve", PROMO.id)
    kept = await moderation.current("x", "promo", newcomer.id)
    assert (kept.decision, kept.moderator) == ("deny", "tom")  # the newcomer's stands


def as_posted_before_ids(post):
    """The post's buttons as an earlier version made them: "whynot:<decision>:<platform>:
    <handle>", without the account's id."""
    old = [
        ":".join(b["custom_id"].split(":")[:4]) for b in post.data["components"][0]["components"]
    ]
    for button, custom_id in zip(post.data["components"][0]["components"], old, strict=True):
        button["custom_id"] = custom_id
    return old


async def test_a_button_posted_before_ids_were_carried_still_decides(world):
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    old = as_posted_before_ids(post)
    assert old == ["whynot:approve:x:promo", "whynot:deny:x:promo"]

    title, said = await _decide(world, post, old[1], "only ads")
    assert title == "Deny @promo" and said.startswith("Denied the X account @promo.")
    decided = await world.bot.moderation.current("x", "promo")
    assert (decided.decision, decided.account_id) == ("deny", PROMO.id)


async def test_the_longest_handles_carry_their_id_else_the_buttons_go_by_handle(world):
    longest = {  # the longest handle each platform allows, with a long id of its kind
        "x": Identity("x", "1" * 19, "a" * 15),
        "discord": Identity("discord", "1" * 20, "a" * 32),
        "bluesky": Identity("bluesky", "did:plc:" + "a" * 24, "ana.bsky.social"),
    }
    for who in longest.values():
        ids = [item.custom_id for item in decision_view(who).children]
        assert all(len(i) <= CUSTOM_ID_MAX and i.endswith(f":{who.handle}:{who.id}") for i in ids)
    # a Bluesky domain too long to carry its DID as well: both buttons by handle alone
    long = Identity("bluesky", "did:plc:" + "a" * 24, "a" * 50 + ".bsky.social")
    ids = [item.custom_id for item in decision_view(long).children]
    assert ids == [f"whynot:approve:bluesky:{long.handle}", f"whynot:deny:bluesky:{long.handle}"]


async def test_a_button_by_handle_alone_still_decides_on_its_account_days_later(world):
    # nobody else was seen with @promo since the post: the account it was posted about
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    old = as_posted_before_ids(post)
    world.clock.now += 3 * DAY  # the snapshot is stale: the handle alone would not say whose

    title, said = await _decide(world, post, old[1], "only ads")
    assert title == "Deny @promo" and said.startswith("Denied the X account @promo.")
    [row] = await world.bot.moderation.in_force()
    assert (row.decision, row.account_id) == ("deny", PROMO.id)


async def _refused(world, post, custom_id):
    """Click `custom_id` on `post`: the one line said, and nothing decided or logged."""
    before = await world.bot.moderation.history()
    await click(world.bot, world.rosa, world.feed, post, custom_id, MANAGE)
    said = world.responses.last()["content"]
    assert "\n" not in said and "/override set handle:x:promo" in said
    assert said.startswith("Not decided: this button names @promo only")
    assert await world.bot.moderation.in_force() == []
    assert await world.bot.moderation.history() == before


async def test_a_button_by_handle_alone_refuses_once_the_handle_changed_hands(world):
    # posted about @promo (PROMO); later PROMO is seen as @promo_deals and another account
    # holds @promo: the old deny button must not land on the newcomer, told in public
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    old = as_posted_before_ids(post)
    world.clock.now += 3600
    await world.store.accounts.save("x", replace(PROMO, handle="promo_deals"), world.clock(), DAY)
    await world.store.accounts.save("x", account("promo", id="999"), world.clock() + 1, DAY)
    await _refused(world, post, old[1])


async def test_a_button_by_handle_alone_refuses_once_its_account_took_another_handle(world):
    # PROMO is seen as @promo_deals; @promo's new holder was never met: by handle alone the
    # deny would wait at @promo for whoever is met with it next
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    old = as_posted_before_ids(post)
    world.clock.now += 3600
    await world.store.accounts.save("x", replace(PROMO, handle="promo_deals"), world.clock(), DAY)
    await _refused(world, post, old[0])
