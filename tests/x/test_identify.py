"""The asker named on X (`XPlatform.identify`, e8264cf): mentions come with their authors'
ids only, so every path that shows, stores or greets an asker must see them named: the
review request (queued before the desk's `_prepare`), a message given up or retried, and
a month out of money (the profile read refused)."""

from __future__ import annotations

import math
import re
import time

from scoring import build_owner_index
from tests.x.conftest import SECRETS, just_now, tweet
from tests.x.fake_x import Fault
from tests.x.test_bill import asker
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Override, ReplyState
from whynot.platforms.x import XPlatform
from whynot.replies import ReplyRenderer
from whynot.spend import Budget


def make_desk(store, x) -> Desk:
    return Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())


async def read_then_stale(store, x, fake_x) -> tuple[Identity, list[float], Desk]:
    """An asker judged once, then a day and an hour later (its snapshot stale; `clock[0]`
    is the desk's and the platform's time): the asker, the clock, the desk."""
    who = asker(fake_x, "687", 10)
    clock = [time.time()]
    desk = make_desk(store, x)
    desk.clock = x.clock = lambda: clock[0]
    assert await desk.verdict_for(who) is not None
    clock[0] += 25 * 3600  # the snapshot is stale ([accounts] cache_hours: 24)
    return who, clock, desk


def profile_reads(fake, uid: str) -> int:
    return len([h for h in fake.hits if re.match(rf"GET /2/users/{uid}(\?|$)", h)])


def credits_spent_for(x, fake_x, store, uid: str, mention_id: int, hours: int):
    """An asker whose profile read X refuses with 402 (credits spent) `hours` times running,
    their question, and a desk on a clock the test moves: (desk, [now])."""
    asker(fake_x, uid, 10)
    fake_x.faults[rf"/2/users/{uid}$"] = [Fault(402, '{"title": "CreditsDepleted"}')] * hours
    fake_x.mentions = [tweet(mention_id, uid, "@fsalas follow back?", created_at=just_now())]
    clock = [time.time()]
    desk = make_desk(store, x)
    desk.clock = x.clock = lambda: clock[0]
    return desk, clock


async def leave_only(store, desk: Desk, left: float) -> None:
    """Spend the fixture's $50 budget this month but `left` dollars."""
    spent = await store.spend.since("x", 0.0)
    used = sum(usd for _, usd in spent.values())
    await store.spend.record("x", "post_read", 1, 50.0 - used - left, "the month", desk.clock())


async def test_a_review_request_on_x_keeps_the_askers_handle_and_name(x, fake_x, store):
    # The review queue takes the request in `skip_reason`, before the desk's `_prepare`
    # names the author: the request, its audit line, the feed and the decision's greeting
    # must still have the asker's handle and name.
    who = asker(fake_x, "660", 10)
    name = fake_x.users["660"]["name"]
    fake_x.mentions = [
        tweet(9_000_400, "660", "@fsalas why no follow back?", created_at=just_now(9))
    ]
    desk = make_desk(store, x)
    [first] = await desk.poll(x)
    assert first.state is ReplyState.SENT
    answer = fake_x.posted[-1]
    x._authors = type(x._authors)()  # a later process: the profile read is not held
    fake_x.mentions.append(
        tweet(
            9_000_401, "660", "@fsalas can a human look at this?", created_at=just_now(2),
            referenced_tweets=[{"type": "replied_to", "id": answer["id"]}],
        )
    )  # fmt: skip
    [ask] = await desk.poll(x)
    assert (ask.state, ask.template) == (ReplyState.SENT, "review_requested")
    review = await store.reviews.by_message("x", "9000401")
    assert (review.request.author.handle, review.request.author.display_name) == (
        who.handle,
        name,
    )
    assert review.subject.handle == who.handle
    [logged] = [e for e in await store.moderation.history() if e.action == "review requested"]
    assert logged.actor == who.handle
    await store.moderation.set_override(
        Override("x", who.handle, "approve", "a real shop", "kim", desk.clock()), "test"
    )
    [told] = await desk.reviews.settle()
    assert told.state is ReplyState.SENT
    assert fake_x.posted[-1]["text"].startswith(f"Good news, {name}")
    # the asker's profile was read once, to answer them; the request named them from the
    # answer's row (a second read would be paid on a later day)
    assert profile_reads(fake_x, "660") == 1


