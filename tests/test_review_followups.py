"""A review follow-up left "follow-up failed" is the moderator's to resend or dismiss
(`bot.py reviews resend|dismiss ID --reason ...`, `whynot.review_followups`), each written
to the moderation log, and never sent twice. Before, `reviews` could only list and show
one, and a follow-up cut short under a pre-4711740 acknowledgement (its posts not kept, so
the bot cannot tell an earlier send from the acknowledgement) stayed failed for good."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from factories import Clock
from test_reviews import ASKER, Crash, decide, make_desk, make_platform, reply_to

from whynot.cli import main
from whynot.models import Mention
from whynot.platform import SendError
from whynot.review_followups import FollowupRefused, dismiss_followup, resend_followup

ASKED = "can a human look at this?"
QUESTION = "why didn't you follow me back?"


async def cut_short(path: Path):
    """A follow-up claimed then cut off by a crash, under an acknowledgement whose posts
    were not kept (a row from before 4711740); recovered as "follow-up failed"."""
    clock, platform = Clock(), make_platform()
    desk, _ = await make_desk(path, platform, clock)
    first = await desk.handle(Mention("x", "1", ASKER, QUESTION))
    clock.now += 600
    ask = await desk.handle(reply_to("2", first.reply_ids[-1], ASKED))
    await desk.store.messages.mark_sent(ask.mention, (), "", clock())  # as 4711740's parent
    await decide(desk, "approve", "fine after all")
    platform.crash = "before"
    with pytest.raises(Crash):
        await desk.reviews.settle()
    platform.crash = ""
    await desk.store.close()
    desk, _ = await make_desk(path, platform, clock)
    assert await desk.reviews.recover() == 1
    [review] = await desk.store.reviews.listed()
    assert review.state == "follow-up failed" and "not retried" in review.followup_reason
    return desk, platform, clock, review


def follow_ups(platform) -> int:
    return sum("approved" in " ".join(s.posts) for s in platform.sent)


async def test_a_cut_short_follow_up_is_resent_once_after_the_moderator_looked(tmp_path):
    desk, platform, clock, review = await cut_short(tmp_path / "w.db")
    store = desk.store
    try:
        with pytest.raises(FollowupRefused, match="look under @promo's message 2 on x"):
            await resend_followup(store, review.id, "rosa", "X was down", clock())
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 0
        await resend_followup(store, review.id, "rosa", "not in the thread", clock(), True)
        with pytest.raises(FollowupRefused, match="a resend is already asked"):
            await resend_followup(store, review.id, "rosa", "again", clock(), True)
        [told] = await desk.reviews.settle()
        assert told.state == "sent" and follow_ups(platform) == 1
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 1
        with pytest.raises(FollowupRefused, match="is answered: only a failed follow-up"):
            await resend_followup(store, review.id, "rosa", "once more", clock(), True)
        log = [(e.action, e.actor) for e in await store.moderation.history("x", "promo")]
        assert ("review follow-up resend asked", "rosa") in log
        assert log[-1] == ("review answered", "bot")
    finally:
        await store.close()


async def test_a_dismissed_follow_up_is_never_sent(tmp_path):
    desk, platform, clock, review = await cut_short(tmp_path / "w.db")
    try:
        await dismiss_followup(desk.store, review.id, "rosa", "the reply is in the thread", clock())
        clock.now += 86_400
        assert await desk.reviews.recover() == 0 and await desk.reviews.settle() == []
        assert follow_ups(platform) == 0
        for again in (resend_followup, dismiss_followup):  # a dismissal is for good
            with pytest.raises(FollowupRefused, match="is dismissed: only a failed follow-up"):
                await again(desk.store, review.id, "rosa", "after all", clock())
        assert await desk.reviews.settle() == [] and follow_ups(platform) == 0
        [entry] = [e for e in await desk.store.moderation.history() if "dismiss" in e.action]
        assert (entry.actor, entry.source) == ("rosa", "cli") and "in the thread" in entry.detail
    finally:
        await desk.store.close()


async def test_a_follow_up_given_up_is_resent_without_checking_when_the_bot_can_tell(tmp_path):
    # Its acknowledgement's posts are kept: the bot itself looks for an earlier send.
    clock, platform = Clock(), make_platform()
    desk, _ = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        first = await desk.handle(Mention("x", "1", ASKER, QUESTION))
        clock.now += 600
        ask = await desk.handle(reply_to("2", first.reply_ids[-1], ASKED))
        await decide(desk, "approve", "fine after all")
        platform.failures[ask.reply_ids[0]] = [SendError("conversation locked", False)]
        [failed] = await desk.reviews.settle()
        assert failed.reason.endswith("(giving up)")
        with pytest.raises(FollowupRefused, match="there is no review request #999"):
            await dismiss_followup(desk.store, 999, "rosa", "no such", clock())
        await resend_followup(desk.store, failed.review_id, "rosa", "unlocked now", clock())
        [told] = await desk.reviews.settle()
        assert told.state == "sent" and follow_ups(platform) == 1
    finally:
        await desk.store.close()


def test_the_cli_resends_and_dismisses_with_a_reason(tmp_path, capsys):
    db = tmp_path / "w.db"

    async def setup() -> None:
        desk, *_ = await cut_short(db)
        await desk.store.close()

    asyncio.run(setup())
    capsys.readouterr()
    assert main(["reviews", "resend", "1", "--db", str(db)]) == 2
    assert "--reason" in capsys.readouterr().err
    assert main(["reviews", "resend", "1", "--reason", "X was down", "--db", str(db)]) == 2
    assert "bot.py reviews resend 1 --checked" in capsys.readouterr().err
    assert main(["reviews", "show", "1", "--db", str(db)]) == 0
    assert "fix:       look under @promo's message 2 on x" in capsys.readouterr().out
    argv = ["reviews", "dismiss", "#1", "--reason", "told by email", "--by", "rosa"]
    assert main([*argv, "--db", str(db)]) == 0
    assert "dismissed" in capsys.readouterr().out
    assert main(["reviews", "list", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("#1    dismissed (approve by mod_kim)")


async def test_the_restart_line_points_to_a_log_that_says_what_recovery_did(tmp_path):
    # 'review recovery: 1 review answer ... settled (...: `bot.py override history` says
    # which)' (a8e9e8d): the review answers' recovery wrote nothing to that log.
    desk, _, _, review = await cut_short(tmp_path / "w.db")
    try:
        entries = [e for e in await desk.store.moderation.history() if e.action == "recover"]
        assert [(e.actor, e.handle) for e in entries] == [("bot", review.subject.handle)]
        assert entries[0].detail.startswith(f"review {review.id}: @promo: follow-up interrupted")
        assert entries[0].detail.endswith("left failed for a person to check")
    finally:
        await desk.store.close()
