"""Turn one decoded JSON object (account schema) into an `Account`, or say exactly what is wrong.

Pure validation: no I/O. Unknown fields are ignored, missing optional fields stay `None`
("not known"), and a wrong type raises `AccountError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any, cast

from scoring.models import POST_KINDS, Account, HistoryPoint, ParsedPosts, Post, PostKind

PLATFORMS = frozenset({"x", "discord", "bluesky", "mastodon", "demo", "archive"})

_STR_FIELDS = ("display_name", "description", "location", "url")
_COUNT_FIELDS = ("followers_count", "following_count", "posts_count", "listed_count", "likes_count")
_BOOL_FIELDS = (
    "default_profile_image",
    "default_profile",
    "verified",
    "protected",
    "is_bot_declared",
)


class AccountError(ValueError):
    """The input does not follow the account schema; the message names the field."""


def parse_datetime(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise AccountError(f"{where} must be an ISO 8601 date-time string or null")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise AccountError(f"{where} is not an ISO 8601 date-time: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise AccountError(f"{where}{key} must be a string or null")
    return value


def _opt_count(obj: Mapping[str, Any], key: str, where: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise AccountError(f"{where}{key} must be a whole number or null")
    if value < 0:
        raise AccountError(f"{where}{key} must not be negative")
    return value


def _opt_bool(obj: Mapping[str, Any], key: str, where: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise AccountError(f"{where}{key} must be true, false or null")
    return value


def _required_str(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        raise AccountError(f"missing required field {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise AccountError(f"{key} must be a non-empty string")
    return value


_MISSING = object()


class _Bad(Exception):
    """A post field failed its check; parse_posts names the field (formatting the name
    only on failure keeps the common path cheap)."""


def _post_str(value: Any) -> str:
    if type(value) is not str:
        raise _Bad("must be a string or null")
    return value


def _post_count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _Bad("must be a whole number, 0 or more, or null")
    return value


def _post_strs(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise _Bad("must be a list of strings")
    return tuple(value)


def _post_time(value: Any) -> datetime:
    if type(value) is not str:
        raise _Bad("must be an ISO 8601 date-time string or null")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"is not an ISO 8601 date-time: {value[:40]!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


# Validators for the optional post fields: a post costs only what it carries, and this
# runs for every post of every account.
_POST_FIELDS: dict[str, Any] = {
    "id": _post_str,
    "source": _post_str,
    "reply_to_handle": _post_str,
    "urls": _post_strs,
    "mentions": _post_strs,
    "hashtags": _post_strs,
    "like_count": _post_count,
    "repost_count": _post_count,
    "reply_count": _post_count,
}


# The shape most inputs give every post (a crawl's text, kind and date): checked and
# built for all posts at once by C-level maps, no interpreted loop per post.
_COMMON_KEYS = 3
_TEXT = itemgetter("text")
_KIND = itemgetter("kind")
_CREATED = itemgetter("created_at")
_TZINFO = attrgetter("tzinfo")
_NONE = type(None)


def _common_posts(value: list[Any]) -> ParsedPosts | None:
    """The posts when every one is a dict of exactly a string text, a kind named in
    full and a date-time string or null, all dated or all undated; None otherwise (and
    for anything wrong), for `parse_posts`' loop to check one by one. The same posts as
    that loop builds (each `Post` built when first read): this only takes its most common
    path for all posts together."""
    # (Counted in a list rather than gathered in a set: a third cheaper per post.)
    n = len(value)
    if list(map(type, value)).count(dict) != n or list(map(len, value)).count(_COMMON_KEYS) != n:
        return None
    try:  # three keys, these three present: nothing else to check
        texts = list(map(_TEXT, value))
        kinds = list(map(_KIND, value))
        created = list(map(_CREATED, value))
    except KeyError:
        return None
    if list(map(type, texts)).count(str) != n or list(map(type, kinds)).count(str) != n:
        return None
    if not POST_KINDS.issuperset(kinds):
        return None
    dates = list(map(type, created))
    if dates.count(_NONE) == n:
        return ParsedPosts(texts, kinds, None)
    if dates.count(str) != n:
        return None
    try:
        times = list(map(datetime.fromisoformat, created))
    except ValueError:
        return None
    if None in set(map(_TZINFO, times)):
        times = [t if t.tzinfo is not None else t.replace(tzinfo=UTC) for t in times]
    return ParsedPosts(texts, kinds, times)


def parse_posts(value: list[Any]) -> tuple[Post, ...] | ParsedPosts:
    """Validate every post; the first bad one raises `AccountError` naming it."""
    common = _common_posts(value) if value else None
    return common if common is not None else _checked_posts(value)


def _checked_posts(value: list[Any]) -> tuple[Post, ...]:
    """Post by post, for any input: the reference `_common_posts` agrees with."""
    posts: list[Post] = []
    append = posts.append
    for index, obj in enumerate(value):
        if type(obj) is not dict and not isinstance(obj, Mapping):
            raise AccountError(f"posts[{index}] must be an object")
        text = obj.get("text")
        if type(text) is not str:
            raise AccountError(f"posts[{index}].text is required and must be a string")
        # Built with the text and kind; a date is checked here too, and the generic loop
        # over the other fields runs only for posts that carry more (this runs for every
        # post of every account, and most carry just text, kind and date).
        kind = obj.get("kind", _MISSING)
        if kind is _MISSING or kind is None or kind == "post":
            post = Post(text)
        elif type(kind) is str and kind in POST_KINDS:
            post = Post(text, cast("PostKind", kind))
        else:
            raise AccountError(f"posts[{index}].kind must be one of post, reply, repost, quote")
        created = obj.get("created_at", _MISSING)
        if created is not _MISSING and created is not None:
            try:
                post.created_at = _post_time(created)
            except _Bad as exc:
                raise AccountError(f"posts[{index}].created_at {exc}") from None
        if len(obj) > 1 + (kind is not _MISSING) + (created is not _MISSING):
            for key, field_value in obj.items():
                if field_value is not None and (check := _POST_FIELDS.get(key)) is not None:
                    try:
                        setattr(post, key, check(field_value))
                    except _Bad as exc:
                        raise AccountError(f"posts[{index}].{key} {exc}") from None
        append(post)
    return tuple(posts)


def _parse_history(value: Any) -> tuple[HistoryPoint, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AccountError("history must be a list")
    points = []
    for i, item in enumerate(value):
        where = f"history[{i}]."
        if not isinstance(item, Mapping):
            raise AccountError(f"history[{i}] must be an object")
        observed = parse_datetime(item.get("observed_at"), f"{where}observed_at")
        if observed is None:
            raise AccountError(f"{where}observed_at is required")
        points.append(
            HistoryPoint(
                observed_at=observed,
                followers_count=_opt_count(item, "followers_count", where),
                following_count=_opt_count(item, "following_count", where),
            )
        )
    points.sort(key=lambda p: p.observed_at)
    return tuple(points)


def parse_account(obj: Any) -> Account:
    """Validate one decoded JSON value against the account schema."""
    if not isinstance(obj, Mapping):
        raise AccountError("each line must be a JSON object")
    account_id = _required_str(obj, "id")
    handle = _required_str(obj, "handle").lstrip("@")
    platform = obj.get("platform", "x")
    if platform is None:
        platform = "x"
    if type(platform) is not str or platform not in PLATFORMS:
        raise AccountError(f"platform must be one of {', '.join(sorted(PLATFORMS))}")
    posts_raw = obj.get("posts")
    if posts_raw is None:
        posts_raw = []
    if not isinstance(posts_raw, list):
        raise AccountError("posts must be a list")
    fields: dict[str, Any] = {}
    for key in _STR_FIELDS:
        fields[key] = _opt_str(obj, key, "")
    for key in _COUNT_FIELDS:
        fields[key] = _opt_count(obj, key, "")
    for key in _BOOL_FIELDS:
        fields[key] = _opt_bool(obj, key, "")
    return Account(
        id=account_id,
        handle=handle,
        platform=platform,
        created_at=parse_datetime(obj.get("created_at"), "created_at"),
        observed_at=parse_datetime(obj.get("observed_at"), "observed_at"),
        posts=parse_posts(posts_raw),
        history=_parse_history(obj.get("history")),
        **fields,
    )
