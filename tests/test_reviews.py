"""Review requests end to end on the in-memory platform with a real SQLite file: the ask
in reply to our answer, the acknowledgement (once per asker and cooldown), the owner's
queue and feed, the decision through the moderation path, the follow-up in the same
thread (exactly once, across a restart and a crash mid-send), the reminder on a
hand-moved clock, and nothing at all when no review channel is configured."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from factories import Clock, account, posts

from scoring import build_owner_index
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention, Outcome
from whynot.moderation import ModerationService
from whynot.platform import PlatformError, SendError
from whynot.platforms.memory import MemoryPlatform, SentReply
from whynot.replies import ReplyRenderer
from whynot.reviews import ALREADY, DECIDED, NO_CHANNEL, NOT_OURS, SOMEONE_ELSES
from whynot.spend import OverBudget
from whynot.store import Store

OWNER = Identity("x", "0", "owner", "The Owner")
PROMO = account(
    "promo",
    posts=posts([f"Deal {i}: https://shop.example/{i}" for i in range(20)], source="IFTTT"),
    followers_count=40,
    following_count=3000,
)
ASKER = Identity("x", PROMO.id, PROMO.handle, "Pete")
HOUR = 3600.0


class Crash(BaseException):
    """Stands for the process dying."""


@dataclass
class CrashingPlatform(MemoryPlatform):
    """Dies on the next send, before (`after_send=False`) or after the post is made."""

    crash: str = ""  # "", "before" or "after"

    async def reply(self, to, posts):  # type: ignore[override]
        if self.crash == "before":
            raise Crash
        ids = await super().reply(to, posts)
        if self.crash == "after":
            raise Crash
        return ids


def make_platform() -> CrashingPlatform:
    return CrashingPlatform(owner=OWNER, name="x", reply_format="x", accounts={PROMO.id: PROMO})


async def make_desk(path, platform, clock, **replies) -> tuple[Desk, list[Outcome]]:
    store = await Store.open(path)
    settings = Settings(replies=ReplySettings(**replies))
    offer = settings.offers_review
    desk = Desk(
        store,
        {platform.name: platform},
        ReplyRenderer(offer_review=offer),
        build_owner_index(None),
        settings,
        clock=clock,
    )
    feed: list[Outcome] = []

    async def listen(outcome: Outcome) -> None:
        feed.append(outcome)

    desk.subscribe(listen)
    return desk, feed


def reply_to(mid: str, to: str, text: str) -> Mention:
    return Mention("x", mid, ASKER, text, reply_to=to)


async def decide(desk: Desk, decision: str, reason: str) -> None:
    """As `bot.py override set` does: through the one moderation service (audited)."""
    target = Identity("x", PROMO.id, PROMO.handle)
    service = ModerationService(desk.store, desk.clock)
    await service.decide(target, decision, reason, "mod_kim", "cli")


@pytest.fixture
async def answered(tmp_path):
    """A desk whose bot has answered PROMO's question (answer post ids in `answer`)."""
    clock = Clock()
    platform = make_platform()
    desk, feed = await make_desk(tmp_path / "w.db", platform, clock)
    first = await desk.handle(Mention("x", "1", ASKER, "why didn't you follow me back?"))
    assert first.state == "sent" and first.reply_ids
    clock.now += 600
    yield desk, feed, platform, clock, first.reply_ids
    await desk.store.close()


