"""The line `bot.py run` logs per step counts a question kept for when money (or write
access) is back as waiting, not as failed. Before, a cycle that ran out of budget said
"x mentions: 18 done (9 failed, 5 sent, 4 skipped)" right above "9 replies waiting for
money ...", and exited 0: the owner read nine failures that were nine waits."""

from __future__ import annotations

from whynot.cli.run_report import report
from whynot.models import (
    WAITING_FOR_ACCESS,
    WAITING_FOR_MONEY,
    Identity,
    Mention,
    Outcome,
    ReplyState,
)

ASKER = Identity("x", "7", "ana", "Ana")
BROKE = f"{WAITING_FOR_MONEY}: 1 user_read ($0.010) would pass the monthly budget of $0.60"


def outcome(number: int, state: ReplyState, reason: str = "") -> Outcome:
    mention = Mention("x", str(number), ASKER, "@owner why didn't you follow me back?")
    return Outcome(mention, state, reason, "why_not_followed")


def step_line(caplog, results: list[Outcome]) -> tuple[bool, str]:
    with caplog.at_level("INFO", logger="whynot.run"):
        ok = report("x mentions", results)
    return ok, caplog.records[0].getMessage()


def test_questions_waiting_for_money_are_counted_as_waiting(caplog):
    results = [
        outcome(1, ReplyState.SENT),
        outcome(2, ReplyState.FAILED, BROKE),
        outcome(3, ReplyState.FAILED, f"attempt 2: {BROKE}"),
        outcome(4, ReplyState.SKIPPED, "not a question this bot answers"),
    ]
    ok, line = step_line(caplog, results)
    assert line == "x mentions: 4 done (1 sent, 1 skipped, 2 waiting for money)"
    assert ok  # a wait, not a failure: cron's exit stays 0


def test_write_access_waits_and_real_failures_are_told_apart(caplog):
    results = [
        outcome(1, ReplyState.FAILED, f"{WAITING_FOR_ACCESS}: X forbade /2/tweets"),
        outcome(2, ReplyState.FAILED, "attempt 4: X unavailable for /2/tweets: 503"),
    ]
    ok, line = step_line(caplog, results)
    assert line == "x mentions: 2 done (1 failed, 1 waiting for write access)"
    assert not ok
