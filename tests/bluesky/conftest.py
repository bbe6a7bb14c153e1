"""Fixtures for the Bluesky tests: a local XRPC + Jetstream server on 127.0.0.1, a real
SQLite store, and the real adapter (atproto's AsyncClient) pointed at the server."""

from __future__ import annotations

import pytest

from tests.bluesky.fake_pds import FakeBluesky, profile, serve
from whynot.config import Secret
from whynot.platforms.bluesky.platform import BlueskyPlatform
from whynot.store import Store

OWNER = profile("did:plc:owner0000000000000000001", "fsalas.bsky.social", displayName="Fernando")
SECRETS = {
    "BLUESKY_HANDLE": Secret("fsalas.bsky.social"),
    "BLUESKY_APP_PASSWORD": Secret("app-pass-word"),
}


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
async def fake():
    fake = FakeBluesky(owner=dict(OWNER))
    server = await serve(fake)
    yield fake
    await server.close()


@pytest.fixture
async def store(tmp_path):
    store = await Store.open(tmp_path / "whynot.db")
    yield store
    await store.close()


def make_platform(fake: FakeBluesky, saved: list[str] | None = None) -> BlueskyPlatform:
    saved = saved if saved is not None else []

    async def save(session: str) -> None:
        saved.append(session)

    made = BlueskyPlatform.from_settings(
        SECRETS, fake.base, saved_session=saved[-1] if saved else None, save_session=save
    )
    made.sleep = no_sleep
    return made


@pytest.fixture
async def bsky(fake):
    made = make_platform(fake)
    yield made
    await made.close()
