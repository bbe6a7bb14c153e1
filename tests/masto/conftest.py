"""Fixtures for the Mastodon tests: a local Mastodon instance on 127.0.0.1 and the real
adapter (Mastodon.py) pointed at it."""

from __future__ import annotations

import pytest

from tests.masto.fake_mastodon import TOKEN, FakeMastodon, account, serve
from whynot.config import Secret
from whynot.platforms.mastodon.platform import MastodonPlatform

OWNER = account("109000000000000001", "fsalas", display_name="Fernando")


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
async def fake():
    fake = FakeMastodon(owner=dict(OWNER))
    server = await serve(fake)
    yield fake
    await server.close()


async def make_platform(fake: FakeMastodon, token: str = TOKEN) -> MastodonPlatform:
    secrets = {"MASTODON_BASE_URL": Secret(fake.base), "MASTODON_ACCESS_TOKEN": Secret(token)}
    made = await MastodonPlatform.from_settings(secrets, timeout=5)
    made.sleep = no_sleep
    return made


@pytest.fixture
async def masto(fake):
    made = await make_platform(fake)
    yield made
    await made.close()


@pytest.fixture
async def store(tmp_path):
    from whynot.store import Store

    store = await Store.open(tmp_path / "whynot.db")
    yield store
    await store.close()
