"""The rest of a review follow-up thread cut midway, on the in-memory platform with a real
SQLite file (whynot.review_rest): a backup made while it was cut, then restored (the rest
sent after the restore, or found already sent by the file the restore replaced), each post
once and under the one before; money running out between two posts (waits hourly, its
tries not counted); refused for good, then `bot.py reviews resend` sends only the rest.
The X path (the local server refusing post 2, a kill between two posts) is in
tests/x/test_x_review_thread_rest.py. Before, the posts made were the whole follow-up."""

from __future__ import annotations

import logging
import time

import pytest
from factories import Clock, account, genuine_posts
from test_restore_sends import restore
from test_review_followups import ASKED, QUESTION
from test_reviews import ASKER, OWNER, PROMO, decide, make_desk, reply_to
from test_thread_rest import SMALL, UNAVAILABLE, Cutting

from whynot.cli.backup import backup
from whynot.models import WAITING_FOR_ACCESS, WAITING_FOR_MONEY, Identity, Mention, ReplyState
from whynot.platform import SendError
from whynot.review_followups import resend_followup

DAY, HOUR = 86_400.0, 3600.0
NOTE = "Kim checked this shop by hand, and it talks with people every single day"


async def cut_follow_up(
    db, clock: Clock, error: SendError, copy=None
) -> tuple[Cutting, str, tuple]:
    """A review asked and approved, its follow-up (a thread) cut after post 1 on `error`:
    the platform, our acknowledgement's id, the follow-up's planned texts. With `copy`, a
    backup made there before the follow-up's first try (the decision, not its texts)."""
    cutting = Cutting(owner=OWNER, name="x", reply_format=SMALL, accounts={PROMO.id: PROMO})
    desk, _ = await make_desk(db, cutting, clock)
    try:
        first = await desk.handle(Mention("x", "1", ASKER, QUESTION))
        clock.now += 600
        ask = await desk.handle(reply_to("2", first.reply_ids[-1], ASKED))
        await decide(desk, "approve", NOTE)
        if copy is not None:
            backup(db, copy)
        cutting.cuts = [(1, error)]
        [cut] = await desk.reviews.settle()
        assert cut.state is ReplyState.FAILED and len(cut.posts) >= 2
        assert "thread incomplete, 1 of" in cut.reason
        [review] = await desk.store.reviews.listed()
        assert review.followup_ids == cut.reply_ids and len(cut.reply_ids) == 1
    finally:
        await desk.store.close()
    return cutting, ask.reply_ids[0], cut.posts


async def restored(copy, db, cutting: Cutting, clock: Clock):
    """`bot.py restore` of `copy` over `db`, then a desk on it a minute later."""
    restore(copy, db)
    clock.now = time.time() + 60
    desk, _ = await make_desk(db, cutting, clock)
    return desk


def under_ack(cutting: Cutting, ack: str) -> list[tuple[str, str | None, str]]:
    """(text, the post it went on from, its id) of every follow-up post, in order."""
    return [
        (text, s.under, i)
        for s in cutting.sent
        if s.to.id == ack
        for text, i in zip(s.posts, s.ids, strict=True)
    ]


def one_thread(cutting: Cutting, ack: str, texts: tuple) -> None:
    """The follow-up's texts each posted once, each under the one before."""
    made = under_ack(cutting, ack)
    assert [t for t, _, _ in made] == list(texts)
    assert [u for _, u, _ in made] == [None, *(i for _, _, i in made[:-1])]


@pytest.mark.parametrize("completed_first", [False, True], ids=["still-cut", "completed-first"])
async def test_a_cut_follow_up_backed_up_then_restored_is_completed_once(tmp_path, completed_first):
    db, copy, clock = tmp_path / "w.db", tmp_path / "backup.db", Clock(time.time() - DAY)
    cutting, ack, texts = await cut_follow_up(db, clock, UNAVAILABLE)
    backup(db, copy)  # while the follow-up was cut
    if completed_first:  # the file the restore replaces sent the rest
        clock.now += HOUR
        desk, _ = await make_desk(db, cutting, clock)
        [done] = await desk.reviews.settle()
        assert done.state is ReplyState.SENT
        await desk.store.close()
    desk = await restored(copy, db, cutting, clock)
    try:
        [done] = await desk.reviews.settle()
        assert done.state is ReplyState.SENT
        one_thread(cutting, ack, texts)  # the rest once, under post 1: never again
        [review] = await desk.store.reviews.listed()
        assert review.state == "answered"
        assert review.followup_ids == tuple(i for _, _, i in under_ack(cutting, ack))
        clock.now += DAY
        assert await desk.reviews.settle() == [] and len(under_ack(cutting, ack)) == len(texts)
    finally:
        await desk.store.close()


