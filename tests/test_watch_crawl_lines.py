"""What the follower crawl says at info: before, nothing. A crawl killed at 2,000 of
2,500 followers resumed at the next start without a word, and nothing said when it was
done. Now one line when a crawl a previous process left is resumed, one when a crawl is
complete (how many, how long), and no line a page or a cycle."""

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
from whynot.replies import ReplyRenderer
from whynot.spend import OverBudget
from whynot.store import Store
from whynot.watch import Watch

OWNER = Identity("x", "0", "owner")


class Killed(MemoryPlatform):
    """Serves `pages` follower pages, then fails (the process killed mid-crawl)."""

    pages: int | None = None
    broke: bool = False  # the monthly budget running low

    async def follower_ids(self, cursor):
        if self.broke:
            raise OverBudget("the monthly budget is running low; follower crawl paused")
        if self.pages is not None:
            if self.pages == 0:
                raise PlatformError("killed")
            self.pages -= 1
        return await super().follower_ids(cursor)


@pytest.fixture
async def world(tmp_path):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(Killed(owner=OWNER, name="x"), 2500)
    platform.followers_count = 2500  # as X's /2/users/me tells it
    store = await Store.open(tmp_path / "w.db")
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )

    def watch(pages_per_cycle: int = 15) -> Watch:  # a new process's watch
        return Watch(
            store, desk, platform, XSettings(crawl_pages_per_cycle=pages_per_cycle), clock=clock
        )

    yield platform, watch, clock
    await store.close()


def info(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "whynot.watch" and r.levelno == logging.INFO
    ]


async def test_a_crawl_resumed_at_the_next_start_says_so_and_says_when_done(world, caplog):
    platform, watch, clock = world
    caplog.set_level(logging.INFO, logger="whynot.watch")
    platform.pages = 2  # 2,000 followers read, then the process is killed
    with pytest.raises(PlatformError):
        await watch().crawl()
    assert info(caplog) == []  # no line a page
    platform.pages = None
    clock.now += 3 * 3600 + 10 * 60  # the next start, 3 h 10 min after the crawl began
    report = await watch().crawl()
    assert report.finished
    assert info(caplog) == [
        "follower crawl resumed at 2,000 of ~2,500 followers",
        "follower crawl complete: 2,500 followers in 3 h 10 min",
    ]


async def test_a_crawl_over_cycles_of_one_process_is_two_lines_at_most(world, caplog):
    platform, watch, clock = world
    caplog.set_level(logging.INFO, logger="whynot.watch")
    same = watch(pages_per_cycle=1)
    platform.pages = 1
    with pytest.raises(PlatformError):  # a fault in the second cycle: the crawl keeps its place
        for _ in range(2):
            await same.crawl()
    platform.pages = None
    for _ in range(2):
        clock.now += 120
        report = await same.crawl()
    assert report.finished
    assert info(caplog) == ["follower crawl complete: 2,500 followers in 4 min"]


async def test_a_crawl_waiting_for_money_says_so_once_a_pause(world, caplog):
    # Before: "follower crawl paused: ..." at info every cycle while out of money.
    platform, watch, clock = world
    caplog.set_level(logging.INFO, logger="whynot.watch")
    same = watch(pages_per_cycle=1)
    platform.broke = True
    for _ in range(3):
        clock.now += 120
        assert (await same.crawl()).paused
    platform.broke = False
    clock.now += 120
    assert (await same.crawl()).pages == 1
    platform.broke = True
    clock.now += 120
    await same.crawl()
    paused = "follower crawl paused: the monthly budget is running low; follower crawl paused"
    assert info(caplog) == [paused, paused]  # once for each pause
