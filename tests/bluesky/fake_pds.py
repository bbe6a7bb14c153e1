"""A local Bluesky service on 127.0.0.1 for tests: the XRPC routes the adapter uses (a PDS
proxying the AppView, as bsky.social does) and a Jetstream websocket at /subscribe. Payload
shapes follow the lexicons and docs noted in tests/fixtures/bluesky/SOURCES.md; faults (429
with ratelimit-reset, 5xx, dropped connections) are scripted per route."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

NOW = "2026-11-30T12:00:00.000Z"


def jwt(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(payload)}.c2ln"


def profile(did: str, handle: str, **extra: Any) -> dict[str, Any]:
    """An app.bsky.actor.defs#profileViewDetailed."""
    base = {
        "did": did,
        "handle": handle,
        "displayName": handle.split(".")[0].title(),
        "description": "I post about marketing",
        "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/bafkrei@jpeg",
        "followersCount": 300,
        "followsCount": 280,
        "postsCount": 1200,
        "createdAt": "2023-04-01T10:00:00.000Z",
        "indexedAt": "2023-04-01T10:00:00.000Z",
        "labels": [],
    }
    base.update(extra)
    return base


def post_view(uri: str, author: dict[str, Any], text: str, **record: Any) -> dict[str, Any]:
    """An app.bsky.feed.defs#postView."""
    body = {"$type": "app.bsky.feed.post", "text": text, "createdAt": NOW, "langs": ["en"]}
    body.update(record)
    return {
        "uri": uri,
        "cid": "bafyrei" + str(abs(hash(uri)))[:20],
        "author": {k: author[k] for k in ("did", "handle", "displayName", "labels") if k in author},
        "record": body,
        "replyCount": 0,
        "repostCount": 1,
        "likeCount": 2,
        "quoteCount": 0,
        "indexedAt": body["createdAt"],
        "labels": [],
    }


@dataclass
class Fault:
    status: int
    body: str = '{"error": "InternalServerError", "message": "try later"}'
    headers: dict[str, str] = field(default_factory=dict)


PASS = Fault(-1)  # in a route's faults: that request is answered as usual


