"""`fake_score`: how likely the account is not a genuine person acting by hand.

Two parts, added on the logit scale:
- a profile model over counts every platform exposes (audience, mass following,
  activity, likes given, lists), whose weights are fitted offline by
  `bench/fit_fake_score.py` and stored in `scoring.config`; it needs no posts;
- post evidence: how strongly the automation and shortcut criteria fired.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from scoring import config as cfg
from scoring.models import Account, CriterionResult


@dataclass(frozen=True, slots=True)
class ProfileFeature:
    name: str
    description: str
    needs: tuple[str, ...]
    value: Callable[[Account], float]


def _log(n: int | None) -> float:
    return math.log1p(n or 0)


def _quiet_and_unheard(a: Account) -> float:
    return max(0.0, cfg.FAKE_FEW_POSTS_LOG - _log(a.posts_count)) * max(
        0.0, cfg.FAKE_FEW_FOLLOWERS_LOG - _log(a.followers_count)
    )


def _follows_many_says_little(a: Account) -> float:
    return max(0.0, _log(a.following_count) - _log(a.followers_count)) * max(
        0.0, cfg.FAKE_FEW_POSTS_LOG - _log(a.posts_count)
    )


PROFILE_FEATURES: tuple[ProfileFeature, ...] = (
    ProfileFeature(
        "audience", "log of followers", ("followers_count",), lambda a: _log(a.followers_count)
    ),
    ProfileFeature(
        "follow_ratio",
        "log of following over followers (mass following)",
        ("followers_count", "following_count"),
        lambda a: math.log(((a.following_count or 0) + 1) / ((a.followers_count or 0) + 1)),
    ),
    ProfileFeature(
        "activity", "log of posts ever", ("posts_count",), lambda a: _log(a.posts_count)
    ),
    ProfileFeature(
        "likes_given",
        "log of posts liked (interacts with others)",
        ("likes_count",),
        lambda a: _log(a.likes_count),
    ),
    ProfileFeature(
        "listed",
        "log of lists that include the account",
        ("listed_count",),
        lambda a: _log(a.listed_count),
    ),
    ProfileFeature(
        "quiet_and_unheard",
        "barely posts and barely anyone listens",
        ("posts_count", "followers_count"),
        _quiet_and_unheard,
    ),
    ProfileFeature(
        "follows_many_says_little",
        "follows far more than follow it back, and barely posts",
        ("following_count", "followers_count", "posts_count"),
        _follows_many_says_little,
    ),
)


_INPUTS = tuple(sorted({k for f in PROFILE_FEATURES for k in f.needs}))
_NEEDS = tuple(frozenset(f.needs) for f in PROFILE_FEATURES)


def profile_vector(account: Account) -> list[float | None]:
    """Feature values in PROFILE_FEATURES order; None where an input is not known."""
    known = {k for k in _INPUTS if getattr(account, k) is not None}
    return [
        f.value(account) if needs <= known else None
        for f, needs in zip(PROFILE_FEATURES, _NEEDS, strict=True)
    ]


def profile_logit(account: Account) -> float:
    values = profile_vector(account)
    if all(v is None for v in values):
        return cfg.FAKE_PRIOR_LOGIT
    logit = cfg.FAKE_PROFILE_INTERCEPT
    for feature, value in zip(PROFILE_FEATURES, values, strict=True):
        if value is not None and feature.name in cfg.FAKE_PROFILE_WEIGHTS:
            weight, centre = cfg.FAKE_PROFILE_WEIGHTS[feature.name]
            logit += weight * (value - centre)
    cap = cfg.FAKE_PROFILE_LOGIT_CAP
    return min(cap, max(-cap, logit))


def _post_logit(criteria: dict[str, CriterionResult]) -> float:
    logit = 0.0
    for cid, weight in cfg.FAKE_POST_WEIGHTS.items():
        result = criteria.get(cid)
        if result is None:
            continue
        strength = min(
            1.0, sum(v for name, v in result.signals if name not in cfg.FAKE_SKIP_SIGNALS)
        )
        logit += weight * strength * result.confidence
    return logit


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def fake_score(account: Account, criteria: dict[str, CriterionResult]) -> float:
    score = sigmoid(profile_logit(account) + _post_logit(criteria))
    if account.is_bot_declared:
        score = max(score, cfg.FAKE_DECLARED_BOT)
    return score
