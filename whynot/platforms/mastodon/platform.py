"""Mastodon through Mastodon.py: the `Platform` for mention notifications, accounts and
statuses, replies in thread, follower pages and account status.

- Sign-in: an access token for the owner's account on its instance (`MASTODON_BASE_URL`,
  `MASTODON_ACCESS_TOKEN`); the token is never logged.
- Mastodon.py is synchronous (requests): every call runs in a worker thread, so the event
  loop (Discord, Bluesky's stream) never waits on it.
- Mentions: notifications of type mention, newest first, paged back to the cursor's own
  notification (the cursor is a status id, which need not follow arrival); to the desk in
  the order they arrived; the user stream, where the instance has one, wakes
  that read as soon as a mention arrives (polling goes on beside it).
- Askers: a status mentioning the owner is also one of its author's statuses (the owner
  sees every status that mentions them). Each author's first mention read is remembered
  (`whynot.platforms.questions`) and their statuses are read below it (`max_id`): their
  question is not judged as one of their posts.
- Replies: in thread (`in_reply_to_id`), with the mention's own visibility or a narrower
  one, never wider; each post starts with the asker's @acct (a remote asker is only
  notified when the reply names them) and names nobody else. The length limit is the
  instance's own (`configuration.statuses.max_characters`, 500 by default).
- Rate limits: Mastodon.py reads the `X-RateLimit-*` headers (300 requests per 5 minutes by
  default); it is told to raise rather than sleep, and a route is not called again before
  the reset. 5xx, timeouts and network faults are retried with backoff, then transient.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from mastodon import Mastodon, StreamListener
from mastodon import errors as me

from scoring import Account
from whynot.models import Identity, Mention
from whynot.platform import (
    AccountStatus,
    FollowerPage,
    PlatformError,
    send_error,
    thread_broken,
    thread_of,
)
from whynot.platforms.mastodon import payloads as mp
from whynot.platforms.questions import Questions
from whynot.platforms.revoked import MASTODON_FIX, Revoked
from whynot.replies import thread_format
from whynot.threads import MASTODON_LIMIT, MASTODON_MENTION_ROOM

log = logging.getLogger(__name__)
RETRIES = 3
BACKOFF_BASE = 0.5
NOTIFICATION_PAGE = 40
MAX_NOTIFICATION_PAGES = 20
STATUS_PAGE = 40
FOLLOWERS_PAGE = 80
LOOKUP_BATCH = 40
MENTION_ROOM = MASTODON_MENTION_ROOM  # room for "@username " before each post
STREAM_START = 5.0  # seconds the user stream has to connect before it is given up
LOW_WATER = 3  # calls kept in hand: below this many left, wait for the window's reset
VISIBILITY = ("direct", "private", "unlisted", "public")  # narrowest first
TRANSIENT = (me.MastodonNetworkError, me.MastodonServerError, TimeoutError, ValueError)


class Gone(PlatformError):
    """The account or status does not exist (deleted, or unknown to the instance)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=False)


class RateLimited(PlatformError):
    def __init__(self, reset: float) -> None:
        when = time.strftime("%H:%M:%S", time.gmtime(reset))
        super().__init__(f"Mastodon rate limit reached until {when} UTC")
        self.reset = reset


def narrowest(mention: str, ours: str = "public") -> str:
    """The reply's visibility: the mention's, or ours when that is narrower."""
    known = [v for v in (mention, ours) if v in VISIBILITY]
    return min(known, key=VISIBILITY.index) if known else "direct"


