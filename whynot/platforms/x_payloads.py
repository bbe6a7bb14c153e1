"""X API v2 JSON -> the project's types: users and their posts -> a scoring `Account`,
mentions -> `Mention`s. Pure functions over the decoded JSON (no client, no I/O), so the
mapping is tested on recorded and hand-written payloads alone."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scoring import Account, Post
from scoring.models import PostKind
from scoring.parse import parse_datetime
from whynot.models import Identity, Mention
from whynot.platforms.payload_checks import PayloadError as PayloadError  # re-exported
from whynot.platforms.payload_checks import checked_account, guarded

USER_FIELDS = (
    "created_at",
    "description",
    "url",
    "public_metrics",
    "profile_image_url",
    "verified",
    "protected",
    "location",
)
# An asker's read (user context): `connection_status` says whether the owner follows them.
ASKER_FIELDS = (*USER_FIELDS, "connection_status")
TWEET_FIELDS = (
    "created_at",
    "source",
    "entities",
    "referenced_tweets",
    "public_metrics",
    "author_id",
    "in_reply_to_user_id",
)
_KINDS: dict[str, PostKind] = {"retweeted": "repost", "quoted": "quote", "replied_to": "reply"}


def identity(user: Mapping[str, Any]) -> Identity:
    """Named from a user object; whether the owner follows them when the read said so
    (`connection_status`, given in user context only), else unknown."""
    status = user.get("connection_status")
    followed = "following" in status if isinstance(status, list) else None
    return Identity(
        "x", str(user["id"]), str(user.get("username", "")), str(user.get("name", "")),
        followed=followed,
    )  # fmt: skip


def _time(value: Any) -> datetime | None:
    try:
        return parse_datetime(value, "created_at")
    except ValueError:
        return None


def _count(metrics: Mapping[str, Any], key: str) -> int | None:
    value = metrics.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def post_text(tweet: Mapping[str, Any]) -> str:
    """A post's text as its author wrote it: X escapes `&`, `<` and `>` in it as HTML entities
    (`&amp;`...), and one unescape undoes exactly that (a typed "&amp;" arrives as
    "&amp;amp;" and comes back as typed)."""
    return html.unescape(str(tweet.get("text", "")))


def post(tweet: Mapping[str, Any], handles: Mapping[str, str]) -> Post:
    refs = tweet.get("referenced_tweets") or []
    kinds = {r.get("type") for r in refs if isinstance(r, Mapping)}
    kind: PostKind = next(
        (_KINDS[k] for k in ("retweeted", "quoted", "replied_to") if k in kinds), "post"
    )
    entities = tweet.get("entities") or {}
    metrics = tweet.get("public_metrics") or {}
    urls = tuple(
        str(u.get("expanded_url") or u.get("url"))
        for u in entities.get("urls") or []
        if isinstance(u, Mapping) and (u.get("expanded_url") or u.get("url"))
    )
    return Post(
        text=post_text(tweet),
        kind=kind,
        id=str(tweet["id"]) if "id" in tweet else None,
        created_at=_time(tweet.get("created_at")),
        source=tweet.get("source") if isinstance(tweet.get("source"), str) else None,
        reply_to_handle=_replied_to(tweet, entities, handles),
        urls=urls if "urls" in entities else None,
        mentions=tuple(
            str(m.get("username"))
            for m in entities.get("mentions") or []
            if isinstance(m, Mapping) and m.get("username")
        ),
        hashtags=tuple(
            str(h.get("tag"))
            for h in entities["hashtags"]
            if isinstance(h, Mapping) and h.get("tag")
        )
        if "hashtags" in entities
        else None,
        like_count=_count(metrics, "like_count"),
        repost_count=_count(metrics, "retweet_count"),
        reply_count=_count(metrics, "reply_count"),
    )


def _replied_to(
    tweet: Mapping[str, Any], entities: Mapping[str, Any], handles: Mapping[str, str]
) -> str | None:
    """The handle a reply answers. Not from an expansion (X charges each user it sends,
    $0.010): a reply's text names whom it answers, and its mention entities carry their
    ids; `handles` holds the poster's own (a thread)."""
    target = tweet.get("in_reply_to_user_id")
    if not target:
        return None
    target = str(target)
    if target in handles:
        return handles[target]
    for mention in entities.get("mentions") or []:
        if isinstance(mention, Mapping) and str(mention.get("id", "")) == target:
            return str(mention.get("username") or "") or None
    return None


def account(
    user: Mapping[str, Any], tweets: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    """A user object (with USER_FIELDS) and their recent tweets (with TWEET_FIELDS).
    Raises PayloadError when the JSON is not shaped like X's. The result is checked by
    the account schema's own parser, so a wrong type never reaches the scorer."""
    return checked_account("X", "user or posts", lambda: _account(user, tweets, observed))


def _account(
    user: Mapping[str, Any], tweets: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    metrics = user.get("public_metrics") or {}
    image = user.get("profile_image_url")
    handles = {str(user["id"]): str(user.get("username", ""))}
    return Account(
        id=str(user["id"]),
        handle=str(user.get("username", "")),
        platform="x",
        display_name=user.get("name"),
        created_at=_time(user.get("created_at")),
        description=user.get("description"),
        location=user.get("location"),
        url=user.get("url") or None,
        followers_count=_count(metrics, "followers_count"),
        following_count=_count(metrics, "following_count"),
        posts_count=_count(metrics, "tweet_count"),
        listed_count=_count(metrics, "listed_count"),
        likes_count=_count(metrics, "like_count"),
        default_profile_image=("default_profile_images" in image)
        if isinstance(image, str)
        else None,
        verified=user.get("verified") if isinstance(user.get("verified"), bool) else None,
        protected=user.get("protected") if isinstance(user.get("protected"), bool) else None,
        observed_at=datetime.fromtimestamp(observed, UTC),
        posts=tuple(post(t, handles) for t in tweets if isinstance(t, Mapping)),
    )


def mentions(payload: Mapping[str, Any]) -> list[Mention]:
    """A mentions-timeline page -> Mentions, oldest first (ids are time-ordered).
    Raises PayloadError when the JSON is not shaped like X's."""
    return guarded("X", "mentions page", lambda: _mentions(payload))


def _mentions(payload: Mapping[str, Any]) -> list[Mention]:
    authors = {str(u["id"]): u for u in (payload.get("includes") or {}).get("users") or []}
    found = []
    for tweet in payload.get("data") or []:
        author = authors.get(str(tweet.get("author_id")))
        who = identity(author) if author else Identity("x", str(tweet.get("author_id", "")), "")
        created = _time(tweet.get("created_at"))
        refs = [r for r in tweet.get("referenced_tweets") or [] if isinstance(r, Mapping)]
        replied = replied_to(tweet)
        found.append(
            Mention(
                "x",
                str(tweet["id"]),
                who,
                post_text(tweet),
                created.timestamp() if created else 0.0,
                reply_to=replied,
                repost=any(r.get("type") == "retweeted" for r in refs),
            )
        )
    return sorted(found, key=lambda m: int(m.id) if m.id.isdigit() else 0)


def replied_to(tweet: Mapping[str, Any]) -> str | None:
    """The id of the post this one replies to, if any."""
    refs = [r for r in tweet.get("referenced_tweets") or [] if isinstance(r, Mapping)]
    return next((str(r["id"]) for r in refs if r.get("type") == "replied_to" and r.get("id")), None)
