"""The rest of a reply thread cut midway, on the in-memory platform (whynot.thread_rest):
cut twice then completed, each post once and under the one before; money running out
between two posts; a dry run; after a restart, all posts found (sent as before) or the
tries used up (left failed, saying the thread is incomplete). The X, Mastodon and Bluesky
paths are in tests/x, tests/masto and tests/bluesky (test_*_thread_rest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from factories import Clock
from test_desk import OWNER, PERSON, PROMO, ask, make_desk

from whynot.models import WAITING_FOR_ACCESS, WAITING_FOR_MONEY, ReplyState
from whynot.platform import SendError, ThreadCut
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import thread_format
from whynot.thread_rest import paused

SMALL = thread_format("thread-test-150", 150)  # the promoter's answer takes three posts
UNAVAILABLE = SendError("X unavailable for /2/tweets: try later")


@dataclass
class Cutting(MemoryPlatform):
    """Posts only the first n of a reply's posts, then is refused, for each (n, error)."""

    cuts: list[tuple[int, SendError]] = field(default_factory=list)

    async def reply(self, to, posts, under=None):
        if not self.cuts:
            return await super().reply(to, posts, under)
        n, error = self.cuts.pop(0)
        made = await super().reply(to, posts[:n], under) if n else ()
        if not made:
            raise error
        return ThreadCut(made, error)


def platform(*cuts: tuple[int, SendError]) -> Cutting:
    return Cutting(owner=OWNER, name="x", reply_format=SMALL, accounts={PROMO.id: PROMO},
                   cuts=list(cuts))  # fmt: skip


def posted(p: Cutting) -> list[tuple[str, str | None]]:
    """(text, the post it went on from) of every post made, in order."""
    return [(text, s.under) for s in p.sent for text in s.posts]


async def test_cut_twice_then_completed_each_post_once_under_the_last(tmp_path):
    cutting, clock = platform((1, UNAVAILABLE), (1, UNAVAILABLE)), Clock()
    desk = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        first = await desk.handle(ask("1"))
        texts = first.posts
        assert len(texts) == 3 and first.reason.startswith("attempt 1: thread incomplete, 1 of 3")
        clock.now += 3600
        [second] = await desk.retry_due()
        assert second.reason.startswith("attempt 2: thread incomplete, 2 of 3")
        clock.now += 3600
        [done] = await desk.retry_due()
        assert done.state is ReplyState.SENT
        ids = [i for s in cutting.sent for i in s.ids]
        assert posted(cutting) == [(texts[0], None), (texts[1], ids[0]), (texts[2], ids[1])]
        [row] = await desk.store.messages.rows(["sent"])
        assert row.reply_ids == tuple(ids)
        clock.now += 86_400
        assert await desk.retry_due() == []
        assert (await desk.handle(ask("1"))).reason == "already handled"
        assert len(posted(cutting)) == 3
        actions = [e.action for e in await desk.store.moderation.history()]
        assert actions == ["thread_cut", "thread_cut", "thread_completed"]
    finally:
        await desk.store.close()


async def test_money_running_out_between_two_posts_waits_for_money(tmp_path):
    broke = SendError("the month's budget is spent", unpaid=True)
    cutting, clock = platform((1, broke)), Clock()
    desk = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        cut = await desk.handle(ask("1"))
        assert cut.reason.startswith(f"{WAITING_FOR_MONEY}: thread incomplete, 1 of 3")
        [row] = await desk.store.messages.rows(["failed"])
        assert row.attempts == 0 and row.next_attempt_at == clock.now + 3600  # hourly, uncounted
        clock.now += 3601
        [done] = await desk.retry_due()
        assert done.state is ReplyState.SENT and len(posted(cutting)) == 3
    finally:
        await desk.store.close()


async def test_a_dry_run_says_the_rest_is_owed_and_posts_nothing(tmp_path):
    cutting, clock = platform((1, UNAVAILABLE)), Clock()
    desk = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        await desk.handle(ask("1"))
        desk.dry_run, clock.now = True, clock.now + 3600
        [dry] = await desk.retry_due()
        assert dry.reason == "dry run: would send the rest of its thread (2 of 3)"
        assert len(posted(cutting)) == 1
        assert await desk.store.messages.state("x", "1") == "failed"
    finally:
        await desk.store.close()


class Crash(BaseException):
    """The process dying between two posts."""


@dataclass
class Dying(Cutting):
    async def reply(self, to, posts, under=None):
        await super().reply(to, posts[:1], under)
        raise Crash


