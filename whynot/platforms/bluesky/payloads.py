"""Bluesky (AT Protocol) JSON -> the project's types: a profile and its author feed -> a
scoring `Account`, notifications -> `Mention`s. Pure functions over the wire JSON (camelCase
keys, as the lexicons `app.bsky.actor.defs`, `app.bsky.feed.defs` and
`app.bsky.notification.listNotifications` define them); no client, no I/O.

- Kinds: a feed item with a `reasonRepost` is a repost; a record with `reply` a reply; an
  embed of a record (`app.bsky.embed.record`, `recordWithMedia`) a quote; else a post.
- Links come from the post's facets (`#link`) and its external embed; hashtags from
  `#tag` facets; mentions from `#mention` facets (the text they cover, without "@").
- The self-label `bot` (a label on the profile whose source is the account itself) is a
  declared bot. Bluesky exposes no likes given, no lists and no posting client: those stay
  None (unknown), never zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scoring import Account, Post
from scoring.models import PostKind
from scoring.parse import parse_datetime
from whynot.models import Identity, Mention
from whynot.platforms.payload_checks import SHAPE_ERRORS, checked_account, guarded
from whynot.platforms.payload_checks import PayloadError as PayloadError  # re-exported

PLATFORM = "bluesky"
MENTION_REASONS = ("mention", "reply")
REPOST = "app.bsky.feed.defs#reasonRepost"
PIN = "app.bsky.feed.defs#reasonPin"
QUOTES = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
# Bluesky's nested arrays (facets, embeds) add an index out of range to the shape errors.
_SHAPE_ERRORS = (*SHAPE_ERRORS, IndexError)


def _type(value: Any) -> str:
    return str(value.get("$type", "")).split("#main")[0] if isinstance(value, Mapping) else ""


def stamp(value: Any) -> datetime | None:
    """An ISO time as Bluesky writes it ("...Z"), or None."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def declared_bot(profile: Mapping[str, Any]) -> bool | None:
    """True when the account labels itself `bot`; None when the labels are not given."""
    labels = profile.get("labels")
    if not isinstance(labels, list):
        return None
    did = profile.get("did")
    return any(
        isinstance(label, Mapping)
        and label.get("val") == "bot"
        and label.get("src") == did
        and not label.get("neg")
        for label in labels
    )


def identity(profile: Mapping[str, Any]) -> Identity:
    # `viewer` is the signed-in owner's relation to the account: `following` is the owner's
    # follow record when the owner follows it. No viewer: not known.
    viewer = profile.get("viewer")
    return Identity(
        PLATFORM,
        str(profile["did"]),
        str(profile.get("handle", "")),
        str(profile.get("displayName") or ""),
        bool(declared_bot(profile)),
        bool(viewer.get("following")) if isinstance(viewer, Mapping) else None,
    )


