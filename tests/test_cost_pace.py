"""`bot.py cost` projects the month's X spend as the bot will spend it: never past the
budget. Before, 14 answers on the first day of a $1.50 month read "at this pace the month
ends near $40.29", and a paused X (`monthly_budget_usd = 0`) read "mode: exhausted"."""

from __future__ import annotations

from datetime import UTC, datetime

from whynot.cli.cost import projection, report
from whynot.spend import Budget
from whynot.store import Store

START = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
DAY = 86_400.0


def test_a_pace_within_the_budget_is_the_months_end():
    assert projection(2.0, 50.0, START, START + 2 * DAY) == (
        "  at this pace the month ends near $31.00"
    )


def test_a_pace_past_the_budget_says_when_lean_starts_and_the_money_ends():
    # $2 a day in a $20.00 month of 31 days: lean at $15 (Dec 08), spent at $20 (Dec 11)
    line = projection(4.0, 20.0, START, START + 2 * DAY)
    assert line == (
        "  at this pace the month would take $62.00, more than the $20.00 budget: lean from "
        "about Dec 08, spent by about Dec 11 (then no paid call until next month, or until "
        "the budget is raised)"
    )


def test_too_early_and_paused_project_nothing():
    assert projection(1.0, 20.0, START, START + 3600) == (
        "  too early in the month to project its end"
    )
    assert projection(1.0, 0.0, START, START + 5 * DAY) == (
        "  X is paused: nothing more is spent this month"
    )


async def test_a_paused_x_is_called_paused_not_exhausted(tmp_path):
    store = await Store.open(tmp_path / "cost.db")
    try:
        await Budget(store, 20.0).charge_reads("post_read", ["1", "2"], "posts", START)
    finally:
        await store.close()
    lines = await report(tmp_path / "cost.db", 0.0, START + 3 * DAY)
    [total] = [line for line in lines if line.startswith("  total")]
    assert total.endswith("mode: paused, [x] monthly_budget_usd is 0: X is not called)")
    assert "exhausted" not in "\n".join(lines)


def test_nothing_spent_after_a_day_is_a_month_of_nothing():
    # not "too early": a day has passed, and nothing was spent in it
    assert projection(0.0, 20.0, START, START + 3 * DAY) == (
        "  at this pace the month ends near $0.00"
    )