async def crashed(path, clock: Clock) -> Dying:
    dying = Dying(owner=OWNER, name="x", reply_format=SMALL, accounts={PROMO.id: PROMO})
    desk = await make_desk(path, dying, clock)
    try:
        await desk.handle(ask("1"))
    except Crash:
        pass
    finally:
        await desk.store.close()
    return dying


async def test_after_a_restart_with_the_tries_used_up_the_thread_stays_failed(tmp_path):
    clock = Clock()
    dying = await crashed(tmp_path / "w.db", clock)
    healthy = platform()
    healthy.sent = dying.sent
    desk = await make_desk(tmp_path / "w.db", healthy, clock, max_attempts=1)
    try:
        assert await desk.recover() == 1
        [row] = await desk.store.messages.rows(["failed"])
        assert row.next_attempt_at is None and len(row.reply_ids) == 1
        why = "thread incomplete, 1 of 3 posts sent: interrupted between two posts (giving up)"
        assert row.reason == why
        assert await desk.retry_due() == [] and len(posted(healthy)) == 1
    finally:
        await desk.store.close()


async def test_after_a_restart_with_every_post_found_it_is_sent_as_before(tmp_path):
    clock = Clock()
    dying = await crashed(tmp_path / "w.db", clock)
    [made] = dying.sent
    desk = await make_desk(tmp_path / "w.db", platform(), clock)
    try:
        [row] = await desk.store.messages.rows(["claimed"])
        rest = tuple(row.planned[1:])
        desk.platforms["x"].sent = [made, type(made)(made.to, rest, ("r8", "r9"), made.ids[0])]
        assert await desk.recover() == 1
        [row] = await desk.store.messages.rows(["sent"])
        assert row.reply_ids == (*made.ids, "r8", "r9")
        assert [e.action for e in await desk.store.moderation.history()] == ["recover"]
    finally:
        await desk.store.close()


@dataclass
class Lagging(Cutting):
    """Lists only the first of our posts (a platform's listing lagging behind)."""

    crash: bool = False

    async def reply(self, to, posts, under=None):
        if self.crash:
            raise Crash
        return await super().reply(to, posts, under)

    async def already_replied(self, to):
        return (await super().already_replied(to))[:1]


async def test_a_restart_never_forgets_posts_kept_that_the_platform_does_not_list(tmp_path):
    lagging, clock = Lagging(OWNER, "x", SMALL, {PROMO.id: PROMO}, cuts=[(2, UNAVAILABLE)]), Clock()
    desk = await make_desk(tmp_path / "w.db", lagging, clock)
    try:
        texts = (await desk.handle(ask("1"))).posts  # cut after 2 of 3
        lagging.crash, clock.now = True, clock.now + 3600
        with pytest.raises(Crash):  # its retry dies before post 3
            await desk.retry_due()
        lagging.crash = False
        assert await desk.recover() == 1  # the platform lists 1 post: the 2 kept stay
        [done] = await desk.retry_due()
        assert done.state is ReplyState.SENT
        ids = [i for s in lagging.sent for i in s.ids]  # posts 1 and 2 made by one call
        assert posted(lagging) == [(texts[0], None), (texts[1], None), (texts[2], ids[1])]
    finally:
        await desk.store.close()


async def test_the_asker_asking_again_while_a_thread_is_cut_is_not_answered_twice(tmp_path):
    # The cut reply stays failed (its rest owed), and the cooldown and the table of our
    # posts were written only when a message became sent: a second mention of the asker was
    # answered in full, then the retry added the rest of the first (six posts for three).
    cutting, clock = platform((1, UNAVAILABLE)), Clock()
    desk = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        first = await desk.handle(ask("1"))
        assert first.state is ReplyState.FAILED and len(posted(cutting)) == 1
        clock.now += 120
        again = await desk.handle(ask("2"))
        assert again.state is not ReplyState.SENT
        [cut] = await desk.store.messages.rows(["failed"])
        # a reply under post 1 is known as a reply to our answer (a review request?)
        assert await desk.store.reviews.answer_to("x", cut.reply_ids[0]) is not None
        clock.now += 3600
        await desk.retry_due()
        assert len(posted(cutting)) == len(first.posts)  # the first answer, once
    finally:
        await desk.store.close()


@dataclass
class Blind(Cutting):
    """A listing that lags: it shows none of our posts until `blind` is cleared."""

    blind: bool = True

    async def already_replied(self, to):
        return () if self.blind else await super().already_replied(to)