async def test_from_ask_to_decision_exactly_once(answered, tmp_path):
    desk, feed, platform, clock, answer = answered
    ask = await desk.handle(reply_to("2", answer[-1], "can a human look at this?"))
    assert (ask.state, ask.intent, ask.template) == ("sent", "review_request", "review_requested")
    assert platform.sent[-1].posts == (
        "Thanks, Pete. I've asked a person on my team to look; you'll hear back here.",
    )
    # the owner's queue holds what a moderator needs, and the feed heard of it once
    [review] = await desk.store.reviews.listed(open_only=True)
    assert review.subject.handle == PROMO.handle and review.request.text.startswith("can a")
    assert review.verdict_line.startswith("fails: automated_promo")
    assert any(e.startswith("automated_promo: ") for e in review.evidence)
    assert "promotional links" in review.answer_text and review.ack_ids == ask.reply_ids
    assert [o.review_id for o in feed if o.intent == "review_request"] == [review.id]
    # a second ask within the cooldown gets no second acknowledgement
    again = await desk.handle(reply_to("3", answer[0], "yes please"))
    assert (again.state, again.reason) == ("skipped", ALREADY)
    # nothing is sent in the owner's name before a decision
    assert await desk.reviews.settle() == [] and len(platform.sent) == 2
    await decide(desk, "deny", "links only, no conversation")
    [told] = await desk.reviews.settle()
    last: SentReply = platform.sent[-1]
    assert told.state == "sent" and told.template == "moderator_denied"
    assert last.to.id == ask.reply_ids[0]  # under our acknowledgement: the same thread
    assert "decided not to follow back" in last.posts[0] and "links only" in last.posts[0]
    assert await desk.reviews.settle() == [] and len(platform.sent) == 3
    # a restart: the same file, a new desk: nothing is sent again
    await desk.store.close()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        assert await desk.reviews.recover() == 0 and await desk.reviews.settle() == []
        assert len(platform.sent) == 3
        [done] = await desk.store.reviews.listed()
        assert (done.state, done.decision, done.decided_by) == ("answered", "deny", "mod_kim")
        actions = [e.action for e in await desk.store.moderation.history("x", PROMO.handle)]
        assert actions == ["review requested", "deny", "review answered"]
    finally:
        await desk.store.close()


@pytest.mark.parametrize("when", ["before", "after"])
async def test_a_crash_mid_follow_up_never_sends_twice_nor_loses_it(answered, tmp_path, when):
    desk, _, platform, clock, answer = answered
    await desk.handle(reply_to("2", answer[0], "¿puede revisarlo una persona?"))
    await decide(desk, "approve", "great replies lately")
    platform.crash = when
    with pytest.raises(Crash):
        await desk.reviews.settle()
    platform.crash = ""
    await desk.store.close()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        assert await desk.reviews.recover() == 1
        await desk.reviews.settle()
        await desk.reviews.settle()
        follow_ups = [s for s in platform.sent if "aprobó seguirte" in s.posts[0]]
        assert len(follow_ups) == 1  # Spanish: the language of the request
        [review] = await desk.store.reviews.listed()
        assert review.state == "answered"
    finally:
        await desk.store.close()


async def test_a_dry_run_leaves_a_crashed_follow_up_for_the_next_real_run(answered, tmp_path):
    desk, _, platform, clock, answer = answered
    await desk.handle(reply_to("2", answer[0], "can a person look at this again?"))
    await decide(desk, "approve", "great replies lately")
    platform.crash = "before"
    with pytest.raises(Crash):
        await desk.reviews.settle()
    platform.crash = ""
    await desk.store.close()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    desk.dry_run = True
    try:
        [before] = await desk.store.reviews.listed()
        assert await desk.reviews.recover() == 1
        assert await desk.store.reviews.listed() == [before]  # nothing settled nor written
    finally:
        await desk.store.close()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        assert await desk.reviews.recover() == 1
        await desk.reviews.settle()
        [review] = await desk.store.reviews.listed()
        assert review.state == "answered"
    finally:
        await desk.store.close()


async def test_reminder_after_the_configured_hours_on_a_hand_moved_clock(tmp_path):
    clock = Clock()
    platform = make_platform()
    desk, feed = await make_desk(tmp_path / "w.db", platform, clock, review_reminder_hours=48)
    try:
        first = await desk.handle(Mention("x", "1", ASKER, "why didn't you follow me back?"))
        await desk.handle(reply_to("2", first.reply_ids[0], "pode revisar, por favor?"))
        clock.now += 47 * HOUR
        assert await desk.reviews.remind() == []
        clock.now += 2 * HOUR
        [reminder] = await desk.reviews.remind()
        assert reminder.intent == "review_reminder" and reminder.reason == "undecided for 49 h"
        assert reminder in feed and await desk.reviews.remind() == []  # once per interval
        clock.now += 48 * HOUR
        assert len(await desk.reviews.remind()) == 1
        await decide(desk, "approve", "fine after all")
        clock.now += 96 * HOUR
        await desk.reviews.settle()
        assert await desk.reviews.remind() == []  # decided: no more reminders
        assert len(platform.sent) == 3  # answer, acknowledgement, follow-up: nothing else
    finally:
        await desk.store.close()


