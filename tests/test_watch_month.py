"""The follower watch's month of money is one figure: what the run lets it spend
(`Budget.affordable`: its own cap, never past the lean line at 3/4 of the monthly budget),
and what `init`, `bot.py cost` and the watch's first line say. Before, with `[x]
watch_budget_usd` above 3/4 of `monthly_budget_usd` ($18.00 of $20.00), the run stopped the
watch at $15.00 while `init` said "up to $18.00 a month ... $2.00 is left for answers", the
watch said "at most $18.00 a month" and `cost` projected the watch's month at $18.00."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from types import SimpleNamespace

from cli_capture import bot
from factories import Clock, followed_by

from scoring import build_owner_index
from whynot.cli import cost
from whynot.cli.init_cost import watch_cost_line
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.models import Identity
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.spend import PRICES, WATCH_KIND, Budget
from whynot.store import Store
from whynot.watch import Watch

MONTHLY, WATCH = 20.0, 18.0  # the watch's cap above the lean line ($15.00)
START = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
DAY = 86_400.0


async def enforced(store: Store) -> float:
    """The most the run's budget lets the follower watch read in a fresh month, in dollars."""
    budget = Budget(store, MONTHLY, watch_usd=WATCH)  # as `bot.py run` makes it
    units = await budget.affordable(WATCH_KIND, 10**6, 1, START)
    return units * PRICES[WATCH_KIND]


async def test_init_and_the_watch_state_what_the_run_enforces(tmp_path, caplog):
    store = await Store.open(tmp_path / "bot.db")
    try:
        month = await enforced(store)
        assert month < WATCH  # the lean line, not the watch's own cap, is what binds
        x = XSettings(monthly_budget_usd=MONTHLY, watch_budget_usd=WATCH, watch_followers=True)

        line = watch_cost_line(Settings(x=x))  # init
        assert line is not None
        assert f"up to ${month:.2f} a month" in line
        assert f"${MONTHLY - month:.2f} is left for mentions and answers" in line
        # more followers need both limits raised: past the lean line, the watch's own cap
        assert "monthly_budget_usd to your follower count x $0.001 / 0.75 and " in line
        assert "watch_budget_usd to at least your follower count x $0.001" in line

        # the watch's line before its first crawl
        platform = followed_by(MemoryPlatform(owner=Identity("x", "0", "owner"), name="x"), 20)
        platform.followers_count = 20
        desk = Desk(store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings())
        caplog.set_level(logging.INFO, logger="whynot.watch")
        await Watch(store, desk, platform, x, clock=Clock(START)).crawl()
        [said] = [r.getMessage() for r in caplog.records if "each crawl reads" in r.getMessage()]
        assert f"at most ${month:.2f} a month" in said
    finally:
        await store.close()


def test_cost_projects_the_watch_at_what_the_run_enforces(tmp_path, monkeypatch):
    db = tmp_path / "bot.db"

    async def first_day() -> float:  # the watch's whole month spent on the month's first day
        store = await Store.open(db)
        try:
            month = await enforced(store)
            crawl = [str(i) for i in range(round(month / PRICES[WATCH_KIND]))]
            await Budget(store, MONTHLY).charge_reads(WATCH_KIND, crawl, "crawl", START)
            return month
        finally:
            await store.close()

    month = asyncio.run(first_day())
    config = tmp_path / "config.toml"
    config.write_text(f"[x]\nmonthly_budget_usd = {MONTHLY}\nwatch_budget_usd = {WATCH}\n")
    now = SimpleNamespace(time=lambda: START + 2 * DAY, strftime=time.strftime, gmtime=time.gmtime)
    monkeypatch.setattr(cost, "time", now)  # two days into the month
    code, out, err = bot("cost", "--config", str(config), "--db", str(db))
    assert code == 0, err
    assert f"  at this pace the month ends near ${month:.2f}" in out.splitlines(), out


async def test_a_watch_given_no_money_says_so_and_does_not_fail(tmp_path, caplog):
    # `[x] watch_budget_usd = 0` with the watch on: before, each cycle's crawl failed on
    # a division by the watch's month ($0.00) and the warning never came.
    store = await Store.open(tmp_path / "bot.db")
    try:
        platform = followed_by(MemoryPlatform(owner=Identity("x", "0", "owner"), name="x"), 20)
        platform.followers_count = 20
        desk = Desk(store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings())
        x = XSettings(monthly_budget_usd=MONTHLY, watch_budget_usd=0.0, watch_followers=True)
        caplog.set_level(logging.INFO, logger="whynot.watch")
        report = await Watch(store, desk, platform, x, clock=Clock(START)).crawl()
        assert report.pages == 0 and "so each crawl would take forever" in report.paused
        [said] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert "more than the $0.00 a month ([x] watch_budget_usd) the watch may spend" in said
    finally:
        await store.close()
