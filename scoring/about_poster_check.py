"""A learned second look at the rules' "about the poster" (issue 13): plain data, pure Python.

The rules of `scoring.about_poster` find most posts about the poster, but on posts nobody
tuned them on about half of their "yes" are opinions, quotes, news or jokes that happen to
hold "I" or "my". This module holds a logistic regression fitted only on such "yes"
posts, labelled by `bench/data/about_poster/GUIDELINE.md`, that says whether the rules'
"yes" stands. It never turns a "no" into a "yes".

Its features are the post's words (links and mentions left out, as `text.words_of` gives
them), optionally neighbouring word pairs and the name of the rules' deciding cue. The
weights are in `about_poster_check.json`, written by `bench/fit_poster_check.py`, which
says how the design, the weights and the threshold were chosen and what they measured.
When that file is absent the rules' "yes" stands unchanged.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise

MODEL_FILE = "about_poster_check.json"


def features(words: list[str], cue: str, pairs: bool, with_cue: bool) -> set[str]:
    """The binary features of one post the rules called "about the poster"."""
    out = {f"w:{w}" for w in words}
    if pairs:
        out.update(f"b:{a} {b}" for a, b in pairwise(["<s>", *words, "</s>"]))
    if with_cue:
        out.add(f"r:{cue}")
    return out


@dataclass(frozen=True, slots=True)
class Check:
    weights: dict[str, float]
    intercept: float
    threshold: float
    pairs: bool
    with_cue: bool

    @classmethod
    def from_dict(cls, data: dict) -> Check:
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            pairs=bool(data["pairs"]),
            with_cue=bool(data["with_cue"]),
        )

    def to_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "pairs": self.pairs,
            "with_cue": self.with_cue,
            "intercept": self.intercept,
            "weights": dict(sorted(self.weights.items())),
        }

    def probability(self, words: list[str], cue: str) -> float:
        get = self.weights.get
        z = self.intercept + sum(
            get(f, 0.0) for f in features(words, cue, self.pairs, self.with_cue)
        )
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def stands(self, words: list[str], cue: str) -> bool:
        """Whether the rules' "yes" (decided by `cue`) stands."""
        return self.probability(words, cue) >= self.threshold


def load() -> Check | None:
    path = resources.files("scoring").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return Check.from_dict(json.loads(path.read_text(encoding="utf-8")))


CHECK = load()
