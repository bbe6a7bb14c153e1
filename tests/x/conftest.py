"""Fixtures for the X tests: a local X API server on 127.0.0.1, a real SQLite store, and
the real adapter (tweepy AsyncClient) pointed at the server; plus payload builders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.x.fake_x import FakeX, serve
from whynot.config import Secret
from whynot.platforms.x import XPlatform
from whynot.spend import Budget
from whynot.store import Store

SECRETS = {
    name: Secret(f"test-{name.lower()}")
    for name in (
        "X_BEARER_TOKEN",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    )
}
OWNER = {"id": "783214", "name": "Fernando Salas", "username": "fsalas"}


def user(uid: str, handle: str, **metrics) -> dict:
    base = {
        "followers_count": 300,
        "following_count": 280,
        "tweet_count": 5000,
        "listed_count": 7,
        "like_count": 900,
    }
    base.update(metrics)
    return {
        "id": uid,
        "name": handle.title(),
        "username": handle,
        "created_at": "2015-03-01T10:00:00.000Z",
        "description": "I like marketing",
        "url": "",
        "protected": False,
        "verified": False,
        "profile_image_url": "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
        "public_metrics": base,
    }


def just_now(minutes_ago: int = 5) -> str:
    moment = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def tweet(tid: int, author: str, text: str, **extra) -> dict:
    data = {
        "id": str(tid),
        "text": text,
        "author_id": author,
        "created_at": f"2026-10-{1 + tid % 28:02d}T{tid % 24:02d}:{tid % 60:02d}:00.000Z",
        "edit_history_tweet_ids": [str(tid)],
        "public_metrics": {"retweet_count": 1, "reply_count": 2, "like_count": 5, "quote_count": 0},
    }
    data.update(extra)
    return data


@pytest.fixture
async def fake_x():
    fake = FakeX(owner=OWNER)
    fake.users[OWNER["id"]] = user(OWNER["id"], "fsalas")
    server = await serve(fake)
    fake.base = f"http://127.0.0.1:{server.port}"
    yield fake
    await server.close()


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "x.db")
    yield s
    await s.close()


@pytest.fixture
async def x(fake_x, store):
    async def no_sleep(_seconds: float) -> None:
        return None

    platform = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 50.0), timeout=5)
    platform.sleep = no_sleep
    yield platform
    await platform.close()
