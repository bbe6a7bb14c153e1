"""`python bot.py run --once` for Mastodon in a real process: Mastodon.py against the local
instance, a SQLite file that outlives the process; a kill between the post and mark-sent
never makes a second reply; Bluesky failing beside it does not stop Mastodon."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli_capture import once_here
from tests.masto.fake_mastodon import TOKEN, account, status
from whynot.store import Store

ROOT = Path(__file__).resolve().parents[2]
ASKER = account("109000000000000077", "pete", "remote.example", display_name="Pete")


def environment(fake, db: Path) -> dict[str, str]:
    folder = db.parent
    config = folder / "config.toml"
    if not config.exists():
        (folder / "owner.toml").write_text(
            '[owner]\nhandle = "fsalas"\ninterests = ["social media", "marketing"]\n'
        )
        config.write_text('[whynot]\nowner_config = "owner.toml"\n')
    env = {
        **os.environ,
        "WHYNOT_CONFIG": str(config),
        "WHYNOT_DB": str(db),
        "MASTODON_BASE_URL": fake.base,
        "MASTODON_ACCESS_TOKEN": TOKEN,
    }
    for name in ("DISCORD_TOKEN", "X_BEARER_TOKEN", "BLUESKY_HANDLE"):
        env.pop(name, None)
    return env


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "run",
        "--once",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def run_once(env: dict[str, str]) -> tuple[int, str]:
    proc = await start(env)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=90)
    return proc.returncode, out.decode()


def world(fake) -> str:
    fake.accounts[ASKER["id"]] = ASKER
    ids = [str(113_400_000_000_000_000 + i) for i in range(20, 0, -1)]
    for n, sid in enumerate(ids):
        link = f"https://shop.example/{n}"
        fake.statuses[sid] = status(
            sid,
            ASKER,
            f'<p>Sale {n}: <a href="{link}">{link}</a></p>',
            created_at=f"2026-11-{10 + n // 4:02d}T{8 + n % 4:02d}:00:00.000Z",
            application={"name": "IFTTT", "website": None},
        )
    fake.timelines[ASKER["id"]] = ids
    when = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    sid = "113500000000000100"
    fake.statuses[sid] = status(
        sid, ASKER, "<p>@fsalas why didn't you follow me back?</p>", created_at=when
    )
    fake.notifications = [
        {
            "id": "900",
            "type": "mention",
            "created_at": when,
            "account": ASKER,
            "status": fake.statuses[sid],
        }
    ]
    fake.followers = [str(110_000_000_000_000_000 + i) for i in range(100, 0, -1)]
    return sid


async def test_one_cycle_answers_in_thread_naming_the_asker_and_never_twice(fake, tmp_path, caplog):
    sid = world(fake)
    env = environment(fake, tmp_path / "bot.db")
    code, out = await run_once(env)
    assert code == 0, out
    assert TOKEN not in out
    assert "Mastodon account: @fsalas" in out
    assert 1 <= len(fake.posted) <= 3
    assert fake.posted[0]["in_reply_to_id"] == sid
    assert all(p["status"].startswith("@pete@remote.example ") for p in fake.posted)
    assert all(len(p["status"]) <= 500 for p in fake.posted)
    assert "shop.example" in " ".join(p["status"] for p in fake.posted)
    posted = len(fake.posted)
    with caplog.at_level("DEBUG"):  # the next cron run, in this process (once_here)
        code = await once_here(env)
    assert code == 0, caplog.text
    assert len(fake.posted) == posted
    assert "Mastodon account: @fsalas" in caplog.text  # its log, captured
    assert TOKEN not in caplog.text


async def test_a_kill_after_the_post_is_not_answered_twice(fake, tmp_path):
    sid = world(fake)
    db = tmp_path / "bot.db"
    env = environment(fake, db)
    fake.lose_post_answers = 1
    proc = await start(env)
    async with asyncio.timeout(60):
        while not fake.posted:
            await asyncio.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    assert await once_here(env) == 0  # the next cron run
    store = await Store.open(db)
    try:
        assert await store.messages.state("mastodon", sid) == "sent"
        [row] = await store.messages.rows(["sent"])
        # Post 1 found on recovery; a thread's rest, owed, is sent under it (whynot.thread_rest)
        texts = [p["status"].removeprefix("@pete@remote.example ") for p in fake.posted]
        assert texts == list(row.planned or texts[:1])  # each once
        assert [p["in_reply_to_id"] for p in fake.posted] == [sid, *row.reply_ids[:-1]]
    finally:
        await store.close()


async def test_a_failing_bluesky_does_not_stop_mastodon(fake, tmp_path):
    world(fake)
    env = environment(fake, tmp_path / "bot.db")
    env.update(
        BLUESKY_HANDLE="fsalas.bsky.social",
        BLUESKY_APP_PASSWORD="app-pass-word",
        WHYNOT_BLUESKY_SERVICE="http://127.0.0.1:9",  # nothing listens there
    )
    code, out = await run_once(env)
    assert code == 1, out  # one platform failed: cron sees it
    assert "Bluesky did not start" in out
    assert len(fake.posted) >= 1  # Mastodon answered all the same
