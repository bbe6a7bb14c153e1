"""A big account's follower crawl meets the platform's rate limit on purpose: X serves 15
follower pages per 15 minutes, and a crawl of 40,000 followers is 40 pages. Before, each
cycle inside the window (every 2 minutes in a service) was a warning, `follower crawl
failed: rate limited on /2/users/:id/followers until ...`, and `run --once` exited 1 (cron
mailed every 5 minutes) for the hours a crawl takes, while nothing had failed. Now a page
refused for the rate limit ends the cycle's crawl where it is, quietly; it goes on after
the window's reset."""

from __future__ import annotations

import logging

import pytest
from factories import Clock, followed_by

from scoring import build_owner_index
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.models import Identity
from whynot.platform import PlatformError
from whynot.platforms.memory import MemoryPlatform
from whynot.platforms.x_http import RateLimited
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.watch import Watch

OWNER = Identity("x", "0", "owner")


class Windowed(MemoryPlatform):
    """Serves `per_window` follower pages, then refuses them until the window is reset."""

    per_window: int = 2
    left: int = 2
    broken: bool = False  # a fault that is not the rate limit

    async def follower_ids(self, cursor):
        if self.broken:
            raise PlatformError("X unavailable for /2/users/:id/followers: 503")
        if self.left == 0:
            raise RateLimited("/2/users/:id/followers", 1_800_000_900.0)
        self.left -= 1
        return await super().follower_ids(cursor)


@pytest.fixture
async def world(tmp_path):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(Windowed(owner=OWNER, name="x"), 5_000)  # 5 pages
    store = await Store.open(tmp_path / "w.db")
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    watch = Watch(
        store, desk, platform, XSettings(watch_followers=True, crawl_pages_per_cycle=15),
        clock=clock,
    )  # fmt: skip
    yield platform, watch, clock
    await store.close()


async def test_a_crawl_at_the_rate_limit_waits_without_failing(world, caplog):
    platform, watch, clock = world
    caplog.set_level(logging.INFO)
    first = await watch.crawl()  # 2 pages, then the window is used up
    assert first.pages == 2 and not first.finished
    for _ in range(3):  # the cycles inside the window: nothing read, nothing failed
        clock.now += 120
        assert (await watch.crawl()).pages == 0
    platform.left = platform.per_window  # the window's reset
    clock.now += 600
    assert (await watch.crawl()).pages == 2
    platform.left = platform.per_window
    clock.now += 900
    last = await watch.crawl()
    assert last.finished and last.ids == 1_000
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not any("rate limit" in line for line in loud), loud


async def test_another_fault_still_fails_the_step(world):
    platform, watch, _ = world
    platform.broken = True
    with pytest.raises(PlatformError):
        await watch.crawl()
