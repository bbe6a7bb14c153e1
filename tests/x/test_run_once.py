"""`python bot.py run --once` as cron runs it: a real process, the real tweepy client, the
local X API server, a SQLite file that outlives the process."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.x.conftest import SECRETS, just_now, tweet, user

ROOT = Path(__file__).resolve().parents[2]


def owner_setup(folder: Path) -> Path:
    """A config of the test's own with a real owner file (run refuses the demo owner's),
    the follower watch opted into; written once per folder."""
    config = folder / "config.toml"
    if not config.exists():
        (folder / "owner.toml").write_text(
            '[owner]\nhandle = "fsalas"\ninterests = ["social media", "marketing"]\n'
        )
        config.write_text(
            '[whynot]\nowner_config = "owner.toml"\n'
            "[x]\nwatch_followers = true\nwatch_budget_usd = 1.0\n"  # 1,000 followers a month
        )
    return config


async def run_once(fake, db: Path, *extra: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "WHYNOT_CONFIG": str(owner_setup(db.parent)),
        "WHYNOT_X_API_BASE": fake.base,
        "WHYNOT_DB": str(db),
        **{k: v.reveal() for k, v in SECRETS.items()},
    }
    env.pop("DISCORD_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "run",
        "--once",
        *extra,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode()


def world(fake):
    fake.users["501"] = user(
        "501", "promo_pete", followers_count=30, following_count=4000, like_count=0, listed_count=0
    )
    fake.tweets["501"] = [
        tweet(
            1_000 + i,
            "501",
            f"Sale {i} https://t.co/{i}",
            source="IFTTT",
            entities={
                "urls": [{"url": f"https://t.co/{i}", "expanded_url": f"https://shop.example/{i}"}]
            },
        )
        for i in range(20)
    ]
    fake.mentions = [
        tweet(5_001, "501", "@fsalas why didn't you follow me back?", created_at=just_now())
    ]
    fake.followers = [str(i) for i in range(1500)]


async def test_one_cycle_answers_persists_and_never_repeats(fake_x, tmp_path):
    world(fake_x)
    db = tmp_path / "bot.db"
    code, out = await run_once(fake_x, db)
    assert code == 0, out
    replies = [p for p in fake_x.posted if p["reply"]["in_reply_to_tweet_id"] == "5001"]
    assert len(replies) == 1
    code, out = await run_once(fake_x, db)  # a new process: the cursor and claims held
    assert code == 0, out
    assert len([p for p in fake_x.posted if p["reply"]["in_reply_to_tweet_id"] == "5001"]) == 1
    mention_calls = [h for h in fake_x.hits if "/mentions" in h]
    assert "start_time=" in mention_calls[0]  # the first poll reads its look-back only
    assert "since_id=5001" in mention_calls[-1]
    for secret in SECRETS.values():  # no token ever reaches the logs
        assert secret.reveal() not in out
    # the follower crawl went as far as the budget allowed, and paused (not failed)
    assert "follower crawl paused" in out and "follower crawl failed" not in out


async def test_a_failing_cycle_exits_non_zero_and_loses_nothing(fake_x, tmp_path):
    from tests.x.fake_x import Fault

    world(fake_x)
    fake_x.faults[r"/2/users/\d+/mentions"] = [Fault(503)] * 3
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 1 and "mentions failed" in out
    assert fake_x.posted == []
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 0, out
    assert len(fake_x.posted) >= 1


async def test_dry_run_posts_nothing(fake_x, tmp_path):
    world(fake_x)
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--dry-run")
    assert code == 0, out
    assert fake_x.posted == [] and "dry run" in out


async def test_rejected_credentials_stop_the_bot_with_one_line(fake_x, tmp_path):
    from tests.x.fake_x import Fault

    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(401, '{"title": "Unauthorized", "status": 401}')]
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 2
    assert "X did not accept the credentials" in out and "Traceback" not in out
    assert fake_x.posted == []
    for secret in SECRETS.values():
        assert secret.reveal() not in out


async def test_a_second_run_on_the_same_database_refuses_to_start(fake_x, tmp_path):
    import fcntl

    world(fake_x)
    db = tmp_path / "bot.db"
    with (tmp_path / "bot.db.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a first run still busy
        code, out = await run_once(fake_x, db)
    assert code == 2 and "already using" in out
    assert fake_x.posted == []
    code, out = await run_once(fake_x, db)  # once it is done, the next one runs
    assert code == 0, out


async def test_a_run_says_what_it_spent_in_one_line(fake_x, tmp_path):
    from whynot.store import Store

    async def ledger() -> float:
        store = await Store.open(db)
        try:
            return sum(usd for _, usd in (await store.spend.since("x", 0.0)).values())
        finally:
            await store.close()

    world(fake_x)
    db = tmp_path / "bot.db"
    code, out = await run_once(fake_x, db, "--dry-run")
    assert code == 0, out
    [line] = [line for line in out.splitlines() if "X spent $" in line]
    first = await ledger()
    assert first > 0 and f"X spent ${first:.3f} this run (a dry run pays for the reads" in line
    code, out = await run_once(fake_x, db)  # the reply is what this run adds
    [line] = [line for line in out.splitlines() if "X spent $" in line]
    total = await ledger()
    assert total > first and f"X spent ${total - first:.3f} this run (" in line
    assert f"${20.0 - total:.2f} of $20.00 left this month" in line


async def test_the_spend_line_of_a_run_across_a_month_end_counts_what_the_run_spent(
    tmp_path, caplog
):
    # Started at 23:59:59 UTC on Nov 30 with $5 spent in November; $0.50 spent after
    # midnight. The run spent $0.50, whatever month each part of it fell in.
    import logging
    from datetime import UTC, datetime

    from whynot.cli.run import say_spend
    from whynot.spend import Budget
    from whynot.store import Store

    start = datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC).timestamp()
    store = await Store.open(tmp_path / "bot.db")
    try:
        budget = Budget(store, 20.0)
        await budget.charge("post_create", 1, "earlier in November", start - 3600)
        await store.spend.record("x", "post_read", 100, 5.0 - 0.015, "November", start - 60)
        await budget.charge("post_create", 1, "after midnight", start + 2)
        await store.spend.record("x", "post_read", 97, 0.485, "after midnight", start + 3)
        with caplog.at_level(logging.INFO, logger="whynot.run"):
            await say_spend(budget, start, start + 5, dry_run=False)
    finally:
        await store.close()
    [line] = [r.getMessage() for r in caplog.records if "X spent $" in r.getMessage()]
    assert line.startswith("X spent $0.500 this run (")
    assert "($19.50 of $20.00 left this month)" in line


async def test_a_reply_x_refuses_is_one_warning_line_and_exit_one(fake_x, tmp_path):
    # Tokens generated before the app was set to Read and write can read but not post: X
    # answers 403 on POST /2/tweets. Every reply then fails for good; before, the run said
    # 'x mentions: 1 done' and exited 0, and the reason was only in the database.
    from tests.x.fake_x import Fault

    world(fake_x)
    forbidden = '{"title": "Forbidden", "detail": "You are not permitted to perform this action."}'
    fake_x.faults[r"/2/tweets"] = [Fault(403, forbidden)] * 5
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 1, out
    [line] = [line for line in out.splitlines() if "WARNING" in line and "x mentions" in line]
    assert "1 reply failed: X forbade /2/tweets: You are not permitted" in line
    assert "x mentions: 1 done (1 failed)" in out


async def test_a_read_only_token_says_how_to_fix_it_keeps_the_question_and_exits_one(
    fake_x, tmp_path
):
    # X's own 403 for a token generated read-only: the question waits for write access
    # (not given up), the one warning says what to do, and cron sees the run fail.
    from tests.x.fake_x import Fault
    from tests.x.test_write_access import READ_ONLY_403

    world(fake_x)
    fake_x.faults[r"/2/tweets"] = [Fault(403, READ_ONLY_403)] * 5
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 1, out
    [line] = [line for line in out.splitlines() if "WARNING" in line and "x mentions" in line]
    assert "x mentions: 1 reply waiting for write access: X forbade /2/tweets: Your client" in line
    assert line.endswith(
        "set the app's permissions to Read and write, then regenerate the access token and secret)"
    )


async def test_a_dry_run_shows_what_it_would_answer(fake_x, tmp_path):
    world(fake_x)
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--dry-run")
    assert code == 0, out
    [line] = [line for line in out.splitlines() if "would reply" in line]
    assert "@promo_pete" in line and "why didn't you follow me back?" in line
    assert "x mentions: 1 done (1 would be sent)" in out


async def test_no_token_is_logged_at_debug_level(fake_x, tmp_path):
    # oauthlib logs the consumer key and the access token of every signed request at DEBUG.
    world(fake_x)
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--log-level", "debug")
    assert code == 0, out
    assert "DEBUG" in out
    for secret in SECRETS.values():
        assert secret.reveal() not in out


def test_a_question_waiting_for_money_is_said_but_fails_no_cycle(caplog):
    # 996fa24: no money now is a wait (tried again hourly), not a failure: cron's exit stays 0.
    import logging

    from whynot.cli.run import report
    from whynot.models import Identity, Mention, Outcome, ReplyState

    asker = Mention("x", "5001", Identity("x", "501", "promo_pete", "Pete"), "follow back?")
    wait = "waiting for money: 1 user_read ($0.010) would pass the monthly budget of $1.00"
    refused = "attempt 1: X forbade /2/tweets: no (giving up)"
    with caplog.at_level(logging.WARNING, logger="whynot.run"):
        assert report("x mentions", [Outcome(asker, ReplyState.FAILED, reason=wait)])
        assert not report("x mentions", [Outcome(asker, ReplyState.FAILED, reason=refused)])
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"x mentions: 1 reply {wait}", "x mentions: 1 reply failed: " + refused[11:]]
