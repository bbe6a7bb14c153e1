"""Unfollows on Bluesky: Jetstream live (a websocket on 127.0.0.1 fed Jetstream-shaped
events), record-key bookkeeping, getRelationships for unseen records, the daily reconcile,
resuming after a disconnect or a restart, and the core watch's settle/flap/status rules."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from factories import Clock

from scoring import build_owner_index
from tests.bluesky.conftest import OWNER, make_platform
from tests.bluesky.fake_pds import profile
from whynot.config import BlueskySettings, Settings
from whynot.desk import Desk
from whynot.platforms.bluesky.jetstream import BlueskyWatch, listen, open_stream
from whynot.replies import ReplyRenderer

DAY = 86_400.0
START_US = 1_800_000_000_000_000
FANS = [f"did:plc:fan{i:021d}" for i in range(5)]


def follow(did: str, rkey: str, n: int, subject: str = OWNER["did"]) -> dict:
    return {
        "did": did,
        "time_us": START_US + n * 1_000_000,
        "kind": "commit",
        "commit": {
            "rev": f"3lrev{n:08d}",
            "operation": "create",
            "collection": "app.bsky.graph.follow",
            "rkey": rkey,
            "record": {
                "$type": "app.bsky.graph.follow",
                "createdAt": "2027-01-15T08:00:00.000Z",
                "subject": subject,
            },
            "cid": f"bafyrei{n:020d}",
        },
    }


def unfollow(did: str, rkey: str, n: int) -> dict:
    return {
        "did": did,
        "time_us": START_US + n * 1_000_000,
        "kind": "commit",
        "commit": {
            "rev": f"3lrev{n:08d}",
            "operation": "delete",
            "collection": "app.bsky.graph.follow",
            "rkey": rkey,
        },
    }


@pytest.fixture
async def world(fake, store):
    clock = Clock(START_US / 1_000_000 + 3600)
    for i, did in enumerate(FANS):
        fake.profiles[did] = profile(did, f"fan{i}.bsky.social")
    fake.followers = list(FANS[:3])
    bsky = make_platform(fake)
    desk = Desk(
        store, {"bluesky": bsky}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    feed = []

    async def listen_feed(outcome):
        feed.append(outcome)

    desk.subscribe(listen_feed)
    watch = BlueskyWatch(store, desk, bsky, BlueskySettings(), clock=clock)
    report = await watch.crawl()  # the first reconcile: the baseline snapshot
    assert report.finished and report.ids == 3
    return bsky, store, watch, clock, feed


async def run_until(fake, stream, load, count: int, timeout: float = 10.0):
    """Listen until `count` messages were handled in total."""
    task = asyncio.create_task(listen(stream, fake.base + "/subscribe", load))
    try:
        async with asyncio.timeout(timeout):
            while sum(stream.counts.values()) + stream.counts.get("", 0) < count:
                await asyncio.sleep(0.02)
                if fake._sent >= len(fake.jetstream) and stream.position >= last_us(fake):
                    break
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def last_us(fake) -> int:
    return max(json.loads(m)["time_us"] for m in fake.jetstream) if fake.jetstream else 0


async def test_live_follow_unfollow_and_a_check_for_an_unseen_record(fake, world):
    bsky, store, watch, clock, feed = world
    stream, load = await open_stream(bsky, store, clock)
    fake.follow_records[FANS[1]] = f"at://{FANS[1]}/app.bsky.graph.follow/3kold1"
    fake.followers.remove(FANS[0])  # fan0 unfollowed: the service no longer lists it
    fake.push(
        follow(FANS[3], "3knew3", 1),  # a new follower
        follow("did:plc:stranger000000000000001", "3kx", 2, subject="did:plc:else"),
        unfollow("did:plc:stranger000000000000001", "3kx", 3),  # not about the owner
        unfollow(FANS[0], "3kunseen0", 4),  # a known follower, record never seen: checked
        unfollow(FANS[1], "3kother", 5),  # a follow of someone else by a follower: checked
        unfollow(FANS[3], "3knew3", 6),  # the kept record: an unfollow, no check needed
    )
    await run_until(fake, stream, load, 6)
    events = {(a, k) for a, k, _, _ in await store.followers.events("bluesky")}
    assert events == {(FANS[3], "follow"), (FANS[0], "unfollow"), (FANS[3], "unfollow")}
    checks = [h for h in fake.hits if "getRelationships" in h]
    assert len(checks) == 2  # fan0 and fan1, not the stranger and not fan3
    assert stream.counts.get("checked") == 1
    # The snapshot mirrors the stream: tomorrow's reconcile finds nothing new.
    clock.now += DAY + 60
    report = await watch.crawl()
    assert report.finished and report.events.get("unfollow", 0) == 0
    assert len(await store.followers.events("bluesky", ["unfollow"])) == 2
    # Settled after a day, both still active on the network: shown in the owner's feed.
    outcomes = await watch.announce()
    assert sorted(o.mention.author.handle for o in outcomes) == [
        "fan0.bsky.social",
        "fan3.bsky.social",
    ]
    assert all(o.intent == "unfollow" for o in outcomes)


async def test_a_replay_after_a_dropped_connection_counts_nothing_twice(fake, world):
    bsky, store, _, clock, _ = world
    stream, load = await open_stream(bsky, store, clock)
    fake.drop_after = 2
    fake.push(
        follow(FANS[3], "3ka", 1),
        follow(FANS[4], "3kb", 2),
        unfollow(FANS[3], "3ka", 3),
    )
    await run_until(fake, stream, load, 3)
    assert len(fake.jetstream_cursors) == 2  # connected, dropped, resumed
    resumed = int(fake.jetstream_cursors[1])
    assert resumed <= START_US + 2_000_000 - 5_000_000 + 1  # a little before the position
    events = [(a, k) for a, k, _, _ in await store.followers.events("bluesky")]
    assert events == [(FANS[3], "follow"), (FANS[4], "follow"), (FANS[3], "unfollow")]


async def test_after_a_restart_the_stream_resumes_from_the_saved_position(fake, world):
    bsky, store, _, clock, _ = world
    stream, load = await open_stream(bsky, store, clock)
    fake.push(follow(FANS[3], "3ka", 1))
    await run_until(fake, stream, load, 1)
    assert await store.cursors.get("bluesky", "jetstream") == str(START_US + 1_000_000)
    # Stopped; meanwhile fan3 unfollows. A new process, a new stream: nothing is missed.
    fake.push(unfollow(FANS[3], "3ka", 2))
    again = make_platform(fake)
    stream2, load2 = await open_stream(again, store, clock)
    await run_until(fake, stream2, load2, 1)
    assert fake.jetstream_cursors[-1] == str(START_US + 1_000_000 - 5_000_000)
    kinds = [k for a, k, _, _ in await store.followers.events("bluesky") if a == FANS[3]]
    assert kinds == ["follow", "unfollow"]


async def test_unfollow_and_refollow_within_a_day_is_a_flap(fake, world):
    bsky, store, watch, clock, feed = world
    stream, load = await open_stream(bsky, store, clock)
    fake.push(
        unfollow(FANS[2], "3kseen", 1),  # unseen record: checked, gone from the list
        follow(FANS[2], "3kback", 2),
    )
    fake.followers.remove(FANS[2])
    await run_until(fake, stream, load, 2)
    kinds = [k for a, k, _, _ in await store.followers.events("bluesky") if a == FANS[2]]
    assert kinds == ["unfollow", "refollow"]
    clock.now += DAY + 60
    outcomes = await watch.announce()
    assert [o.intent for o in outcomes] == ["refollow"]  # the unfollow is a flap: not said
    statuses = [s for a, k, s, _ in await store.followers.events("bluesky") if k == "unfollow"]
    assert statuses == ["flap"]


async def test_a_deactivated_account_is_not_an_unfollow(fake, world):
    bsky, store, watch, clock, feed = world
    stream, load = await open_stream(bsky, store, clock)
    gone = FANS[1]
    fake.gone.add(gone)  # getFollowers hides it; followersCount would still count it
    fake.push(
        {
            "did": gone,
            "time_us": START_US + 1_000_000,
            "kind": "account",
            "account": {"active": False, "did": gone, "seq": 1, "status": "deactivated"},
        }
    )
    await run_until(fake, stream, load, 1)
    assert await store.followers.events("bluesky") == []  # the account event is no unfollow
    clock.now += DAY + 60
    report = await watch.crawl()  # the reconcile sees it missing from the list
    assert report.events.get("unfollow") == 1
    clock.now += DAY + 60
    assert await watch.announce() == []  # gone, not announced
    statuses = [s for a, k, s, _ in await store.followers.events("bluesky") if a == gone]
    assert statuses == ["gone"]


async def test_malformed_messages_are_skipped(fake, world):
    bsky, store, _, clock, _ = world
    stream, load = await open_stream(bsky, store, clock)
    owner = OWNER["did"]
    for raw in (
        f"not json {owner}",
        f'["{owner}", "delete"]',
        f'{{"kind": "commit", "did": "{FANS[0]}", "operation": "delete"}}',  # no commit
        f'{{"kind":"commit","commit":null,"did":"{owner}"}}',
        b'\xff\xfe "delete" ' + owner.encode(),
    ):
        assert await stream.handle(raw) == "bad"
    assert stream.counts["bad"] == 5
    # Deletes by strangers and follows of someone else are not even decoded; their time
    # still moves the position.
    stranger = unfollow("did:plc:stranger", "3kq", 8)
    assert await stream.handle(json.dumps(stranger)) == ""
    assert stream.counts["bad"] == 5
    other = follow("did:plc:x", "3kq", 9, subject="did:plc:someone")
    assert await stream.handle(json.dumps(other, separators=(",", ":"))) == ""
    assert stream.position == other["time_us"]
    assert await stream.handle(json.dumps(follow(FANS[4], "3kz", 1))) == "follow"


async def test_followers_found_by_a_reconcile_join_the_live_filter(fake, store):
    clock = Clock(START_US / 1_000_000 + 3600)
    bsky = make_platform(fake)
    desk = Desk(
        store, {"bluesky": bsky}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    stream, load = await open_stream(bsky, store, clock)  # started before any snapshot
    watch = BlueskyWatch(store, desk, bsky, BlueskySettings(), clock=clock, stream=stream)
    fake.followers = list(FANS[:3])
    assert FANS[0] not in stream.members
    report = await watch.crawl()
    assert report.finished
    assert FANS[0] in stream.members  # known now, without a restart
    fake.followers.remove(FANS[0])
    fake.push(unfollow(FANS[0], "3kunseen", 1))
    await run_until(fake, stream, load, 1)
    kinds = [k for a, k, _, _ in await store.followers.events("bluesky") if a == FANS[0]]
    assert kinds == ["unfollow"]


async def test_a_failed_jetstream_connection_never_logs_a_password(fake, world, caplog):
    # aiohttp's handshake error quotes the address; one with user:password@ (a proxy)
    # must not print it (review of the walkthrough's address checks).
    import logging

    bsky, store, watch, clock, feed = world
    stream, load = await open_stream(bsky, store, clock)
    host = fake.base.partition("://")[2]  # a server that refuses the upgrade (a 404)
    tries = []

    async def once_then_stop(_delay: float) -> None:
        tries.append(_delay)
        raise asyncio.CancelledError

    caplog.set_level(logging.WARNING, logger="whynot.platforms.bluesky.jetstream")
    address = f"ws://jet:s3cretpw@{host}/no-such-stream"
    with contextlib.suppress(asyncio.CancelledError):
        await listen(stream, address, load, sleep=once_then_stop)
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Jetstream connection failed" in said and tries
    assert "s3cretpw" not in said


async def test_jetstream_out_of_reach_for_days_keeps_trying(world):
    # Past 1,024 failed connections in a row (days at the cap) 5.0 * 2 ** n overflowed and
    # the follower watch ended with OverflowError.
    bsky, store, watch, clock, feed = world
    stream, load = await open_stream(bsky, store, clock)
    waits: list[float] = []

    async def count_then_stop(delay: float) -> None:
        waits.append(delay)
        if len(waits) == 1100:
            raise asyncio.CancelledError

    with contextlib.suppress(asyncio.CancelledError):
        await listen(stream, "ws://127.0.0.1:9/subscribe", load, sleep=count_then_stop)
    assert len(waits) == 1100 and waits[-1] == waits[-2] > 0  # at the cap, still trying
