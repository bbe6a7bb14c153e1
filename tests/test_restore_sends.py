"""What a restored backup still holds as to send (`bot.py restore`): a question due again,
an unfollow's "was it an oversight?" note and a review's follow-up. Before, one decided
before the backup was made and sent after it went out a second time from the restored
file (documented as a limit of `restore` for the notes), and so did the note to someone
whose unfollow was noted after the backup, found again against the backup's follower
list. Now the restore is remembered: such a note is shown in the owner's feed, not sent
again (a direct message cannot be looked for), such a follow-up is sent only when the
platform shows it was not, left failed for a person when it cannot tell, and such a
question (one kept waiting with no try counted: for room in the hour, money, access) is
looked for first, as the first poll's mentions are."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from cli_capture import bot
from factories import Clock, followed_by
from test_desk import PERSON, PROMO, ask
from test_desk import make_desk as question_desk
from test_desk import make_platform as question_platform
from test_review_followups import ASKED, QUESTION, follow_ups
from test_reviews import ASKER, decide, reply_to
from test_reviews import make_desk as review_desk
from test_reviews import make_platform as review_platform

from scoring import build_owner_index
from whynot.cli.backup import backup
from whynot.config import Settings, XSettings
from whynot.desk import CAPPED, FOUND, Desk
from whynot.models import Identity, Mention
from whynot.platform import PlatformError
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.review_followups import RESTORED
from whynot.spend import OverBudget
from whynot.store import Store
from whynot.watch import RESTORED as NOT_SENT_AGAIN
from whynot.watch import Watch

DAY = 86_400.0
OWNER = Identity("x", "0", "owner")


def x_followed_by(n: int) -> MemoryPlatform:
    return followed_by(MemoryPlatform(owner=OWNER, name="x"), n)


async def watching(db: Path, platform: MemoryPlatform, clock: Clock) -> Watch:
    store = await Store.open(db)
    desk = Desk(store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(),
                clock=clock)  # fmt: skip
    return Watch(store, desk, platform, XSettings(notices_enabled=True), clock=clock)


async def unfollow_found(watch: Watch, platform: MemoryPlatform, clock: Clock, who: str) -> None:
    """`who` unfollows; a day on a crawl finds it; a day on it is settled."""
    platform.followers.remove(who)
    clock.now += DAY
    assert (await watch.crawl()).finished
    clock.now += DAY


def restore(copy: Path, db: Path) -> None:
    code, out, err = bot("restore", str(copy), "--db", str(db))
    assert code == 0 and "integrity ok" in out, err


def notes_to(platform: MemoryPlatform, handle: str) -> int:
    return sum(to.handle == handle for to, _ in platform.dms)


async def test_an_unfollow_note_sent_after_the_backup_is_not_sent_again(tmp_path):
    db, copy = tmp_path / "whynot.db", tmp_path / "backup.db"
    clock, platform = Clock(time.time() - 20 * DAY), x_followed_by(30)
    watch = await watching(db, platform, clock)
    assert (await watch.crawl()).finished
    await unfollow_found(watch, platform, clock, "7")
    backup(db, copy)  # the unfollow of 7 is settled, its note not sent yet
    await unfollow_found(watch, platform, clock, "8")  # found after the backup
    assert {o.mention.author.handle for o in await watch.announce()} == {"user7", "user8"}
    assert notes_to(platform, "user7") == notes_to(platform, "user8") == 1
    await watch.store.close()
    restore(copy, db)
    clock.now = time.time() + 60
    watch = await watching(db, platform, clock)
    try:
        [seven] = await watch.announce()  # in the backup, still to send
        assert seven.reason == NOT_SENT_AGAIN and seven.state == "skipped"
        assert (await watch.crawl()).finished  # against the backup's list: 8 found again
        clock.now += DAY
        [eight] = await watch.announce()
        assert eight.mention.author.handle == "user8" and eight.reason == NOT_SENT_AGAIN
        await unfollow_found(watch, platform, clock, "9")  # against a list made since
        [nine] = await watch.announce()
        assert nine.state == "sent" and notes_to(platform, "user9") == 1
        assert notes_to(platform, "user7") == notes_to(platform, "user8") == 1
    finally:
        await watch.store.close()


async def follow_up_sent_then_restored(tmp_path: Path, platform) -> tuple[Path, Clock]:
    """A review asked and decided, backed up before its follow-up went out, which it then
    did; then that backup restored: the database and a clock just after the restore."""
    db, copy = tmp_path / "w.db", tmp_path / "backup.db"
    clock = Clock(time.time() - DAY)
    desk, _ = await review_desk(db, platform, clock)
    try:
        first = await desk.handle(Mention("x", "1", ASKER, QUESTION))
        clock.now += 600
        await desk.handle(reply_to("2", first.reply_ids[-1], ASKED))
        await decide(desk, "approve", "fine after all")
        backup(db, copy)
        [told] = await desk.reviews.settle()
        assert told.state == "sent" and follow_ups(platform) == 1
    finally:
        await desk.store.close()
    restore(copy, db)
    clock.now = time.time() + 60
    return db, clock


async def test_a_follow_up_sent_after_the_backup_is_found_not_sent_again(tmp_path):
    platform = review_platform()
    db, clock = await follow_up_sent_then_restored(tmp_path, platform)
    desk, _ = await review_desk(db, platform, clock)
    try:
        [found] = await desk.reviews.settle()
        assert found.state == "sent" and found.reason == "sent before the restore"
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 1
        [review] = await desk.store.reviews.listed()
        assert review.state == "answered"
    finally:
        await desk.store.close()


async def test_a_follow_up_the_platform_cannot_tell_is_left_for_a_person(tmp_path):
    platform = review_platform()
    db, clock = await follow_up_sent_then_restored(tmp_path, platform)

    async def cannot_tell(to: Mention) -> None:
        return None

    platform.already_replied = cannot_tell  # type: ignore[method-assign]
    desk, _ = await review_desk(db, platform, clock)
    try:
        [left] = await desk.reviews.settle()
        assert left.state == "failed" and left.reason.startswith(RESTORED)
        assert "bot.py reviews dismiss" in left.reason and "\n" not in left.reason
        clock.now += 7 * DAY
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 1
        [review] = await desk.store.reviews.listed()
        assert review.state == "follow-up failed"
    finally:
        await desk.store.close()


@pytest.mark.parametrize(
    "passing",
    [
        PlatformError("X unavailable for /2/tweets/search/recent: timed out"),
        PlatformError("X rate limited /2/tweets/search/recent until 14:05 UTC"),
        OverBudget("1 post_read ($0.005) would pass the monthly budget of $1.00"),
    ],
    ids=["network", "rate-limit", "money"],
)
async def test_a_follow_up_whose_check_hits_a_passing_error_is_checked_again_later(
    tmp_path, passing
):
    # Before, the check after a restore failing on the network, a rate limit or the
    # budget left the follow-up "follow-up failed" for a person (`bot.py reviews`), though
    # a later cycle could look for it itself. Now it is looked for again on a later cycle
    # (the retries' backoff, hourly for money), and found there: not sent a second time.
    platform = review_platform()
    db, clock = await follow_up_sent_then_restored(tmp_path, platform)
    looked = platform.already_replied
    errors = [passing]

    async def flaky(to: Mention) -> tuple[str, ...] | None:
        if errors:
            raise errors.pop()
        return await looked(to)

    platform.already_replied = flaky  # type: ignore[method-assign]
    desk, _ = await review_desk(db, platform, clock)
    try:
        [waits] = await desk.reviews.settle()
        assert waits.state == "failed" and not waits.reason.startswith(RESTORED), waits.reason
        assert str(passing) in waits.reason
        assert await desk.reviews.settle() == []  # not due again at once
        clock.now += 2 * 3600
        [found] = await desk.reviews.settle()
        assert found.state == "sent" and found.reason == "sent before the restore"
        assert follow_ups(platform) == 1
    finally:
        await desk.store.close()


async def test_a_follow_up_whose_check_is_refused_for_good_is_left_for_a_person(tmp_path):
    platform = review_platform()
    db, clock = await follow_up_sent_then_restored(tmp_path, platform)

    async def refused(to: Mention) -> None:
        raise PlatformError("X refused /2/tweets/search/recent: 400 Bad Request", False)

    platform.already_replied = refused  # type: ignore[method-assign]
    desk, _ = await review_desk(db, platform, clock)
    try:
        [left] = await desk.reviews.settle()
        assert left.state == "failed" and left.reason.startswith(RESTORED)
        clock.now += 7 * DAY
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 1
    finally:
        await desk.store.close()


async def question_answered_then_restored(tmp_path: Path) -> tuple[Path, Clock, MemoryPlatform]:
    """Two questions in an hour with room for one: the second waits (no try counted), is
    backed up so, then answered; then that backup restored: the database, a clock just
    after the restore and the platform."""
    db, copy = tmp_path / "whynot.db", tmp_path / "backup.db"
    clock, platform = Clock(time.time() - DAY), question_platform()
    platform.inbox = [ask("1", PROMO), ask("2", PERSON, "follow me back?")]
    desk = await question_desk(db, platform, clock, max_per_hour=1)
    try:
        first, second = await desk.poll(platform)
        assert first.state == "sent" and second.reason == CAPPED  # waits, no try counted
        backup(db, copy)
        clock.now += 3601
        [answered] = await desk.retry_due()
        assert answered.state == "sent"
    finally:
        await desk.store.close()
    restore(copy, db)
    clock.now = time.time() + 60
    return db, clock, platform


async def test_a_question_answered_after_the_backup_from_its_wait_is_not_answered_again(tmp_path):
    db, clock, platform = await question_answered_then_restored(tmp_path)
    desk = await question_desk(db, platform, clock, max_per_hour=1)
    try:
        [found] = await desk.retry_due()
        assert (found.state, found.reason) == ("skipped", FOUND)
        assert await desk.retry_due() == []
    finally:
        await desk.store.close()
    assert sorted(s.to.id for s in platform.sent) == ["1", "2"]  # each answered once


async def test_a_held_question_capped_again_after_the_restore_is_still_looked_for(tmp_path):
    # The hour full when the backup's question first comes due again: it waits for room
    # before it is claimed (and looked for). Before, that wait dated it after the restore,
    # so its next try was not looked for and it was answered a second time.
    db, clock, platform = await question_answered_then_restored(tmp_path)
    bea = replace(PERSON, id="bea", handle="bea")
    platform.accounts[bea.id] = bea
    desk = await question_desk(db, platform, clock, max_per_hour=1)
    try:
        assert (await desk.handle(ask("3", bea, "follow me back?"))).state == "sent"  # hour full
        [capped] = await desk.retry_due()
        assert capped.reason == CAPPED
        clock.now += 3601
        [found] = await desk.retry_due()
        assert (found.state, found.reason) == ("skipped", FOUND)
    finally:
        await desk.store.close()
    assert sorted(s.to.id for s in platform.sent) == ["1", "2", "3"]  # each answered once