@dataclass
class FakeBluesky:
    owner: dict[str, Any]
    password: str = "app-pass-word"
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # by DID
    feeds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by DID, newest first
    notifications: list[dict[str, Any]] = field(default_factory=list)  # newest first
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # post views by URI
    followers: list[str] = field(default_factory=list)
    follow_records: dict[str, str] = field(default_factory=dict)  # follower DID -> record URI
    gone: set[str] = field(default_factory=set)  # deactivated / taken down DIDs
    followed_back: set[str] = field(default_factory=set)  # followers the owner follows
    faults: dict[str, list[Fault]] = field(default_factory=dict)  # NSID pattern -> faults
    created: list[dict[str, Any]] = field(default_factory=list)
    hits: list[str] = field(default_factory=list)
    sessions: int = 0
    refreshes: int = 0
    seen_at: str | None = None
    access_ttl: int = 7200
    lose_post_answers: int = 0  # accept this many posts, then never answer in time
    jetstream: list[str] = field(default_factory=list)  # messages to send, in order
    jetstream_cursors: list[str | None] = field(default_factory=list)
    drop_after: int | None = None  # close the websocket after this many messages
    base: str = ""
    _tokens: set[str] = field(default_factory=set)
    _refresh: set[str] = field(default_factory=set)
    _next: int = 0
    _sent: int = 0
    new_events: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._faults])
        for nsid, handler in {
            "com.atproto.server.createSession": self.create_session,
            "com.atproto.server.refreshSession": self.refresh_session,
            "com.atproto.repo.createRecord": self.create_record,
            "app.bsky.notification.updateSeen": self.update_seen,
        }.items():
            app.router.add_post(f"/xrpc/{nsid}", handler)
        for nsid, handler in {
            "app.bsky.actor.getProfile": self.get_profile,
            "app.bsky.actor.getProfiles": self.get_profiles,
            "app.bsky.feed.getAuthorFeed": self.get_author_feed,
            "app.bsky.feed.getPosts": self.get_posts,
            "app.bsky.feed.getPostThread": self.get_post_thread,
            "app.bsky.notification.listNotifications": self.list_notifications,
            "app.bsky.graph.getFollowers": self.get_followers,
            "app.bsky.graph.getRelationships": self.get_relationships,
        }.items():
            app.router.add_get(f"/xrpc/{nsid}", handler)
        app.router.add_get("/subscribe", self.subscribe)
        return app

    # --- plumbing ---------------------------------------------------------------------
    @web.middleware
    async def _faults(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.hits.append(f"{request.method} {request.path_qs}")
        nsid = request.path.removeprefix("/xrpc/")
        for pattern, queue in self.faults.items():
            if queue and re.fullmatch(pattern, nsid):
                fault = queue.pop(0)
                if fault.status == PASS.status:  # answered as usual: the faults are for later ones
                    break
                if fault.status == 0:
                    request.transport.close()
                    raise ConnectionResetError("reset by the test")
                return web.Response(
                    status=fault.status,
                    text=fault.body,
                    headers=fault.headers,
                    content_type="application/json",
                )
        if request.path.startswith("/xrpc/") and nsid not in (
            "com.atproto.server.createSession",
            "com.atproto.server.refreshSession",
        ):
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self._tokens:
                return _error(400, "ExpiredToken", "Token has expired")
        return await handler(request)

    def _session(self) -> dict[str, Any]:
        now = int(time.time())
        did = self.owner["did"]
        self._next += 1
        claims = {"sub": did, "iat": now, "jti": f"{now}-{self._next}"}
        access = jwt({**claims, "scope": "com.atproto.appPass", "exp": now + self.access_ttl})
        refresh = jwt({**claims, "scope": "com.atproto.refresh", "exp": now + 90 * 86400})
        self._tokens = {access}
        self._refresh = {refresh}
        return {
            "accessJwt": access,
            "refreshJwt": refresh,
            "handle": self.owner["handle"],
            "did": did,
            "didDoc": {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": did,
                "alsoKnownAs": [f"at://{self.owner['handle']}"],
                "service": [
                    {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": self.base,
                    }
                ],
            },
            "active": True,
        }

    # --- sessions -----------------------------------------------------------------------
    async def create_session(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("identifier") != self.owner["handle"] or body.get("password") != self.password:
            return _error(401, "AuthenticationRequired", "Invalid identifier or password")
        self.sessions += 1
        return web.json_response(self._session())

    async def refresh_session(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self._refresh:
            return _error(400, "ExpiredToken", "Token has been revoked")
        self.refreshes += 1
        return web.json_response(self._session())

    # --- reads --------------------------------------------------------------------------
    def _profile(self, actor: str) -> dict[str, Any] | None:
        if actor in (self.owner["did"], self.owner["handle"]):
            return self.owner
        for did, found in self.profiles.items():
            if actor in (did, found["handle"]) and did not in self.gone:
                return found
        return None

    async def get_profile(self, request: web.Request) -> web.Response:
        actor = request.query["actor"]
        found = self._profile(actor)
        if found is None:
            gone = any(actor in (d, p["handle"]) for d, p in self.profiles.items())
            if gone:
                return _error(400, "AccountDeactivated", "Account is deactivated")
            return _error(400, "InvalidRequest", "Profile not found")
        return web.json_response(found)

    async def get_profiles(self, request: web.Request) -> web.Response:
        actors = request.query.getall("actors")
        found = [p for a in actors if (p := self._profile(a)) is not None]
        return web.json_response({"profiles": found})

    async def get_author_feed(self, request: web.Request) -> web.Response:
        feed = self.feeds.get(request.query["actor"], [])
        start = int(request.query.get("cursor", 0))
        limit = int(request.query.get("limit", 50))
        page = feed[start : start + limit]
        body: dict[str, Any] = {"feed": page}
        if start + limit < len(feed):
            body["cursor"] = str(start + limit)
        return web.json_response(body)

    async def get_posts(self, request: web.Request) -> web.Response:
        uris = request.query.getall("uris")
        return web.json_response({"posts": [self.posts[u] for u in uris if u in self.posts]})

    async def get_post_thread(self, request: web.Request) -> web.Response:
        uri = request.query["uri"]
        if uri not in self.posts:
            return _error(400, "NotFound", f"Post not found: {uri}")

        def under(parent: str, depth: int) -> list[dict[str, Any]]:  # as deep as `depth`
            return [
                {
                    "$type": "app.bsky.feed.defs#threadViewPost",
                    "post": p,
                    "replies": under(p["uri"], depth - 1) if depth > 1 else [],
                }
                for p in self.posts.values()
                if (p["record"].get("reply") or {}).get("parent", {}).get("uri") == parent
            ]

        thread = {
            "$type": "app.bsky.feed.defs#threadViewPost",
            "post": self.posts[uri],
            "replies": under(uri, int(request.query.get("depth", 6))),
        }
        return web.json_response({"thread": thread})

    async def list_notifications(self, request: web.Request) -> web.Response:
        reasons = set(request.query.getall("reasons", [])) or None
        notes = [n for n in self.notifications if reasons is None or n["reason"] in reasons]
        start = int(request.query.get("cursor", 0))
        limit = int(request.query.get("limit", 50))
        page = notes[start : start + limit]
        body: dict[str, Any] = {"notifications": page, "priority": False}
        if self.seen_at:
            body["seenAt"] = self.seen_at
        if start + limit < len(notes):
            body["cursor"] = str(start + limit)
        return web.json_response(body)

    async def update_seen(self, request: web.Request) -> web.Response:
        self.seen_at = (await request.json())["seenAt"]
        return web.Response(status=200)

    async def get_followers(self, request: web.Request) -> web.Response:
        start = int(request.query.get("cursor", 0))
        limit = int(request.query.get("limit", 50))
        visible = [d for d in self.followers if d not in self.gone]
        page = visible[start : start + limit]
        body: dict[str, Any] = {
            "subject": self.owner,
            "followers": [self._follower(d) for d in page],
        }
        if start + limit < len(visible):
            body["cursor"] = str(start + limit)
        return web.json_response(body)

    def _follower(self, did: str) -> dict[str, Any]:
        found = dict(self.profiles.get(did) or {"did": did, "handle": f"{did[8:]}.test"})
        if did in self.followed_back:  # the owner follows them: the viewer state says so
            found["viewer"] = {"following": f"at://{self.owner['did']}/app.bsky.graph.follow/b"}
        return found

    async def get_relationships(self, request: web.Request) -> web.Response:
        relationships = []
        for did in request.query.getall("others"):
            relation: dict[str, Any] = {"$type": "app.bsky.graph.defs#relationship", "did": did}
            if did in self.followers and did in self.follow_records:
                relation["followedBy"] = self.follow_records[did]
            relationships.append(relation)
        return web.json_response({"actor": request.query["actor"], "relationships": relationships})

    # --- writes -------------------------------------------------------------------------
    async def create_record(self, request: web.Request) -> web.Response:
        body = await request.json()
        record = body["record"]
        rkey = f"3m{len(self.created):011d}"
        uri = f"at://{body['repo']}/{body['collection']}/{rkey}"
        self.created.append(body)
        extra = {k: v for k, v in record.items() if k != "text"}
        self.posts[uri] = post_view(uri, self.owner, record["text"], **extra)
        if self.lose_post_answers:
            self.lose_post_answers -= 1
            await asyncio.sleep(30)
        return web.json_response({"uri": uri, "cid": self.posts[uri]["cid"]})

    # --- Jetstream ----------------------------------------------------------------------
    async def subscribe(self, request: web.Request) -> web.WebSocketResponse:
        cursor = request.query.get("cursor")
        self.jetstream_cursors.append(cursor)
        if cursor is not None:  # replay from the cursor, as Jetstream does
            stamps = [json.loads(m).get("time_us", 0) for m in self.jetstream]
            self._sent = next((i for i, t in enumerate(stamps) if t >= int(cursor)), len(stamps))
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        while not ws.closed:
            while self._sent < len(self.jetstream):
                if self.drop_after is not None and self._sent >= self.drop_after:
                    self.drop_after = None
                    await ws.close()
                    return ws
                try:
                    await ws.send_str(self.jetstream[self._sent])
                except ConnectionError:
                    return ws
                self._sent += 1
            self.new_events.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.new_events.wait(), 0.05)
        return ws

    def push(self, *messages: dict[str, Any] | str) -> None:
        for message in messages:
            self.jetstream.append(message if isinstance(message, str) else json.dumps(message))
        self.new_events.set()


def _error(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"error": error, "message": message}, status=status)


async def serve(fake: FakeBluesky) -> TestServer:
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.base = str(server.make_url("")).rstrip("/")
    return server


__all__ = ["PASS", "FakeBluesky", "Fault", "WSMsgType", "post_view", "profile", "serve"]