@dataclass
class MastodonPlatform:
    api: Mastodon
    name: str = "mastodon"
    reply_format: str = "mastodon"
    looks_free: bool = True  # already_replied costs nothing: asked before every reply
    visibility: str = "public"  # the widest our replies may be
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # backoff (tests skip it)
    sleep_real: Callable[[float], Awaitable[None]] = asyncio.sleep
    stream_start: float = STREAM_START
    limit: int = MASTODON_LIMIT
    _me: Identity | None = None
    _reset: float = field(default=0.0, repr=False)
    _stream: Any = field(default=None, repr=False)
    _questions: Questions = field(default_factory=Questions, repr=False)

    @classmethod
    async def from_settings(cls, secrets: Any, timeout: float = 30.0) -> MastodonPlatform:
        api = Mastodon(
            access_token=secrets["MASTODON_ACCESS_TOKEN"].reveal(),
            api_base_url=secrets["MASTODON_BASE_URL"].reveal(),
            ratelimit_method="throw",
            request_timeout=timeout,
            version_check_mode="none",
        )
        return cls(api)

    async def close(self) -> None:
        if self._stream is not None:
            # Closing waits for the stream thread's read (up to the next heartbeat): let a
            # daemon thread wait for it, never the event loop or the exit.
            threading.Thread(target=self._stream.close, daemon=True).start()
            self._stream = None
        session = getattr(self.api, "session", None)
        if session is not None:
            session.close()

    # --- calling Mastodon ---------------------------------------------------------------
    async def _call(
        self, route: str, method: str, *args: Any, retries: int = RETRIES, **kw: Any
    ) -> Any:
        if self._reset > self.clock():
            raise RateLimited(self._reset)
        remaining = getattr(self.api, "ratelimit_remaining", None)
        reset = getattr(self.api, "ratelimit_reset", None) or 0.0
        if isinstance(remaining, int) and remaining < LOW_WATER and reset > self.clock():
            self._reset = float(reset)
            raise RateLimited(self._reset)
        for attempt in range(1, retries + 1):
            try:
                return await asyncio.to_thread(getattr(self.api, method), *args, **kw)
            except me.MastodonRatelimitError:
                found = getattr(self.api, "ratelimit_reset", None)
                self._reset = float(found) if found and found > self.clock() else self.clock() + 300
                raise RateLimited(self._reset) from None
            except me.MastodonNotFoundError as exc:
                raise Gone(f"Mastodon: {route}: {_reason(exc)}") from None
            except me.MastodonUnauthorizedError as exc:  # the token revoked: the owner's to fix
                raise Revoked(f"Mastodon refused {route}: {_reason(exc)}", MASTODON_FIX) from None
            except TRANSIENT as exc:
                if attempt == retries:
                    raise PlatformError(
                        f"Mastodon unavailable for {route}: {_reason(exc)}"
                    ) from None
                delay = BACKOFF_BASE * 2 ** (attempt - 1) * (0.5 + random.random())
                log.debug(  # the step's own line says it when all tries failed: one a cycle
                    "Mastodon %s failed (%s); retrying in %.1fs", route, _reason(exc), delay
                )
                await self.sleep(delay)
            except me.MastodonAPIError as exc:  # other 4xx: asking again will not help
                raise PlatformError(f"Mastodon refused {route}: {_reason(exc)}", False) from None
        raise AssertionError("unreachable")

    async def me(self, retries: int | None = None) -> Identity:
        """The owner's account (read once), and the instance's post length limit."""
        if self._me is None:
            found = await self._call(
                "verify_credentials", "account_verify_credentials", retries=retries or RETRIES
            )
            self._me = mp.identity(found)
            self.limit = await self._instance_limit()
            # Each post starts with the asker's @username: the rest must fit beside it.
            self.reply_format = thread_format(f"mastodon-{self.limit}", self.limit - MENTION_ROOM)
        return self._me

    async def _instance_limit(self) -> int:
        for method in ("instance_v2", "instance_v1"):
            try:
                info = await self._call("instance", method)
            except PlatformError as exc:
                if exc.transient:
                    raise
                continue
            statuses = ((info or {}).get("configuration") or {}).get("statuses") or {}
            chars = statuses.get("max_characters") or (info or {}).get("max_toot_chars")
            if isinstance(chars, int) and chars > MENTION_ROOM * 2:
                return chars
        return MASTODON_LIMIT

    async def stream_mentions(self, wake: Callable[[], object]) -> bool:
        """Listen to the instance's user stream (Mastodon.py, in its own thread, which
        reconnects by itself): each mention calls `wake` (from that thread). False when the
        instance offers no stream: mentions are then polled only."""
        try:
            handle = await asyncio.to_thread(
                self.api.stream_user, _Mentions(wake), run_async=True, reconnect_async=True
            )
        except (me.MastodonError, OSError, ValueError) as exc:
            log.info("Mastodon streaming unavailable (%s): polling only", _reason(exc))
            return False
        for _ in range(int(self.stream_start / 0.1)):  # it connects in its own thread
            if handle.is_receiving():
                self._stream = handle
                return True
            await self.sleep_real(0.1)
        threading.Thread(target=handle.close, daemon=True).start()
        log.info("Mastodon streaming did not connect: polling only")
        return False

    # --- reading --------------------------------------------------------------------
    async def identify(self, who: Identity) -> Identity:
        """Messages arrive with their authors' handles and names; whether the owner follows
        them is one relationships call (free), so someone the owner follows who asks "why
        didn't you follow me back?" is told so. A refusal of that call leaves it unknown.
        An account asked about by handle alone (Discord's /whynot) is looked up first."""
        if who.followed is not None or not (who.id or who.handle):
            return who
        try:
            if not who.id:
                who = replace(who, id=str((await self._entity(who))["id"]))
            relations = await self._call("relationships", "account_relationships", [who.id])
        except PlatformError as exc:
            if exc.transient:
                raise
            return who
        mine = [r for r in relations or [] if str(r.get("id")) == who.id]
        return replace(who, followed=bool(mine[0].get("following"))) if mine else who

    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        await self.me()
        found: list[Any] = []
        # The cursor is the status id of the last mention handled. Status ids do not follow
        # arrival (a remote status's id is its `published` time: one delivered late is
        # older than mentions already answered), notifications do: pages are read newest
        # first down to the cursor's own notification, and the mentions come in the order
        # they arrived, so the cursor always marks where the desk stopped.
        page = await self._call(
            "notifications", "notifications", types=["mention"], limit=NOTIFICATION_PAGE
        )
        reached = False
        for _ in range(MAX_NOTIFICATION_PAGES if since_id or not_before else 1):
            rows = list(page or [])
            for note in rows:
                if since_id and _status_id(note) == since_id:
                    reached = True
                    break
                found.append(note)
            if reached or len(rows) < NOTIFICATION_PAGE:
                break
            if since_id and not any(_after(_status_id(n), since_id) for n in rows):
                break  # a whole page at or before it: its notification is gone (deleted)
            if not since_id and _arrived(rows[-1]) < (not_before or 0.0):
                break  # the first poll reads its look-back, no further
            page = await self._call("notifications", "fetch_next", page)
        if since_id and not reached:  # the cursor's notification is gone: by status id
            found = [n for n in found if _after(_status_id(n), since_id)]
        arrival = {_status_id(n): i for i, n in enumerate(reversed(found))}
        mentions = _mapped(mp.mentions, found)
        ordered = sorted({m.id: m for m in mentions}.values(), key=lambda m: arrival[m.id])
        self._questions.heard(sorted(ordered, key=lambda m: (len(m.id), m.id)), self.clock())
        return ordered

    async def _entity(self, who: Identity) -> Any:
        if who.id:
            return await self._call("account", "account", who.id)
        return await self._call("account_lookup", "account_lookup", who.handle.lstrip("@"))

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        await self.me()
        try:
            entity = await self._entity(who)
        except Gone:
            return None  # deleted or unknown to the instance
        if entity.get("suspended"):
            return None
        statuses: list[Any] = []
        asked = self._questions.of(str(entity["id"]), self.clock())
        page = await self._call(
            "account_statuses",
            "account_statuses",
            entity["id"],
            max_id=asked.id if asked else None,  # exclusive: what they posted before asking
            limit=min(STATUS_PAGE, max_posts),
        )
        while page and len(statuses) < max_posts:
            statuses += list(page)
            if len(page) < STATUS_PAGE or len(statuses) >= max_posts:
                break
            page = await self._call("account_statuses", "fetch_next", page)
        return _mapped(mp.account, entity, statuses[:max_posts], self.clock())

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        me = await self.me()
        page = await self._call(
            "account_followers",
            "account_followers",
            me.id,
            max_id=cursor,
            limit=FOLLOWERS_PAGE,
        )
        ids = tuple(str(a["id"]) for a in page or [])
        following = getattr(page, "_pagination_next", None) or {}
        next_id = following.get("max_id") if ids else None
        return FollowerPage(ids, str(next_id) if next_id is not None else None)

    async def not_followed_back(self, cursor: str | None) -> FollowerPage:
        """One page of followers the owner does not follow (the audit's list), from the
        followers page and the owner's relationships with them."""
        page = await self.follower_ids(cursor)
        if not page.ids:
            return page
        relations = await self._call("relationships", "account_relationships", list(page.ids))
        following = {str(r["id"]) for r in relations or [] if r.get("following")}
        return FollowerPage(tuple(i for i in page.ids if i not in following), page.next_cursor)

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        """Suspended and deleted accounts are gone (not unfollows); moved ones too."""
        await self.me()
        found: dict[str, AccountStatus] = {}
        for i in ids:
            try:
                entity = await self._call("account", "account", i)
            except Gone:
                continue
            if entity.get("suspended") or entity.get("moved"):
                continue
            found[str(entity["id"])] = AccountStatus("active", mp.identity(entity))
        return {i: found.get(i, AccountStatus("gone")) for i in ids}

    # --- writing --------------------------------------------------------------------
    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:
        """A thread under the mention (or our post `under`), each post naming only the
        asker (@acct first, the mention's author when the post replied to is ours), in the
        mention's visibility or narrower. If a later post
        fails, the posts made are reported (a ThreadCut: never posted twice)."""
        try:
            status = await self._call("status", "status", to.id)
        except PlatformError as exc:  # a revoked token is refused here first: keep its fix
            raise send_error(exc) from None
        visibility = narrowest(str(status.get("visibility", "direct")), self.visibility)
        author = status.get("account") or {}
        # Under one of our own posts (the team's answer under our acknowledgement, the rest
        # of a thread) the asker is the mention's author, not the post's.
        ours = str(author.get("id")) == (await self.me()).id
        acct = str((not ours and author.get("acct")) or to.author.handle)
        ids: list[str] = []
        parent = under or to.id
        for text in posts:
            try:
                made = await self._call(
                    "status_post",
                    "status_post",
                    f"@{acct} {text}",
                    in_reply_to_id=parent,
                    visibility=visibility,
                    retries=1,
                )
            except Exception as exc:
                return thread_broken(exc, ids, to.id, log)
            parent = str(made["id"])
            ids.append(parent)
        return ids

    async def direct_message(self, to: Identity, text: str) -> bool:
        return False  # an unasked private mention is not sent: unfollows go to the feed

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        try:
            me = await self.me()
            context = await self._call("status_context", "status_context", to.id)
        except PlatformError as exc:
            log.warning("cannot tell whether %s was answered: %s", to.id, exc)
            return None
        return thread_of(
            [
                (str(s.get("id")), str(s.get("in_reply_to_id")))
                for s in (context or {}).get("descendants") or []
                if str((s.get("account") or {}).get("id")) == me.id
            ],
            to.id,
        )


