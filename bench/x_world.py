"""The demo world as X would serve it, for bench/x_cost.py: the local X API server of the
tests keeping a log of what it answered, X's price list as the server would bill that log,
and the demo personas turned into X users, timelines and mentions."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from twitter_text.extract_urls import extract_urls_with_indices

from tests.x.fake_x import FakeX
from whynot.platforms.demo import DEMO, load_accounts, load_script

# X's price list as the server bills it (docs.x.com, "Credit consumption details",
# 2026-11-30), kept apart from whynot.spend on purpose: this is the other side's count.
SERVER_PRICES = {
    "post": 0.005,
    "user": 0.010,
    "owned": 0.001,
    "create": 0.015,
    "create_url": 0.200,
    "dm": 0.015,
}
OWNER = {"id": "783214", "name": "Fernando Salas", "username": "fsalas"}
KINDS = {"repost": "retweeted", "quote": "quoted", "reply": "replied_to"}
MENTION_IDS = 9_000_000  # the n-th mention of `demo_world` has the id MENTION_IDS + n


class LoggedX(FakeX):
    """The test server, keeping what it answered: method, path, query, request body and
    the JSON it sent back."""

    log: list[dict[str, Any]]

    def app(self) -> web.Application:
        self.log = []
        app = super().app()
        app.middlewares.append(self._record)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body = await request.json() if request.method == "POST" else None
        response = await handler(request)
        payload = json.loads(response.text) if isinstance(response, web.Response) else {}
        self.log.append(
            {
                "method": request.method,
                "path": request.path,
                "query": dict(request.query),
                "body": body,
                "payload": payload,
                "day": datetime.now(UTC).date(),
            }
        )
        return response


def server_bill(log: list[dict[str, Any]], owner_id: str) -> Counter[str]:
    """Dollars by kind from what the server sent: each resource once per UTC day, the
    users sent in `includes` too (X charges "per resource returned in the response" and
    does not say expansions are free)."""
    seen: set[tuple[Any, ...]] = set()
    bill: Counter[str] = Counter()

    def charge(kind: str, resource: str, day: Any) -> None:
        if (kind, resource, day) not in seen:
            seen.add((kind, resource, day))
            bill[kind] += SERVER_PRICES[kind]

    for entry in log:
        path, payload, day = entry["path"], entry["payload"], entry["day"]
        data = payload.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        if entry["method"] == "POST" and path == "/2/tweets":
            text = entry["body"]["text"]
            kind = "create_url" if extract_urls_with_indices(text) else "create"
            bill[kind] += SERVER_PRICES[kind]  # a post made is never de-duplicated
        elif entry["method"] == "POST":
            bill["dm"] += SERVER_PRICES["dm"]
        elif path == "/2/users/me" or path.endswith(f"/{owner_id}/followers"):
            for item in items:
                charge("owned", f"user:{item['id']}", day)
        elif path.endswith(f"/{owner_id}/tweets"):
            for item in items:
                charge("owned", f"post:{item['id']}", day)
        elif path.endswith(("/tweets", "/mentions")):
            for item in items:
                charge("post", f"post:{item['id']}", day)
        elif path.startswith("/2/users"):
            for item in items:
                charge("user", f"user:{item['id']}", day)
        if entry["method"] == "GET":
            for item in (payload.get("includes") or {}).get("users") or []:
                charge("user", f"user:{item['id']}", day)
    return bill


def x_user(account: Any, uid: str) -> dict[str, Any]:
    metrics = {
        "followers_count": account.followers_count,
        "following_count": account.following_count,
        "tweet_count": account.posts_count,
        "listed_count": account.listed_count,
        "like_count": account.likes_count,
    }
    return {
        "id": uid,
        "name": account.display_name or account.handle,
        "username": account.handle,
        "created_at": account.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if account.created_at
        else "2015-01-01T00:00:00.000Z",
        "description": account.description or "",
        "url": account.url or "",
        "protected": bool(account.protected),
        "verified": bool(account.verified),
        "public_metrics": {k: v for k, v in metrics.items() if v is not None},
    }


def x_tweets(account: Any, uid: str, first_id: int, reply_id: Any = None) -> list[dict[str, Any]]:
    """The account's posts as X serves them; a reply names the user it answers, as on X
    (`in_reply_to_user_id`: `reply_id(handle)`)."""
    posts = sorted(account.posts, key=lambda p: p.created_at or datetime.min.replace(tzinfo=UTC))
    tweets = []
    for i, post in enumerate(posts):
        tweet: dict[str, Any] = {"id": str(first_id + i), "text": post.text, "author_id": uid}
        entities: dict[str, Any] = {}
        if post.kind == "reply" and reply_id is not None and post.text.startswith("@"):
            handle = post.text[1:].split()[0]
            tweet["in_reply_to_user_id"] = reply_id(handle.lower())
            # X's mention entity names the user and its id
            entities["mentions"] = [
                {
                    "start": 0,
                    "end": len(handle) + 1,
                    "username": handle,
                    "id": reply_id(handle.lower()),
                },
            ]
        if post.created_at:
            tweet["created_at"] = post.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if post.source:
            tweet["source"] = post.source
        if post.kind in KINDS:
            tweet["referenced_tweets"] = [{"type": KINDS[post.kind], "id": "1"}]
        if post.urls:
            entities["urls"] = [{"url": u, "expanded_url": u} for u in post.urls]
        if entities:
            tweet["entities"] = entities
        tweets.append(tweet)
    return tweets


# Mentions that ask nothing, for a busier account than the demo's (`chatter`).
CHATTER = (
    "@fsalas great thread, thanks!",
    "@fsalas loved the open letter 👏",
    "@fsalas agree with this 100%",
    "@fsalas see you at the meetup tomorrow",
    "@fsalas ¡gran hilo, gracias!",
    "@fsalas concordo totalmente",
)


def demo_world(fake: LoggedX, scale: int, chatter: int = 0) -> int:
    """The demo personas and their mentions, `scale` times, each followed by `chatter`
    mentions that ask nothing from accounts of their own; returns the mention count."""
    accounts = load_accounts(DEMO / "accounts.jsonl")
    steps = [s for s in load_script(DEMO / "script.jsonl") if s.kind == "mention"]
    now = time.time()
    next_id = 10_000
    mentions = 0
    for copy in range(scale):
        ids: dict[str, str] = {"fsalas": OWNER["id"]}  # the script has the owner speak too
        first_ids: dict[str, int] = {}
        for number, (handle, account) in enumerate(accounts.items()):
            if handle == "fsalas":
                continue
            uid = str(100_000 + copy * 1_000 + number)
            ids[handle], first_ids[handle] = uid, next_id
            fake.users[uid] = x_user(replace(account, handle=f"{handle[:11]}{copy or ''}"), uid)
            next_id += 1_000

        def replied(handle: str, ids: dict[str, str] = ids, copy: int = copy) -> str:
            if handle not in ids:  # a user replied to outside the world: one of its own
                ids[handle] = uid = str(200_000 + copy * 1_000 + len(ids))
                fake.users[uid] = {"id": uid, "name": handle, "username": handle}
            return ids[handle]

        for handle, first_id in first_ids.items():
            fake.tweets[ids[handle]] = x_tweets(accounts[handle], ids[handle], first_id, replied)
        for step in steps:
            said = [(step.data["text"], ids[step.data["from"]])]
            for _ in range(chatter):
                uid = str(300_000 + len(fake.users))
                fake.users[uid] = {"id": uid, "name": f"Fan {uid}", "username": f"fan{uid}"}
                said.append((CHATTER[len(fake.users) % len(CHATTER)], uid))
            for text, author in said:
                mentions += 1
                mention = {
                    "id": str(MENTION_IDS + mentions),
                    "text": text,
                    "author_id": author,
                    "created_at": datetime.fromtimestamp(now - 600 + mentions, UTC).strftime(
                        "%Y-%m-%dT%H:%M:%S.000Z"
                    ),
                }
                fake.mentions.append(mention)
                # As on X, a mention is also the newest post of its author's timeline.
                fake.tweets.setdefault(author, []).append(mention)
    return mentions
