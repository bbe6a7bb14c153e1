"""Per-key memos for the intent classifier's hot path: a dict that computes what it lacks.

`Memo(compute, limit)` maps a key to `compute(key)`, computed the first time and kept. At
`limit` keys it starts over (cleared), so what recent messages use is kept again rather
than the first 65,536 keys for ever; a string key longer than `MAX_KEY_CHARS` is computed
and not kept (anyone can mention the bot: a memo must not fill with 2,000-character
"words"). A kept
key costs a plain dict look-up (`memo[key]`, `map(memo.__getitem__, keys)`, or as a
`str.translate` table), cheaper than a call through `functools.lru_cache`. Used per token
(`whynot.textnorm`'s word map and per-word steps, `whynot.intent_model`'s vectors and
margins, `whynot.prefilter`'s pieces), per character (`whynot.textnorm`'s accent and
punctuation tables) and per set of possible patterns (`whynot.prefilter.Group`,
`whynot.intents`' plans); never per message (a benchmark that repeats its messages would
measure the memo, not the work).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

MAX_KEY_CHARS = 64  # longer tokens are rare; computing them each time is cheap enough
K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """`memo[key]` is `compute(key)`, kept; cleared when `limit` keys are held."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[K], V], limit: int = 1 << 16) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if not isinstance(key, str) or len(key) <= MAX_KEY_CHARS:
            if len(self) >= self.limit:
                self.clear()
            self[key] = value
        return value