async def test_a_thread_found_cut_at_a_retry_owes_its_rest(tmp_path):
    # Recovery saw none of the posts (the listing lagged) and retried at once; the retry
    # looked, found post 1 of 3 and marked the message sent with it: half-posted for good.
    clock = Clock()
    dying = await crashed(tmp_path / "w.db", clock)
    lagging = Blind(owner=OWNER, name="x", reply_format=SMALL, accounts={PROMO.id: PROMO})
    lagging.sent = dying.sent
    desk = await make_desk(tmp_path / "w.db", lagging, clock)
    try:
        assert await desk.recover() == 1
        lagging.blind = False
        clock.now += 10
        [found] = await desk.retry_due()
        assert found.state is ReplyState.FAILED and "thread incomplete, 1 of 3" in found.reason
        clock.now += 7200
        await desk.retry_due()
        assert len(posted(lagging)) == 3  # completed, each post once
    finally:
        await desk.store.close()


async def test_the_rest_waits_while_the_platform_refuses_writes_without_asking_it(tmp_path):
    # X refusing a first post for want of write access pauses the platform's replies for an
    # hour; the rest of a cut thread due meanwhile was sent anyway (refused again, each row).
    denied = SendError("X refused: the app has no write access", transient=False, no_access=True)
    cutting, clock = platform((1, UNAVAILABLE), (0, denied), (0, denied)), Clock()
    cutting.accounts[PERSON.id] = PERSON
    desk = await make_desk(tmp_path / "w.db", cutting, clock)
    try:
        await desk.handle(ask("1"))  # cut after 1 of 3, due again in 30 s
        clock.now += 1
        refused = await desk.handle(ask("2", PERSON))
        assert refused.reason.startswith(WAITING_FOR_ACCESS)
        clock.now += 60
        [rest] = await desk.retry_due()
        assert cutting.cuts == [(0, denied)]  # X not asked for the rest
        assert rest.reason.startswith(f"{WAITING_FOR_ACCESS}: thread incomplete, 1 of 3 posts")
        row = next(r for r in await desk.store.messages.rows(["failed"]) if r.mention.id == "1")
        assert row.reason == rest.reason and row.next_attempt_at == clock.now - 60 + 3600
        assert row.attempts == 1 and len(row.reply_ids) == 1  # its try not spent waiting
    finally:
        await desk.store.close()


def test_a_rest_paused_by_another_cut_threads_refusal_says_its_own_count_once():
    refusal = "X refused: no write access"
    said = paused(f"{WAITING_FOR_ACCESS}: thread incomplete, 2 of 3 posts sent: {refusal}", 1, 4)
    assert said == f"{WAITING_FOR_ACCESS}: thread incomplete, 1 of 4 posts sent: {refusal}"


@dataclass
class Unsure(Lagging):
    """Once `unsure`, lists `listed` as our posts under a message: None (cannot tell, as
    after a crash) or () (none seen: a listing lagging)."""

    unsure: bool = False
    listed: tuple[str, ...] | None = None

    async def already_replied(self, to):
        return self.listed if self.unsure else await super().already_replied(to)


@pytest.mark.parametrize(
    ("listed", "reason"),
    [
        (None, "thread incomplete, 1 of 3 posts sent: interrupted between claim and send"),
        ((), "thread incomplete, 1 of 3 posts sent: interrupted between two posts"),
    ],
)
async def test_a_cut_thread_whose_posts_a_restart_cannot_see_still_says_it_is_cut(
    tmp_path, listed, reason
):
    # Its retry died sending the rest. The platform could not tell what it had posted:
    # left failed for a person with the reason of any such message, not saying 1 of 3 was
    # sent. It showed none (a listing lagging): retried with a reason not saying so either.
    unsure = Unsure(OWNER, "x", SMALL, {PROMO.id: PROMO}, cuts=[(1, UNAVAILABLE)], listed=listed)
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", unsure, clock)
    try:
        await desk.handle(ask("1"))  # cut after 1 of 3
        unsure.crash, clock.now = True, clock.now + 3600
        with pytest.raises(Crash):  # its retry dies sending the rest
            await desk.retry_due()
        unsure.crash, unsure.unsure = False, True
        assert await desk.recover() == 1
        [row] = await desk.store.messages.rows(["failed"])
        assert len(row.reply_ids) == 1 and row.reason.startswith(reason)
        assert (row.next_attempt_at is None) == (listed is None)
        [entry] = [e for e in await desk.store.moderation.history() if e.action == "recover"]
        assert "1 of 3 posts" in entry.detail
    finally:
        await desk.store.close()
