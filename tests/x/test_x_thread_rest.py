"""A reply thread on X is never left half-posted for good (whynot.thread_rest). Before,
when X refused post 2 (503 after its one retry) the posts made were recorded as the whole
reply, and after a kill between post 1 and post 2 recovery found post 1 and marked the
message sent: the asker saw "(1/2)" and nothing more. Now the rest is sent later, once,
under the last post made, with the same text; nothing is ever posted twice."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest

from tests.x.fake_x import PASS, Fault
from tests.x.test_write_access import desk_on_a_clock
from tests.x.test_x_adapter import mention, promo_world
from whynot.models import ReplyState


def thread_question(fake_x) -> None:
    promo_world(fake_x)  # a promoter's answer lists reasons: a thread of two or three posts
    fake_x.mentions = [mention(5_101, "501", "why didn't you follow me back?")]
    fake_x.posts_on_timeline = True


def under(post: dict) -> str:
    return post["reply"]["in_reply_to_tweet_id"]


async def test_post_2_refused_then_the_retry_completes_the_thread_under_post_1(
    x, fake_x, store, caplog
):
    thread_question(fake_x)
    fake_x.faults[r"/2/tweets"] = [PASS, Fault(503)]  # post 2 refused (a post is tried once)
    desk, clock = desk_on_a_clock(store, x)
    with caplog.at_level(logging.INFO):
        [cut] = await desk.poll(x)
    texts = cut.posts
    assert len(texts) >= 2 and len(fake_x.posted) == 1
    assert cut.state is ReplyState.FAILED
    assert cut.reason.startswith(f"attempt 1: thread incomplete, 1 of {len(texts)} posts sent")
    [row] = await store.messages.rows(["failed"])
    assert row.reply_ids == (fake_x.posted[0]["id"],) and row.next_attempt_at is not None
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("whynot")]  # one
    assert line.startswith("x: the reply to @promo_pete (message 5101) was cut after 1 of")
    clock[0] += 3600
    with caplog.at_level(logging.INFO, logger="whynot.thread_rest"):
        [done] = await desk.retry_due()
    assert done.state is ReplyState.SENT
    assert [p["text"] for p in fake_x.posted] == list(texts)  # the same texts, each once
    assert under(fake_x.posted[0]) == "5101"
    for earlier, later in zip(fake_x.posted, fake_x.posted[1:], strict=False):
        assert under(later) == earlier["id"]  # the rest under the last post made
    [row] = await store.messages.rows(["sent"])
    assert row.reply_ids == tuple(p["id"] for p in fake_x.posted)
    assert "is complete" in caplog.records[-1].getMessage()
    actions = [e.action for e in await store.moderation.history()]
    assert actions == ["thread_cut", "thread_completed"]
    clock[0] += 86_400
    assert await desk.retry_due() == [] and await desk.poll(x) == []
    assert len(fake_x.posted) == len(texts)  # never a post twice


class Killed(BaseException):
    """The process stopped (SIGKILL, a power cut) between post 1 and post 2."""


@contextmanager
def killed_after_post_1(x):
    """X's client stops the process (Killed) right after the first post it pays for."""
    charge = x.budget.charge

    async def killed(*args, **kwargs):
        await charge(*args, **kwargs)
        raise Killed

    x.budget.charge = killed
    try:
        with pytest.raises(Killed):
            yield
    finally:
        x.budget.charge = charge


async def test_a_kill_between_post_1_and_2_is_completed_after_the_restart(x, fake_x, store):
    thread_question(fake_x)
    desk, clock = desk_on_a_clock(store, x)
    with killed_after_post_1(x):
        await desk.poll(x)
    assert len(fake_x.posted) == 1 and await store.messages.state("x", "5101") == "claimed"
    restarted, _ = desk_on_a_clock(store, x)  # a new process on the same database
    restarted.clock = desk.clock
    assert await restarted.recover() == 1
    assert await store.messages.state("x", "5101") == "failed"  # not sent: post 2 is owed
    [row] = await store.messages.rows(["failed"])
    texts = row.planned  # kept before post 1 was sent
    assert row.reason.startswith(f"thread incomplete, 1 of {len(texts)} posts sent")
    [done] = await restarted.retry_due()
    assert done.state is ReplyState.SENT
    assert [p["text"] for p in fake_x.posted] == list(texts)
    assert texts[-1].endswith(f"({len(texts)}/{len(texts)})")
    assert under(fake_x.posted[1]) == fake_x.posted[0]["id"]
    clock[0] += 86_400  # the killed process had not moved the cursor: 5101 is read again
    assert await restarted.retry_due() == []
    assert [o.reason for o in await restarted.poll(x)] == ["already handled"]
    assert len(fake_x.posted) == len(texts)


async def test_a_thread_whose_rest_is_refused_for_good_stays_failed_and_says_so(x, fake_x, store):
    thread_question(fake_x)
    forbidden = Fault(400, '{"title": "Invalid Request", "detail": "reply not allowed"}')
    fake_x.faults[r"/2/tweets"] = [PASS, forbidden]
    desk, _ = desk_on_a_clock(store, x)
    [cut] = await desk.poll(x)
    assert cut.state is ReplyState.FAILED and cut.reason.endswith("(giving up)")
    assert "thread incomplete, 1 of" in cut.reason
    [row] = await store.messages.rows(["failed"])
    assert row.next_attempt_at is None and len(row.reply_ids) == 1
    assert len(fake_x.posted) == 1
