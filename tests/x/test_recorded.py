"""The adapter, through the real tweepy AsyncClient, against real X API responses recorded
by tweepy's own test suite (tests/fixtures/x-recorded/), replayed by a local server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.x.conftest import SECRETS
from whynot.models import Identity, Mention
from whynot.platforms.x import XPlatform
from whynot.spend import Budget

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "x-recorded"
ROUTES = {  # (method, path pattern) -> recording
    ("GET", r"/2/users/me"): "get_me",
    ("GET", r"/2/users/\d+/mentions"): "get_users_mentions",
    ("GET", r"/2/users/\d+/followers"): "get_users_followers",
    ("POST", r"/2/tweets"): "create_and_delete_tweet",
}


def recording(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


@pytest.fixture
async def replay():
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path}")
        for (method, pattern), name in ROUTES.items():
            if request.method == method and re.fullmatch(pattern, request.path):
                rec = recording(name)
                return web.json_response(rec["body"], status=rec["status"], headers=rec["headers"])
        return web.json_response({"title": "Not Found"}, status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}", seen
    await server.close()


@pytest.fixture
async def x(replay, store):
    platform = XPlatform.from_settings(SECRETS, replay[0], Budget(store, 1000.0), timeout=5)
    yield platform
    await platform.close()


async def test_recorded_payloads_map_through_the_real_client(x, replay):
    me = await x.me()
    assert me.id == str(recording("get_me")["body"]["data"]["id"])
    mentions = await x.mentions_since("1")
    recorded = recording("get_users_mentions")["body"]["data"]
    assert sorted(m.id for m in mentions) == sorted(t["id"] for t in recorded)
    assert [m.id for m in mentions] == sorted((m.id for m in mentions), key=int)  # oldest first
    assert all(m.text for m in mentions)
    page = await x.follower_ids(None)
    followers = recording("get_users_followers")["body"]
    assert list(page.ids) == [u["id"] for u in followers["data"]]
    assert page.next_cursor == followers["meta"]["next_token"]
    # the rate-limit headers X sent were read
    limit = recording("get_users_followers")["headers"]
    assert x.session.limits.windows["/2/users/:id/followers"] == (
        int(limit["x-rate-limit-remaining"]),
        float(limit["x-rate-limit-reset"]),
    )


async def test_a_reply_posts_through_the_recorded_create_endpoint(x, replay):
    ids = await x.reply(Mention("x", "1510", Identity("x", "9", "asker"), "hi"), ["Thanks!"])
    assert ids == [recording("create_and_delete_tweet")["body"]["data"]["id"]]
    assert "POST /2/tweets" in replay[1]
