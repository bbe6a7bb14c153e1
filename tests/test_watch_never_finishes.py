"""A follower crawl that would take months is not paid for. Before, an account of 400,000
followers with the watch on and the default `[x] watch_budget_usd = 5` read 5,000 followers
($5.00) a month, every month, towards a crawl of $400.00 that would be complete after
80 months: the money bought nothing (no snapshot, so no unfollow ever found). Now the
watch reads no page and says once what a crawl costs and what to change."""

from __future__ import annotations

import logging

import pytest
from factories import Clock, followed_by

from scoring import build_owner_index
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.models import Identity
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.watch import Watch

OWNER = Identity("x", "0", "owner")


class Counted(MemoryPlatform):
    """Counts the follower pages read (each one paid on X)."""

    pages_read: int = 0

    async def follower_ids(self, cursor):
        self.pages_read += 1
        return await super().follower_ids(cursor)


@pytest.fixture
async def world(tmp_path):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(Counted(owner=OWNER, name="x"), 2500)
    store = await Store.open(tmp_path / "w.db")
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )

    def watch(**x: float) -> Watch:
        return Watch(store, desk, platform, XSettings(watch_followers=True, **x), clock=clock)

    yield platform, watch, clock
    await store.close()


def lines(caplog, level: int) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "whynot.watch" and r.levelno == level
    ]


async def test_a_crawl_dearer_than_a_months_watch_budget_reads_nothing(world, caplog):
    platform, watch, clock = world
    platform.followers_count = 400_000  # as X's /2/users/me tells it
    caplog.set_level(logging.INFO, logger="whynot.watch")
    same = watch(watch_budget_usd=5.0, monthly_budget_usd=50.0)
    for _ in range(3):  # three cycles of one service
        clock.now += 120
        report = await same.crawl()
        assert report.pages == 0 and report.paused
    assert platform.pages_read == 0
    [line] = lines(caplog, logging.WARNING)  # once, not once a cycle
    assert "400,000 followers" in line and "$400.00" in line
    assert "$5.00 a month ([x] watch_budget_usd)" in line and "would take 80 months" in line
    assert "watch_followers = false" in line


async def test_three_quarters_of_the_monthly_budget_is_the_watchs_ceiling_too(world, caplog):
    # The crawl stops at the lean line (a quarter of the month left): $75 of $100.
    platform, watch, _ = world
    platform.followers_count = 100_000  # $100.00 a crawl
    caplog.set_level(logging.INFO, logger="whynot.watch")
    report = await watch(watch_budget_usd=500.0, monthly_budget_usd=100.0).crawl()
    assert report.pages == 0 and platform.pages_read == 0
    [line] = lines(caplog, logging.WARNING)
    assert "$100.00" in line and "$75.00 a month" in line and "monthly_budget_usd" in line


async def test_a_crawl_within_the_budget_goes_on_as_before(world, caplog):
    platform, watch, _ = world
    platform.followers_count = 2_500  # $2.50 a crawl, within $5.00
    caplog.set_level(logging.INFO, logger="whynot.watch")
    report = await watch(watch_budget_usd=5.0, monthly_budget_usd=50.0).crawl()
    assert report.finished and report.ids == 2_500
    assert not any("would take" in line for line in lines(caplog, logging.WARNING))


async def test_a_crawl_begun_before_is_not_continued_either(world, caplog):
    # A crawl an older version began (or begun before the account grew) is left where it is.
    platform, watch, clock = world
    platform.followers_count = 2_500
    first = await watch(watch_budget_usd=5.0, crawl_pages_per_cycle=1).crawl()
    assert first.pages == 1 and not first.finished
    platform.followers_count = 400_000
    clock.now += 120
    report = await watch(watch_budget_usd=5.0, crawl_pages_per_cycle=1).crawl()
    assert report.pages == 0 and platform.pages_read == 1


async def test_the_cost_line_says_how_many_crawls_the_cap_pays_for(world, caplog):
    # 400,000 followers with $1,000 a month: 2 crawls, not the 30 'every 24 hours' reads as.
    platform, watch, _ = world
    platform.followers_count = 400_000
    caplog.set_level(logging.INFO, logger="whynot.watch")
    platform.followers = platform.followers[:10]  # a short list: one page ends the crawl
    await watch(watch_budget_usd=1000.0, monthly_budget_usd=2000.0).crawl()
    [line] = lines(caplog, logging.WARNING)
    assert "([x] watch_budget_usd): that pays for 2 crawls a month, not daily;" in line


async def test_a_cap_that_pays_for_every_crawl_adds_nothing(world, caplog):
    platform, watch, _ = world
    platform.followers_count = 2_500  # $2.50 a crawl, 30 a month = $75
    caplog.set_level(logging.INFO, logger="whynot.watch")
    await watch(watch_budget_usd=100.0, monthly_budget_usd=200.0).crawl()
    [line] = lines(caplog, logging.WARNING)
    assert "at most $100.00 a month ([x] watch_budget_usd); each unfollow" in line
