"""Review requests on Discord (dpytest, the real bot and cogs): a member replies to the
bot's answer asking for a person; the feed shows the request with approve/deny buttons;
a moderator decides through the buttons and the form; the member hears back in the same
channel, once, also after a restart of the review service; an undecided request is
brought up again on the feed after `review_reminder_hours` (a hand-moved clock)."""

from __future__ import annotations

from dataclasses import replace

import discord.ext.test as dpytest
from conftest import MANAGE
from discord.ext.test import backend, factories
from harness import click, submit

from whynot.reviews import ReviewQueue

ASK = "why didn't you follow me back?"


def buttons(sent):
    rows = sent.payload.get("components") or []
    return [b["custom_id"] for row in rows for b in row["components"]]


async def with_feed(world):
    await world.store.guilds.set(str(world.guild.id), "feed_channel", str(world.feed.id), "t", 0)


async def reply_to_bot(world, member, ours, text):
    data = factories.make_message_dict(world.general, member, content=text)
    data["type"] = 19  # a reply, without pinging the bot: the reference is enough
    data["message_reference"] = {"message_id": ours["id"], "channel_id": world.general.id}
    data["referenced_message"] = ours
    backend.get_state().parse_message_create(data)
    await dpytest.run_all_events()
    return data


async def test_review_request_from_ask_to_decision(world):
    await with_feed(world)
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    answer = world.channels.to(world.general)[0].data
    world.clock.now += 300
    asked = await reply_to_bot(world, world.ana, answer, "can a human look at this please?")
    # at once: the acknowledgement, as a reply to the request, in the same channel
    ack = world.channels.to(world.general)[-1]
    assert ack.content == (
        "Thanks, ana\\_0\\_nick. I've asked a person on my team to look; you'll hear back here."
    )
    assert ack.payload["message_reference"]["message_id"] == asked["id"]
    # the feed: the request, with what a moderator needs, and the buttons
    review_post = world.channels.to(world.feed)[-1]
    assert review_post.content.startswith("🙋 **ana\\_0\\_nick** (@ana, Discord) asks for a")
    assert "can a human look at this please?" in review_post.content
    assert "`fails: " in review_post.content and "Our reply: “" in review_post.content
    ana = f"discord:ana:{world.ana.id}"
    assert buttons(review_post) == [f"whynot:approve:{ana}", f"whynot:deny:{ana}"]
    [review] = await world.store.reviews.listed(open_only=True)

    # a moderator decides with the button and the form
    await click(bot, world.rosa, world.feed, review_post, f"whynot:deny:{ana}", MANAGE)
    form = world.responses.last()
    [row] = form["components"]
    [field] = row["components"] if "components" in row else [row["component"]]
    await submit(
        bot, world.rosa, world.feed, form["custom_id"], {field["custom_id"]: "shop links only"},
        MANAGE,
    )  # fmt: skip
    follow_up = world.channels.to(world.general)[-1]
    assert follow_up.content.startswith(
        "ana\\_0\\_nick, a person on my team reviewed your account and decided not to follow"
    )
    assert "shop links only" in follow_up.content
    assert follow_up.payload["message_reference"]["message_id"] == int(ack.data["id"])
    told = world.channels.to(world.feed)[-1]
    assert told.content == f"📨 review #{review.id}: **ana\\_0\\_nick** (@ana, Discord) was " \
        "told the decision (**deny**)."  # fmt: skip

    # exactly once: another decision event, a restart of the service, the run loop's tick
    sent = len(world.channels.sent)
    await world.desk.reviews.settle()
    restarted = ReviewQueue(world.desk)
    assert await restarted.recover() == 0
    await restarted.tick()
    assert len(world.channels.sent) == sent
    [done] = await world.store.reviews.listed()
    assert (done.state, done.decision) == ("answered", "deny")


async def test_an_undecided_request_is_brought_up_again_on_the_feed(world):
    await with_feed(world)
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    answer = world.channels.to(world.general)[0].data
    await reply_to_bot(world, world.ana, answer, "sí, por favor, que lo revise una persona")
    assert world.channels.to(world.general)[-1].content.startswith("Gracias, ana")
    world.clock.now += 47 * 3600
    await world.desk.reviews.tick()
    before = len(world.channels.to(world.feed))
    world.clock.now += 2 * 3600
    await world.desk.reviews.tick()
    [reminder] = world.channels.to(world.feed)[before:]
    assert reminder.content.startswith("⏰ review #") and "undecided for 49 h" in reminder.content
    ana = f"discord:ana:{world.ana.id}"
    assert buttons(reminder) == [f"whynot:approve:{ana}", f"whynot:deny:{ana}"]
    await world.desk.reviews.tick()
    assert len(world.channels.to(world.feed)) == before + 1


async def test_replies_that_ask_nothing_reach_nobody(world):
    await with_feed(world)
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    answer = world.channels.to(world.general)[0].data
    feed_before = len(world.channels.to(world.feed))
    await reply_to_bot(world, world.ana, answer, "thanks, fair enough")
    assert len(world.channels.to(world.general)) == 1
    assert len(world.channels.to(world.feed)) == feed_before
    assert await world.store.reviews.listed() == []


async def test_with_the_cli_channel_the_feed_stays_quiet_and_the_queue_holds_it(world):
    await with_feed(world)
    settings = world.desk.settings
    world.desk.settings = replace(settings, replies=replace(settings.replies, review_channel="cli"))
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    answer = world.channels.to(world.general)[0].data
    feed_before = len(world.channels.to(world.feed))
    await reply_to_bot(world, world.ana, answer, "can a human look at this please?")
    assert world.channels.to(world.general)[-1].content.startswith("Thanks, ana")
    assert len(world.channels.to(world.feed)) == feed_before  # `bot.py reviews` lists it
    assert len(await world.store.reviews.listed(open_only=True)) == 1
