"""A local Mastodon instance on 127.0.0.1 for tests: the REST routes the adapter uses, with
the entity shapes of docs.joinmastodon.org/entities (Account, Status, Notification,
Instance; see tests/fixtures/mastodon/SOURCES.md), Link-header pagination, X-RateLimit-*
headers, and scripted faults (429, 5xx, dropped connections) per route."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

TOKEN = "test-mastodon-token"


def account(aid: str, username: str, domain: str | None = None, **extra: Any) -> dict[str, Any]:
    acct = f"{username}@{domain}" if domain else username
    base = {
        "id": aid,
        "username": username,
        "acct": acct,
        "display_name": username.title(),
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": "2022-11-05T00:00:00.000Z",
        "note": "<p>I post about marketing</p>",
        "url": f"https://{domain or 'social.test'}/@{username}",
        "uri": f"https://{domain or 'social.test'}/users/{username}",
        "avatar": f"https://files.social.test/accounts/avatars/{aid}/original/a.png",
        "avatar_static": f"https://files.social.test/accounts/avatars/{aid}/original/a.png",
        "header": "https://social.test/headers/original/missing.png",
        "header_static": "https://social.test/headers/original/missing.png",
        "followers_count": 300,
        "following_count": 280,
        "statuses_count": 1200,
        "last_status_at": "2026-11-29",
        "emojis": [],
        "fields": [],
    }
    base.update(extra)
    return base


def status(sid: str, author: dict[str, Any], html: str, **extra: Any) -> dict[str, Any]:
    base = {
        "id": sid,
        "uri": f"https://social.test/users/{author['username']}/statuses/{sid}",
        "url": f"https://social.test/@{author['username']}/{sid}",
        "created_at": "2026-11-29T10:00:00.000Z",
        "account": author,
        "content": html,
        "visibility": "public",
        "sensitive": False,
        "spoiler_text": "",
        "media_attachments": [],
        "application": {"name": "Web", "website": None},
        "mentions": [],
        "tags": [],
        "emojis": [],
        "reblogs_count": 1,
        "favourites_count": 2,
        "replies_count": 0,
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "reblog": None,
        "poll": None,
        "card": None,
        "language": "en",
        "edited_at": None,
    }
    base.update(extra)
    return base


@dataclass
class Fault:
    status: int
    body: str = '{"error": "Service unavailable"}'
    headers: dict[str, str] = field(default_factory=dict)


PASS = Fault(-1)  # in a route's faults: that request is answered as usual


@dataclass
class FakeMastodon:
    owner: dict[str, Any]
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    timelines: dict[str, list[str]] = field(default_factory=dict)  # account -> ids, newest first
    notifications: list[dict[str, Any]] = field(default_factory=list)  # newest first
    followers: list[str] = field(default_factory=list)  # newest first
    following: set[str] = field(default_factory=set)  # accounts the owner follows
    max_characters: int = 500
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    posted: list[dict[str, str]] = field(default_factory=list)
    hits: list[str] = field(default_factory=list)
    remaining: int = 299
    base: str = ""
    lose_post_answers: int = 0
    streaming: bool = True
    stream: list[dict[str, Any]] = field(default_factory=list)  # notifications to stream
    stream_clients: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(113_000_000_000_000_000))

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        get = app.router.add_get
        get("/api/v1/accounts/verify_credentials", self.verify)
        get("/api/v2/instance", self.instance)
        get("/api/v2/instance/", self.instance)
        get("/api/v1/instance/", self.instance_v1)
        get("/api/v1/notifications", self.list_notifications)
        get("/api/v1/accounts/lookup", self.lookup)
        get("/api/v1/accounts/relationships", self.relationships)
        get("/api/v1/accounts/{id}/statuses", self.account_statuses)
        get("/api/v1/accounts/{id}/followers", self.account_followers)
        get("/api/v1/accounts/{id}", self.get_account)
        get("/api/v1/statuses/{id}/context", self.context)
        get("/api/v1/statuses/{id}", self.get_status)
        get("/api/v1/streaming/user", self.streaming_user)
        app.router.add_post("/api/v1/statuses", self.post_status)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.hits.append(f"{request.method} {request.path_qs}")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "The access token is invalid"}, status=401)
        for pattern, queue in self.faults.items():
            if queue and re.fullmatch(pattern, request.path):
                fault = queue.pop(0)
                if fault.status == PASS.status:  # answered as usual: the faults are for later ones
                    break
                if fault.status == 0:
                    request.transport.close()
                    raise ConnectionResetError("reset by the test")
                return web.Response(
                    status=fault.status,
                    text=fault.body,
                    headers={**self._limits(), **fault.headers},
                    content_type="application/json",
                )
        response = await handler(request)
        response.headers.update(self._limits())
        return response

    def _limits(self) -> dict[str, str]:
        reset = datetime.now(UTC) + timedelta(minutes=5)
        self.remaining = max(0, self.remaining - 1)
        return {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }

    def _page(self, request: web.Request, ids: list[str], limit: int) -> tuple[list[str], str]:
        """ids newest first; max_id / since_id as Mastodon reads them; the Link header."""
        max_id, since_id = request.query.get("max_id"), request.query.get("since_id")
        chosen = [
            i
            for i in ids
            if (max_id is None or int(i) < int(max_id))
            and (since_id is None or int(i) > int(since_id))
        ][:limit]
        link = ""
        if len(chosen) == limit:
            url = request.url.update_query({"max_id": chosen[-1]}).without_query_params("since_id")
            link = f'<{url}>; rel="next"'
        return chosen, link

    async def verify(self, request: web.Request) -> web.Response:
        return web.json_response({**self.owner, "source": {"privacy": "public", "note": ""}})

    async def instance(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "domain": "social.test",
                "title": "Social Test",
                "version": "4.3.2",
                "urls": {"streaming_api": self.base.replace("http", "ws", 1)},
                "configuration": {
                    "urls": {"streaming": self.base.replace("http", "ws", 1)},
                    "statuses": {
                        "max_characters": self.max_characters,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                },
            }
        )

    async def instance_v1(self, request: web.Request) -> web.Response:
        return await self.instance(request)

    async def list_notifications(self, request: web.Request) -> web.Response:
        types = request.query.getall("types[]", [])
        notes = [n for n in self.notifications if not types or n["type"] in types]
        by_id = {n["id"]: n for n in notes}
        chosen, link = self._page(
            request, [n["id"] for n in notes], int(request.query.get("limit", 40))
        )
        headers = {"Link": link} if link else {}
        return web.json_response([by_id[i] for i in chosen], headers=headers)

    async def lookup(self, request: web.Request) -> web.Response:
        acct = request.query["acct"]
        for found in self.accounts.values():
            if found["acct"] == acct:
                return web.json_response(found)
        return web.json_response({"error": "Record not found"}, status=404)

    async def relationships(self, request: web.Request) -> web.Response:
        """Mastodon's Relationship entities, for `id[]` (or `id`) in the query."""
        ids = request.query.getall("id[]", []) or request.query.getall("id", [])
        return web.json_response(
            [{"id": i, "following": i in self.following, "followed_by": i in self.followers}
             for i in ids]
        )  # fmt: skip

    async def get_account(self, request: web.Request) -> web.Response:
        found = self.accounts.get(request.match_info["id"])
        if found is None or found.get("_deleted"):
            return web.json_response({"error": "Record not found"}, status=404)
        return web.json_response(found)

    async def account_statuses(self, request: web.Request) -> web.Response:
        ids = self.timelines.get(request.match_info["id"], [])
        chosen, link = self._page(request, ids, int(request.query.get("limit", 20)))
        headers = {"Link": link} if link else {}
        return web.json_response([self.statuses[i] for i in chosen], headers=headers)

    async def account_followers(self, request: web.Request) -> web.Response:
        chosen, link = self._page(request, self.followers, int(request.query.get("limit", 40)))
        headers = {"Link": link} if link else {}
        found = [self.accounts.get(i) or account(i, f"user{i[-6:]}") for i in chosen]
        return web.json_response(found, headers=headers)

    async def streaming_user(self, request: web.Request) -> web.StreamResponse:
        return await _stream(self, request)

    async def get_status(self, request: web.Request) -> web.Response:
        found = self.statuses.get(request.match_info["id"])
        if found is None:
            return web.json_response({"error": "Record not found"}, status=404)
        return web.json_response(found)

    async def context(self, request: web.Request) -> web.Response:
        sid = request.match_info["id"]
        if sid not in self.statuses:
            return web.json_response({"error": "Record not found"}, status=404)
        below, under = [], {sid}  # the whole tree under it, as Mastodon gives it
        for found in self.statuses.values():  # kept in posting order: parents come first
            if found.get("in_reply_to_id") in under:
                below.append(found)
                under.add(found["id"])
        return web.json_response({"ancestors": [], "descendants": below})

    async def post_status(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.posted.append({k: str(v) for k, v in form.items()})
        sid = str(next(self._ids))
        made = status(
            sid,
            self.owner,
            f"<p>{form['status']}</p>",
            in_reply_to_id=form.get("in_reply_to_id"),
            visibility=form.get("visibility", "public"),
        )
        self.statuses[sid] = made
        if self.lose_post_answers:
            self.lose_post_answers -= 1
            await asyncio.sleep(60)
        return web.json_response(made)


async def _stream(fake: FakeMastodon, request: web.Request) -> web.StreamResponse:
    """Mastodon's user stream: server-sent events, `event: notification` with the JSON."""
    if not fake.streaming:
        return web.json_response({"error": "Streaming is disabled"}, status=404)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    fake.stream_clients += 1
    sent = 0
    try:
        while True:
            while sent < len(fake.stream):
                data = json.dumps(fake.stream[sent])
                await response.write(f"event: notification\ndata: {data}\n\n".encode())
                sent += 1
            await response.write(b":thump\n")
            await asyncio.sleep(0.1)
    except (ConnectionError, asyncio.CancelledError):
        return response


async def serve(fake: FakeMastodon) -> TestServer:
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.base = str(server.make_url("")).rstrip("/")
    return server
