"""The letter's reasons as named checks: each has an id, a one-line description, and a
function from account facts (plus the owner index) to a `CriterionResult`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scoring.criteria.activity import sporadic, unstaggered
from scoring.criteria.promo import automated_promo
from scoring.criteria.relevance import off_topic, redundant
from scoring.criteria.self_focus import meformer
from scoring.criteria.tactics import bought_followers, follow_for_follow
from scoring.criteria.variety import one_track
from scoring.features import AccountFacts
from scoring.models import CriterionResult
from scoring.owner import OwnerIndex


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    description: str
    check: Callable[[AccountFacts, OwnerIndex], CriterionResult]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "automated_promo", "an automated robot posting mere promotional links", automated_promo
    ),
    Criterion("meformer", "more than 20% of posts are about yourself (the 80/20 rule)", meformer),
    Criterion("sporadic", "posting sporadically, not really active on the platform", sporadic),
    Criterion("unstaggered", "posts come in floods instead of being staggered", unstaggered),
    Criterion("one_track", "one track minded: an incessant sales pitch, no variety", one_track),
    Criterion("off_topic", "posts about topics the owner is not interested in", off_topic),
    Criterion("redundant", "repeats an account the owner already follows", redundant),
    Criterion("follow_for_follow", "inflates numbers with follow-for-follow", follow_for_follow),
    Criterion(
        "bought_followers", "follower numbers with no authenticity behind them", bought_followers
    ),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)

__all__ = ["CRITERIA", "CRITERION_IDS", "Criterion"]
