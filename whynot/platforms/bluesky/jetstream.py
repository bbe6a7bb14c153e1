"""Live follows and unfollows of the owner from Jetstream, Bluesky's JSON firehose.

Jetstream sends one JSON object per websocket message (shapes: tests/fixtures/bluesky/
jetstream_events.jsonl). With `wantedCollections=app.bsky.graph.follow` every follow record
made or deleted anywhere on the network arrives:

- a create whose `record.subject` is the owner is a new follower: its record key (rkey) is
  kept, so that its later delete is recognised;
- a delete carries only its author and rkey, not the subject. A delete of a kept rkey is an
  unfollow. A delete by a known follower (from the daily `getFollowers` reconcile) whose
  rkey was never seen is checked with `getRelationships`: an unfollow only if they no
  longer follow the owner. Deletes by anyone else (nearly all of them) are dropped after a
  fixed-size membership filter, without touching the database;
- account events (deactivated, deleted, taken down) say nothing about following: such
  accounts are never announced (the watch's status lookup finds them gone).

Changes are written as follow events through the store (the core watch settles, checks and
announces them, flaps included) and mirrored into the latest follower snapshot, so the
daily reconcile's diff reports only what was missed while disconnected. The position
(`time_us`) is saved every few seconds; after a restart or a dropped connection the stream
resumes a little before it (replayed events are idempotent).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp

from whynot.backoff import doubling
from whynot.platform import PlatformError
from whynot.watch import CrawlReport, Watch

log = logging.getLogger(__name__)
FOLLOW = "app.bsky.graph.follow"
DEFAULT_JETSTREAM = "wss://jetstream2.us-east.bsky.network/subscribe"
_DID = re.compile(r'"did"\s*:\s*"([^"\\]+)"')
_TIME_US = re.compile(r'"time_us"\s*:\s*(\d+)')
REWIND_US = 5_000_000  # resume 5 s before the saved position: replays are harmless
SAVE_EVERY = 5.0  # seconds between cursor saves
RECONNECT_BASE = 1.0
RECONNECT_CAP = 300.0


class FollowLedger(Protocol):
    """The store's Bluesky follow bookkeeping (whynot.store.bluesky)."""

    def known_followers(self, owner: str) -> AsyncIterator[str]: ...
    async def follow_created(self, owner: str, follower: str, rkey: str, at: float) -> str: ...
    async def follow_deleted(self, owner: str, follower: str, rkey: str, at: float) -> str: ...
    async def confirm_unfollow(self, owner: str, follower: str, at: float) -> str: ...
    async def learn_rkey(self, owner: str, follower: str, rkey: str, at: float) -> None: ...


class Membership:
    """A fixed-size Bloom filter of follower DIDs (2^23 bits = 1 MiB, 3 probes): "surely
    not a follower" without a database read, in memory that does not grow with followers
    or events. A false positive only costs one indexed read."""

    BITS = 1 << 23

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def _probes(self, did: str) -> tuple[int, int, int]:
        h = hash(did) & 0xFFFF_FFFF_FFFF_FFFF
        mask = self.BITS - 1
        return h & mask, (h >> 23) & mask, (h >> 41) & mask

    def add(self, did: str) -> None:
        for bit in self._probes(did):
            self._bits[bit >> 3] |= 1 << (bit & 7)

    def __contains__(self, did: object) -> bool:
        if not isinstance(did, str):
            return False
        bits = self._bits
        a, b, c = self._probes(did)
        return bool(
            bits[a >> 3] & (1 << (a & 7))
            and bits[b >> 3] & (1 << (b & 7))
            and bits[c >> 3] & (1 << (c & 7))
        )


