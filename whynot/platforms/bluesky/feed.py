"""An author feed read to judge its author: `getAuthorFeed` pages (posts and replies,
newest first) up to a number of posts, below the author's question when they asked one.

A mention or a reply to the owner is a post of its author, so their question and what
they posted after it are the newest items of their feed. `getAuthorFeed` takes no upper
bound (X has `until_id`, Mastodon `max_id`): `Below` leaves those items out, and reading
goes on while a page comes up short (`MAX_FEED_PAGES` at most). The question's own URI
marks where their earlier posts start; when it is not listed (deleted since), its time
does: items newer than it are left out until the first one older.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from whynot.models import Mention
from whynot.platforms.bluesky.payloads import PIN, REPOST, stamp

FEED_PAGE = 100
MAX_FEED_PAGES = 10  # read on past a question this far at most: the feed need not grow
Page = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]  # getAuthorFeed's params -> page


@dataclass(slots=True)
class Below:
    """Keeps the items of a feed (read newest first) that are older than a question."""

    uri: str
    at: float  # the question's time (seconds)
    passed: bool = False  # the question, or an item older than it, has been read

    def older(self, items: Sequence[Any]) -> list[Any]:
        kept = []
        for item in items:
            view = item.get("post") if isinstance(item, Mapping) else None
            if not isinstance(view, Mapping):
                kept.append(item)  # not a feed item: the payload checks say so
            elif view.get("uri") == self.uri:
                self.passed = True  # the question itself (or a repost of it)
            elif self.passed or _kind(item) == PIN:
                kept.append(item)  # a pinned post is no newer post: the mapping drops it
            elif (when := _when(item, view)) is not None and when < self.at:
                self.passed = True
                kept.append(item)
        return kept


async def author_feed(
    read: Page, did: str, max_posts: int, question: Mention | None = None
) -> list[Any]:
    """Up to `max_posts` feed items of `did`, newest first, below `question` if given."""
    # A question without a time bounds the feed by its URI alone.
    below = Below(question.id, question.created_at, question.created_at <= 0) if question else None
    feed: list[Any] = []
    cursor = None
    for _ in range(MAX_FEED_PAGES):
        if len(feed) >= max_posts:
            break
        wanted = max_posts - len(feed) + (1 if below and not below.passed else 0)
        params: dict[str, Any] = {
            "actor": did,
            "limit": max(1, min(FEED_PAGE, wanted)),  # the question's slot too, when due
            "filter": "posts_with_replies",
        }
        if cursor:
            params["cursor"] = cursor
        page = await read(params)
        items = page.get("feed") or []
        feed += below.older(items) if below else items
        cursor = page.get("cursor")
        if not items or not cursor:
            break
    return feed[:max_posts]


def _kind(item: Mapping[str, Any]) -> str:
    reason = item.get("reason")
    return str(reason.get("$type", "")) if isinstance(reason, Mapping) else ""


def _when(item: Mapping[str, Any], view: Mapping[str, Any]) -> float | None:
    """When the item entered the feed: a repost's time, else the post's."""
    reason = item.get("reason")
    record = view.get("record")
    if _kind(item) == REPOST and isinstance(reason, Mapping):
        found = stamp(reason.get("indexedAt"))
    else:
        found = stamp(record.get("createdAt") if isinstance(record, Mapping) else None)
        found = found or stamp(view.get("indexedAt"))
    if found is None:
        return None
    return (found if found.tzinfo else found.replace(tzinfo=UTC)).timestamp()
