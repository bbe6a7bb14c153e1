"""A review request on X, from ask to decision, as an owner without Discord lives it: cron's
`bot.py run --once` cycles, the real tweepy client, the local X API server, one SQLite
file. The asker replies to our answer asking for a person; the acknowledgement goes out at
once; `bot.py reviews` lists the request; `bot.py override set` decides; the next cycle
tells the asker in the same thread, under our acknowledgement, and no later cycle sends
anything again: that last one a real process, the others `run --once`'s cycle (`serve`)
in this one, each with its own store and client, as a new process has; `reviews` and
`override set` in this one too, `reviews show` (the last) as a real process."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.x.conftest import just_now, tweet
from tests.x.test_run_once import ROOT, cycle_here, owner_setup, run_once, world


async def cli(db, *args: str) -> tuple[int, str]:
    env = {**os.environ, "WHYNOT_CONFIG": str(owner_setup(db.parent)), "WHYNOT_DB": str(db)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode()


async def cli_here(db, monkeypatch, *args: str) -> tuple[int, str]:
    """`cli`'s command in this process (cli_capture.bot, in a thread: the command runs its
    own event loop), its output and errors together as `cli` reads them."""
    from tests.cli_capture import bot

    monkeypatch.setenv("WHYNOT_CONFIG", str(owner_setup(db.parent)))
    monkeypatch.setenv("WHYNOT_DB", str(db))
    code, out, err = await asyncio.to_thread(bot, *args)
    return code, out + err


def replies_to(fake, tweet_id: str) -> list[dict]:
    return [p for p in fake.posted if p["reply"]["in_reply_to_tweet_id"] == tweet_id]


async def test_review_request_on_x_from_ask_to_decision(fake_x, tmp_path, monkeypatch):
    world(fake_x)
    db = tmp_path / "bot.db"
    assert await cycle_here(fake_x, db) == 0
    [answer] = replies_to(fake_x, "5001")
    # the asker replies to our answer (X sends the reference in referenced_tweets)
    fake_x.mentions.append(
        tweet(
            5_002, "501", "@fsalas can a human look at this? I'm a real shop",
            created_at=just_now(1), referenced_tweets=[{"type": "replied_to", "id": answer["id"]}],
        )
    )  # fmt: skip
    assert await cycle_here(fake_x, db) == 0
    [ack] = replies_to(fake_x, "5002")
    assert ack["text"].startswith("Thanks, ") and "you'll hear back here" in ack["text"]

    code, listed = await cli_here(db, monkeypatch, "reviews")  # `reviews show`: a real one
    assert code == 0, listed
    assert "promo_pete" in listed and "open" in listed and "can a human look" in listed
    code, out = await cli_here(
        db, monkeypatch, "override", "set", "promo_pete", "approve",
        "--reason", "a real shop after all", "--by", "kim",
    )  # fmt: skip
    assert code == 0, out
    assert replies_to(fake_x, ack["id"]) == []  # told only by the bot, on its next cycle
    assert await cycle_here(fake_x, db) == 0
    [told] = replies_to(fake_x, ack["id"])  # the same thread, under our acknowledgement
    assert told["text"].startswith("Good news, ") and "a real shop after all" in told["text"]
    posted = len(fake_x.posted)
    code, out = await run_once(fake_x, db)  # a new process: nothing is sent again
    assert code == 0, out
    assert len(fake_x.posted) == posted
    code, shown = await cli(db, "reviews", "show", "1")
    assert code == 0, shown
    assert "answered" in shown and "approve" in shown and "kim" in shown


def on_timeline(fake) -> None:
    """Our posts, listed on the owner's timeline as X lists them (the fake only records them)."""
    listed = {t["id"] for t in fake.tweets.setdefault(fake.owner["id"], [])}
    for p in fake.posted:
        if p["id"] not in listed:
            to = [{"type": "replied_to", "id": p["reply"]["in_reply_to_tweet_id"]}]
            fake.tweets[fake.owner["id"]].append(
                tweet(int(p["id"]), fake.owner["id"], p["text"], referenced_tweets=to)
            )