class _Mentions(StreamListener):
    def __init__(self, wake: Callable[[], object]) -> None:
        super().__init__()
        self.wake = wake

    def on_notification(self, notification: Any) -> None:
        if notification.get("type") == "mention":
            self.wake()

    def on_abort(self, err: Exception) -> None:
        log.info("Mastodon stream interrupted: %s", _reason(err))


def _status_id(notification: Any) -> str:
    status = notification.get("status") if isinstance(notification, dict) else None
    return str(status.get("id", "")) if isinstance(status, dict) else ""


def _arrived(notification: Any) -> float:
    """When a notification was made (it arrived), in seconds; 0 when unreadable."""
    stamp = notification.get("created_at") if isinstance(notification, dict) else None
    found = mp.when(stamp)
    return found if found is not None else 0.0


def _after(found: Any, since: str) -> bool:
    """Mastodon ids are numbers in strings: compare them as numbers."""
    text = str(found)
    return (len(text), text) > (len(since), since)


# Mastodon.py's connection errors quote urllib3's whole chain; the owner needs its cause.
_CAUSES = (
    ("Connection refused", "connection refused"),
    ("Name or service not known", "unknown host"),
    ("Temporary failure in name resolution", "unknown host"),
    ("SSLError", "TLS failed: is it an https address?"),
    ("timed out", "timed out"),
)


def _reason(exc: BaseException) -> str:
    parts = [str(a) for a in getattr(exc, "args", ()) if a]
    text = "; ".join(parts) or type(exc).__name__
    if text.startswith("Could not complete request"):
        cause = next((short for found, short in _CAUSES if found in text), None)
        if cause is not None:
            return f"cannot connect ({cause})"
    return text[:200]


def _mapped(build: Callable[..., Any], *args: Any) -> Any:
    try:
        return build(*args)
    except mp.PayloadError as exc:
        raise PlatformError(str(exc)) from None
