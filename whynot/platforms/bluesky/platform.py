"""Bluesky through atproto's `AsyncClient`: the `Platform` for mentions (notifications),
profiles and author feeds, replies in thread, follower pages and account status.

- Sign-in: the owner's handle and an app password (`BLUESKY_HANDLE`,
  `BLUESKY_APP_PASSWORD`), or the session saved by the last run (the client refreshes the
  access token ahead of expiry; every new session is handed to `save_session`, so a
  restart does not sign in again). A saved session the service no longer accepts is
  replaced by a fresh sign-in. The service URL is configurable (`[bluesky] service`).
- Mentions: `listNotifications` (reasons mention and reply), newest first, read back to
  the last one handled; what was handled is marked seen with `updateSeen`.
- Askers: a mention is also its author's newest post; their feed is read below their
  question (remembered from the mentions read, `whynot.platforms.questions`; `feed`).
- Replies: in thread, with the root and parent strong references read from the mention's
  own record (`getPosts`); a mention facet only for the asker, never a third party.
- Faults: 429 (with `ratelimit-reset`) stops the route until its reset; 5xx, timeouts and
  network faults are retried with jittered backoff, then surface as transient
  `PlatformError`s; posts are never retried blindly (the desk checks the thread first).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
from atproto_client import AsyncClient, models
from atproto_client import exceptions as atx
from atproto_client.client.session import SessionEvent
from atproto_client.models.utils import get_model_as_dict

from scoring import Account
from whynot.models import Identity, Mention
from whynot.platform import (
    AccountStatus,
    FollowerPage,
    PlatformError,
    send_error,
    thread_broken,
)
from whynot.platforms.bluesky import payloads as bp
from whynot.platforms.bluesky.errors import Gone, RateLimited, Rejected
from whynot.platforms.bluesky.errors import error_name as _error_name
from whynot.platforms.bluesky.errors import reason as _reason
from whynot.platforms.bluesky.facets import asker_facets
from whynot.platforms.bluesky.feed import author_feed
from whynot.platforms.questions import Questions

log = logging.getLogger(__name__)
DEFAULT_SERVICE = "https://bsky.social"
RETRIES = 3
BACKOFF_BASE = 0.5
NOTIFICATION_PAGE = 50
MAX_NOTIFICATION_PAGES = 20  # 1,000 notifications back at most to find the last handled
FOLLOWERS_PAGE = 100
PROFILES_BATCH = 25  # getProfiles takes at most 25 actors
CATCH_UP = 7 * 86_400.0  # seconds read back when the last handled mention is gone
EXPIRED = ("ExpiredToken", "InvalidToken")
GONE = ("AccountDeactivated", "AccountTakedown", "InvalidRequest", "NotFound", "ActorNotFound")
SIGN_IN = ("session", "createSession")
# atproto maps httpx's timeouts and network errors, but lets its other transport faults
# (a connection dropped before the answer) through as httpx's own.
TRANSIENT = (
    atx.NetworkError,
    atx.InvokeTimeoutError,
    httpx.TransportError,
    TimeoutError,
    ValueError,
)

SessionSaver = Callable[[str], Awaitable[None]]


@dataclass
class BlueskyPlatform:
    client: AsyncClient
    handle: str
    password: str = field(repr=False)
    saved_session: str | None = field(default=None, repr=False)
    save_session: SessionSaver | None = None
    name: str = "bluesky"
    reply_format: str = "bluesky"
    looks_free: bool = True  # already_replied costs nothing: asked before every reply
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _me: Identity | None = None
    _refused: str = ""  # the handle and app password refused while running: until a restart
    _resets: dict[str, float] = field(default_factory=dict)
    _questions: Questions = field(default_factory=Questions, repr=False)

    @classmethod
    def from_settings(
        cls,
        secrets: Any,
        service: str,
        saved_session: str | None = None,
        save_session: SessionSaver | None = None,
    ) -> BlueskyPlatform:
        client = AsyncClient(base_url=service)
        made = cls(
            client,
            secrets["BLUESKY_HANDLE"].reveal().strip().removeprefix("@"),  # as the app shows it
            secrets["BLUESKY_APP_PASSWORD"].reveal(),
            saved_session,
            save_session,
        )
        client.on_session_change(made._session_changed)
        return made

    async def _session_changed(self, event: SessionEvent, session: Any) -> None:
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH) and self.save_session:
            await self.save_session(session.export())

    async def close(self) -> None:
        return None  # the client's httpx pool closes with the process

    # --- signing in -------------------------------------------------------------------
    async def me(self, retries: int | None = None) -> Identity:
        """Sign in once (the saved session first, else the app password) and return the
        owner's account. Rejected credentials raise `Rejected` (not transient)."""
        if self._refused:  # asking again fails alike (and spends the sign-in rate limit)
            raise Rejected(self._refused)
        if self._me is None:
            session = None
            if self.saved_session:
                try:
                    session = await self._call("session", self._resume, retries or RETRIES)
                except PlatformError as exc:
                    if exc.transient:
                        raise
                    log.info("the saved Bluesky session was refused; signing in again")
            if session is None:
                try:
                    await self._call(
                        "createSession",
                        lambda: self.client.login(self.handle, self.password),
                        retries or RETRIES,
                    )
                except PlatformError as exc:
                    if exc.transient:
                        raise
                    self._refused = f"Bluesky did not accept the handle and app password: {exc}"
                    raise Rejected(self._refused) from None
            profile = self.client.me
            if profile is None:
                raise PlatformError("Bluesky signed in but returned no profile")
            self._me = bp.identity(get_model_as_dict(profile))
        return self._me

    async def _resume(self) -> Any:
        """Sign in with the saved session; one that cannot be read is refused for good."""
        try:
            return await self.client.login(session_string=self.saved_session)
        except (ValueError, TypeError, atx.LoginRequiredError) as exc:
            raise PlatformError(f"unreadable saved session ({type(exc).__name__})", False) from None

    # --- calling Bluesky ----------------------------------------------------------------
    async def _call(
        self, route: str, call: Callable[[], Awaitable[Any]], retries: int = RETRIES
    ) -> Any:
        reset = self._resets.get(route, 0.0)
        if reset > self.clock():
            raise RateLimited(route, reset)
        for attempt in range(1, retries + 1):
            try:
                return await call()
            except atx.RateLimitExceededError as exc:
                headers = getattr(exc.response, "headers", None) or {}
                try:
                    until = float(headers.get("ratelimit-reset", ""))
                except ValueError:
                    until = self.clock() + 300
                self._resets[route] = until
                raise RateLimited(route, until) from None
            except (atx.UnauthorizedError, atx.BadRequestError) as exc:
                if _error_name(exc) in EXPIRED and route not in SIGN_IN and attempt < retries:
                    # The session ended on the service's side (revoked, or the refresh
                    # token expired while the bot was stopped): sign in again, once.
                    log.info("the Bluesky session ended (%s); signing in again", _reason(exc))
                    self._me, self.saved_session = None, None
                    await self.me()
                    continue
                if _error_name(exc) in GONE:
                    raise Gone(f"Bluesky: {_reason(exc)}") from None
                raise PlatformError(f"Bluesky refused {route}: {_reason(exc)}", False) from None
            except (atx.RequestException, *TRANSIENT) as exc:
                if attempt == retries:
                    raise PlatformError(
                        f"Bluesky unavailable for {route}: {_reason(exc)}"
                    ) from None
                delay = BACKOFF_BASE * 2 ** (attempt - 1) * (0.5 + random.random())
                log.debug("Bluesky %s failed (%s); retrying in %.1fs", route, _reason(exc), delay)
                await self.sleep(delay)
        raise AssertionError("unreachable")

    async def _read(self, route: str, call: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
        result = await self._call(route, call)
        data = get_model_as_dict(result) if result is not None else None
        if not isinstance(data, dict):
            raise PlatformError(f"unexpected response from Bluesky for {route}")
        return data

    # --- mentions -----------------------------------------------------------------------
    async def identify(self, who: Identity) -> Identity:
        """Authors come named, with the owner's follow (the profile's `viewer`); one read back
        from the store (a retry, a deferred question) lost the follow: its profile says it."""
        profile = await self._profile(who.id or who.handle) if who.followed is None else None
        return who if profile is None else _mapped(bp.identity, profile)

    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        """Mentions and replies to the owner after `since_id` (a post URI), oldest first.
        Pages are read newest first until that post; without it (the first poll) back to
        `not_before` (one page when it is not given).
        When `since_id` is no longer listed (deleted), the service's `seenAt` (moved by
        `updateSeen` after each poll) bounds the search."""
        await self.me()
        found: list[dict[str, Any]] = []
        cursor = seen_at = None
        reached = since_id is None
        for _ in range(MAX_NOTIFICATION_PAGES if since_id or not_before else 1):
            params: dict[str, Any] = {
                "limit": NOTIFICATION_PAGE,
                "reasons": list(bp.MENTION_REASONS),
            }
            if cursor:
                params["cursor"] = cursor
            page = await self._read(
                "listNotifications",
                partial(self.client.app.bsky.notification.list_notifications, params=params),
            )
            seen_at = seen_at or bp.stamp(page.get("seenAt"))
            for note in page.get("notifications") or []:
                indexed = bp.stamp(note.get("indexedAt"))
                if since_id and note.get("uri") == since_id:
                    reached = True
                    if indexed and (seen_at is None or indexed > seen_at):
                        await self._mark_seen(indexed)  # handled up to here
                    break
                found.append(note)
            cursor, last = page.get("cursor"), (page.get("notifications") or [{}])[-1]
            early = bp.stamp(last.get("indexedAt")) if not since_id else None
            if not cursor or (early.timestamp() < (not_before or 0.0) if early else reached):
                break
        if since_id and not reached and seen_at:
            # seenAt is the account's: the owner's app moves it too, so it bounds only a
            # read whose last handled mention is gone, never one that found it.
            found = [n for n in found if (bp.stamp(n.get("indexedAt")) or seen_at) > seen_at]
            reached = True
        mentions = _mapped(bp.mentions, found)
        me = await self.me()
        # The last handled mention is gone and nothing else bounds the read: a week at most.
        oldest = self.clock() - CATCH_UP if since_id and not reached else 0.0
        fresh = [m for m in mentions if m.author.id != me.id and m.created_at >= oldest]
        self._questions.heard(fresh, self.clock())  # their feeds are read below them
        return fresh

    async def _mark_seen(self, at: datetime) -> None:
        """Tell the service everything up to `at` was seen (the app's unread badge). Only
        ever moved to a mention already handled; a failure here costs nothing."""
        stamp = at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        try:
            await self._call(
                "updateSeen",
                lambda: self.client.app.bsky.notification.update_seen(data={"seenAt": stamp}),
            )
        except PlatformError as exc:
            log.info("Bluesky updateSeen failed: %s", exc)

    # --- accounts -----------------------------------------------------------------------
    async def _profile(self, actor: str) -> dict[str, Any] | None:
        """`getProfile` of a DID or handle; None: deactivated, taken down, or no such account."""
        await self.me()
        params = {"actor": actor}
        try:
            return await self._read(
                "getProfile", lambda: self.client.app.bsky.actor.get_profile(params=params)
            )
        except Gone:
            return None

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        if (profile := await self._profile(who.id or who.handle)) is None:
            return None
        did = str(profile["did"])
        feed = await author_feed(  # below their question, when they asked one (`feed`)
            lambda p: self._read(
                "getAuthorFeed", lambda: self.client.app.bsky.feed.get_author_feed(params=p)
            ),
            did,
            max_posts,
            self._questions.of(did, self.clock()),
        )
        return _mapped(bp.account, profile, feed, self.clock())

    async def _followers(self, cursor: str | None) -> dict[str, Any]:
        me = await self.me()
        params: dict[str, Any] = {"actor": me.id, "limit": FOLLOWERS_PAGE}
        if cursor:
            params["cursor"] = cursor
        return await self._read(
            "getFollowers", lambda: self.client.app.bsky.graph.get_followers(params=params)
        )

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        page = await self._followers(cursor)
        ids = tuple(str(f["did"]) for f in page.get("followers") or [] if f.get("did"))
        return FollowerPage(ids, page.get("cursor") or None)

    async def not_followed_back(self, cursor: str | None) -> FollowerPage:
        """One page of followers the owner does not follow (the audit's list): a
        follower's `viewer.following` is set when the owner follows them."""
        page = await self._followers(cursor)
        followers = [f for f in page.get("followers") or [] if f.get("did")]
        ids = tuple(str(f["did"]) for f in followers if not bp.identity(f).followed)
        return FollowerPage(ids, page.get("cursor") or None)

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        """Status of accounts by DID. `getProfiles` leaves deactivated, taken-down and
        deleted accounts out: they are gone, not unfollows."""
        await self.me()
        found: dict[str, AccountStatus] = {}
        for start in range(0, len(ids), PROFILES_BATCH):
            batch = list(ids[start : start + PROFILES_BATCH])
            page = await self._read(
                "getProfiles",
                partial(self.client.app.bsky.actor.get_profiles, params={"actors": batch}),
            )
            for profile in page.get("profiles") or []:
                if profile.get("did"):
                    found[str(profile["did"])] = AccountStatus("active", bp.identity(profile))
        return {i: found.get(i, AccountStatus("gone")) for i in ids}

    async def still_follows(self, did: str) -> str | None:
        """The URI of `did`'s follow record of the owner, or None when they do not follow
        (`getRelationships`: `followedBy` is that record)."""
        me = await self.me()
        page = await self._read(
            "getRelationships",
            lambda: self.client.app.bsky.graph.get_relationships(
                params={"actor": me.id, "others": [did]}
            ),
        )
        for relation in page.get("relationships") or []:
            if relation.get("did") == did:
                return relation.get("followedBy") or None
        return None

    # --- writing ------------------------------------------------------------------------
    async def _refs(self, uri: str) -> models.AppBskyFeedPost.ReplyRef:
        page = await self._read(
            "getPosts", lambda: self.client.app.bsky.feed.get_posts(params={"uris": [uri]})
        )
        posts = page.get("posts") or []
        if not posts:
            raise PlatformError("the post to answer is gone", transient=False)
        parent = models.ComAtprotoRepoStrongRef.Main(uri=posts[0]["uri"], cid=posts[0]["cid"])
        root_ref = ((posts[0].get("record") or {}).get("reply") or {}).get("root") or {}
        root = (
            models.ComAtprotoRepoStrongRef.Main(uri=root_ref["uri"], cid=root_ref["cid"])
            if root_ref.get("uri") and root_ref.get("cid")
            else parent
        )
        return models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)

    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:
        """A thread under the mention (or our post `under`): each post answers the one
        before, all under the mention's thread root. If a later post fails, the posts
        made are reported (a ThreadCut)."""
        try:
            refs = await self._refs(under or to.id)  # our post's root is the mention's
        except PlatformError as exc:  # a revoked app password is refused here first
            raise send_error(exc) from None
        ids: list[str] = []
        for text in posts:
            try:
                made = await self._call(
                    "createRecord",
                    partial(
                        self.client.send_post,
                        text,
                        reply_to=refs,
                        facets=asker_facets(text, to.author) or None,
                    ),
                    retries=1,
                )
            except Exception as exc:
                return thread_broken(exc, ids, to.id, log)
            ids.append(str(made.uri))
            here = models.ComAtprotoRepoStrongRef.Main(uri=made.uri, cid=made.cid)
            refs = models.AppBskyFeedPost.ReplyRef(root=refs.root, parent=here)
        return ids

    async def direct_message(self, to: Identity, text: str) -> bool:
        return False  # Bluesky chat needs a separate chat service: notices go to the feed

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        """Our reply's posts under the mention, its whole thread (`getPostThread`)."""
        try:
            me = await self.me()
            page = await self._read(
                "getPostThread",
                lambda: self.client.app.bsky.feed.get_post_thread(
                    params={"uri": to.id, "depth": 6, "parentHeight": 0}
                ),
            )
        except PlatformError as exc:
            log.warning("cannot tell whether %s was answered: %s", to.id, exc)
            return None
        if "post" not in (thread := page.get("thread") or {}):
            return None  # the mention is gone or blocked: cannot tell
        ours: list[str] = []
        todo = list(thread.get("replies") or [])
        while todo:  # our posts, and under each of them the rest of our thread
            post = (node := todo.pop(0)).get("post") or {}
            if (post.get("author") or {}).get("did") == me.id:
                ours, todo = [*ours, str(post.get("uri"))], todo + (node.get("replies") or [])
        return tuple(ours)


def _mapped(build: Callable[..., Any], *args: Any) -> Any:
    try:
        return build(*args)
    except bp.PayloadError as exc:
        raise PlatformError(str(exc)) from None
