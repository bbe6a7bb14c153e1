"""The fitted weights of `fake_score`, shipped as plain data (`fake_model.json`, no pickle).

A model is two linear parts on the logit scale:
- `profile`: one small model per set of available profile signals. An account is scored
  by the model fitted on exactly the signals it shows, so an unknown field is left out of
  the fit rather than read as zero (X shows likes and lists, Mastodon neither, a Discord
  member nothing at all).
- `posts`: one model over the post signals, each signal's share read through ramps.

`bench/fit_fake_score.py` writes the file; anyone can re-run it and get the same numbers.
The file is package data read once at import (like source code), so scoring stays free
of I/O at judging time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

FORMAT = 1


@dataclass(frozen=True, slots=True)
class LinearPart:
    intercept: float
    # signal name -> one weight per piece (a profile hinge has one piece, a post share
    # one per ramp)
    weights: Mapping[str, tuple[float, ...]]
    trained_on: tuple[str, ...] = ()  # the labelled sets it was fitted on

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearPart:
        return cls(
            float(data["intercept"]),
            {k: tuple(float(w) for w in v) for k, v in data["weights"].items()},
            tuple(data.get("trained_on", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        weights = {k: list(v) for k, v in self.weights.items()}
        return {
            "intercept": self.intercept,
            "trained_on": list(self.trained_on),
            "weights": weights,
        }


def signal_key(names: tuple[str, ...] | frozenset[str]) -> str:
    return ",".join(sorted(names))


@dataclass(frozen=True, slots=True)
class FakeModel:
    profile: Mapping[str, LinearPart]  # signal_key(available signals) -> part
    posts: LinearPart
    about: Mapping[str, Any]  # what it was fitted on, for people reading the file
    _chosen: dict[str, LinearPart | None] = field(default_factory=dict, repr=False, compare=False)
    # What scoring.fake worked out once for each set of known profile inputs (a handful
    # across all accounts): the part and its signals, so an account only computes values.
    for_known: dict[frozenset[str], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def profile_part(self, available: tuple[str, ...]) -> LinearPart | None:
        """Among the parts that need nothing the account does not show, the one fitted on
        the most kinds of account (labelled sets), then on the most signals. A field only
        some collections have (lists) would otherwise narrow the fit to those collections:
        a model that has seen more worlds generalises better than one reading one more
        field. Never a part that needs a signal the account does not show."""
        key = signal_key(available)
        if key not in self._chosen:
            have = set(available)
            best: LinearPart | None = None
            best_rank = (0, 0)
            for part_key, part in self.profile.items():
                names = set(part_key.split(","))
                rank = (len(part.trained_on), len(names))
                if names <= have and rank > best_rank:
                    best, best_rank = part, rank
            self._chosen[key] = best
        return self._chosen[key]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FakeModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"fake model format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            profile={k: LinearPart.from_dict(v) for k, v in data["profile"].items()},
            posts=LinearPart.from_dict(data["posts"]),
            about=dict(data.get("about", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "about": dict(self.about),
            "profile": {k: self.profile[k].to_dict() for k in sorted(self.profile)},
            "posts": self.posts.to_dict(),
        }


def load_shipped() -> FakeModel:
    text = resources.files("scoring").joinpath("fake_model.json").read_text(encoding="utf-8")
    return FakeModel.from_dict(json.loads(text))


SHIPPED = load_shipped()
