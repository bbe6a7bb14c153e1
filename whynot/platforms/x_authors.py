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
    # {"until_id": their question's id} (whynot.platforms.questions), every page alike
    until: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class MentionAuthors:
    """Profiles of mention authors read by `identify`, by user id, with when they were read."""

    _profiles: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict)

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