def _time(value: Any) -> datetime | None:
    try:
        return parse_datetime(value, "createdAt")
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _facet_parts(record: Mapping[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(links, mentioned handles, hashtags) from a post record's facets. Byte offsets
    index the UTF-8 text, as the richtext lexicon says."""
    links: list[str] = []
    mentions: list[str] = []
    tags: list[str] = []
    raw = str(record.get("text", "")).encode("utf-8")
    for facet in record.get("facets") or []:
        if not isinstance(facet, Mapping):
            continue
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            kind = _type(feature)
            if kind == "app.bsky.richtext.facet#link" and feature.get("uri"):
                links.append(str(feature["uri"]))
            elif kind == "app.bsky.richtext.facet#tag" and feature.get("tag"):
                tags.append(str(feature["tag"]).lstrip("#"))
            elif kind == "app.bsky.richtext.facet#mention" and isinstance(start, int):
                covered = raw[start:end].decode("utf-8", "replace").lstrip("@")
                if covered:
                    mentions.append(covered)
    return links, mentions, tags


def _embed_links(embed: Any) -> list[str]:
    kind = _type(embed)
    if kind == "app.bsky.embed.external":
        uri = (embed.get("external") or {}).get("uri")
        return [str(uri)] if uri else []
    if kind == "app.bsky.embed.recordWithMedia":
        return _embed_links(embed.get("media"))
    return []


def post(item: Mapping[str, Any]) -> Post:
    """One `feedViewPost` (a post view, with the repost reason and reply context)."""
    view = item["post"]
    record = view.get("record") or {}
    reason = item.get("reason")
    embed = record.get("embed")
    kind: PostKind
    if _type(reason) == REPOST:
        kind = "repost"
    elif record.get("reply"):
        kind = "reply"
    elif _type(embed) in QUOTES:
        kind = "quote"
    else:
        kind = "post"
    links, mentions, tags = _facet_parts(record)
    links += [u for u in _embed_links(embed) if u not in links]
    parent = ((item.get("reply") or {}).get("parent") or {}).get("author") or {}
    created = None
    if kind == "repost" and isinstance(reason, Mapping):  # a repost's reason is: _type read it
        created = _time(reason.get("indexedAt"))
    return Post(
        text=str(record.get("text", "")),
        kind=kind,
        id=str(view["uri"]),
        created_at=created or _time(record.get("createdAt")) or _time(view.get("indexedAt")),
        source=None,  # Bluesky does not say which client posted
        reply_to_handle=str(parent["handle"]) if kind == "reply" and parent.get("handle") else None,
        urls=tuple(links),
        mentions=tuple(mentions),
        hashtags=tuple(tags + [str(t) for t in record.get("tags") or [] if isinstance(t, str)]),
        like_count=_count(view.get("likeCount")),
        repost_count=_count(view.get("repostCount")),
        reply_count=_count(view.get("replyCount")),
    )


def account(
    profile: Mapping[str, Any], feed: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    """A `profileViewDetailed` and `feedViewPost`s of its author feed. Raises PayloadError
    when the JSON is not shaped like Bluesky's; the result passes the schema's parser."""
    return checked_account(
        "Bluesky", "profile or feed", lambda: _account(profile, feed, observed), _SHAPE_ERRORS
    )


def _account(
    profile: Mapping[str, Any], feed: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    verification = profile.get("verification")
    verified = (
        verification.get("verifiedStatus") == "valid" if isinstance(verification, Mapping) else None
    )
    seen: set[str] = set()
    posts = []
    for item in feed:
        if not isinstance(item, Mapping) or _type(item.get("reason")) == PIN:
            continue  # a pinned post is shown again first: it is not a new post
        made = post(item)
        if made.id not in seen:
            seen.add(made.id or "")
            posts.append(made)
    return Account(
        id=str(profile["did"]),
        handle=str(profile.get("handle", "")),
        platform=PLATFORM,
        display_name=profile.get("displayName") or None,
        created_at=_time(profile.get("createdAt")),
        description=profile.get("description"),
        location=None,  # Bluesky profiles have no location
        url=profile.get("website") or None,
        followers_count=_count(profile.get("followersCount")),
        following_count=_count(profile.get("followsCount")),
        posts_count=_count(profile.get("postsCount")),
        listed_count=None,  # lists an account is on: not exposed
        likes_count=None,  # likes given: not exposed
        default_profile_image=not profile.get("avatar"),
        default_profile=None,
        verified=verified,
        protected=False,  # every Bluesky post is public
        is_bot_declared=declared_bot(profile),
        observed_at=datetime.fromtimestamp(observed, UTC),
        posts=tuple(posts),
    )


def mentions(notifications: Sequence[Mapping[str, Any]]) -> list[Mention]:
    """Notifications of reason mention or reply -> Mentions, oldest first (by indexedAt).
    Raises PayloadError when the JSON is not shaped like Bluesky's."""
    return guarded("Bluesky", "notifications", lambda: _mentions(notifications), _SHAPE_ERRORS)


def _mentions(notifications: Sequence[Mapping[str, Any]]) -> list[Mention]:
    found = []
    for note in notifications:
        if note.get("reason") not in MENTION_REASONS:
            continue
        record = note.get("record") or {}
        created = _time(record.get("createdAt")) or _time(note.get("indexedAt"))
        # a reply to one of our answers (the post it answers): a review request?
        parent = ((record.get("reply") or {}).get("parent") or {}).get("uri")
        found.append(
            (
                str(note.get("indexedAt", "")),
                Mention(
                    PLATFORM,
                    str(note["uri"]),
                    identity(note["author"]),
                    str(record.get("text", "")),
                    created.timestamp() if created else 0.0,
                    reply_to=str(parent) if parent else None,
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    return [m for _, m in found]
