"""`python bot.py run --once` for Bluesky as cron runs it: a real process, atproto's real
client, the local XRPC server, a SQLite file that outlives the process; a kill between the
claim and the answer never makes a second reply."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.bluesky.conftest import SECRETS
from tests.bluesky.fake_pds import post_view, profile
from tests.cli_capture import once_here
from whynot.store import Store
from whynot.threads import graphemes

ROOT = Path(__file__).resolve().parents[2]
ASKER = profile("did:plc:promo00000000000000001", "promo-pete.bsky.social", displayName="Pete")


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
        "WHYNOT_BLUESKY_SERVICE": fake.base,
        "WHYNOT_DB": str(db),
        **{k: v.reveal() for k, v in SECRETS.items()},
    }
    for name in ("DISCORD_TOKEN", "X_BEARER_TOKEN", "MASTODON_ACCESS_TOKEN"):
        env.pop(name, None)
    return env


async def start(fake, db: Path, *extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "run",
        "--once",
        *extra,
        cwd=ROOT,
        env=environment(fake, db),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def run_once(fake, db: Path, *extra: str) -> tuple[int, str]:
    proc = await start(fake, db, *extra)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=90)
    return proc.returncode, out.decode()


def world(fake) -> str:
    fake.profiles[ASKER["did"]] = ASKER
    fake.feeds[ASKER["did"]] = [
        {
            "post": post_view(
                f"at://{ASKER['did']}/app.bsky.feed.post/3ksale{i:04d}",
                ASKER,
                f"Sale {i}: shop.example/{i}",
                createdAt=f"2026-11-{10 + i // 4:02d}T{8 + i % 4:02d}:00:00.000Z",
                facets=[
                    {
                        "index": {"byteStart": 9, "byteEnd": 9 + len(f"shop.example/{i}")},
                        "features": [
                            {
                                "$type": "app.bsky.richtext.facet#link",
                                "uri": f"https://shop.example/{i}",
                            }
                        ],
                    }
                ],
            )
        }
        for i in range(20)
    ]
    uri = f"at://{ASKER['did']}/app.bsky.feed.post/3kask0001"
    from datetime import UTC, datetime, timedelta

    when = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    view = post_view(uri, ASKER, "@fsalas.bsky.social why didn't you follow me back?")
    view["record"]["createdAt"] = when
    fake.posts[uri] = view
    fake.notifications = [
        {
            "uri": uri,
            "cid": view["cid"],
            "author": ASKER,
            "reason": "mention",
            "record": view["record"],
            "isRead": False,
            "indexedAt": when,
            "labels": [],
        }
    ]
    fake.followers = [f"did:plc:f{i:023d}" for i in range(150)]
    return uri


async def test_one_cycle_answers_in_thread_and_never_twice(fake, tmp_path, caplog):
    """The first run logs at debug level too: signing in, answering and saving the session,
    it never shows the session it saved (or the app password)."""
    uri = world(fake)
    db = tmp_path / "bot.db"
    code, out = await run_once(fake, db, "--log-level", "debug")
    assert code == 0, out
    assert "DEBUG" in out  # debug logging was on
    tokens = fake._tokens | fake._refresh  # the session the bot saved in its database
    assert tokens and not any(token in out for token in tokens)
    assert "app-pass-word" not in out
    assert "Bluesky account: @fsalas.bsky.social" in out
    posts = [c["record"] for c in fake.created]
    assert 1 <= len(posts) <= 3
    assert posts[0]["reply"]["parent"]["uri"] == uri and posts[0]["reply"]["root"]["uri"] == uri
    assert all(p["reply"]["root"]["uri"] == uri for p in posts)
    assert all(graphemes(p["text"]) <= 300 for p in posts)
    assert "shop.example" in " ".join(p["text"] for p in posts)  # the evidence: their links
    assert fake.sessions == 1
    # the next cron run, in this process (once_here: a store and a client of its own, as a
    # new process has): nothing new, no sign-in
    with caplog.at_level("DEBUG"):
        code = await once_here(environment(fake, db))
    assert code == 0, caplog.text
    assert len(fake.created) == len(posts)
    assert fake.sessions == 1  # the saved session was reused
    assert "Bluesky account: @fsalas.bsky.social" in caplog.text  # its log, captured
    assert "app-pass-word" not in caplog.text


async def test_a_kill_after_the_post_reached_bluesky_is_not_answered_twice(fake, tmp_path):
    uri = world(fake)
    db = tmp_path / "bot.db"
    fake.lose_post_answers = 1  # the post is made, its answer never arrives
    proc = await start(fake, db)
    async with asyncio.timeout(60):
        while not fake.created:
            await asyncio.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # killed between claim and mark-sent
    await proc.wait()
    assert await once_here(environment(fake, db)) == 0  # the next cron run
    store = await Store.open(db)
    try:
        assert await store.messages.state("bluesky", uri) == "sent"
        [row] = await store.messages.rows(["sent"])
        # Post 1 found on recovery; a thread's rest, owed, is sent under it (whynot.thread_rest)
        posts = [c["record"] for c in fake.created]
        assert [p["text"] for p in posts] == list(row.planned or posts[:1])  # each once
        assert all(
            p["reply"]["parent"]["uri"] == made
            for p, made in zip(posts[1:], row.reply_ids, strict=False)
        )
    finally:
        await store.close()


async def test_bluesky_unreachable_under_once_is_one_line_and_exit_1(fake, tmp_path):
    db = tmp_path / "bot.db"
    env = environment(fake, db)
    env["WHYNOT_BLUESKY_SERVICE"] = "http://127.0.0.1:9"  # nothing listens there
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "run",
        "--once",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=90)
    text = out.decode()
    assert proc.returncode == 1, text
    assert "Bluesky did not start" in text
    assert "Traceback" not in text
