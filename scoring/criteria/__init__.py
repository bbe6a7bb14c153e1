"""The letter's reasons as named checks: each has an id, a one-line description, a function
from account facts (plus the owner index) to a `CriterionResult`, and the signals it can
fire, as data (`SignalSpec`: name, weight, description, fact phrase keys), declared by its
module beside the code that fires them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scoring.criteria import activity, promo, relevance, self_focus, tactics, variety
from scoring.criteria.base import SignalSpec
from scoring.features import AccountFacts
from scoring.models import CriterionResult
from scoring.owner import OwnerIndex


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    description: str
    check: Callable[[AccountFacts, OwnerIndex], CriterionResult]
    signals: tuple[SignalSpec, ...]
    notes: tuple[str, ...] = ()  # fact keys said without a signal (an exemption)

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact phrase key this criterion can report."""
        return tuple(k for s in self.signals for k in s.facts) + self.notes


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "automated_promo",
        "an automated robot posting mere promotional links",
        promo.automated_promo,
        promo.SIGNALS,
    ),
    Criterion(
        "meformer",
        "more than 20% of posts are about yourself (the 80/20 rule)",
        self_focus.meformer,
        self_focus.SIGNALS,
    ),
    Criterion(
        "sporadic",
        "posting sporadically, not really active on the platform",
        activity.sporadic,
        activity.SPORADIC_SIGNALS,
    ),
    Criterion(
        "unstaggered",
        "posts come in floods instead of being staggered",
        activity.unstaggered,
        activity.UNSTAGGERED_SIGNALS,
    ),
    Criterion(
        "one_track",
        "one track minded: an incessant sales pitch, no variety",
        variety.one_track,
        variety.SIGNALS,
        variety.NOTES,
    ),
    Criterion(
        "off_topic",
        "posts about topics the owner is not interested in",
        relevance.off_topic,
        relevance.OFF_TOPIC_SIGNALS,
    ),
    Criterion(
        "redundant",
        "repeats an account the owner already follows",
        relevance.redundant,
        relevance.REDUNDANT_SIGNALS,
    ),
    Criterion(
        "follow_for_follow",
        "inflates numbers with follow-for-follow",
        tactics.follow_for_follow,
        tactics.FOLLOW_FOR_FOLLOW_SIGNALS,
    ),
    Criterion(
        "bought_followers",
        "follower numbers with no authenticity behind them",
        tactics.bought_followers,
        tactics.BOUGHT_FOLLOWERS_SIGNALS,
    ),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)

__all__ = ["CRITERIA", "CRITERION_IDS", "Criterion", "SignalSpec"]
