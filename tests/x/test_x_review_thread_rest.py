"""A review follow-up of several posts on X (the team's answer with a long note: a thread)
is never left half-posted for good (whynot.review_rest). Before, when X refused its post 2
(503) the posts made were recorded as the whole follow-up ("answered"), and after a kill
between post 1 and post 2 recovery found post 1 and marked it sent: the asker saw "(1/2)"
and nothing more. Now the rest is sent later, once, under the last post made, with the
same text, and nothing is posted twice."""

from __future__ import annotations

import logging

from tests.x.fake_x import PASS, Fault
from tests.x.test_review_x import answered_then_asked, replies_to
from tests.x.test_run_once import world
from tests.x.test_write_access import desk_on_a_clock
from tests.x.test_x_thread_rest import killed_after_post_1
from whynot.models import Identity, ReplyState
from whynot.moderation import ModerationService

NOTE = ("Kim checked this shop by hand and it talks with people daily " * 6)[:300]


def thread_under(fake_x, post_id: str) -> list[dict]:
    """Our posts in the thread under `post_id`, in order (each under the one before)."""
    thread = []
    while found := replies_to(fake_x, post_id):
        [post] = found
        thread.append(post)
        post_id = post["id"]
    return thread


async def decided(fake_x, x, store):
    """The world's question answered, a review asked under the answer, then approved with
    a long note (a follow-up of several posts on X): (desk, clock, our acknowledgement)."""
    world(fake_x)
    desk, clock = desk_on_a_clock(store, x)
    asked = await answered_then_asked(fake_x, desk, x)
    assert asked.template == "review_requested" and asked.state == "sent"
    fake_x.posts_on_timeline = True  # our posts are listed, as X lists them
    who = Identity("x", "501", "promo_pete")
    await ModerationService(store, desk.clock).decide(who, "approve", NOTE, "kim", "cli")
    return desk, clock, asked.reply_ids[0]


async def test_post_2_refused_then_the_retry_completes_the_follow_up_under_post_1(
    x, fake_x, store, caplog
):
    desk, clock, ack = await decided(fake_x, x, store)
    before = len(fake_x.posted)
    fake_x.faults[r"/2/tweets"] = [PASS, Fault(503)]  # post 2 refused (a post is tried once)
    with caplog.at_level(logging.INFO, logger="whynot"):
        [cut] = await desk.reviews.settle()
    texts = cut.posts
    assert len(texts) >= 2 and len(fake_x.posted) == before + 1
    assert cut.state is ReplyState.FAILED
    assert cut.reason.startswith(f"attempt 1: thread incomplete, 1 of {len(texts)} posts sent")
    [review] = await store.reviews.listed()
    [first] = replies_to(fake_x, ack)
    assert review.followup_ids == (first["id"],) and review.followup_planned == texts
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    [line] = [m for m in lines if "was cut" in m]  # one line for the owner
    assert line.startswith("x: the team's answer to @promo_pete (review 1) was cut after 1 of")
    clock[0] += 2 * 3600
    with caplog.at_level(logging.INFO, logger="whynot"):
        [done] = await desk.reviews.settle()
    assert done.state is ReplyState.SENT
    assert "is complete" in caplog.records[-1].getMessage()
    thread = thread_under(fake_x, ack)
    assert [p["text"] for p in thread] == list(texts)  # the same texts, under post 1 on
    assert len(fake_x.posted) == before + len(texts)  # each once
    [review] = await store.reviews.listed()
    assert review.state == "answered" and review.followup_ids == tuple(p["id"] for p in thread)
    actions = [e.action for e in await store.moderation.history("x", "promo_pete")]
    assert actions[-3:] == ["thread_cut", "thread_completed", "review answered"]
    clock[0] += 86_400
    assert await desk.reviews.settle() == []
    assert len(fake_x.posted) == before + len(texts)  # never a post twice


async def test_a_kill_between_post_1_and_2_is_completed_after_the_restart(x, fake_x, store):
    desk, clock, ack = await decided(fake_x, x, store)
    before = len(fake_x.posted)
    with killed_after_post_1(x):
        await desk.reviews.settle()
    assert len(fake_x.posted) == before + 1
    [review] = await store.reviews.stale_followups()
    texts = review.followup_planned  # kept before post 1 was sent
    assert len(texts) >= 2
    restarted, _ = desk_on_a_clock(store, x)  # a new process on the same database
    restarted.clock = desk.clock
    assert await restarted.reviews.recover() == 1
    [review] = await store.reviews.listed()
    assert review.state == "follow-up failed" and len(review.followup_ids) == 1  # not answered
    assert review.followup_reason.startswith(f"thread incomplete, 1 of {len(texts)} posts sent")
    [done] = await restarted.reviews.settle()
    assert done.state is ReplyState.SENT
    thread = thread_under(fake_x, ack)
    assert [p["text"] for p in thread] == list(texts)
    assert texts[-1].endswith(f"({len(texts)}/{len(texts)})")
    clock[0] += 86_400
    assert await restarted.reviews.recover() == 0 and await restarted.reviews.settle() == []
    assert len(fake_x.posted) == before + len(texts)