async def test_money_running_out_between_two_posts_waits_hourly_then_completes(tmp_path):
    clock = Clock()
    broke = SendError("the month's budget is spent", unpaid=True)
    cutting, ack, texts = await cut_follow_up(tmp_path / "w.db", clock, broke)
    desk, _ = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        [review] = await desk.store.reviews.listed()
        assert review.followup_reason.startswith(f"{WAITING_FOR_MONEY}: thread incomplete")
        assert review.followup_attempts == 0  # a wait for money is never given up
        clock.now += HOUR + 1
        [done] = await desk.reviews.settle()
        assert done.state is ReplyState.SENT
        one_thread(cutting, ack, texts)
    finally:
        await desk.store.close()


async def test_a_rest_refused_for_good_is_sent_once_when_a_moderator_asks(tmp_path, caplog):
    clock = Clock()
    refused = SendError("X refused /2/tweets: reply not allowed", transient=False)
    with caplog.at_level(logging.WARNING, logger="whynot"):
        cutting, ack, texts = await cut_follow_up(tmp_path / "w.db", clock, refused)
    [line] = [r.getMessage() for r in caplog.records if "was cut" in r.getMessage()]
    assert line.endswith('unless you ask: bot.py reviews resend 1 --reason "..."')
    desk, _ = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        [review] = await desk.store.reviews.listed()
        assert review.state == "follow-up failed" and review.followup_reason.endswith(
            "(giving up)"
        )
        clock.now += DAY
        assert await desk.reviews.settle() == []  # not by itself
        await resend_followup(desk.store, review.id, "rosa", "X allows it again", clock())
        [done] = await desk.reviews.settle()
        assert done.state is ReplyState.SENT
        one_thread(cutting, ack, texts)
        assert await desk.reviews.settle() == [] and len(under_ack(cutting, ack)) == len(texts)
    finally:
        await desk.store.close()


async def test_a_follow_up_cut_in_a_replaced_file_whose_backup_predates_its_texts(tmp_path):
    # The backup holds the decision but not the follow-up's texts (kept at its first try);
    # the file the restore replaced posted 1 of its posts, then was cut. After the restore
    # the post found was recorded as the whole answer: the asker saw "(1/2)" for good.
    db, copy, clock = tmp_path / "w.db", tmp_path / "backup.db", Clock(time.time() - DAY)
    cutting, ack, texts = await cut_follow_up(db, clock, UNAVAILABLE, copy)
    desk = await restored(copy, db, cutting, clock)
    try:
        [flagged] = await desk.reviews.settle()
        assert flagged.state is ReplyState.FAILED
        [review] = await desk.store.reviews.listed()
        assert review.state == "follow-up failed"
        assert f"found 1 of its {len(texts)} posts" in review.followup_reason
        assert await desk.reviews.settle() == [] and len(under_ack(cutting, ack)) == 1
        await resend_followup(desk.store, review.id, "rosa", "post 2 is missing", clock())
        [done] = await desk.reviews.settle()  # the rest, as written now, under post 1
        assert done.state is ReplyState.SENT
        one_thread(cutting, ack, texts)
    finally:
        await desk.store.close()


async def test_a_follow_up_waits_while_the_platform_refuses_writes_without_asking_it(tmp_path):
    # A question refused for want of write access pauses the platform's replies for an hour;
    # a follow-up due meanwhile was sent anyway, and refused again.
    denied = SendError("X refused: the app has no write access", transient=False, no_access=True)
    db, clock = tmp_path / "w.db", Clock()
    cutting, ack, texts = await cut_follow_up(db, clock, UNAVAILABLE)
    person = account("ana", posts=genuine_posts(), followers_count=400, following_count=380)
    cutting.accounts[person.id] = person
    cutting.cuts = [(0, denied), (0, denied)]
    desk, _ = await make_desk(db, cutting, clock)
    try:
        clock.now += HOUR
        refused = await desk.handle(Mention("x", "9", Identity("x", person.id, "ana"), QUESTION))
        assert refused.reason.startswith(WAITING_FOR_ACCESS)
        assert await desk.reviews.settle() == [] and cutting.cuts == [(0, denied)]  # not asked
        clock.now += HOUR
        cutting.cuts = []
        [done] = await desk.reviews.settle()  # the pause over: the rest, once
        assert done.state is ReplyState.SENT
        one_thread(cutting, ack, texts)
    finally:
        await desk.store.close()
