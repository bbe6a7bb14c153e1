"""`fake_score`: how likely the account is not a genuine person acting by hand.

Three parts, added on the logit scale, each reported signal by signal in the verdict:
- the profile part (`scoring.fake_signals.PROFILE_SIGNALS`), scored by the model fitted
  on exactly the signals this account shows (`scoring.fake_model`);
- the posts part (`POST_SIGNALS`), once there are enough posts to read, its weight
  growing with their number as the criteria's confidence does;
- evidence no labelled set can teach (posting clients, clockwork schedules, bursts,
  follow-back phrases, follower jumps): how strongly those criteria fired, hand-weighted
  in `scoring.thresholds`.
With neither a profile nor posts, a prior says most askers are people. Between the
unsure bounds the verdict's band says "unsure" instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from operator import itemgetter

from scoring import thresholds as cfg
from scoring.fake_model import SHIPPED, FakeModel, LinearPart
from scoring.fake_signals import (
    POST_SIGNALS,
    PROFILE_INPUTS,
    PROFILE_SIGNALS,
    available_profile_signals,
    known_inputs,
    post_values,
)
from scoring.features import AccountFacts
from scoring.models import Account, CriterionResult, FakeAssessment, FakeBand

_Pieces = tuple[tuple[float, float, float], ...]
_Weighed = tuple[tuple[str, Callable[[Account], float], float], ...]
# each ramp's (lo, hi, hi - lo)
_PIECES: dict[str, _Pieces] = {
    s.name: tuple((lo, hi, hi - lo) for lo, hi in pairwise(s.edges)) for s in POST_SIGNALS
}
_SHOWN = 0.005  # contributions smaller than this are not listed as signals
_VALUE = itemgetter(1)  # of a (name, value) part: summed by a C-level map, the same floats


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _capped(part: list[tuple[str, float]], name: str) -> list[tuple[str, float]]:
    """The part, plus a `name` entry taking back what exceeds the cap, so the listed
    signals always add up to the logit."""
    total = sum(map(_VALUE, part))
    cap = cfg.FAKE_PART_LOGIT_CAP
    if -cap <= total <= cap:
        return part
    return [*part, (name, min(cap, max(-cap, total)) - total)]


def _profile(account: Account, known: frozenset[str], model: FakeModel) -> list[tuple[str, float]]:
    chosen = model.for_known.get(known)
    if chosen is None:
        chosen = model.for_known[known] = _profile_signals(known, model)
    part, signals = chosen
    if part is None:
        return []
    out = [("profile_base", part.intercept)]
    out += [(name, weight * value(account)) for name, value, weight in signals]
    return out


def _profile_signals(known: frozenset[str], model: FakeModel) -> tuple[LinearPart | None, _Weighed]:
    """The profile part for accounts showing `known`, and its signals in table order with
    their weights: what `profile_values` and the part's weights give, worked out once."""
    part = model.profile_part(available_profile_signals(known))
    if part is None:
        return None, ()
    names = set(part.weights)
    return part, tuple(
        (s.name, s.value, part.weights[s.name][0]) for s in PROFILE_SIGNALS if s.name in names
    )


def _posts(facts: AccountFacts, part: LinearPart) -> list[tuple[str, float]]:
    if facts.n < cfg.MIN_POSTS:
        return []
    sure = min(1.0, facts.n / cfg.FULL_CONFIDENCE_POSTS)
    out = [("posts_base", part.intercept * sure)]
    for name, value in post_values(facts).items():
        weights = part.weights.get(name)
        if weights:
            out.append((name, sure * _climbed(value, weights, _PIECES[name])))
    return out


def _climbed(value: float, weights: tuple[float, ...], pieces: _Pieces) -> float:
    """`sum(w * r for w, r in zip(weights, ramps(value, edges)))`, the same float: the
    edges rise, so the ramps below `value` are climbed in full (their weight), one is
    climbed part way, and those above add nothing (a zero term leaves a float sum as it
    is, so it is skipped; a value that is not a number climbs none, as `ramps` gives)."""
    total = 0.0
    for weight, (lo, hi, span) in zip(weights, pieces, strict=True):
        if not value > lo:
            break
        total += weight if value >= hi else weight * ((value - lo) / span)
    return total


def _evidence(criteria: dict[str, CriterionResult]) -> list[tuple[str, float]]:
    out = []
    for cid, weight in cfg.FAKE_POST_WEIGHTS.items():
        result = criteria.get(cid)
        if result is None:
            continue
        strength = min(
            1.0, sum(v for name, v in result.signals if name not in cfg.FAKE_SKIP_SIGNALS)
        )
        out.append((cid, weight * strength * result.confidence))
    return out


def band_of(score: float) -> FakeBand:
    if score < cfg.FAKE_UNSURE_FROM:
        return "person"
    if score < cfg.FAKE_UNSURE_TO:
        return "unsure"
    return "automated"


def assess(
    account: Account,
    facts: AccountFacts,
    criteria: dict[str, CriterionResult],
    model: FakeModel = SHIPPED,
) -> FakeAssessment:
    known = known_inputs(account)
    profile = _profile(account, known, model)
    posts = _posts(facts, model.posts)
    evidence = _evidence(criteria)
    based_on = tuple(name for name, part in (("profile", profile), ("posts", posts)) if part)
    profile = _capped(profile, "profile_cap")
    posts = _capped(posts, "posts_cap")
    logit = sum(map(_VALUE, profile)) + sum(map(_VALUE, posts))
    prior = [] if based_on else [("prior", cfg.FAKE_PRIOR_LOGIT)]
    logit += sum(map(_VALUE, prior)) + sum(map(_VALUE, evidence))
    declared = []
    if account.is_bot_declared:
        # The platform's own flag settles it: lift the logit to the declared floor.
        floor = math.log(cfg.FAKE_DECLARED_BOT / (1 - cfg.FAKE_DECLARED_BOT))
        declared = [("declared_bot", max(0.0, floor - logit))]
        logit += declared[0][1]
    score = max(sigmoid(logit), cfg.FAKE_DECLARED_BOT) if declared else sigmoid(logit)
    parts = prior + profile + posts + evidence + declared
    fired = [(n, v) for n, v in parts if abs(v) >= _SHOWN]
    fired.sort(key=lambda item: (-abs(item[1]), item[0]))
    return FakeAssessment(
        score=score,
        band=band_of(score),
        based_on=based_on,
        unknown=tuple(k for k in PROFILE_INPUTS if k not in known),
        signals=tuple(fired),
    )
