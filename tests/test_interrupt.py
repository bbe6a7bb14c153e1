"""Ctrl-C at any moment ends `bot.py` with status 130 and no traceback: while Python is
still importing the command (before any command's own handling), and while the database
is being opened (aiosqlite's worker thread must not outlive the event loop)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import whynot.store.db as store_db

ROOT = Path(__file__).resolve().parent.parent

# bot.py run as `python bot.py run`, with Ctrl-C arriving while whynot.cli is imported.
INTERRUPTED_IMPORT = """
import builtins, runpy, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name == "whynot.cli":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
sys.argv = ["bot.py", "run"]
runpy.run_path("bot.py", run_name="__main__")
"""


def test_ctrl_c_while_importing_is_status_130_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr


async def test_cancelled_while_migrating_leaves_no_worker_thread(tmp_path, monkeypatch):
    async def interrupted(*_args: object, **_kwargs: object) -> None:
        raise asyncio.CancelledError  # what asyncio.run delivers on Ctrl-C

    monkeypatch.setattr(store_db, "migrate", interrupted)
    before = set(threading.enumerate())
    with pytest.raises(asyncio.CancelledError):
        await store_db.connect(tmp_path / "whynot.db")
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []  # else it answers into the closed loop: "Event loop is closed"


async def test_cancelled_while_connecting_leaves_no_worker_thread(tmp_path):
    before = set(threading.enumerate())
    task = asyncio.create_task(store_db.connect(tmp_path / "whynot.db"))
    for _ in range(200):  # until aiosqlite's worker thread is connecting
        await asyncio.sleep(0)
        if set(threading.enumerate()) - before:
            break
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []
