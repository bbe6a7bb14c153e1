"""What X has sold us of the people the bot answers, kept so it is not bought twice: their
profiles (`MentionAuthors`) and how far their timelines were read (`Timeline`).

Mentions are read without their authors' profiles: X charges "per resource returned",
so expanding `author_id` would buy a $0.010 user with every mention, question or not,
while most mentions are not questions the bot answers. `XPlatform.identify` reads the
profile of an asker the bot will answer and keeps it here; `fetch_account`, which judges
that asker right after, takes it instead of a second read.
A profile older than `FRESH_SECONDS` is read again (counts and bio change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from whynot.models import Mention

FRESH_SECONDS = 3600.0
KEPT = 512  # the most profiles held; the oldest go first


@dataclass(slots=True)
class Timeline:
    """What was read of one asker: the profile, the posts so far (newest first), and
    where X's next page starts (None: no more posts)."""

    user: dict[str, Any]
    tweets: list[dict[str, Any]]
    token: str | None
    observed: float
    until: dict[str, str] = field(default_factory=dict)  # {"until_id": their question's id}


@dataclass(slots=True)
class MentionAuthors:
    """Profiles of mention authors read by `identify`, by user id, with when they were read."""

    _profiles: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict)
    # author id -> (a mention id, when it was read), one per page heard in `FRESH_SECONDS`
    _questions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def heard(self, mentions: Iterable[Mention], now: float) -> None:
        """Remember each author's first mention of a page (oldest first): it and whatever
        they posted after it, other mentions of the owner among them, are the newest posts
        of their timeline, and not what they are judged on (`until`) while they are
        answered: for `FRESH_SECONDS` (later, an audit or /whynot reads them whole)."""
        page: dict[str, str] = {}
        for m in mentions:
            if m.author.id and m.id.isdigit():
                page.setdefault(m.author.id, m.id)
        for uid, first in page.items():
            held = [q for q in self._questions.pop(uid, ()) if 0 <= now - q[1] <= FRESH_SECONDS]
            if len(self._questions) >= KEPT:
                self._questions.pop(next(iter(self._questions)))
            self._questions[uid] = [*held, (first, now)]

    def until(self, uid: str, now: float) -> dict[str, str]:
        """The timeline query that leaves out `uid`'s question and what followed it (X's
        `until_id`): their question is no evidence about them (an "f4f? follow back" would
        count as trading follows), and a page slot spent on it buys one post less. Their
        oldest question still fresh: one asked before a later poll heard them again (a
        retried read) stays left out."""
        fresh = [
            int(q) for q, heard in self._questions.get(uid, ()) if 0 <= now - heard <= FRESH_SECONDS
        ]
        return {"until_id": str(min(fresh))} if fresh else {}

    def keep(self, users: Iterable[Mapping[str, Any]], now: float) -> None:
        for user in users:
            uid = str(user.get("id", ""))
            if not uid or "public_metrics" not in user:
                continue  # not a full profile (fields not granted): read it when needed
            self._profiles.pop(uid, None)
            if len(self._profiles) >= KEPT:
                self._profiles.pop(next(iter(self._profiles)))
            self._profiles[uid] = (dict(user), now)

    def fresh(self, uid: str, now: float) -> dict[str, Any] | None:
        """The profile kept in the last `FRESH_SECONDS`, or None."""
        held = self._profiles.get(uid)
        if held is None or not 0 <= now - held[1] <= FRESH_SECONDS:
            return None
        return dict(held[0])