async def test_never_on_a_message_not_about_our_answer(answered):
    desk, _, platform, _, _ = answered
    stranger = await desk.handle(reply_to("5", "99999", "can a human look at this?"))
    plain = await desk.handle(Mention("x", "6", ASKER, "yes please"))
    assert stranger.intent == plain.intent == "other"
    assert await desk.store.reviews.listed() == [] and len(platform.sent) == 1


async def test_naming_our_answer_without_a_reply_finds_the_last_answer(answered):
    desk, _, _, _, _ = answered
    named = Mention("x", "7", ASKER, "your bot told me I only post promos, can a person check?")
    outcome = await desk.handle(named)
    assert outcome.intent == "review_request" and outcome.state == "sent"
    [review] = await desk.store.reviews.listed()
    assert review.answer_message_id == "1"


async def test_no_request_taken_without_a_review_channel(tmp_path):
    clock = Clock()
    platform = make_platform()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock, review_channel="none")
    try:
        first = await desk.handle(Mention("x", "1", ASKER, "why didn't you follow me back?"))
        assert "person on my team" not in " ".join(first.posts)
        ask = await desk.handle(reply_to("2", first.reply_ids[0], "can a human look at this?"))
        assert (ask.state, ask.reason) == ("skipped", NO_CHANNEL)
        assert await desk.store.reviews.listed() == [] and len(platform.sent) == 1
    finally:
        await desk.store.close()


async def test_a_reply_to_our_acknowledgement_is_not_a_new_request(answered):
    desk, _, platform, clock, answer = answered
    ask = await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    clock.now += 30 * HOUR  # past the cooldown
    again = await desk.handle(reply_to("3", ask.reply_ids[0], "can a human look at this?"))
    assert again.intent == "other" or again.reason in (NOT_OURS, ALREADY)
    assert len(await desk.store.reviews.listed()) == 1


async def test_only_the_one_answered_can_ask_for_a_review_of_it(answered):
    desk, _, platform, _, answer = answered
    other = Identity("x", "777", "bystander", "Bystander")
    nosy = await desk.handle(
        Mention("x", "8", other, "can a human look at this?", reply_to=answer[0])
    )
    assert (nosy.intent, nosy.state, nosy.reason) == ("review_request", "skipped", SOMEONE_ELSES)
    assert await desk.store.reviews.listed() == [] and len(platform.sent) == 1


async def test_a_failed_acknowledgement_is_retried_and_the_request_queued_once(answered):
    desk, feed, platform, clock, answer = answered
    platform.failures["2"] = [SendError("503 from X")]
    first = await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    assert first.state == "failed" and len(platform.sent) == 1
    clock.now += 3600
    [retried] = await desk.retry_due()  # the stored message has no reply_to: the queue knows
    assert (retried.state, retried.template) == ("sent", "review_requested")
    assert len(platform.sent) == 2 and len(await desk.store.reviews.listed()) == 1


async def _capped_ask(tmp_path, clock, platform):
    """An answer, then a review asked under it a minute later, which the hourly cap of one
    defers: the desk, with the acknowledgement waiting."""
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock, max_per_hour=1)
    first = await desk.handle(Mention("x", "1", ASKER, "why didn't you follow me back?"))
    clock.now += 60
    ask = await desk.handle(reply_to("2", first.reply_ids[0], "can a human look at this?"))
    assert ask.state == "failed" and "hourly reply cap" in ask.reason
    return desk


