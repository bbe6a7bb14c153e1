"""A read-only X token (generated before the app was set to Read and write) reads but may
not post: X answers 403 on POST /2/tweets with its `oauth1-permissions` problem. Before,
each question was given up at its first reply (for good), and every later question was
still read in full, asker and timeline, and paid, to fail the same way. Now the question
waits for write access (tried hourly, never given up for it), the owner is told how to
fix it, and meanwhile no other asker is read."""

from __future__ import annotations

import time

from tests.x.conftest import just_now, tweet
from tests.x.fake_x import Fault
from tests.x.test_bill import asker, timeline_reads
from tests.x.test_identify import make_desk, profile_reads
from whynot.models import Identity, ReplyState

# What X answers (recorded in public reports of this error, e.g. xdevplatform/samples#141).
READ_ONLY_403 = (
    '{"title":"Forbidden","status":403,"detail":"Your client app is not configured with the'
    ' appropriate oauth1 app permissions for this endpoint.",'
    '"type":"https://api.twitter.com/2/problems/oauth1-permissions"}'
)


def two_questions(fake_x, refusals: int) -> None:
    asker(fake_x, "701", 10)
    asker(fake_x, "702", 10)
    fake_x.mentions = [
        tweet(9_100_001, "701", "@fsalas why didn't you follow me back?", created_at=just_now(6)),
        tweet(9_100_002, "702", "@fsalas follow back please?", created_at=just_now(5)),
    ]
    fake_x.faults[r"/2/tweets"] = [Fault(403, READ_ONLY_403)] * refusals


def desk_on_a_clock(store, x):
    """A desk and the X adapter on a clock the test moves: (desk, [now])."""
    clock = [time.time()]
    desk = make_desk(store, x)
    desk.clock = x.clock = lambda: clock[0]
    return desk, clock


def feed_of(desk) -> list[tuple[str, ReplyState, str]]:
    """What the owner's feed hears: (message id, state, the reason's first part)."""
    heard: list[tuple[str, ReplyState, str]] = []

    async def feed(outcome):
        heard.append((outcome.mention.id, outcome.state, outcome.reason.split(":")[0]))

    desk.subscribe(feed)
    return heard


async def test_a_read_only_token_keeps_the_questions_and_reads_no_more_askers(x, fake_x, store):
    two_questions(fake_x, refusals=3)
    desk, clock = desk_on_a_clock(store, x)
    first, second = await desk.poll(x)
    for outcome in (first, second):
        assert outcome.state is ReplyState.FAILED
        assert outcome.reason.startswith("waiting for write access: X forbade /2/tweets: ")
        assert "set the app's permissions to Read and write, then regenerate" in outcome.reason
        assert "giving up" not in outcome.reason
    # The second asker is not read (nor paid for) while the first one's reply is refused.
    assert profile_reads(fake_x, "702") == 0 and timeline_reads(fake_x, "702") == []
    rows = await store.messages.rows(["failed"])
    assert len(rows) == 2
    assert all(r.attempts == 0 and r.next_attempt_at == clock[0] + 3600 for r in rows)
    # An hour on, still read-only: tried again (one post refused), still kept, still unread.
    clock[0] += 3601
    again = await desk.retry_due()
    assert [o.state for o in again] == [ReplyState.FAILED] * 2
    assert timeline_reads(fake_x, "702") == [] and len(fake_x.posted) == 0
    # The owner grants write access: an hour later both are answered.
    fake_x.faults.clear()
    clock[0] += 3601
    answered = await desk.retry_due()
    assert [o.state for o in answered] == [ReplyState.SENT] * 2
    replied = {p["reply"]["in_reply_to_tweet_id"] for p in fake_x.posted}
    assert {"9100001", "9100002"} <= replied


async def test_the_owners_feed_hears_of_the_wait_once(x, fake_x, store):
    two_questions(fake_x, refusals=2)
    desk, clock = desk_on_a_clock(store, x)
    heard = feed_of(desk)
    await desk.poll(x)
    clock[0] += 3601
    await desk.retry_due()
    assert heard == [("9100001", ReplyState.FAILED, "waiting for write access")]


