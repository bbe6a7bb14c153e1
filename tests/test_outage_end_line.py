"""The end of an outage is said (fourth walkthrough: X answering 503, then the network
gone, then back). A running bot logged each failed cycle ("x mentions failed: X
unavailable ...") and then nothing once X answered again: reading the journal, the owner
could not tell a bot that had recovered from one that had stopped trying."""

from __future__ import annotations

import logging

from whynot.cli.run import _step
from whynot.cli.run_report import FAILING
from whynot.platform import PlatformError


async def test_a_step_working_again_after_failures_says_so_once(caplog):
    FAILING.clear()
    answers: list[BaseException | None] = [
        PlatformError("X unavailable"),
        PlatformError("X unavailable"),
        None,
        None,
    ]

    async def poll() -> list[object]:
        fault = answers.pop(0)
        if fault is not None:
            raise fault
        return []

    caplog.set_level(logging.INFO, logger="whynot.run")
    assert [await _step("x mentions", poll) for _ in range(4)] == [False, False, True, True]
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "whynot.run"]
    assert lines[:2] == [("WARNING", "x mentions failed: X unavailable")] * 2
    [(level, back)] = lines[2:]  # the fourth cycle says nothing: nothing new
    assert level == "WARNING" and back.startswith("x mentions works again, after 2 failed cycles")


async def test_a_step_that_never_failed_says_nothing_more(caplog):
    FAILING.clear()

    async def poll() -> list[object]:
        return []

    caplog.set_level(logging.INFO, logger="whynot.run")
    assert await _step("x mentions", poll)
    assert [r for r in caplog.records if r.name == "whynot.run"] == []