async def test_an_acknowledgement_deferred_by_the_hourly_cap_keeps_its_request(tmp_path):
    clock, platform = Clock(), make_platform()
    desk = await _capped_ask(tmp_path, clock, platform)
    try:
        assert len(await desk.store.reviews.listed(open_only=True)) == 1  # queued already
        clock.now += HOUR
        [later] = await desk.retry_due()
        assert (later.state, later.template) == ("sent", "review_requested")
        assert len(await desk.store.reviews.listed()) == 1 and len(platform.sent) == 2
    finally:
        await desk.store.close()


async def test_an_acknowledgement_still_waiting_when_the_decision_is_told_is_not_sent(tmp_path):
    # The hourly cap deferred the acknowledgement, a moderator decided meanwhile and the
    # asker was told; an hour later "I've asked a person on my team to look; you'll hear
    # back here" went out after the decision it announced.
    clock, platform = Clock(), make_platform()
    desk = await _capped_ask(tmp_path, clock, platform)
    try:
        await decide(desk, "approve", "a real shop")
        [told] = await desk.reviews.settle()
        assert told.state == "sent" and platform.sent[-1].to.id == "2"  # under the request
        clock.now += HOUR
        [later] = await desk.retry_due()
        assert (later.state, later.reason) == ("skipped", DECIDED)
        assert [s.posts[0].split(":")[0] for s in platform.sent[1:]] == ["Good news, Pete"]
        assert await desk.reviews.recover() == 0 and await desk.reviews.settle() == []
    finally:
        await desk.store.close()


async def test_a_decision_waits_for_money_and_is_never_given_up_for_it(answered):
    # X's credits spent (402, `unpaid`) for longer than the follow-up's tries: the asker
    # must still hear the moderator's decision once X serves again (before: given up at
    # the fourth try, about 3.5 minutes after the first).
    desk, feed, platform, clock, answer = answered
    ask = await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    await decide(desk, "approve", "fine after all")
    unpaid = [SendError("X refused: 402", False, True)] * 8
    platform.failures[ask.reply_ids[0]] = [*unpaid, SendError("503 from X")]
    for _ in range(8):
        [waiting] = await desk.reviews.settle()
        assert waiting.state == "failed" and waiting.reason.startswith("waiting for money")
        clock.now += HOUR
    [fault] = await desk.reviews.settle()  # the waits were not counted as tries
    assert fault.reason == "attempt 1: 503 from X"
    clock.now += HOUR
    [told] = await desk.reviews.settle()
    assert told.state == "sent" and "approved" in " ".join(platform.sent[-1].posts)
    # the owner's feed heard of the wait once, not hourly
    said = [o.reason.split(":")[0] for o in feed if o.intent == "review_decision"]
    assert said == ["waiting for money", "attempt 1", ""]


@pytest.mark.parametrize("fault", ["503", "budget"])
async def test_a_request_is_taken_when_the_account_cannot_be_read_now(answered, fault):
    # The request is queued in `skip_reason`, before the claim, and reads the account under
    # review when its snapshot is stale (a 503) or missing (answered before 996fa24 while
    # the budget was out). Before: the exception left `Desk.handle`, stopping the poll at
    # this mention (or the due retries at this row). Now it is queued with the verdict of
    # the snapshot answered from (or none) and acknowledged.
    desk, _, platform, clock, answer = answered
    clock.now += 25 * HOUR  # the snapshot is stale ([accounts] cache_hours: 24)
    if fault == "budget":
        await desk.store.db.execute("DELETE FROM accounts")
    refusal = OverBudget("1 user_read ($0.010)") if fault == "budget" else PlatformError("503")

    async def unreadable(who, max_posts):
        raise refusal

    platform.fetch_account = unreadable
    ask = await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    assert (ask.state, ask.template) == ("sent", "review_requested")
    [review] = await desk.store.reviews.listed(open_only=True)
    stale = review.verdict_line.startswith("fails: automated_promo")
    assert stale if fault == "503" else review.verdict_line == "account not found"


