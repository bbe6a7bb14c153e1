"""The monthly budget as the README promises it: "never passes monthly_budget_usd: below a
quarter of the budget left it goes lean (5 posts per asker, no follower crawl), and when
the money is gone it answers from cached snapshots only". The quarter and the 5 posts are
written here from the README, not imported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from whynot.spend import Budget, Mode, OverBudget
from whynot.store import Store

README_LEAN_SHARE = 0.25  # "below a quarter of the budget left"
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "spend.db")
    yield s
    await s.close()


async def spend(store: Store, usd: float, at: float = NOW) -> None:
    await store.spend.record("x", "post_read", 1, usd, "test", at)


@pytest.mark.parametrize(
    ("spent", "mode"),
    [
        (0.0, Mode.NORMAL),
        (100 * (1 - README_LEAN_SHARE) - 1, Mode.NORMAL),  # 26% left
        (100 * (1 - README_LEAN_SHARE) + 1, Mode.LEAN),  # 24% left
        (99.0, Mode.LEAN),
        (100.0, Mode.EXHAUSTED),
    ],
)
async def test_lean_below_a_quarter_left_exhausted_at_nothing(store, spent, mode):
    budget = Budget(store, 100.0)
    if spent:
        await spend(store, spent)
    assert await budget.mode(NOW) is mode


async def test_the_quarter_is_of_the_budget_whatever_its_size(store):
    budget = Budget(store, 8.0)  # a small budget: a quarter is $2
    await spend(store, 6.5)  # $1.50 left
    assert await budget.mode(NOW) is Mode.LEAN


async def test_last_month_spending_does_not_count(store):
    budget = Budget(store, 100.0)
    last_month = datetime(2026, 10, 31, 23, 0, tzinfo=UTC).timestamp()
    await spend(store, 90.0, last_month)
    assert await budget.mode(NOW) is Mode.NORMAL
    assert await budget.spent(NOW) == 0.0


async def test_a_call_that_would_pass_the_budget_is_refused_one_that_reaches_it_is_not(store):
    budget = Budget(store, 1.0)
    await spend(store, 0.95)
    await budget.allow("post_read", 10, NOW)  # exactly $1.00 in all: allowed
    with pytest.raises(OverBudget):
        await budget.allow("post_read", 11, NOW)  # $1.005


async def test_less_than_a_page_left_buys_a_smaller_page_not_none(store):
    # A page of mentions is 100 posts ($0.50): with $0.12 left the bot reads 24 rather
    # than none (before, every poll of the month's last $0.50 was refused); below the
    # least X serves (5), it is refused and says what to do.
    budget = Budget(store, 1.0)
    await spend(store, 0.88)
    assert await budget.affordable("post_read", 100, 5, NOW) == 24
    assert await budget.affordable("post_read", 10, 5, NOW) == 10
    await spend(store, 0.1)  # $0.02 left: 4 posts, fewer than X's least page
    with pytest.raises(OverBudget, match=r"raise \[x\] monthly_budget_usd"):
        await budget.affordable("post_read", 100, 5, NOW)


async def test_the_follower_watch_buys_what_its_own_cap_still_allows(store):
    # A page of followers reserved a full 1,000 ($1.00) whatever it returned: a $1 watch of
    # 200 followers ($0.20 a crawl) was paused after its first crawl, saying it had spent
    # $0.20 of its $1.00. Now a page asks for what the watch's cap (and the month) allow.
    budget = Budget(store, 20.0, watch_usd=1.0)
    await store.spend.record("x", "own_follower_read", 200, 0.2, "crawl", NOW)
    assert await budget.affordable("own_follower_read", 1000, 1, NOW) == 800
    await store.spend.record("x", "own_follower_read", 800, 0.8, "crawl", NOW)
    with pytest.raises(OverBudget, match="watch_budget_usd"):
        await budget.affordable("own_follower_read", 1000, 1, NOW)
    # The month is the nearer cap: the crawl stops at the lean line (a quarter left), so a
    # page no longer takes the month below it after the mode check said "normal".
    tight = Budget(store, 2.0, watch_usd=5.0)  # $1.00 spent; lean below $0.50 left
    assert await tight.mode(NOW) is Mode.NORMAL
    assert await tight.affordable("own_follower_read", 1000, 1, NOW) == 500  # to $0.50 left
    await tight.charge_reads("own_follower_read", [str(i) for i in range(500)], "page", NOW)
    assert await tight.mode(NOW) is Mode.NORMAL
    with pytest.raises(OverBudget, match="follower crawl paused"):
        await tight.affordable("own_follower_read", 1000, 1, NOW)


@pytest.mark.parametrize(("monthly", "charges"), [(5.0, (4.9, 0.07)), (20.0, (19.7, 0.03))])
async def test_the_page_bought_with_what_is_left_is_one_the_budget_allows(
    store, monthly, charges
):
    # Dollars are floats: $5 - ($4.90 + $0.07) is $0.0299999999999994, and 6 posts ($0.03)
    # then sum to $5.000000000000001, which `allow` refuses. The page is the most that
    # `allow` takes, not one it refuses while a smaller one fits.
    budget = Budget(store, monthly)
    for usd in charges:
        await spend(store, usd)
    size = await budget.affordable("post_read", 100, 5, NOW)
    await budget.allow("post_read", size, NOW)
    with pytest.raises(OverBudget):
        await budget.allow("post_read", size + 1, NOW)


async def test_follower_reads_cost_what_the_readme_says(store):
    # README, "What X costs": "$0.010 per follower returned".
    budget = Budget(store, 100.0)
    await budget.charge("follower_read", 1000, "followers page", NOW)
    assert await budget.spent(NOW) == pytest.approx(10.0)


async def test_a_clock_set_a_month_ahead_gets_no_fresh_budget_and_is_told_once(store, caplog):
    # X's answers carry the true date; this clock says a month later: the month's spend is
    # still the month of X's date, not a new month's empty one.
    await spend(store, 9.5)
    month = 31 * 86_400.0
    budget = Budget(store, 10.0, skew=lambda: month)
    with caplog.at_level("WARNING", logger="whynot.spend"):
        with pytest.raises(OverBudget):
            await budget.allow("user_read", 100, NOW + month)
        assert await budget.spent(NOW + month) == pytest.approx(9.5)
    [line] = [r.getMessage() for r in caplog.records if "clock" in r.getMessage()]
    assert "31.0 days ahead of X's" in line and "set the clock right" in line


async def test_a_few_minutes_off_x_still_counts_by_this_clock(store):
    # A minute past midnight on 1 December by this clock, two minutes ahead of X's: X's
    # date is still November, but a skew that small is not a wrong clock, so the month
    # is December and November's last spend (a minute before midnight) is not in it.
    december = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    await spend(store, 9.5, at=december - 60)
    budget = Budget(store, 10.0, skew=lambda: 120.0)
    assert await budget.spent(december + 60) == 0.0


async def test_a_clock_set_a_month_behind_counts_what_it_spends(store):
    # Charges are dated by X's date too: dated by this clock, a month behind, they fell
    # before the month counted, and the budget never ran out.
    month = 31 * 86_400.0
    budget = Budget(store, 10.0, skew=lambda: -month)
    await budget.charge("user_read", 950, "reads", NOW - month)
    assert await budget.spent(NOW - month) == pytest.approx(9.5)
    with pytest.raises(OverBudget):
        await budget.allow("user_read", 100, NOW - month)


async def test_a_clock_set_a_month_behind_counts_what_it_reads(store):
    # Most of X's spend is reads (posts, users by id), charged by charge_reads: dated by this
    # clock, a month behind, they too fell before the month counted.
    month = 31 * 86_400.0
    budget = Budget(store, 10.0, skew=lambda: -month)
    users = [str(i) for i in range(950)]
    assert await budget.charge_reads("user_read", users, "askers", NOW - month) == 950
    assert await budget.spent(NOW - month) == pytest.approx(9.5)
    with pytest.raises(OverBudget):
        await budget.allow("user_read", 100, NOW - month)
