"""`bot.py run` in loop mode with Bluesky: the Jetstream listener runs beside the polling
loop, a live unfollow reaches the follow events, and the session is kept in the store."""

from __future__ import annotations

import asyncio

import pytest

from tests.bluesky.conftest import OWNER, SECRETS
from tests.bluesky.test_bluesky_follows import follow, unfollow
from whynot.cli.run import serve
from whynot.config import BlueskySettings, Settings
from whynot.store import Store


async def test_loop_mode_listens_to_jetstream_beside_the_polls(fake, tmp_path):
    fake.followers = ["did:plc:fan000000000000000000001"]
    fake.push(
        follow("did:plc:newfan00000000000000001", "3ka", 1),
        unfollow("did:plc:newfan00000000000000001", "3ka", 2),
    )
    settings = Settings(
        db_path=tmp_path / "bot.db",
        owner_config=None,
        bluesky=BlueskySettings(service=fake.base, jetstream=fake.base + "/subscribe"),
        secrets=SECRETS,
    )
    cycles = []

    async def sleep(seconds: float) -> None:
        cycles.append(seconds)
        await asyncio.sleep(0.3)  # the listener works meanwhile
        if len(cycles) >= 3:
            raise asyncio.CancelledError  # stop the loop, as a signal would

    with pytest.raises(asyncio.CancelledError):
        await serve(settings, once=False, dry_run=False, sleep=sleep)
    assert cycles[0] == 60.0  # [bluesky] poll_seconds paces the loop
    store = await Store.open(tmp_path / "bot.db")
    try:
        kinds = [k for _, k, _, _ in await store.followers.events("bluesky")]
        assert kinds == ["follow", "unfollow"]
        assert await store.cursors.get("bluesky", "session")  # kept for the next start
        assert await store.cursors.get("bluesky", "jetstream") == str(
            follow("x", "y", 2)["time_us"]
        )
    finally:
        await store.close()
    assert fake.sessions == 1
    assert any("getFollowers" in h for h in fake.hits)  # the first reconcile ran
    assert OWNER["did"]
