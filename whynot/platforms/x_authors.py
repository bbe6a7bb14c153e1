"""The profiles X sends with a page of mentions, kept so an asker's profile is not bought
a second time minutes later.

The mentions request expands `author_id` with the same user fields a profile read asks
for, so each mention arrives with its author's full profile in `includes.users`. X's price
list charges "per resource returned" and says nothing of expansions; the ledger counts
them (`XPlatform._charge_page`). Either way this saves a read: if `includes` are free, the
$0.010 user read is saved; if they are charged, the profile was paid for with the mention
(the expansion is needed anyway for the mention's author handle), and X charges a resource
once per UTC day.
A profile older than `FRESH_SECONDS` is read again (counts and bio change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FRESH_SECONDS = 3600.0
KEPT = 512  # the most profiles held; the oldest go first


@dataclass(slots=True)
class MentionAuthors:
    """Author profiles from mention pages, by user id, with when they were received."""

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
        """The profile received with a mention in the last `FRESH_SECONDS`, or None."""
        held = self._profiles.get(uid)
        if held is None or not 0 <= now - held[1] <= FRESH_SECONDS:
            return None
        return dict(held[0])