async def test_a_new_question_after_the_pause_is_not_announced_again(x, fake_x, store):
    # A pause ends, the next new question is read and refused again: the owner heard of the
    # read-only token already (review of 8ef3b6b: the feed heard of it every hour).
    two_questions(fake_x, refusals=3)
    desk, clock = desk_on_a_clock(store, x)
    heard = feed_of(desk)
    await desk.poll(x)
    clock[0] += 3601
    asker(fake_x, "703", 10)
    fake_x.mentions.append(tweet(9_100_003, "703", "@fsalas follow back?", created_at=just_now(1)))
    [third] = await desk.poll(x)
    assert third.reason.startswith("waiting for write access") and third.quiet
    assert [said[0] for said in heard] == ["9100001"]


async def test_another_refusal_of_a_post_is_still_a_failure(x, fake_x, store):
    # Only X's read-only-token refusal waits; any other 403 (an account that may not
    # reply to this conversation) is given up as before.
    two_questions(fake_x, refusals=0)
    fake_x.faults[r"/2/tweets"] = [Fault(403, '{"title":"Forbidden","detail":"not permitted"}')]
    first, second = await make_desk(store, x).poll(x)
    assert first.reason.startswith("attempt 1: X forbade /2/tweets: not permitted (giving up)")
    assert second.state is ReplyState.SENT


async def test_the_next_run_reads_no_asker_either(x, fake_x, store):
    # Cron's `run --once` (every 5 minutes, docs/operations.md) is a new process, so a new
    # desk each cycle: the hour's pause is the store's, not only the refusing process's.
    two_questions(fake_x, refusals=3)
    first_question, second_question = fake_x.mentions
    fake_x.mentions = [first_question]
    desk, clock = desk_on_a_clock(store, x)
    [first] = await desk.poll(x)
    assert first.reason.startswith("waiting for write access: ")
    fake_x.mentions = [first_question, second_question]
    clock[0] += 300
    next_run = make_desk(store, x)
    next_run.clock = desk.clock
    [second] = await next_run.poll(x)
    assert (second.state, second.reason) == (ReplyState.FAILED, first.reason)
    assert profile_reads(fake_x, "702") == 0 and timeline_reads(fake_x, "702") == []
    row = {r.mention.id: r for r in await store.messages.rows(["failed"])}["9100002"]
    assert (row.attempts, row.next_attempt_at) == (0, clock[0] - 300 + 3600)


async def test_a_direct_message_refused_for_permissions_is_not_called_read_only(
    x, fake_x, store, caplog
):
    # X answers the same 403 to a Read-and-write token sending a direct message (that
    # needs "Read, write and Direct Messages"): telling the owner the token is read-only,
    # and to set Read and write, sends them to fix what is not broken.
    fake_x.users["701"] = {"id": "701", "name": "Ann", "username": "ann"}
    fake_x.faults[r"/2/dm_conversations/.*"] = [Fault(403, READ_ONLY_403)]
    caplog.set_level("INFO", logger="whynot.platforms.x")
    assert await x.direct_message(Identity("x", "701", "ann"), "was it an oversight?") is False
    [said] = [r.getMessage() for r in caplog.records if "not sent" in r.getMessage()]
    assert "oauth1 app permissions" in said and "read-only" not in said
    assert "Read, write and Direct Messages, then regenerate the access token" in said


async def test_a_token_read_only_again_after_write_access_returned_is_told_again(x, fake_x, store):
    # Told once per wait, not once per process: the owner grants write access, the kept
    # questions are answered; weeks later a regenerated token is read-only again. That new
    # refusal is news (before, the process that had seen the first stayed quiet for good).
    two_questions(fake_x, refusals=2)
    desk, clock = desk_on_a_clock(store, x)
    heard = feed_of(desk)
    await desk.poll(x)
    fake_x.faults.clear()  # write access granted
    clock[0] += 3601
    assert [o.state for o in await desk.retry_due()] == [ReplyState.SENT] * 2
    clock[0] += 86_400
    asker(fake_x, "703", 10)
    fake_x.mentions.append(tweet(9_100_003, "703", "@fsalas follow back?", created_at=just_now(1)))
    fake_x.faults[r"/2/tweets"] = [Fault(403, READ_ONLY_403)]
    [third] = await desk.poll(x)
    assert third.reason.startswith("waiting for write access") and not third.quiet
    assert heard[0] == ("9100001", ReplyState.FAILED, "waiting for write access")
    assert heard[-1] == ("9100003", ReplyState.FAILED, "waiting for write access")
