"""Exactly-once under SIGKILL: a bot answering 200 queued mentions is killed at random
points (12 times; `WHYNOT_KILLS=100` for a soak run outside CI) and restarted; every
mention is answered exactly once, none is lost, and the database stays intact. The killed
processes are forks of one that has imported the bot (kill_runner --forks); the last run,
which must finish the queue, is a new interpreter."""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.faults.kill_runner import MENTIONS

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("WHYNOT_KILLS", "12"))


def start(db: Path, outbox: Path, *mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill_runner", *mode, str(db), str(outbox)],
        cwd=ROOT,
        stdin=subprocess.PIPE if mode else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=bool(mode),
    )


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:  # ended, and its parent (the fork server) has collected it
        return False
    return True


def answered(outbox: Path) -> collections.Counter:
    if not outbox.exists():
        return collections.Counter()
    return collections.Counter(
        json.loads(line)["to"] for line in outbox.read_text().splitlines() if line.strip()
    )


def test_sigkill_at_random_points_never_loses_or_doubles_a_reply(tmp_path):
    db, outbox = tmp_path / "bot.db", tmp_path / "outbox.jsonl"
    rng = random.Random(7)
    kills = 0
    server = start(db, outbox, "--forks")
    try:
        for _ in range(KILLS):
            server.stdin.write("start\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            # wait until it is answering (a few replies out), then kill at a random moment
            deadline = time.monotonic() + 20
            before = sum(answered(outbox).values())
            while sum(answered(outbox).values()) == before and running(pid):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.15))
            if running(pid):
                os.kill(pid, signal.SIGKILL)
            ended = int(server.stdout.readline())  # its exit status, once collected
            kills += ended == -signal.SIGKILL
            if len(answered(outbox)) >= MENTIONS:
                break
    finally:
        server.stdin.close()
        assert server.wait(timeout=30) == 0, server.stderr.read()[-2000:]
    final = start(db, outbox)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err.decode()[-2000:]
    counts = answered(outbox)
    assert kills >= KILLS - 2, f"the run should have been killed {KILLS} times, was {kills}"
    assert len(counts) == MENTIONS, f"lost {MENTIONS - len(counts)} mentions"
    assert max(counts.values()) == 1, f"double replies: {[k for k, v in counts.items() if v > 1]}"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        states = dict(con.execute("SELECT state, COUNT(*) FROM messages GROUP BY state"))
        recovered = con.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'recover'"
        ).fetchone()[0]
    assert states == {"sent": MENTIONS}
    print(f"killed {kills} times; replies settled after a kill mid-reply: {recovered}")