async def answered_then_asked(fake_x, desk, x):
    """The world's mention answered, then a review asked under the answer: its outcome."""
    [answered] = await desk.poll(x)
    on_timeline(fake_x)
    fake_x.mentions.append(
        tweet(
            5_002, "501", "@fsalas can a human look at this?", created_at=just_now(1),
            referenced_tweets=[{"type": "replied_to", "id": answered.reply_ids[0]}],
        )
    )  # fmt: skip
    [asked] = await desk.poll(x)
    return asked


async def test_a_follow_up_cut_short_under_an_old_acknowledgement_is_never_marked_sent(
    x, fake_x, store
):
    # A row from before 4711740: our acknowledgement found after a crash was marked sent
    # with no post ids, so its follow-up went under the request itself, where the
    # acknowledgement also is; after a crash between the follow-up's claim and its send,
    # recovery took the acknowledgement for the follow-up and marked it sent, unsent.
    from tests.x.test_identify import make_desk
    from whynot.models import Identity
    from whynot.moderation import ModerationService

    world(fake_x)
    desk = make_desk(store, x)
    asked = await answered_then_asked(fake_x, desk, x)
    assert asked.template == "review_requested" and asked.state == "sent"
    on_timeline(fake_x)
    await store.messages.mark_sent(asked.mention, (), "", desk.clock())  # as 4711740's parent
    target = Identity("x", "501", "promo_pete")
    await ModerationService(store, desk.clock).decide(target, "approve", "a shop", "kim", "cli")
    await store.reviews.record_decisions(desk.clock())
    [due] = await store.reviews.followups_due(desk.clock())
    assert await store.reviews.claim_followup(due.id, desk.clock()) == 1  # then the crash
    posted = len(fake_x.posted)

    restarted = make_desk(store, x)
    assert await restarted.reviews.recover() == 1
    await restarted.reviews.settle()
    [review] = await store.reviews.listed()
    assert review.followup_ids == () and review.state == "follow-up failed"  # not "answered"
    assert "not retried" in review.followup_reason  # for a person: it may have gone out
    assert len(fake_x.posted) == posted  # and nothing is sent twice


async def test_a_follow_up_accepted_but_whose_answer_was_lost_is_not_posted_again(fake_x, store):
    # X took the follow-up but its answer never came (a timeout): the retry posted it a
    # second time, where a reply's retry first looks for the earlier post (Desk).
    from scoring import build_owner_index
    from tests.x.conftest import SECRETS
    from whynot.config import ReplySettings, Settings
    from whynot.desk import Desk
    from whynot.models import Identity
    from whynot.moderation import ModerationService
    from whynot.platforms.x import XPlatform
    from whynot.replies import ReplyRenderer
    from whynot.spend import Budget

    world(fake_x)
    impatient = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 50.0), timeout=0.5)
    settings = Settings(replies=ReplySettings(retry_base_seconds=0))
    desk = Desk(store, {"x": impatient}, ReplyRenderer(), build_owner_index(None), settings)
    try:
        asked = await answered_then_asked(fake_x, desk, impatient)
        on_timeline(fake_x)
        who = Identity("x", "501", "promo_pete")
        await ModerationService(store, desk.clock).decide(who, "approve", "a shop", "kim", "cli")
        fake_x.lose_post_answers, fake_x.stall_seconds = 1, 1.5
        [first] = await desk.reviews.settle()
        assert first.state == "failed" and len(replies_to(fake_x, asked.reply_ids[0])) == 1
        [retried] = await desk.reviews.settle()
        assert retried.state == "sent"
        assert len(replies_to(fake_x, asked.reply_ids[0])) == 1  # posted once
        [review] = await store.reviews.listed()
        assert review.state == "answered"
        assert review.followup_ids == (replies_to(fake_x, asked.reply_ids[0])[0]["id"],)
    finally:
        await impatient.close()
