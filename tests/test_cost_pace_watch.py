"""`bot.py cost` does not read the follower watch's crawl as a daily pace. The watch spends
in lumps, and never past `[x] watch_budget_usd` a month; the pace multiplied it by the
month. Before, a first day of $5.00 of crawl (the watch's whole month) and $0.35 of
mentions read "at this pace the month would take $113.30, more than the $50.00 budget:
lean from about Dec 11, spent by about Dec 14": a false alarm, on which an owner raises the
budget (and so the spend). Now the watch counts as at most its month's cap."""

from __future__ import annotations

from datetime import UTC, datetime

from whynot.cli.cost import projection, report
from whynot.spend import Budget
from whynot.store import Store

START = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
DAY = 86_400.0


def test_a_watch_at_its_cap_is_not_projected_as_a_pace():
    # 1.5 days: $5.00 of crawl (its cap) and $0.351 of the rest: $7.25 for the rest of 31 days
    line = projection(5.351, 50.0, START, START + 1.5 * DAY, watch=5.0, watch_cap=5.0)
    assert line == "  at this pace the month ends near $12.25"


def test_a_cheap_watch_still_counts_at_its_pace():
    # $0.20 of crawl a day (a small account crawled daily) stays under its $10 cap: $6.20
    line = projection(0.4, 50.0, START, START + 2 * DAY, watch=0.4, watch_cap=10.0)
    assert line == "  at this pace the month ends near $6.20"


def test_answers_past_the_budget_still_say_when_the_money_ends():
    # $5 of crawl, then $2 a day of answers in a $20 month: $5 + $62
    line = projection(9.0, 20.0, START, START + 2 * DAY, watch=5.0, watch_cap=5.0)
    assert line.startswith("  at this pace the month would take $67.00, more than the $20.00")
    assert "lean from about Dec 06, spent by about Dec 08" in line


async def test_the_report_reads_the_watchs_cap(tmp_path):
    store = await Store.open(tmp_path / "cost.db")
    try:
        budget = Budget(store, 50.0, watch_usd=5.0)
        crawl = [str(i) for i in range(5000)]
        await budget.charge_reads("own_follower_read", crawl, "crawl", START)
        await budget.charge_reads("post_read", [str(i) for i in range(70)], "posts", START)
    finally:
        await store.close()
    lines = await report(tmp_path / "cost.db", 50.0, START + 1.5 * DAY, watch_cap=5.0)
    assert "  at this pace the month ends near $12.23" in lines, lines  # $5 + $0.35 / 1.5 x 31