async def test_a_request_deferred_by_a_read_only_token_reaches_the_moderators_once(answered):
    # After X refused a reply for want of write access (another asker's), the desk defers
    # every question for the hour, quietly. A review request is queued all the same, and
    # the feed post is how moderators hear of it (with the buttons to decide): it must be
    # made once, not only when the token can post again (before: never, until then).
    desk, feed, platform, clock, answer = answered
    other = Identity("x", "id-other", "other", "Olga")
    platform.accounts[other.id] = account("other", posts=posts(["Hello there"] * 12))
    refused = "X forbade /2/tweets: not configured with the appropriate oauth1 app permissions"
    platform.failures["9"] = [SendError(refused, False, False, True)]
    first = await desk.handle(Mention("x", "9", other, "why didn't you follow me back?"))
    assert first.reason.startswith("waiting for write access")
    ask = await desk.handle(reply_to("2", answer[-1], "can a human look at this?"))
    assert (ask.state, ask.reason) == ("failed", first.reason)
    [review] = await desk.store.reviews.listed(open_only=True)
    assert [o.review_id for o in feed if o.intent == "review_request"] == [review.id]
    clock.now += 60  # a second look within the hour (a restart's re-read) is not told again
    await desk.handle(reply_to("2", answer[-1], "can a human look at this?"))
    assert [o.review_id for o in feed if o.intent == "review_request"] == [review.id]


async def test_the_queue_shows_an_excuse_answer_as_it_was_sent(tmp_path):
    # The queue renders our answer again from its template: to someone the owner's "was it
    # an oversight?" notice reached, it said "I only asked...", and so must the moderators'
    # copy of it (it was rendered as if no notice had been sent).
    from whynot.models import FollowEvent

    clock = Clock()
    platform = make_platform()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    event = await desk.store.followers.add_event("x", ASKER, "unfollow", clock())
    await desk.notice_unfollow(FollowEvent("x", ASKER, "unfollow", clock()), event)
    excuse = "@owner I unfollowed you because you never followed me back"
    answer = await desk.handle(Mention("x", "1", ASKER, excuse))
    assert answer.template == "unfollow_excuse" and answer.state == "sent"
    assert "I only asked in case it was an oversight" in " ".join(answer.posts)
    clock.now += 600
    await desk.handle(reply_to("2", answer.reply_ids[-1], "can a human look at this?"))
    [review] = await desk.store.reviews.listed(open_only=True)
    assert "I only asked in case it was an oversight" in review.answer_text
    await desk.store.close()


async def test_the_owner_is_told_at_once_in_the_log(answered, caplog):
    # Sixth walkthrough: an owner on X alone (no Discord feed, cron at --log-level warning)
    # heard of a request only at the 48-hour reminder; the reply had promised a person.
    desk, _, _, _, answer = answered
    caplog.set_level("WARNING", logger="whynot.reviews")
    await desk.handle(reply_to("2", answer[-1], "can a human look at this?"))
    [review] = await desk.store.reviews.listed(open_only=True)
    [line] = [r.getMessage() for r in caplog.records if r.name == "whynot.reviews"]
    # x:promo, not promo: a bot serving two platforms asks "which platform is promo on?"
    assert line == (
        f"review {review.id}: x @promo asked for a person to look at our answer: bot.py reviews"
        f" show {review.id}, then bot.py override set x:promo approve|deny --reason ..."
    )
    await desk.handle(reply_to("3", answer[0], "yes please"))  # within the cooldown: no news
    assert len([r for r in caplog.records if r.name == "whynot.reviews"]) == 1


async def test_a_request_naming_our_answer_in_words_is_taken_as_a_reply_elsewhere_too(answered):
    # Posted as a reply to the asker's own question, not to our post: every reply carries
    # its parent (X, and Mastodon and Bluesky since 3b7c072), and the words path was
    # skipped for any reply, so the request went unanswered as not about our answer.
    desk, _, _, _, _ = answered
    asked = Mention("x", "5", ASKER, "your bot said I'm a spammer, can a human review it?",
                    reply_to="1")  # fmt: skip
    await desk.handle(asked)
    assert len(await desk.store.reviews.listed()) == 1