@dataclass
class FollowStream:
    owner: str  # the owner's DID
    ledger: FollowLedger
    still_follows: Callable[[str], Awaitable[str | None]]  # getRelationships: record URI
    save_cursor: Callable[[int], Awaitable[None]]
    clock: Callable[[], float] = time.time
    members: Membership = field(default_factory=Membership)
    position: int = 0  # time_us of the last event handled
    counts: dict[str, int] = field(default_factory=dict)
    _saved_at: float = 0.0
    _saved: int = 0

    async def load(self) -> int:
        """Fill the membership filter from the store; returns how many followers."""
        count = 0
        async for did in self.ledger.known_followers(self.owner):
            self.members.add(did)
            count += 1
        return count

    async def handle(self, raw: str | bytes) -> str:
        """One Jetstream message; returns what it was for the owner ("" for nothing):
        follow, refollow, unfollow, checked (a known follower still follows), bad.

        Nearly all of the firehose is about other people: a message that does not name the
        owner, and is not a delete by someone who may follow the owner, cannot concern the
        owner and is not decoded (only its `time_us` is read, for the position)."""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        if self.owner not in text and (
            '"delete"' not in text or not any(d in self.members for d in _DID.findall(text))
        ):
            found = _TIME_US.search(text)
            if found and int(found.group(1)) > self.position:
                self.position = int(found.group(1))
            return ""
        event: Any = None
        try:
            event = json.loads(text)
            what = await self._event(event)
        except (ValueError, TypeError, KeyError, AttributeError):
            what = "bad"  # a malformed message is skipped, never fatal
        # The position moves once the event is handled (a check included), not before.
        stamp = event.get("time_us") if isinstance(event, dict) else None
        if isinstance(stamp, int) and stamp > self.position:
            self.position = stamp
        if what:
            self.counts[what] = self.counts.get(what, 0) + 1
        return what

    async def _event(self, event: dict[str, Any]) -> str:
        stamp = event.get("time_us")
        if event.get("kind") != "commit":
            return ""
        commit = event["commit"]
        if commit.get("collection") != FOLLOW:
            return ""
        operation = commit.get("operation")
        did = event["did"]
        if operation == "create":
            record = commit.get("record") or {}
            if record.get("subject") != self.owner:
                return ""
            self.members.add(did)
            return await self.ledger.follow_created(
                self.owner, did, str(commit["rkey"]), _seconds(stamp, self.clock)
            )
        if operation != "delete" or did not in self.members:
            return ""
        at = _seconds(stamp, self.clock)
        found = await self.ledger.follow_deleted(self.owner, did, str(commit["rkey"]), at)
        if found != "ask":
            return found
        try:
            uri = await self.still_follows(did)
        except PlatformError as exc:
            # The daily reconcile will see it if they did unfollow: nothing is lost.
            log.info("could not check whether %s still follows: %s", did, exc)
            return ""
        if uri is None:
            return await self.ledger.confirm_unfollow(self.owner, did, at)
        await self.ledger.learn_rkey(self.owner, did, uri.rsplit("/", 1)[-1], at)
        return "checked"

    async def save(self, force: bool = False) -> None:
        """Save the position (at most every SAVE_EVERY seconds unless forced)."""
        now = self.clock()
        if (
            self.position
            and self.position != self._saved
            and (force or now - self._saved_at >= SAVE_EVERY)
        ):
            await self.save_cursor(self.position)
            self._saved, self._saved_at = self.position, now


def _seconds(stamp: Any, clock: Callable[[], float]) -> float:
    return stamp / 1_000_000 if isinstance(stamp, int) and stamp > 0 else clock()


def subscribe_url(base: str, cursor: int | None) -> str:
    """The subscribe URL for follow records, resuming a little before `cursor`."""
    query = f"wantedCollections={FOLLOW}"
    if cursor:
        query += f"&cursor={max(0, cursor - REWIND_US)}"
    return f"{base}{'&' if '?' in base else '?'}{query}"


async def listen(
    stream: FollowStream,
    base_url: str,
    load_cursor: Callable[[], Awaitable[int | None]],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Keep a Jetstream connection until cancelled: reconnect with backoff (one warning line
    per failure), resuming from the saved position each time. The position is saved on
    the way out too."""
    attempt = 0
    try:
        async with aiohttp.ClientSession() as session:
            while True:
                url = subscribe_url(base_url, await load_cursor())
                try:
                    async with session.ws_connect(url, heartbeat=30) as ws:
                        attempt = 0
                        log.info("Jetstream connected")
                        async for message in ws:
                            if message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                                await stream.handle(message.data)
                                await stream.save()
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.warning("Jetstream connection failed: %s", exc)
                await stream.save(force=True)
                attempt += 1
                delay = doubling(attempt, RECONNECT_BASE, RECONNECT_CAP)
                log.warning("Jetstream disconnected; reconnecting in %.0fs", delay)
                await sleep(delay)
    finally:
        await asyncio.shield(stream.save(force=True))


async def open_stream(
    platform: Any, store: Any, clock: Callable[[], float] = time.time
) -> tuple[FollowStream, Callable[[], Awaitable[int | None]]]:
    """The owner's follow stream over the store's Bluesky bookkeeping, its membership filter
    filled, and the function that reads the saved position (for `listen`)."""
    me = await platform.me()

    async def save(position: int) -> None:
        await store.cursors.set(platform.name, "jetstream", str(position), clock())

    async def load() -> int | None:
        value = await store.cursors.get(platform.name, "jetstream")
        return int(value) if value and value.isdigit() else None

    stream = FollowStream(me.id, store.bluesky, platform.still_follows, save, clock)
    count = await stream.load()
    log.info("Bluesky follow stream: %d known followers", count)
    return stream, load


@dataclass
class BlueskyWatch(Watch):
    """The core watch (reconcile crawl, settle, flap, status check, feed) for Bluesky:
    reads here are free, so there is no cost to announce before the first crawl. When a
    reconcile finishes, its followers join the live stream's membership filter, so their
    deletes are recognised from then on (not only after a restart)."""

    stream: FollowStream | None = None

    async def crawl(self) -> CrawlReport:
        report = await super().crawl()
        if report.finished and self.stream is not None:
            await self.stream.load()
        return report

    def _say_cost(self) -> None:
        log.info("Bluesky follower reconcile: getFollowers once a day, free to read")
