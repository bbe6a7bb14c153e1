"""Each asker's question, remembered from the mentions read, so that their timeline is
read below it.

On X, Mastodon and Bluesky a mention of the owner is also a post of its author: the
newest of their timeline when the bot reads it. Their question is no evidence about them
(an "f4f? follow back" would count as trading follows), and a read slot spent on it
(paid, on X) buys one post less. An adapter tells `Questions` the mentions it read
(`heard`) and bounds the timeline read by the author's question (`of`): X and Mastodon
with the API's exclusive upper bound (`until_id`, `max_id`), Bluesky client-side.
A question bounds the read only while its asker is answered (`FRESH_SECONDS`): an audit
or a /whynot about them days later reads their timeline whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whynot.models import Mention

KEPT = 512  # the most askers held; the oldest go first
FRESH_SECONDS = 3600.0  # as long as a question bounds its asker's timeline


@dataclass(slots=True)
class Questions:
    """By author id, the first mention of each read that had one, with when it was read."""

    kept: int = KEPT
    _held: dict[str, list[tuple[Mention, float]]] = field(default_factory=dict)

    def heard(self, mentions: Iterable[Mention], now: float) -> None:
        """Remember each author's first mention of `mentions` (oldest first): it and
        whatever they posted after it, other mentions of the owner among them, are the
        newest posts of their timeline, and not what they are judged on."""
        read: dict[str, Mention] = {}
        for m in mentions:
            if m.author.id and m.id:
                read.setdefault(m.author.id, m)
        for uid, first in read.items():
            held = [q for q in self._held.pop(uid, ()) if _fresh(q[1], now)]
            if len(self._held) >= self.kept:
                self._held.pop(next(iter(self._held)))
            self._held[uid] = [*held, (first, now)]

    def of(self, uid: str, now: float) -> Mention | None:
        """The question `uid`'s timeline is read below: the oldest heard in the last
        `FRESH_SECONDS` (a read retried after a later poll heard them again still leaves
        the question it answers out), or None."""
        fresh = [m for m, heard in self._held.get(uid, ()) if _fresh(heard, now)]
        return min(fresh, key=lambda m: m.created_at) if fresh else None


def _fresh(heard: float, now: float) -> bool:
    return 0 <= now - heard <= FRESH_SECONDS
