"""X (Twitter) through tweepy's AsyncClient: the `Platform` for mentions, profiles, posts,
replies (threads), follower pages and direct messages.

- Credentials: the app bearer token reads; the owner's OAuth 1.0a tokens post. They come
  from `Settings.secrets` (environment or .env) and are never logged.
- Base URL: tweepy's client talks to api.twitter.com through one aiohttp session; we give
  it a session that sends the same requests to `[x] api_base` instead (an API proxy, or a
  local test server), and that reads every response's `x-rate-limit-*` headers.
- Rate limits: a route whose window is used up is not called again before its reset; a
  429 records the reset; 5xx, timeouts and malformed bodies are retried with jittered
  backoff a few times, then surface as transient `PlatformError`s (the caller retries in a
  later cycle; nothing is lost).
- Cost: every paid call is priced and allowed by `Budget` before it is made and charged
  after (see `whynot.spend`). An asker is read once: the profile (the one that came with
  their mention when fresh, `x_authors`) and a first page of posts (`fetch_account`);
  when the verdict needs more, `more_posts` continues that timeline with X's pagination
  token, so no profile or post is read (or paid) twice; owned reads cost $0.001.
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

import aiohttp
import tweepy
from tweepy.asynchronous import AsyncClient
from twitter_text.extract_urls import extract_urls_with_indices

from scoring import Account
from whynot.models import Identity, Mention
from whynot.platform import AccountStatus, FollowerPage, PlatformError, thread_broken, thread_of
from whynot.platforms import x_payloads as xp
from whynot.platforms.questions import Questions
from whynot.platforms.x_authors import MentionAuthors, Timeline
from whynot.platforms.x_dm import DirectMessages
from whynot.platforms.x_http import (
    Forbidden,
    NoSuchResource,
    RateLimited,
    RateLimits,
    RebasedSession,
    refused,
    route_of,
)
from whynot.spend import LEAN_POSTS, Budget, Mode, OverBudget

log = logging.getLogger(__name__)
RETRIES = 3
BACKOFF_BASE = 0.5
FOLLOWERS_PAGE = 1000
MENTIONS_PAGE = 100
MAX_MENTION_PAGES = 32  # 3,200 posts: the most the mentions timeline ever returns
REPLY_CHECK_PAGES = 5  # our posts searched for a lost reply: 500 since the mention
TIMELINES_KEPT = 64  # askers whose timeline can still be continued (their pagination token)
# Worth another try: server errors, timeouts, connection faults, unreadable bodies.
TRANSIENT = (tweepy.TwitterServerError, aiohttp.ClientError, TimeoutError, ValueError)


@dataclass
class XPlatform:
    client: AsyncClient
    session: RebasedSession
    budget: Budget
    name: str = "x"
    reply_format: str = "x"
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _me: Identity | None = None
    followers_count: int | None = None  # the owner's, as /2/users/me said (None: not told)
    first_posts: int = 5  # an asker's posts read first ([x] first_posts); more if unsure
    _timelines: dict[str, Timeline] = field(default_factory=dict)
    _authors: MentionAuthors = field(default_factory=MentionAuthors)
    _questions: Questions = field(default_factory=Questions)
    _dms: DirectMessages = field(default_factory=DirectMessages)  # and whether X refused them

    @classmethod
    def from_settings(
        cls, secrets: Any, api_base: str, budget: Budget, timeout: float = 30.0
    ) -> XPlatform:
        limits = RateLimits()
        budget.skew = lambda: limits.skew  # a month counted by X's date, not a wrong clock
        session = RebasedSession(api_base, limits, timeout)
        client = AsyncClient(
            bearer_token=secrets["X_BEARER_TOKEN"].reveal(),
            consumer_key=secrets["X_API_KEY"].reveal(),
            consumer_secret=secrets["X_API_SECRET"].reveal(),
            access_token=secrets["X_ACCESS_TOKEN"].reveal(),
            access_token_secret=secrets["X_ACCESS_TOKEN_SECRET"].reveal(),
            return_type=dict,
        )
        client.session = session
        return cls(client, session, budget)

    async def close(self) -> None:
        await self.session.close()

    # --- calling X ------------------------------------------------------------------
    async def _call(
        self, path: str, call: Callable[[], Awaitable[Any]], retries: int = RETRIES
    ) -> dict[str, Any]:
        """One API call with the rate-limit gate, and retries for transient faults. Posts
        are never retried here (retries=1): a post X accepted but whose answer was lost
        would be made twice; the desk looks for it before it tries again."""
        self.session.limits.check(path)
        for attempt in range(1, retries + 1):
            try:
                result = await call()
                if not isinstance(result, dict):
                    raise PlatformError(f"unexpected response from X for {route_of(path)}")
                return result
            except PlatformError:
                raise
            except tweepy.TooManyRequests as exc:
                reset = float(exc.reset_time or self.clock() + 900)
                self.session.limits.exhaust(path, reset)
                raise RateLimited(route_of(path), reset) from None
            except TRANSIENT as exc:
                if attempt == retries:
                    raise PlatformError(
                        f"X unavailable for {route_of(path)}: {_reason(exc)}"
                    ) from None
                delay = BACKOFF_BASE * 2 ** (attempt - 1) * (0.5 + random.random())
                log.debug(  # the step's own line says it when all tries failed: one a cycle
                    "X %s failed (%s); retrying in %.1fs", route_of(path), _reason(exc), delay
                )
                await self.sleep(delay)
            except (tweepy.BadRequest, tweepy.NotFound) as exc:
                raise NoSuchResource(f"X refused {route_of(path)}: {_reason(exc)}") from None
            except tweepy.Forbidden as exc:
                raise Forbidden(f"X forbade {route_of(path)}: {_reason(exc)}") from None
            except tweepy.HTTPException as exc:  # other 4xx: 401 revoked, 402 credits, ...
                raise refused(exc, route_of(path), _reason(exc)) from None
        raise AssertionError("unreachable")

    async def me(self, retries: int | None = None) -> Identity:
        """The owner's account (read once; OverBudget unless it fits the month). `retries`:
        tries for this call (start-up in loop mode makes one per attempt)."""
        if self._me is None:
            await self.budget.allow_read("own_user_read", self.clock())
            payload = await self._call(
                "/2/users/me",
                lambda: self.client.get_me(user_auth=True, user_fields=["public_metrics"]),
                retries or RETRIES,
            )
            self._me = xp.identity(payload["data"])
            self.followers_count = _followers(payload["data"])
            await self.budget.charge_reads("own_user_read", [self._me.id], "me", self.clock())
        return self._me

    # --- reading --------------------------------------------------------------------
    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        me = await self.me()
        path = f"/2/users/{me.id}/mentions"
        found: list[Mention] = []
        token = None
        # Without a cursor (the first poll) all the look-back (`not_before`, sent as
        # start_time) and no more; with no look-back, one page: older mentions are not
        # answered anyway, and each one read costs money.
        for _ in range(MAX_MENTION_PAGES if since_id or not_before is not None else 1):
            now = self.clock()
            size = await self.budget.affordable("post_read", MENTIONS_PAGE, 5, now)  # X: 5+
            # No `author_id` expansion: each author sent is a $0.010 user read, and most
            # mentions are not questions; `identify` reads the askers the bot answers.
            params: dict[str, Any] = {
                "max_results": size,
                "tweet_fields": ["created_at", "author_id", "referenced_tweets"],
            }
            if since_id:
                params["since_id"] = since_id
            elif not_before is not None:  # older ones are not answered: not bought either
                params["start_time"] = datetime.fromtimestamp(not_before, UTC)
            if token:
                params["pagination_token"] = token
            page = await self._call(
                path, partial(self.client.get_users_mentions, me.id, user_auth=True, **params)
            )
            await self._charge_page(page, page.get("data"), "mentions", now)
            batch = _mapped(xp.mentions, page)
            self._questions.heard(batch, now)
            found += batch
            token = (page.get("meta") or {}).get("next_token")
            if not token:
                break
        return sorted({m.id: m for m in found}.values(), key=lambda m: int(m.id))

    async def identify(self, who: Identity) -> Identity:
        """A mention's author (read with an id only): their profile, read now and kept for
        `fetch_account`, which judges them next. `who` when X has no profile to show. An
        account asked about by handle alone (Discord's /whynot) is read by handle, for
        whether the owner follows it (unknown in a month out of money)."""
        if (who.handle and who.id) or not (who.handle or who.id):  # named already (a
            return who  # retry: its row kept the follow), or nothing to read it by
        now = self.clock()
        try:  # by handle: what judging it reads first anyway
            user = self._authors.fresh(who.id, now) or await self._user(who, now)
        except OverBudget:
            if who.id:
                raise
            return who
        if not user:
            return who
        self._authors.keep([user], now)
        return xp.identity(user)

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        now = self.clock()
        mode = await self.budget.mode(now)
        if mode is Mode.LEAN:
            max_posts = LEAN_POSTS  # and no deeper read (more_posts)
        posts = max(5, min(100, max_posts))  # X asks for 5..100 per page
        # An asker just named by `identify` was read then (x_authors).
        user = self._authors.fresh(who.id, now) or await self._user(who, now)
        if not user:
            return None  # suspended, deleted or hidden
        who = xp.identity(user)
        tweets: list[dict[str, Any]] = []
        asked = self._questions.of(who.id, now)  # their timeline is read below it
        token, until = None, {"until_id": asked.id} if asked else {}
        if not user.get("protected"):
            await self.budget.allow("post_read", posts, now)
            payload = await self._call(
                f"/2/users/{who.id}/tweets",
                lambda: self.client.get_users_tweets(
                    who.id, max_results=posts, tweet_fields=list(xp.TWEET_FIELDS), **until
                ),
            )
            tweets = list(payload.get("data") or [])[:max_posts]
            token = (payload.get("meta") or {}).get("next_token")
            await self._charge_page(payload, payload.get("data"), f"posts {who.id}", now)
        account = _mapped(xp.account, user, tweets, now)
        self._keep(Timeline(dict(user), tweets, token, now, until), who.id)
        return account

    async def _user(self, who: Identity, now: float) -> dict[str, Any] | None:
        """The asker's profile read from X (a paid user read), or None when X has none to
        show. An account asked about by handle alone (Discord's /whynot handle:NAME) has
        no id."""
        await self.budget.allow("user_read", 1, now)
        by_name = not who.id
        path = f"/2/users/by/username/{who.handle}" if by_name else f"/2/users/{who.id}"
        try:
            payload = await self._call(
                path,
                lambda: self.client.get_user(  # in user context: with the owner's follow
                    **({"username": who.handle} if by_name else {"id": who.id}),
                    user_fields=list(xp.ASKER_FIELDS),
                    user_auth=True,
                ),
            )
        except NoSuchResource:  # a suspended account: 200 with only "errors" (below)
            return None  # refused credentials or credits are said as they are, not as "gone"
        await self.budget.charge_reads(
            "user_read", _ids([payload.get("data")], now), f"user {who.id or who.handle}", now
        )
        return payload.get("data")  # X answers 200 with only "errors" for suspended accounts

    async def _charge_page(self, page: dict[str, Any], posts: Any, note: str, now: float) -> None:
        """Charge a page's posts and any users it carries: X charges "per resource returned
        in the response", once a UTC day, expansions not said to be free. Pages are read
        without expansions (authors: `identify`; users replied to: the entities)."""
        await self.budget.charge_reads("post_read", _ids(posts, now), note, now)
        users = (page.get("includes") or {}).get("users")
        await self.budget.charge_reads("user_read", _ids(users, now), f"{note}: users", now)

    def _keep(self, timeline: Timeline, uid: str) -> None:
        self._timelines.pop(uid, None)
        if len(self._timelines) >= TIMELINES_KEPT:
            self._timelines.pop(next(iter(self._timelines)))
        self._timelines[uid] = timeline

    async def more_posts(self, account: Account, max_posts: int) -> Account | None:
        """The asker read by `fetch_account`, with posts up to `max_posts`: the next page
        of the same timeline (X's pagination token), so neither the profile nor the posts
        already read are read again. None when there is nothing more to read (the end of
        the timeline, an asker not read by this process) or the budget is not normal."""
        timeline = self._timelines.get(account.id)
        if timeline is None or timeline.token is None or len(timeline.tweets) >= max_posts:
            return None
        now = self.clock()
        if await self.budget.mode(now) is not Mode.NORMAL:
            return None
        count = max(5, min(100, max_posts - len(timeline.tweets)))
        await self.budget.allow("post_read", count, now)
        params: dict[str, Any] = {
            "max_results": count,
            "pagination_token": timeline.token,
            "tweet_fields": list(xp.TWEET_FIELDS),
            **timeline.until,  # the same query as the first page
        }
        payload = await self._call(
            f"/2/users/{account.id}/tweets",
            lambda: self.client.get_users_tweets(account.id, **params),
        )
        served = list(payload.get("data") or [])
        await self._charge_page(payload, served, f"posts {account.id}", now)
        timeline.tweets += served[: max_posts - len(timeline.tweets)]
        timeline.token = (payload.get("meta") or {}).get("next_token")
        return _mapped(xp.account, timeline.user, timeline.tweets, timeline.observed)

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        me = await self.me()
        now = self.clock()
        if await self.budget.mode(now) is not Mode.NORMAL:
            raise OverBudget("the monthly budget is running low; follower crawl paused")
        size = await self.budget.affordable("own_follower_read", FOLLOWERS_PAGE, 1, now)
        params: dict[str, Any] = {"max_results": size}  # what the caps allow, up to a page
        if cursor:
            params["pagination_token"] = cursor
        page = await self._call(
            f"/2/users/{me.id}/followers",
            lambda: self.client.get_users_followers(me.id, user_auth=True, **params),
        )
        ids = tuple(str(u["id"]) for u in page.get("data") or [])
        await self.budget.charge_reads("own_follower_read", ids, "followers page", now)
        return FollowerPage(ids, (page.get("meta") or {}).get("next_token"))

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        """Status of up to 100 accounts. X leaves suspended, deleted and deactivated
        accounts out of `data` (they come back in `errors`)."""
        now = self.clock()
        await self.budget.allow("user_read", len(ids), now)
        payload = await self._call(
            "/2/users",
            lambda: self.client.get_users(ids=list(ids), user_fields=["protected", "username"]),
        )
        found = {
            str(u["id"]): AccountStatus(
                "protected" if u.get("protected") else "active", xp.identity(u)
            )
            for u in payload.get("data") or []
        }
        await self.budget.charge_reads("user_read", list(found), "status lookup", now)
        return {i: found.get(i, AccountStatus("gone")) for i in ids}

    # --- writing --------------------------------------------------------------------
    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:
        """A thread under the mention (or under our post `under`). If a later post of the
        thread fails, the posts already made are reported (a ThreadCut: never posted twice)."""
        ids: list[str] = []
        parent = under or to.id
        for text in posts:
            # X turns bare domains into links too, and prices the post as one.
            kind = "post_create_link" if extract_urls_with_indices(text) else "post_create"
            try:
                await self.budget.allow(kind, 1, self.clock())
                made = await self._call(
                    "/2/tweets",
                    partial(
                        self.client.create_tweet,
                        text=text,
                        in_reply_to_tweet_id=parent,
                        user_auth=True,
                    ),
                    retries=1,
                )
            except Exception as exc:
                return thread_broken(exc, ids, to.id, log)
            parent = str(made["data"]["id"])
            ids.append(parent)
            await self.budget.charge(kind, 1, f"reply to {to.id}", self.clock())
        return ids

    async def direct_message(self, to: Identity, text: str) -> bool:
        return await self._dms.send(self, to, text)  # x_dm: a refusal for permissions warns

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        """Our reply's posts among the owner's posts since the mention (its thread, from
        every page read: newest first, a thread's later posts come on earlier pages), (),
        or None when that cannot be told (an error, or more posts than the pages read)."""
        token, ours = None, []
        try:
            me = await self.me()
            for _ in range(REPLY_CHECK_PAGES):
                now = self.clock()
                await self.budget.allow("own_post_read", 100, now)
                params: dict[str, Any] = {
                    "since_id": to.id,
                    "max_results": 100,
                    "tweet_fields": ["referenced_tweets"],
                }
                if token:
                    params["pagination_token"] = token
                page = await self._call(
                    f"/2/users/{me.id}/tweets",
                    partial(self.client.get_users_tweets, me.id, **params),
                )
                data = page.get("data") or []
                await self.budget.charge_reads("own_post_read", _ids(data, now), "reply check", now)
                ours += [(str(t.get("id")), xp.replied_to(t)) for t in data]
                if found := thread_of(ours, to.id):
                    return found
                token = (page.get("meta") or {}).get("next_token")
                if not token:
                    return ()
        except Exception as exc:  # out of money: the cycle's line says so, once
            (log.info if isinstance(exc, OverBudget) else log.warning)(
                "cannot tell whether mention %s was answered: %s", to.id, exc
            )
            return None
        return None  # more of our posts than we read: not sure, so not "no"


def _ids(items: Any, now: float) -> list[str]:
    """The ids of the resources a page served (what X bills, once a day each); an item
    without one is still a resource served, counted under a name of its own."""
    if not isinstance(items, list):
        return []
    return [
        str(item["id"]) if isinstance(item, dict) and item.get("id") is not None else f"?{now}:{i}"
        for i, item in enumerate(items)
        if item is not None
    ]


def _followers(user: dict[str, Any]) -> int | None:
    count = (user.get("public_metrics") or {}).get("followers_count")
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _mapped(build: Callable[..., Any], *args: Any) -> Any:
    """Map X's JSON with the pure functions of x_payloads; a payload of the wrong shape is a
    transient platform error (X having a bad moment), never a crash."""
    try:
        return build(*args)
    except xp.PayloadError as exc:
        raise PlatformError(str(exc)) from None


def _reason(exc: Exception) -> str:
    messages = getattr(exc, "api_messages", None) or getattr(exc, "api_errors", None)
    text = "; ".join(str(m) for m in messages) if messages else str(exc) or type(exc).__name__
    return text[:200]
