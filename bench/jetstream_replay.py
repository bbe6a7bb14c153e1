"""Bluesky's live follow stream at firehose scale: 1,000,000 Jetstream follow events (the
shape of tests/fixtures/bluesky/jetstream_events.jsonl) replayed through `FollowStream`
against a real SQLite store holding an owner with 100,000 followers, in the same process as
a plain `json.loads` loop over the same messages (the least any consumer must do).

    python bench/jetstream_replay.py [--events 1000000] [--followers 100000]

The mix, per 1,000 events: 550 follows of other accounts, 2 follows of the owner, 400
deletes by strangers, 4 deletes by the owner's followers (half of records seen created,
half unseen and checked: the check is an in-process stand-in for getRelationships), 44
identity and account events. Messages are made 50,000 at a time (about 17 MiB); each
chunk goes through both sides in turn, so a busy machine slows both alike. Printed: events
per second for both and their ratio, split into the store writes for the owner's events
and the filtering of the rest; the follow events recorded; the resident memory after every
100,000 events (flat: the stream keeps no per-event state; its membership filter is 1 MiB).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whynot.platforms.bluesky.jetstream import FollowStream
from whynot.store import Store
from whynot.store.bluesky import BlueskyFollows

OWNER = "did:plc:owner0000000000000000001"
BASE_US = 1_764_496_800_000_000
CHUNK = 50_000
CREATE = (
    '{{"did":"{did}","time_us":{t},"kind":"commit","commit":{{"rev":"3lbw{n:09d}",'
    '"operation":"create","collection":"app.bsky.graph.follow","rkey":"{rkey}","record":'
    '{{"$type":"app.bsky.graph.follow","createdAt":"2026-11-30T10:00:00.000Z",'
    '"subject":"{subject}"}},"cid":"bafyreigroo6vhxt62ufcndhaxzas6btq4jmniuz4e{n:09d}"}}}}'
)
DELETE = (
    '{{"did":"{did}","time_us":{t},"kind":"commit","commit":{{"rev":"3lbw{n:09d}",'
    '"operation":"delete","collection":"app.bsky.graph.follow","rkey":"{rkey}"}}}}'
)
IDENTITY = (
    '{{"did":"{did}","time_us":{t},"kind":"identity","identity":{{"did":"{did}",'
    '"handle":"user{n}.bsky.social","seq":{n},"time":"2026-11-30T10:00:00.000Z"}}}}'
)


def follower(i: int) -> str:
    return f"did:plc:follower{i:016d}"


def stranger(rng: random.Random) -> str:
    return f"did:plc:stranger{rng.randrange(10**16):016d}"


def messages(n: int, followers: int) -> Iterator[str]:
    """The event mix (deterministic). Owner follows come from new accounts; deletes by
    followers alternate between a record just seen (kept rkey) and one never seen."""
    rng = random.Random(2026)
    new = 0
    recent: list[tuple[str, str]] = []
    for k in range(n):
        t = BASE_US + k * 1000
        slot = k % 1000
        if slot < 550:
            yield CREATE.format(
                did=stranger(rng), t=t, n=k, rkey=f"3k{k:011d}", subject=stranger(rng)
            )
        elif slot < 552:
            did, rkey = f"did:plc:newfan{new:018d}", f"3k{k:011d}"
            new += 1
            recent.append((did, rkey))
            yield CREATE.format(did=did, t=t, n=k, rkey=rkey, subject=OWNER)
        elif slot < 952:
            yield DELETE.format(did=stranger(rng), t=t, n=k, rkey=f"3k{rng.randrange(k + 1):011d}")
        elif slot < 956:
            if slot % 2 == 0 and recent:
                did, rkey = recent.pop(0)  # a follow seen created: its kept record
            else:
                did, rkey = follower(rng.randrange(followers)), f"3kold{k:011d}"
            yield DELETE.format(did=did, t=t, n=k, rkey=rkey)
        else:
            yield IDENTITY.format(did=stranger(rng), t=t, n=k)


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


class Timed:
    """The store's ledger with the time spent in its writes added up (the events that
    concern the owner), to tell filtering the firehose apart from recording."""

    def __init__(self, ledger: BlueskyFollows) -> None:
        self.ledger = ledger
        self.seconds = 0.0
        self.calls = 0

    def known_followers(self, owner: str):  # noqa: ANN201 - an async iterator
        return self.ledger.known_followers(owner)

    def __getattr__(self, name: str):  # noqa: ANN204
        method = getattr(self.ledger, name)

        async def timed(*args: object):  # noqa: ANN202
            began = time.perf_counter()
            try:
                return await method(*args)
            finally:
                self.seconds += time.perf_counter() - began
                self.calls += 1

        return timed


async def main(n: int, followers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.db")
        snapshot = await store.followers.start_crawl("bluesky", OWNER, 0.0)
        ids = [follower(i) for i in range(followers)]
        for start in range(0, followers, 1000):
            chunk = ids[start : start + 1000]
            last = start + 1000 >= followers
            await store.followers.add_page(snapshot, chunk, None if last else str(start), 0.0)
        del ids

        async def gone(_did: str) -> str | None:
            return None  # stands in for getRelationships: they no longer follow

        async def save(_position: int) -> None:
            return None

        ledger = Timed(BlueskyFollows(store.db))
        stream = FollowStream(OWNER, ledger, gone, save, clock=lambda: 0.0)  # type: ignore[arg-type]
        began = time.perf_counter()
        loaded = await stream.load()
        load_s = time.perf_counter() - began

        # Both sides read the same chunk of messages, one after the other, chunk by chunk:
        # a busy machine slows both alike. The chunk is dropped before the next is made.
        base_s = ours_s = 0.0
        samples: list[float] = []
        made = messages(n, followers)
        done = 0
        while done < n:
            chunk = list(itertools.islice(made, CHUNK))
            began = time.perf_counter()
            for raw in chunk:
                json.loads(raw)
            middle = time.perf_counter()
            for raw in chunk:
                await stream.handle(raw)
            ours_s += time.perf_counter() - middle
            base_s += middle - began
            done += len(chunk)
            if done % 100_000 == 0:
                samples.append(rss_mib())
            del chunk

        expected_follows = 2 * (n // 1000) + max(0, min(2, n % 1000 - 550))
        events = await store.followers.events("bluesky")
        kinds: dict[str, int] = {}
        for _, kind, _, _ in events:
            kinds[kind] = kinds.get(kind, 0) + 1
        await store.close()

    print(
        f"events: {n:,}; owner's followers in the store: {followers:,} (filter filled in "
        f"{load_s:.2f} s from {loaded:,})"
    )
    print(f"json.loads loop (baseline):   {base_s:6.2f} s  {n / base_s:>12,.0f} events/s")
    print(f"FollowStream.handle:          {ours_s:6.2f} s  {n / ours_s:>12,.0f} events/s")
    print(f"ratio (stream / json.loads):  {ours_s / base_s:.2f}x")
    filtering = ours_s - ledger.seconds
    print(
        f"of which store writes for the owner's {ledger.calls:,} events: {ledger.seconds:.2f} s; "
        f"filtering the rest: {filtering:.2f} s, {n / filtering:,.0f} events/s, "
        f"{filtering / base_s:.2f}x json.loads"
    )
    print(f"follow events recorded: {kinds} (follows expected: {expected_follows:,})")
    print(f"stream outcomes: {dict(sorted(stream.counts.items()))}")
    print("resident memory, MiB, every 100,000 events: " + " ".join(f"{s:.0f}" for s in samples))
    print(f"memory growth over the replay: {samples[-1] - samples[0]:+.1f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--followers", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.followers))
