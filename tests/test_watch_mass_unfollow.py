"""A follower list that shrinks by more than people do in one crawl is not read as that
many unfollows. An X archive months old seeding the first snapshot of a big account
(docs/operations.md suggests it), or a list X cut short, gave thousands of 'unfollows' at
once: each checked with a paid user read ($0.010: 20,000 of them $200, the month's budget
gone) and each posted to the team's feed, one message a person. Now a diff with more
unfollows than max(200, 2% of the previous list) keeps the new list as the baseline, says
once how many and why, and neither checks nor shows them; they stay in the database (set
aside as 'bulk'), and their return is not a wave of refollows."""

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
DAY = 86_400.0


class Looked(MemoryPlatform):
    """Counts the accounts looked up (a paid user read each on X)."""

    looked: int = 0

    async def lookup(self, ids):
        self.looked += len(ids)
        return await super().lookup(ids)


@pytest.fixture
async def world(tmp_path):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(Looked(owner=OWNER, name="x"), 3000)
    store = await Store.open(tmp_path / "w.db")
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    watch = Watch(store, desk, platform, XSettings(crawl_pages_per_cycle=15), clock=clock)
    yield platform, watch, clock
    await store.close()


async def two_crawls(platform, watch, clock, kept: int) -> None:
    assert (await watch.crawl()).finished
    platform.followers = platform.followers[:kept]
    clock.now += DAY + 60
    assert (await watch.crawl()).finished
    clock.now += DAY + 60  # settled


async def test_thousands_gone_at_once_are_neither_checked_nor_shown(world, caplog):
    platform, watch, clock = world
    caplog.set_level(logging.INFO, logger="whynot.watch")
    await two_crawls(platform, watch, clock, kept=1000)  # 2,000 of 3,000 "gone"
    assert await watch.announce() == []
    assert platform.looked == 0
    [line] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
              and "unfollows in one crawl" in r.getMessage()]  # fmt: skip
    assert "2,000 unfollows in one crawl" in line and "3,000 followers" in line
    assert "a list X cut short" in line and "($0.010 each on X)" in line


async def test_ordinary_unfollows_are_still_checked_and_shown(world):
    platform, watch, clock = world
    await two_crawls(platform, watch, clock, kept=2900)  # 100 gone: under 200
    outcomes = await watch.announce()
    assert len(outcomes) == 100 and platform.looked == 100


async def test_the_unfollows_set_aside_are_kept_and_their_return_is_no_refollow(world):
    platform, watch, clock = world
    everyone = list(platform.followers)
    await two_crawls(platform, watch, clock, kept=1000)
    events = await watch.store.followers.events("x", ("unfollow",))
    assert len(events) == 2000 and {status for _, _, status, _ in events} == {"bulk"}
    platform.followers = everyone  # the list was cut short: they were there all along
    assert (await watch.crawl()).finished
    clock.now += DAY + 60
    assert await watch.announce() == []  # no "they came back" for 2,000 people
    assert not await watch.store.followers.events("x", ("refollow",))


async def test_a_mass_is_set_aside_in_the_diff_itself(tmp_path):
    # No stop between the diff and setting the mass aside can leave them 'new' (to be
    # checked and announced): they are written 'bulk' in the diff's own transaction.
    store = await Store.open(tmp_path / "d.db")
    try:
        old = await store.followers.start_crawl("mastodon", "0", 1.0)
        await store.followers.add_page(old, [str(i) for i in range(500)], None, 2.0)
        new = await store.followers.start_crawl("mastodon", "0", 3.0)
        await store.followers.add_page(new, [str(i) for i in range(100)], None, 4.0)
        events = await store.followers.diff("mastodon", old, new, 5.0, most=200)
        assert events["bulk"] == 400 and events["unfollow"] == 0
        kept = await store.followers.events("mastodon", ("unfollow",))
        assert len(kept) == 400 and {status for _, _, status, _ in kept} == {"bulk"}
    finally:
        await store.close()


async def test_the_warning_names_the_network_and_prices_only_x(tmp_path, caplog):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(Looked(owner=OWNER, name="mastodon"), 3000)
    store = await Store.open(tmp_path / "m.db")
    desk = Desk(
        store, {"mastodon": platform}, ReplyRenderer(), build_owner_index(None), Settings(),
        clock=clock,
    )  # fmt: skip
    watch = Watch(store, desk, platform, Settings().mastodon, clock=clock)
    caplog.set_level(logging.INFO, logger="whynot.watch")
    try:
        await two_crawls(platform, watch, clock, kept=1000)
    finally:
        await store.close()
    [line] = [r.getMessage() for r in caplog.records if "unfollows in one crawl" in r.getMessage()]
    assert "a list Mastodon cut short" in line and "$" not in line
