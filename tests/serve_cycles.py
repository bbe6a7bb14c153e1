"""`bot.py run`'s loop (`serve`) for a few cycles in a test: something is done to a fake
service after the first cycle (a token revoked, an outage), and the bot's own log lines
are read as the owner would (`said`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from whynot.cli.run import serve
from whynot.config import Settings


class Stop(Exception):
    pass


async def serve_cycles(
    settings: Settings, poll_seconds: float, after_first: Callable[[], None], cycles: int
) -> None:
    """Serve until `cycles` cycles (sleeps of `poll_seconds`) have ended, calling
    `after_first` when the first ends."""
    done: list[float] = []

    async def sleep(seconds: float) -> None:
        if seconds == poll_seconds:  # a cycle ended
            done.append(seconds)
            if len(done) == 1:
                after_first()
            if len(done) == cycles:
                raise Stop
        await asyncio.sleep(0)

    with contextlib.suppress(Stop):
        await asyncio.wait_for(serve(settings, once=False, dry_run=False, sleep=sleep), 60)


def said(caplog, level: int = logging.INFO) -> list[logging.LogRecord]:
    """The bot's own log records at `level` or above."""
    return [r for r in caplog.records if r.name.startswith("whynot") and r.levelno >= level]


def fix_once_then_quietly(caplog, step: str, failures: int) -> list[str]:
    """A refusal only the owner can end, as the run tells it: one line each cycle `step`
    ("x mentions") fails, a warning first, then info lines, none with a traceback.
    Returns the lines, the warning first, for the fix each platform names."""
    failed = [r for r in said(caplog) if f"{step} failed" in r.getMessage()]
    assert len(failed) == failures, [r.getMessage() for r in failed]  # one line a cycle
    first, *rest = failed
    assert first.levelno == logging.WARNING
    assert all(r.levelno == logging.INFO for r in rest), [r.levelname for r in rest]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in said(caplog))
    return [r.getMessage() for r in failed]