async def test_a_month_out_of_money_leaves_the_question_due_again(x, fake_x, store, caplog):
    # The asker's profile is refused by the budget (`identify` -> `_user` -> allow): the
    # question is left failed and due again, as a refused reply post leaves it, not given
    # up at its first attempt as an "unexpected failure".
    asker(fake_x, "661", 10)
    fake_x.mentions = [tweet(9_000_410, "661", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    desk = make_desk(store, x)
    await store.spend.record("x", "post_read", 10_000, 50.0, "the month's reads", desk.clock())
    outcome = await desk.handle(mention)
    assert outcome.state is ReplyState.FAILED
    assert "monthly budget" in outcome.reason and "giving up" not in outcome.reason
    [row] = await store.messages.rows(["failed"])
    assert row.next_attempt_at is not None
    assert profile_reads(fake_x, "661") == 0 and fake_x.posted == []
    assert "unexpected failure" not in caplog.text


async def test_a_retried_question_keeps_its_askers_name_and_buys_no_second_profile(
    x, fake_x, store
):
    # The reply fails after the asker was named; the retry comes from a new process (cron)
    # just after midnight UTC, when X and the ledger charge a user read again: the failed
    # row must keep the handle and name, so the retry does not buy the profile twice.
    who = asker(fake_x, "662", 10)
    fake_x.mentions = [tweet(9_000_420, "662", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    midnight = math.ceil(time.time() / 86_400) * 86_400
    x.clock = lambda: midnight - 20.0
    desk = make_desk(store, x)
    desk.clock = x.clock
    fake_x.faults[r"/2/tweets"] = [Fault(503)]
    first = await desk.handle(mention)
    assert first.state is ReplyState.FAILED and "giving up" not in first.reason
    assert first.mention.author.handle == who.handle
    [row] = await store.messages.rows(["failed"])
    assert row.mention.author.handle == who.handle
    x._authors = type(x._authors)()  # a new process
    x.clock = lambda: midnight + 20.0
    desk = make_desk(store, x)
    desk.clock = x.clock
    [again] = await desk.retry_due()
    assert again.state is ReplyState.SENT and again.mention.author.handle == who.handle
    assert profile_reads(fake_x, "662") == 1
    spent = await store.spend.since("x", 0.0)
    assert spent["user_read"][0] == 1


async def test_a_reply_found_on_retry_is_recorded_and_told_with_the_askers_name(fake_x, store):
    # A reply X accepted but whose answer was lost: the retry finds it (`_answered_already`)
    # and marks it sent; the row and the owner's feed must name the asker, as for any reply.
    who = asker(fake_x, "663", 10)
    fake_x.mentions = [tweet(9_000_430, "663", "@fsalas follow back?", created_at=just_now())]
    fake_x.lose_post_answers, fake_x.stall_seconds = 1, 1.5
    x = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 50.0), timeout=0.5)
    desk = Desk(
        store, {"x": x}, ReplyRenderer(), build_owner_index(None),
        Settings(replies=ReplySettings(retry_base_seconds=0)),
    )  # fmt: skip
    heard = []

    async def feed(outcome):
        heard.append(outcome)

    desk.subscribe(feed)
    try:
        [mention] = await x.mentions_since(None)
        first = await desk.handle(mention)
        assert first.state is ReplyState.FAILED and len(fake_x.posted) == 1
        [again] = await desk.retry_due()
    finally:
        await x.close()
    assert again.state is ReplyState.SENT and "earlier attempt" in again.reason
    assert [o.mention.author.handle for o in heard] == [who.handle, who.handle]
    [row] = await store.messages.rows(["sent"])
    assert row.mention.author.handle == who.handle


async def test_the_owners_feed_never_shows_an_asker_as_a_blank_at(x, fake_x, store):
    # A question the hourly cap defers is told to the owner's feed before the desk names
    # its author (`_prepare`): the post must say who it is, never "**** (@, X)".
    from cogs.feed import feed_text

    asker(fake_x, "664", 10)
    asker(fake_x, "665", 10)
    fake_x.mentions = [
        tweet(9_000_440, "664", "@fsalas follow back?", created_at=just_now(3)),
        tweet(9_000_441, "665", "@fsalas why didn't you follow me back?", created_at=just_now(2)),
    ]
    desk = Desk(
        store, {"x": x}, ReplyRenderer(), build_owner_index(None),
        Settings(replies=ReplySettings(max_per_hour=1)),
    )  # fmt: skip
    heard = []

    async def feed(outcome):
        heard.append(feed_text(outcome))

    desk.subscribe(feed)
    sent, capped = await desk.poll(x)
    assert (sent.state, capped.state) == (ReplyState.SENT, ReplyState.FAILED)
    assert len(heard) == 2 and "(@asker664, X)" in heard[0]
    assert "hourly reply cap" in heard[1]
    assert "@," not in heard[1] and "665" in heard[1]


async def test_a_claim_settled_after_a_restart_is_logged_with_the_askers_handle(x, fake_x, store):
    # The process died after claiming an X question (its row has the author's id only):
    # `recover` writes the moderation log (`bot.py override log` prints '@handle') and
    # leaves the row to retry; both must have the asker's handle.
    who = asker(fake_x, "666", 10)
    fake_x.mentions = [tweet(9_000_450, "666", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    desk = make_desk(store, x)
    claim = await store.messages.claim(mention, "follow_back_request", "en", desk.clock())
    assert claim.won
    assert await desk.recover() == 1
    [logged] = [e for e in await store.moderation.history() if e.action == "recover"]
    assert logged.handle == who.handle
    [row] = await store.messages.rows(["failed"])
    assert row.mention.author.handle == who.handle and row.next_attempt_at is not None


async def test_a_dry_run_goes_on_past_an_asker_it_cannot_name(x, fake_x, store):
    # A dry run answers nothing and records nothing, but one asker whose profile X will not
    # give (a server error each time; a suspended account) must not stop the others.
    asker(fake_x, "670", 10)
    asker(fake_x, "671", 10)
    asker(fake_x, "672", 10)
    fake_x.suspended.add("672")
    fake_x.faults[r"/2/users/670$"] = [Fault(503)] * 10
    fake_x.mentions = [
        tweet(9_000_700 + i, uid, "@fsalas why didn't you follow me back?", created_at=just_now())
        for i, uid in enumerate(("670", "672", "671"))
    ]
    desk = make_desk(store, x)
    desk.dry_run = True
    outcomes = await desk.poll(x)
    assert [(o.state, o.reason.split(":")[0]) for o in outcomes] == [
        (ReplyState.FAILED, "dry run"),
        (ReplyState.FAILED, "dry run"),
        (ReplyState.SKIPPED, "dry run"),
    ]
    assert "cannot be seen" in outcomes[1].reason and outcomes[2].posts
    assert fake_x.posted == [] and await store.messages.state_counts() == {}


async def test_a_question_from_an_account_gone_since_is_given_up_unanswered(x, fake_x, store):
    asker(fake_x, "673", 10)
    fake_x.suspended.add("673")
    fake_x.mentions = [tweet(9_000_710, "673", "@fsalas follow back?", created_at=just_now())]
    [outcome] = await make_desk(store, x).poll(x)
    assert outcome.state is ReplyState.FAILED and "cannot be seen" in outcome.reason
    assert "giving up" in outcome.reason and fake_x.posted == []


async def test_a_dry_run_says_which_asker_it_could_not_answer_and_why(x, fake_x, store, caplog):
    # A dry run stores nothing, and `run --once --dry-run` prints no outcome: without a
    # line of its own such a failure was seen nowhere ('x mentions: 1 done', exit 0).
    asker(fake_x, "674", 10)
    fake_x.suspended.add("674")
    fake_x.mentions = [tweet(9_000_720, "674", "@fsalas follow back?", created_at=just_now())]
    desk = make_desk(store, x)
    desk.dry_run = True
    with caplog.at_level("WARNING", logger="whynot.desk"):
        [outcome] = await desk.poll(x)
    assert outcome.state is ReplyState.FAILED
    [line] = [r.getMessage() for r in caplog.records if r.name == "whynot.desk"]
    assert "9000720" in line and "cannot be seen" in line


async def test_a_refused_profile_read_says_why_and_a_missing_account_is_gone(x, fake_x, store):
    # A 403 (no access, no credits) is said as X said it, not as "cannot be seen": the
    # owner must learn that every asker fails for the same fixable reason. A 404 is gone.
    asker(fake_x, "680", 10)
    asker(fake_x, "681", 10)
    fake_x.faults[r"/2/users/680$"] = [Fault(403, '{"title": "Forbidden", "detail": "no"}')]
    fake_x.faults[r"/2/users/681$"] = [Fault(404, '{"title": "Not Found Error"}')]
    fake_x.mentions = [
        tweet(9_000_730 + i, uid, "@fsalas follow back?", created_at=just_now())
        for i, uid in enumerate(("680", "681"))
    ]
    refused, gone = await make_desk(store, x).poll(x)
    assert refused.state is ReplyState.FAILED and "X forbade /2/users/:id" in refused.reason
    assert gone.state is ReplyState.FAILED and "cannot be seen" in gone.reason
    assert fake_x.posted == []


async def test_a_profile_read_refused_for_credits_is_tried_again_later(x, fake_x, store):
    # X answers 402 when the account's credits are spent: once the owner pays, the question
    # can still be answered, so it is not given up for good (a 403 is: see above).
    asker(fake_x, "682", 10)
    fake_x.faults[r"/2/users/682$"] = [Fault(402, '{"title": "CreditsDepleted"}')]
    fake_x.mentions = [tweet(9_000_740, "682", "@fsalas follow back?", created_at=just_now())]
    [outcome] = await make_desk(store, x).poll(x)
    assert outcome.state is ReplyState.FAILED and "giving up" not in outcome.reason
    [row] = await store.messages.rows(["failed"])
    assert row.next_attempt_at is not None


async def test_a_question_waiting_for_credits_is_never_given_up(x, fake_x, store):
    # X's 402 (the account's credits spent) is refused again hour after hour until the
    # owner pays: the question waits that long, its tries not counted (before: given up
    # at the fourth, 3.5 minutes after the first), and is answered once X serves again.
    desk, clock = credits_spent_for(x, fake_x, store, "683", 9_000_750, hours=8)
    [first] = await desk.poll(x)
    assert first.state is ReplyState.FAILED and first.reason.startswith("waiting for money")
    for _ in range(7):
        [row] = await store.messages.rows(["failed"])
        assert row.attempts == 0 and row.next_attempt_at == clock[0] + 3600
        clock[0] += 3601
        [again] = await desk.retry_due()
        assert again.state is ReplyState.FAILED and "giving up" not in again.reason
    clock[0] += 3601
    [answered] = await desk.retry_due()
    assert answered.state is ReplyState.SENT and len(fake_x.posted) >= 1


async def test_no_money_for_the_askers_posts_is_not_told_too_little_to_go_on(x, fake_x, store):
    # The month's budget pays the asker's profile ($0.010) and a reply post ($0.015) but
    # not their first posts (lean: 10 x $0.005): with no earlier snapshot no verdict,
    # and the asker must not be told "I couldn't review your account yet: there is too
    # little to go on" (not_reviewed); the question waits for money instead.
    asker(fake_x, "684", 10)
    fake_x.mentions = [tweet(9_000_760, "684", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    desk = make_desk(store, x)
    await leave_only(store, desk, 0.03)
    outcome = await desk.handle(mention)
    assert fake_x.posted == [] and profile_reads(fake_x, "684") == 1  # named, then refused:
    assert outcome.reason.startswith("waiting for money: 10 post_read")  # the posts' read
    assert outcome.state is ReplyState.FAILED
    [row] = await store.messages.rows(["failed"])
    assert row.next_attempt_at is not None and row.attempts == 0


async def test_no_money_for_the_reply_post_waits_too(x, fake_x, store):
    # The month's budget pays the asker's profile and posts but not the reply post ($0.015):
    # the question waits for money as when a read is refused (before: a plain send failure,
    # counted and given up at the fourth try, minutes later).
    asker(fake_x, "685", 10)
    fake_x.mentions = [tweet(9_000_770, "685", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    desk = make_desk(store, x)
    # lean: a profile and 10 posts, then less than a reply post
    await leave_only(store, desk, 0.010 + 10 * 0.005 + 0.010)
    outcome = await desk.handle(mention)
    assert fake_x.posted == [] and profile_reads(fake_x, "685") == 1
    assert outcome.state is ReplyState.FAILED and outcome.reason.startswith("waiting for money")
    [row] = await store.messages.rows(["failed"])
    assert row.next_attempt_at is not None and row.attempts == 0


async def test_the_owners_feed_hears_of_a_wait_for_money_once(x, fake_x, store):
    # A question waits hour after hour for X's credits: the owner's feed is told when it
    # starts waiting and when it is answered, not once an hour (a month out of money
    # would post hundreds of "Could not answer" lines per asker).
    desk, clock = credits_spent_for(x, fake_x, store, "686", 9_000_780, hours=3)
    heard = []

    async def feed(outcome):
        heard.append((outcome.state, outcome.reason.split(":")[0]))

    desk.subscribe(feed)
    await desk.poll(x)
    for _ in range(3):
        clock[0] += 3601
        await desk.retry_due()
    assert heard == [(ReplyState.FAILED, "waiting for money"), (ReplyState.SENT, "")]


async def test_an_account_asked_about_by_handle_is_judged_from_its_old_snapshot(x, fake_x, store):
    # Discord's /whynot handle:NAME asks about an X account with no id. In a month out of
    # money an account read before is judged from its snapshot, however old (found by
    # handle when there is no id), not refused as if it had never been read.
    who, clock, desk = await read_then_stale(store, x, fake_x)
    await store.spend.record("x", "post_read", 10_000, 50.0, "the month's reads", clock[0])
    reads = profile_reads(fake_x, "687")
    verdict = await desk.verdict_for(Identity("x", "", who.handle))
    assert verdict is not None and verdict.id == "687"
    assert profile_reads(fake_x, "687") == reads
