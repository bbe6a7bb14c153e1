"""`python bot.py run --once` as cron runs it: a real process, the real tweepy client, the
local X API server, a SQLite file that outlives the process."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

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


async def cycle_here(fake, db: Path, dry_run: bool = False) -> int:
    """run_once's cycle in this process (tests/cli_capture.once_here), with its variables:
    for a test whose process is not the point."""
    from tests.cli_capture import once_here

    env = {"WHYNOT_CONFIG": str(owner_setup(db.parent)), "WHYNOT_X_API_BASE": fake.base}
    env |= {"WHYNOT_DB": str(db), **{k: v.reveal() for k, v in SECRETS.items()}}
    return await once_here(env, dry_run)


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


@pytest.mark.parametrize(("busy_for", "code", "said"), [(90, 0, ""), (7300, 1, "(for 2 h 1 min)")])
async def test_a_cron_cycle_finding_the_last_one_busy_skips_quietly_unless_stuck(
    fake_x, tmp_path, busy_for, code, said
):
    import fcntl
    import time

    world(fake_x)
    db = tmp_path / "bot.db"
    with (tmp_path / "bot.db.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"once 4242 {time.time() - busy_for:.0f}\n")  # a busy `run --once` wrote
        held.flush()
        got, out = await run_once(fake_x, db, "--log-level", "warning")  # as cron runs it
    assert got == code, out  # a routine overlap mails nothing; a stuck cycle is told
    assert ("pid 4242) is still at work" in out) == bool(said) and said in out
    assert fake_x.posted == [] and "Traceback" not in out
