"""Mastodon REST JSON -> the project's types: an Account entity and its statuses -> a scoring
`Account`, mention notifications -> `Mention`s. Pure functions over the decoded JSON (the
entities of docs.joinmastodon.org/entities/: Account, Status, Notification); no client.

- Text: statuses and bios are HTML; they are read as plain text (paragraphs and line
  breaks kept as spaces and newlines), and links are taken from the anchors that are not
  mentions or hashtags, plus the preview card.
- Kinds: a status with `reblog` is a repost (of that status's text), with
  `in_reply_to_id` a reply, with a `quote` a quote; else a post.
- The bio is `note` plus the profile `fields` ("name: value" lines); `bot` is the declared
  bot flag; `locked` is protected. Likes given and lists are not exposed: None, not zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from scoring import Account, Post
from scoring.models import PostKind
from scoring.parse import parse_datetime
from whynot.models import Identity, Mention
from whynot.platforms.payload_checks import PayloadError as PayloadError  # re-exported
from whynot.platforms.payload_checks import checked_account, guarded

PLATFORM = "mastodon"


class _Text(HTMLParser):
    """Plain text and link targets of a status's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")
        elif tag == "a":
            found = dict(attrs)
            classes = (found.get("class") or "").split()
            if found.get("href") and "mention" not in classes and "hashtag" not in classes:
                self.links.append(str(found["href"]))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_html(content: Any) -> tuple[str, list[str]]:
    """(plain text, links) of an HTML fragment; anything not a string reads as empty."""
    if not isinstance(content, str):
        return "", []
    parser = _Text()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts).strip(), parser.links


def identity(account: Mapping[str, Any]) -> Identity:
    return Identity(
        PLATFORM,
        str(account["id"]),
        str(account.get("acct") or account.get("username") or ""),
        str(account.get("display_name") or ""),
        account.get("bot") is True,
    )


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return parse_datetime(value, "created_at")
    except ValueError:
        return None


def when(value: Any) -> float | None:
    """A timestamp (datetime or ISO text) in seconds, None when unreadable."""
    found = _time(value)
    return found.timestamp() if found else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def post(status: Mapping[str, Any], handles: Mapping[str, str]) -> Post:
    shown = status.get("reblog") or status
    kind: PostKind
    if status.get("reblog"):
        kind = "repost"
    elif status.get("in_reply_to_id"):
        kind = "reply"
    elif status.get("quote"):
        kind = "quote"
    else:
        kind = "post"
    text, links = read_html(shown.get("content"))
    card = shown.get("card") or {}
    if isinstance(card, Mapping) and card.get("url") and card["url"] not in links:
        links.append(str(card["url"]))
    application = status.get("application") or {}
    reply_to = handles.get(str(status.get("in_reply_to_account_id") or ""))
    return Post(
        text=text,
        kind=kind,
        id=str(status["id"]),
        created_at=_time(status.get("created_at")),
        source=application.get("name") if isinstance(application, Mapping) else None,
        reply_to_handle=reply_to if kind == "reply" else None,
        urls=tuple(links),
        mentions=tuple(
            str(m["acct"]) for m in shown.get("mentions") or [] if isinstance(m, Mapping)
        ),
        hashtags=tuple(str(t["name"]) for t in shown.get("tags") or [] if isinstance(t, Mapping)),
        like_count=_count(shown.get("favourites_count")),
        repost_count=_count(shown.get("reblogs_count")),
        reply_count=_count(shown.get("replies_count")),
    )


def bio(account: Mapping[str, Any]) -> str | None:
    """The note, then each profile field as "name: value" (plain text)."""
    if "note" not in account and "fields" not in account:
        return None
    lines = [read_html(account.get("note"))[0]]
    for entry in account.get("fields") or []:
        if isinstance(entry, Mapping):
            value = read_html(entry.get("value"))[0]
            lines.append(f"{entry.get('name', '')}: {value}".strip(": "))
    return "\n".join(line for line in lines if line) or ""


def account(
    entity: Mapping[str, Any], statuses: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    """An Account entity and its recent statuses. Raises PayloadError when the JSON is not
    shaped like Mastodon's; the result passes the schema's own parser."""
    return checked_account(
        "Mastodon", "account or statuses", lambda: _account(entity, statuses, observed)
    )


def _account(
    entity: Mapping[str, Any], statuses: Sequence[Mapping[str, Any]], observed: float
) -> Account:
    handles: dict[str, str] = {}
    for status in statuses:
        for mention in status.get("mentions") or []:
            if isinstance(mention, Mapping) and mention.get("id"):
                handles[str(mention["id"])] = str(mention.get("acct", ""))
    avatar = entity.get("avatar")
    fields_url = next(
        (
            link
            for entry in entity.get("fields") or []
            if isinstance(entry, Mapping)
            for link in read_html(entry.get("value"))[1]
        ),
        None,
    )
    return Account(
        id=str(entity["id"]),
        handle=str(entity.get("acct") or entity.get("username") or ""),
        platform=PLATFORM,
        display_name=entity.get("display_name") or None,
        created_at=_time(entity.get("created_at")),
        description=bio(entity),
        location=None,
        url=fields_url,
        followers_count=_count(entity.get("followers_count")),
        following_count=_count(entity.get("following_count")),
        posts_count=_count(entity.get("statuses_count")),
        listed_count=None,
        likes_count=None,
        default_profile_image=("missing" in avatar) if isinstance(avatar, str) else None,
        default_profile=None,
        verified=None,
        protected=_bool(entity.get("locked")),
        is_bot_declared=_bool(entity.get("bot")),
        observed_at=datetime.fromtimestamp(observed, UTC),
        posts=tuple(post(s, handles) for s in statuses if isinstance(s, Mapping)),
    )


def mentions(notifications: Sequence[Mapping[str, Any]]) -> list[Mention]:
    """Notifications of type mention -> Mentions (id: the status's id), oldest first."""
    return guarded("Mastodon", "notifications", lambda: _mentions(notifications))


def _mentions(notifications: Sequence[Mapping[str, Any]]) -> list[Mention]:
    found = []
    for note in notifications:
        status = note.get("status")
        if note.get("type") != "mention" or not isinstance(status, Mapping):
            continue
        created = _time(status.get("created_at"))
        text = read_html(status.get("content"))[0]
        replied = status.get("in_reply_to_id")  # a reply to one of our answers: a review?
        found.append(
            Mention(
                PLATFORM,
                str(status["id"]),
                identity(note.get("account") or status["account"]),
                text,
                created.timestamp() if created else 0.0,
                reply_to=str(replied) if replied else None,
            )
        )
    return sorted(found, key=lambda m: (len(m.id), m.id))
