"""A review request on X, from ask to decision, as an owner without Discord lives it: real
`bot.py run --once` processes (cron), the real tweepy client, the local X API server, one
SQLite file. The asker replies to our answer asking for a person; the acknowledgement goes
out at once; `bot.py reviews` lists the request; `bot.py override set` decides; the next
cycle tells the asker in the same thread, under our acknowledgement, and no later cycle
(a new process each time) sends anything again."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.x.conftest import just_now, tweet
from tests.x.test_run_once import ROOT, owner_setup, run_once, world


async def cli(db, *args: str) -> tuple[int, str]:
    env = {**os.environ, "WHYNOT_CONFIG": str(owner_setup(db.parent)), "WHYNOT_DB": str(db)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode()


def replies_to(fake, tweet_id: str) -> list[dict]:
    return [p for p in fake.posted if p["reply"]["in_reply_to_tweet_id"] == tweet_id]


async def test_review_request_on_x_from_ask_to_decision(fake_x, tmp_path):
    world(fake_x)
    db = tmp_path / "bot.db"
    code, out = await run_once(fake_x, db)
    assert code == 0, out
    [answer] = replies_to(fake_x, "5001")
    # the asker replies to our answer (X sends the reference in referenced_tweets)
    fake_x.mentions.append(
        tweet(
            5_002, "501", "@fsalas can a human look at this? I'm a real shop",
            created_at=just_now(1), referenced_tweets=[{"type": "replied_to", "id": answer["id"]}],
        )
    )  # fmt: skip
    code, out = await run_once(fake_x, db)
    assert code == 0, out
    [ack] = replies_to(fake_x, "5002")
    assert ack["text"].startswith("Thanks, ") and "you'll hear back here" in ack["text"]

    code, listed = await cli(db, "reviews")
    assert code == 0, listed
    assert "promo_pete" in listed and "open" in listed and "can a human look" in listed
    code, out = await cli(
        db, "override", "set", "promo_pete", "approve", "--reason", "a real shop after all",
        "--by", "kim",
    )  # fmt: skip
    assert code == 0, out
    assert replies_to(fake_x, ack["id"]) == []  # told only by the bot, on its next cycle
    code, out = await run_once(fake_x, db)
    assert code == 0, out
    [told] = replies_to(fake_x, ack["id"])  # the same thread, under our acknowledgement
    assert told["text"].startswith("Good news, ") and "a real shop after all" in told["text"]
    posted = len(fake_x.posted)
    code, out = await run_once(fake_x, db)  # a new process: nothing is sent again
    assert code == 0, out
    assert len(fake_x.posted) == posted
    code, shown = await cli(db, "reviews", "show", "1")
    assert code == 0, shown
    assert "answered" in shown and "approve" in shown and "kim" in shown
