"""Per-key memos for the intent classifier's hot path: a dict that computes what it lacks.

`Memo(compute, limit)` maps a key to `compute(key)`, computed the first time and kept, for
at most `limit` keys (after that, new keys are computed each time and not kept). A kept
key costs a plain dict look-up (`memo[key]`, `map(memo.__getitem__, keys)`, or as a
`str.translate` table), cheaper than a call through `functools.lru_cache`. Used per token
(`whynot.textnorm`'s word map, `whynot.intent_model`'s vectors) and per character
(`whynot.textnorm`'s accent and punctuation tables).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """`memo[key]` is `compute(key)`, kept for the first `limit` keys."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[K], V], limit: int = 1 << 16) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if len(self) < self.limit:
            self[key] = value
        return value
