"""Mastodon's user stream (server-sent events from the local instance, read by Mastodon.py):
a mention is answered as it arrives, through the same claims as the poll; an instance
without a stream is polled only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from scoring import build_owner_index
from tests.masto.conftest import make_platform
from tests.masto.fake_mastodon import account, status
from whynot.config import Settings
from whynot.desk import Desk
from whynot.platforms.side import _on_arrival
from whynot.replies import ReplyRenderer

ASKER = account("109000000000000042", "nia", "remote.example")


def mention(fake) -> dict:
    when = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    made = status("113500000000000500", ASKER, "<p>why no follow back?</p>", created_at=when)
    fake.statuses[made["id"]] = made
    fake.accounts[ASKER["id"]] = ASKER
    note = {
        "id": "77",
        "type": "mention",
        "created_at": "2026-11-30T10:00:00.000Z",
        "account": ASKER,
        "status": made,
    }
    fake.notifications.insert(0, note)
    return note


async def test_a_streamed_mention_is_answered_once_as_it_arrives(fake, store):
    masto = await make_platform(fake)
    await masto.me()
    desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None), Settings())
    loop, arrived = asyncio.get_running_loop(), asyncio.Event()
    assert await masto.stream_mentions(lambda: loop.call_soon_threadsafe(arrived.set))
    task = asyncio.create_task(_on_arrival(masto, desk, arrived))
    try:
        fake.stream.append(mention(fake))
        async with asyncio.timeout(20):
            while not fake.posted:
                await asyncio.sleep(0.05)
        await desk.poll(masto)  # the loop's own poll finds it answered already
        await asyncio.sleep(0.3)
    finally:
        task.cancel()
        await masto.close()
    assert fake.stream_clients == 1
    assert {p["in_reply_to_id"] for p in fake.posted} == {"113500000000000500"}
    assert await store.messages.state_counts() == {"sent": 1}


async def test_without_a_stream_it_polls_only(fake):
    fake.streaming = False
    masto = await make_platform(fake)
    masto.stream_start = 0.5
    await masto.me()
    assert await masto.stream_mentions(lambda: None) is False
    await masto.close()
