"""A watch cycle with many follower events tells the feed one digest per platform and kind
(whynot.follow_feed), and the run's log one line each, instead of one post and one line
per event (300 a day for an owner of 400,000 followers on X). No event is lost and none is
told twice: an event only shown is marked 'shown' right before the digest that shows it, so
a crash before that digest leaves it for the next cycle, and one after it never repeats it."""

from __future__ import annotations

import logging

import pytest
from factories import Clock, followed_by

from scoring import build_owner_index
from whynot.cli.run_report import report
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.follow_feed import DIGEST_OVER, NOTICES_OFF, Digest
from whynot.models import Identity
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.watch import Watch

DAY = 86_400.0
NOW = 1_800_000_000.0


class Crash(BaseException):
    """Stands for the process dying (nothing handles it)."""


@pytest.fixture
async def world(tmp_path):
    platform = followed_by(MemoryPlatform(owner=Identity("x", "owner", "owner"), name="x"), 40)
    store = await Store.open(tmp_path / "w.db")
    clock = Clock(NOW)
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    posts, digests = [], []

    async def post(outcome):
        posts.append(outcome)

    async def digest(d: Digest):
        digests.append(d)

    desk.subscribe(post)
    desk.digests.subscribe(digest)
    yield store, desk, platform, clock, posts, digests
    await store.close()


async def events(store, unfollows: range, refollows: range = range(0)) -> None:
    """Unfollows two days old (settled) and new refollows, as a crawl's diff leaves them."""
    for i in unfollows:
        await store.followers.add_event("x", Identity("x", str(i), ""), "unfollow", NOW - 2 * DAY)
    for i in refollows:
        await store.followers.add_event("x", Identity("x", str(i), ""), "refollow", NOW - DAY)


async def statuses(store) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for _, kind, status, _ in await store.followers.events("x"):
        found.setdefault(kind, []).append(status)
    return found


async def test_many_events_are_one_digest_per_kind_and_each_keeps_its_status(world):
    store, desk, platform, clock, posts, digests = world
    await events(store, range(1, 13), range(20, 22))
    said = await Watch(store, desk, platform, XSettings(), clock=clock).announce()
    assert len(said) == 14 > DIGEST_OVER and posts == []
    unfollows, refollows = digests
    assert (unfollows.kind, unfollows.count, refollows.kind, refollows.count) == (
        "unfollow", 12, "refollow", 2
    )  # fmt: skip
    [(group, accounts)] = unfollows.groups
    assert group == "notices off" and [a.handle for a in accounts][:2] == ["user1", "user2"]
    assert await statuses(store) == {"unfollow": ["shown"] * 12, "refollow": ["shown"] * 2}
    assert await Watch(store, desk, platform, XSettings(), clock=clock).announce() == []
    assert len(digests) == 2  # told once


async def test_a_crash_mid_digest_leaves_what_was_not_told_for_the_next_cycle(world):
    store, desk, platform, clock, posts, digests = world
    await events(store, range(1, 13), range(20, 22))

    async def crash(d: Digest):
        raise Crash

    desk.digests.subscribe(crash)  # the process dies while posting the unfollows' digest
    with pytest.raises(Crash):
        await Watch(store, desk, platform, XSettings(), clock=clock).announce()
    desk.digests.unsubscribe(crash)
    # the unfollows were marked right before their digest: never told twice; the refollows'
    # digest was never posted, so they are not marked shown and the next cycle tells them
    assert await statuses(store) == {"unfollow": ["shown"] * 12, "refollow": ["new"] * 2}
    assert [d.kind for d in digests] == ["unfollow"]
    said = await Watch(store, desk, platform, XSettings(), clock=clock).announce()
    assert [o.intent for o in said] == ["refollow", "refollow"]
    assert [o.mention.author.handle for o in posts] == ["user20", "user21"]  # few: a post each
    assert await statuses(store) == {"unfollow": ["shown"] * 12, "refollow": ["shown"] * 2}


async def test_a_lookup_failing_midway_still_tells_what_was_settled(world):
    store, desk, platform, clock, posts, digests = world
    await events(store, range(1, 4), range(20, 22))
    lookup = platform.lookup

    async def refused(ids):
        if "20" in ids:
            raise RuntimeError("lookup refused")
        return await lookup(ids)

    platform.lookup = refused
    with pytest.raises(RuntimeError):
        await Watch(store, desk, platform, XSettings(), clock=clock).announce()
    assert [o.mention.author.handle for o in posts] == ["user1", "user2", "user3"]
    assert await statuses(store) == {"unfollow": ["shown"] * 3, "refollow": ["new"] * 2}


def test_the_log_says_a_cycles_many_events_in_one_line(caplog):
    from whynot.models import Mention, Outcome, ReplyState

    def unfollow(i: int) -> Outcome:
        who = Identity("x", str(i), f"user{i}")
        return Outcome(Mention("x", f"unfollow-{i}", who, ""), ReplyState.SKIPPED, NOTICES_OFF,
                       "unfollow")  # fmt: skip

    many = [unfollow(i) for i in range(1, 13)]
    with caplog.at_level(logging.INFO, logger="whynot.run"):
        report("unfollow notices", many, feed=True)
        report("unfollow notices", many, feed=False)
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    names = " ".join(f"@user{i}" for i in range(1, 13))
    assert said == [
        ("INFO", "unfollow notices: 12 done (12 skipped)"),
        ("INFO", "x: 12 accounts unfollowed you (notices off: 12): listed in the owner's feed"),
        ("INFO", "unfollow notices: 12 done (12 skipped)"),
        ("WARNING", f"x: 12 accounts unfollowed you: notices off (12): {names}"),
    ]
