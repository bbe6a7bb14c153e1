"""A local X API v2 server on 127.0.0.1 for tests: the routes the adapter uses, answering
with the payload shapes of X's API reference (and of tweepy's recorded cassettes), with
scripted faults (429 with reset, 5xx, malformed JSON) per route."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

RATE_HEADERS = {
    "x-rate-limit-limit": "450",
    "x-rate-limit-remaining": "449",
    "x-rate-limit-reset": "1665184961",
}


@dataclass
class Fault:
    status: int
    body: str = '{"title": "Service Unavailable", "detail": "try later"}'
    headers: dict[str, str] = field(default_factory=dict)


PASS = Fault(-1)  # in a route's faults: that request is answered as usual


@dataclass
class FakeX:
    owner: dict[str, Any]
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    tweets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by author id
    mentions: list[dict[str, Any]] = field(default_factory=list)  # newest last
    followers: list[str] = field(default_factory=list)
    suspended: set[str] = field(default_factory=set)
    faults: dict[str, list[Fault]] = field(default_factory=dict)  # route pattern -> faults
    posted: list[dict[str, Any]] = field(default_factory=list)
    dms: list[dict[str, Any]] = field(default_factory=list)
    hits: list[str] = field(default_factory=list)
    next_id: int = 1_900_000_000_000_000_000
    lose_post_answers: int = 0  # accept this many posts, then never answer in time
    stall_seconds: float = 3.0
    owner_followers: int = 0  # what /2/users/me says the owner's follower count is (0: unsaid)
    following: set[str] = field(default_factory=set)  # user ids the owner follows
    posts_on_timeline: bool = False  # posts made join the owner's timeline (already_replied)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._faults])
        app.router.add_get("/2/users/me", self.me)
        app.router.add_get("/2/users/by/username/{name}", self.user_by_name)
        app.router.add_get("/2/users", self.lookup)
        app.router.add_get("/2/users/{id}/mentions", self.user_mentions)
        app.router.add_get("/2/users/{id}/tweets", self.user_tweets)
        app.router.add_get("/2/users/{id}/followers", self.user_followers)
        app.router.add_get("/2/users/{id}", self.user)
        app.router.add_post("/2/tweets", self.create_tweet)
        app.router.add_post("/2/dm_conversations/with/{id}/messages", self.create_dm)
        return app

    @web.middleware
    async def _faults(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.hits.append(f"{request.method} {request.path_qs}")
        for pattern, queue in self.faults.items():
            if queue and re.fullmatch(pattern, request.path):
                fault = queue.pop(0)
                if fault.status == PASS.status:  # answered as usual: the faults are for later ones
                    break
                if fault.status == 0:  # a connection reset: drop the socket, answer nothing
                    request.transport.close()
                    raise ConnectionResetError("reset by the test")
                return web.Response(
                    status=fault.status,
                    text=fault.body,
                    headers=fault.headers,
                    content_type="application/json",
                )
        return await handler(request)

    def _json(self, payload: dict[str, Any]) -> web.Response:
        return web.Response(
            text=json.dumps(payload), content_type="application/json", headers=RATE_HEADERS
        )

    async def me(self, request: web.Request) -> web.Response:
        assert request.headers["Authorization"].startswith("OAuth "), "user context required"
        data = {k: self.owner[k] for k in ("id", "name", "username")}
        if "public_metrics" in request.query.get("user.fields", "") and self.owner_followers:
            data["public_metrics"] = {"followers_count": self.owner_followers}
        return self._json({"data": data})

    async def user(self, request: web.Request) -> web.Response:
        uid = request.match_info["id"]
        if uid in self.suspended or uid not in self.users:
            return self._json(
                {
                    "errors": [
                        {
                            "value": uid,
                            "detail": f"User has been suspended: [{uid}].",
                            "title": "Forbidden",
                            "resource_type": "user",
                            "parameter": "id",
                            "resource_id": uid,
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    ]
                }
            )
        return self._json({"data": self._seen_by_owner(self.users[uid], request)})

    def _seen_by_owner(self, user: dict, request: web.Request) -> dict:
        """`connection_status`, when asked for: X gives it in user context only."""
        if "connection_status" not in request.query.get("user.fields", ""):
            return user
        assert request.headers["Authorization"].startswith("OAuth "), "user context required"
        return {**user, "connection_status": ["following"] if user["id"] in self.following else []}

    async def user_by_name(self, request: web.Request) -> web.Response:
        name = request.match_info["name"].lower()
        for uid, data in self.users.items():
            if data["username"].lower() == name and uid not in self.suspended:
                return self._json({"data": self._seen_by_owner(data, request)})
        return self._json(
            {
                "errors": [
                    {
                        "value": name,
                        "detail": f"Could not find user: {name}.",
                        "title": "Not Found Error",
                    }
                ]
            }
        )

    async def lookup(self, request: web.Request) -> web.Response:
        ids = request.query["ids"].split(",")
        data = [self.users[i] for i in ids if i in self.users and i not in self.suspended]
        errors = [
            {"value": i, "detail": "Could not find user", "title": "Not Found Error"}
            for i in ids
            if i not in self.users or i in self.suspended
        ]
        return self._json({"data": data, **({"errors": errors} if errors else {})})

    async def user_tweets(self, request: web.Request) -> web.Response:
        uid = request.match_info["id"]
        items = list(reversed(self.tweets.get(uid, [])))  # newest first
        page, meta = _page(request, items)
        if not page:
            return self._json({"meta": meta})
        # As X does: `expansions=in_reply_to_user_id` sends the users replied to.
        replied = {t["in_reply_to_user_id"] for t in page if t.get("in_reply_to_user_id")}
        if "in_reply_to_user_id" not in request.query.get("expansions", "") or not replied:
            return self._json({"data": page, "meta": meta})
        users = [self._expanded(self.users[u], request) for u in replied if u in self.users]
        return self._json({"data": page, "includes": {"users": users}, "meta": meta})

    def _expanded(self, user: dict, request: web.Request) -> dict:
        """An expanded user: the default fields and those `user.fields` asks, as X sends."""
        fields = {"id", "name", "username", *request.query.get("user.fields", "").split(",")}
        return {k: v for k, v in user.items() if k in fields}

    async def user_mentions(self, request: web.Request) -> web.Response:
        items = list(reversed(self.mentions))
        page, meta = _page(request, items)
        if not page:
            return self._json({"meta": meta})
        # As X does: the authors' profiles only when `expansions=author_id` asks for them.
        if "author_id" not in request.query.get("expansions", ""):
            return self._json({"data": page, "meta": meta})
        authors = {t["author_id"] for t in page}
        users = [self._expanded(self.users[a], request) for a in authors if a in self.users]
        return self._json({"data": page, "includes": {"users": users}, "meta": meta})

    async def user_followers(self, request: web.Request) -> web.Response:
        size = int(request.query.get("max_results", 100))
        start = int(request.query.get("pagination_token", 0))
        page = self.followers[start : start + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if start + size < len(self.followers):
            meta["next_token"] = str(start + size)
        data = [{"id": i, "name": f"n{i}", "username": f"u{i}"} for i in page]
        return self._json({"data": data, "meta": meta})

    async def create_tweet(self, request: web.Request) -> web.Response:
        assert request.headers["Authorization"].startswith("OAuth "), "user context required"
        body = await request.json()
        self.next_id += 1
        self.posted.append({"id": str(self.next_id), **body})
        if self.posts_on_timeline or self.lose_post_answers > 0:
            self.tweets.setdefault(self.owner["id"], []).append(
                {
                    "id": str(self.next_id),
                    "text": body["text"],
                    "referenced_tweets": [
                        {"type": "replied_to", "id": body["reply"]["in_reply_to_tweet_id"]}
                    ],
                }
            )
        if self.lose_post_answers > 0:
            self.lose_post_answers -= 1
            await asyncio.sleep(self.stall_seconds)  # the client gives up: answer lost
        return self._json(
            {
                "data": {
                    "id": str(self.next_id),
                    "text": body["text"],
                    "edit_history_tweet_ids": [str(self.next_id)],
                }
            }
        )

    async def create_dm(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.dms.append({"to": request.match_info["id"], **body})
        return self._json({"data": {"dm_conversation_id": "1-2", "dm_event_id": "3"}})


async def serve(fake: FakeX) -> TestServer:
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    return server


def _when(item: dict[str, Any]) -> datetime:
    stamp = str(item.get("created_at", "1970-01-01T00:00:00Z"))
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _page(request: web.Request, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict]:
    """Newest-first items after `since_id`, one `max_results` page from `pagination_token`,
    with X's meta (result_count, next_token)."""
    since = request.query.get("since_id")
    if since:
        items = [t for t in items if int(t["id"]) > int(since)]
    until = request.query.get("until_id")
    if until:
        items = [t for t in items if int(t["id"]) < int(until)]
    start_time = request.query.get("start_time")
    if start_time:  # ISO 8601 in UTC, as X takes it: compared as datetimes
        after = datetime.fromisoformat(start_time.replace("Z", "+00:00"))
        items = [t for t in items if _when(t) >= after]
    size = int(request.query.get("max_results", 10))
    start = int(request.query.get("pagination_token", 0))
    page = items[start : start + size]
    meta: dict[str, Any] = {"result_count": len(page)}
    if start + size < len(items):
        meta["next_token"] = str(start + size)
    return page, meta
