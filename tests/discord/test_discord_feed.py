"""The team's feed: replies with their verdict, failures, unfollows and refollows, each
with approve/deny buttons that run the override behind the same moderator check."""

from __future__ import annotations

import discord.ext.test as dpytest
from conftest import MANAGE, MEMBER, PROMO
from harness import click, submit

from whynot.models import FollowEvent, Identity, Mention, Outcome, ReplyState
from whynot.platform import SendError

ASK = "why didn't you follow me back?"
X_PROMO = Identity("x", PROMO.id, "promo", "Promo *Deals*")


def buttons(sent):
    [row] = sent.payload["components"]
    return [(b["label"], b["custom_id"]) for b in row["components"]]


async def with_feed(world):
    await world.store.guilds.set(str(world.guild.id), "feed_channel", str(world.feed.id), "t", 0)


async def test_a_discord_reply_is_posted_with_its_verdict_and_buttons(world):
    await with_feed(world)
    await dpytest.message(f"<@{world.bot.user.id}> {ASK}", world.general, world.ana)
    [post] = world.channels.to(world.feed)
    assert post.content.startswith("💬 Answered **ana\\_0\\_nick** (@ana, Discord): `fails: ")
    assert "automated_promo 1.00" in post.content and f"\n> {ASK}" in post.content
    assert post.payload["allowed_mentions"] == {"parse": []}
    assert buttons(post) == [
        ("approve", f"whynot:approve:discord:ana:{world.ana.id}"),
        ("deny", f"whynot:deny:discord:ana:{world.ana.id}"),
    ]


async def test_x_replies_failures_unfollows_and_refollows(world):
    await with_feed(world)
    desk = world.desk
    await desk.handle(Mention("x", "1", X_PROMO, ASK))
    world.clock.now += 2 * 86400
    world.x.failures["2"] = [SendError("503 from X")]
    await desk.handle(Mention("x", "2", X_PROMO, "follow me back?"))
    world.clock.now += 2 * 86400
    unfollow = FollowEvent("x", X_PROMO, "unfollow", world.clock.now)
    event_id = await world.store.followers.add_event("x", X_PROMO, "unfollow", world.clock.now)
    await desk.notice_unfollow(unfollow, event_id)
    await desk.publish(
        Outcome(Mention("x", "refollow-8", X_PROMO, ""), ReplyState.SKIPPED, intent="refollow")
    )
    posts = [p.content for p in world.channels.to(world.feed)]
    who = "**Promo \\*Deals\\*** (@promo, X)"
    assert posts[0].startswith(f"💬 Answered {who}: `fails: ")
    assert "<https://x.com/i/web/status/r1>" in posts[0]
    assert posts[1].startswith(f"⚠️ Could not answer {who}: attempt 1: 503 from X")
    assert posts[2] == f"👋 {who} unfollowed; the friendly “was it an oversight?” note was sent."
    assert posts[3] == f"🔁 {who} followed again."
    approve = f"whynot:approve:x:promo:{PROMO.id}"  # the account's id: it follows a rename
    assert all(buttons(p)[0][1] == approve for p in world.channels.to(world.feed))


async def test_chit_chat_and_no_feed_channel_post_nothing(world):
    await dpytest.message(f"<@{world.bot.user.id}> {ASK}", world.general, world.ana)
    await with_feed(world)
    await dpytest.message(
        f"<@{world.bot.user.id}> thanks for the follow!", world.general, world.tom
    )
    assert world.channels.to(world.feed) == []


async def test_a_button_is_refused_to_a_member_who_is_not_a_moderator(world):
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    await click(world.bot, world.tom, world.feed, post, buttons(post)[0][1], MEMBER)
    [refusal] = world.responses.sent()
    assert refusal["type"] == 4 and refusal["flags"] == 64
    assert refusal["content"].startswith("Only members with Manage Server")
    assert await world.store.moderation.overrides() == []


async def test_approve_asks_why_then_records_the_decision(world):
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    await click(world.bot, world.rosa, world.feed, post, buttons(post)[0][1], MANAGE)
    [form] = world.responses.sent()
    assert form["type"] == 9 and form["title"] == "Approve @promo"
    reason_input = _text_input(form)
    assert reason_input["min_length"] == 3 and reason_input["required"] is True

    await submit(
        world.bot,
        world.rosa,
        world.feed,
        form["custom_id"],
        {reason_input["custom_id"]: "it is the owner's partner"},
        MANAGE,
    )
    ack, confirmation = world.responses.sent()[-2:]
    assert ack["type"] == 5  # acknowledged at once, answered after the store work
    assert confirmation["type"] == "followup" and confirmation["flags"] == 64
    assert confirmation["content"].startswith("Approved the X account @promo.")
    override = await world.store.moderation.override("x", "promo")
    assert (override.decision, override.reason) == ("approve", "it is the owner's partner")
    [entry] = await world.store.moderation.history("x", "promo")
    assert (entry.actor, entry.source) == (f"rosa ({world.rosa.id})", "discord")
    announcement = world.channels.to(world.feed)[-1]
    assert announcement.content == (
        f"🛡️ rosa ({world.rosa.id}): approved the X account @promo (“it is the owner's partner”)."
    )
    assert "components" not in announcement.payload or not announcement.payload["components"]


async def test_the_form_checks_again_on_submit(world):
    await with_feed(world)
    await desk_reply(world)
    [post] = world.channels.to(world.feed)
    await click(world.bot, world.rosa, world.feed, post, buttons(post)[1][1], MANAGE)
    form = world.responses.last()
    reason_input = _text_input(form)
    # someone else submits the form's id (or rosa lost Manage Server meanwhile)
    await submit(
        world.bot,
        world.tom,
        world.feed,
        form["custom_id"],
        {reason_input["custom_id"]: "x"},
        MEMBER,
    )
    assert world.responses.last()["content"].startswith("Only members with Manage Server")
    assert await world.store.moderation.overrides() == []


async def desk_reply(world):
    await world.desk.handle(Mention("x", "1", X_PROMO, ASK))


def _text_input(form):
    [row] = form["components"]
    [field] = row["components"] if "components" in row else [row["component"]]
    return field


async def test_an_unloaded_feed_stops_listening(world):
    await with_feed(world)
    await world.bot.remove_cog("Feed")
    await world.desk.handle(Mention("x", "1", X_PROMO, ASK))
    assert world.channels.to(world.feed) == []
    assert all(
        getattr(listener, "__self__", None) is None or type(listener.__self__).__name__ != "Feed"
        for listener in world.desk._listeners
    )


async def test_a_question_from_an_uncached_thread_still_reaches_the_feed(world, monkeypatch):
    """A thread the cache has never seen: the feed asks Discord which server it is in,
    rather than dropping the post."""
    await with_feed(world)
    asked: list[int] = []

    async def fetch_channel(channel_id):  # what Discord answers for the thread
        asked.append(channel_id)
        return world.general

    monkeypatch.setattr(world.bot, "fetch_channel", fetch_channel)
    ana = Identity("discord", str(world.ana.id), "ana", "ana")
    await world.desk.publish(
        Outcome(
            Mention("discord", "t-1", ana, ASK, channel_id="424242"),
            ReplyState.FAILED,
            reason="attempt 1: boom",
        )
    )
    assert asked == [424242]
    [post] = world.channels.to(world.feed)
    assert post.content.startswith("⚠️ Could not answer")
