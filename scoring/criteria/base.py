"""What every criterion shares: named weighted signals that add up to a score (the
SpamAssassin/rspamd model), the pass/fail rule, and confidence from the amount of data.

Each criterion module declares its signals as data (`SIGNALS`, built by `declare` from the
criterion's one weights table in `scoring.thresholds`): name, weight, a one-line description and
the phrase keys of the facts it reports, as SpamAssassin keeps `describe` and `score`
beside each rule. A signal without a weight, or a weight without a signal, is an error at
import; tests check every fact has a phrase in every reply language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring import thresholds as th
from scoring.evidence import phrase
from scoring.models import CriterionResult, Fact, criterion_result


# Not frozen: built by the handful for every account and never kept past its criterion.
@dataclass(slots=True)
class Signal:
    """One rule that fired: its name, how strongly (0..1), and the fact behind it."""

    name: str
    strength: float
    fact: Fact


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """A signal a criterion can fire, described: what a person reads in `bot.py score`'s
    signals, and the facts (phrase keys of `scoring.evidence`) it reports."""

    name: str
    weight: float
    description: str
    facts: tuple[str, ...]


def declare(
    weights: Mapping[str, float], rows: Sequence[tuple[str, str, tuple[str, ...]]]
) -> tuple[SignalSpec, ...]:
    """The signals of one criterion: (name, description, fact keys) rows, each weighted by
    the criterion's table. Every row needs a weight and every weight a row."""
    names = [name for name, _, _ in rows]
    if sorted(names) != sorted(weights) or len(set(names)) != len(names):
        raise ValueError(f"signals {names} and weights {sorted(weights)} do not match")
    return tuple(SignalSpec(name, weights[name], text, facts) for name, text, facts in rows)


def weights_of(signals: Sequence[SignalSpec]) -> dict[str, float]:
    return {s.name: s.weight for s in signals}


def ramp(value: float, start: float, full: float) -> float:
    """0 at `start`, 1 at `full`, linear between (works for falling ramps too)."""
    if full == start:
        return 1.0 if value >= full else 0.0
    return min(1.0, max(0.0, (value - start) / (full - start)))


def post_confidence(n: int, min_posts: int = th.MIN_POSTS) -> float:
    if n < min_posts:
        return 0.0
    return min(1.0, n / th.FULL_CONFIDENCE_POSTS)


def verdict(
    criterion: str,
    score: float,
    confidence: float,
    facts: list[Fact] | tuple[Fact, ...] = (),
    signals: tuple[tuple[str, float], ...] = (),
    notes: tuple[str, ...] = (),
) -> CriterionResult:
    """`facts` become the evidence (worded by scoring.evidence); `notes` are plain text
    for what could not be judged."""
    # min(1.0, max(0.0, x)) written out (the same value, a NaN made 0.0 alike): nine
    # verdicts an account, four builtin calls each.
    score = score if score > 0.0 else 0.0
    score = score if score < 1.0 else 1.0
    confidence = confidence if confidence > 0.0 else 0.0
    confidence = confidence if confidence < 1.0 else 1.0
    failed = score >= th.FAIL_SCORE and confidence >= th.MIN_CONFIDENCE
    evidence = tuple([phrase(f.key, f.values) for f in facts]) + notes if facts else notes
    # Positional: nine of these per account.
    facts = tuple(facts)
    return criterion_result(criterion, not failed, score, confidence, evidence, signals, facts)


# Facts read from the profile (counts, the bio, earlier snapshots), which reading more of
# the account's posts never changes.
PROFILE_FACTS = frozenset(
    {
        "bio_follow_back",
        "mirror_counts",
        "mass_following",
        "follow_churn",
        "unlisted_audience",
        "follower_jump",
        "barely_used",
    }
)


def settled_by_profile(result: CriterionResult) -> bool:
    """True when the signals read from the profile alone reach the fail line. A score is a
    capped sum of non-negative parts and confidence only grows with posts, so no number of
    further posts can make this criterion pass (`whynot.reading` stops reading for it)."""
    if result.passed or len(result.signals) != len(result.facts):
        return False
    fixed = sum(
        value
        for (_, value), fact in zip(result.signals, result.facts, strict=True)
        if fact.key in PROFILE_FACTS
    )
    return fixed >= th.FAIL_SCORE


def unjudged(criterion: str, why: str) -> CriterionResult:
    """Too little data: confidence 0, never a failure; the evidence says what was missing."""
    return verdict(criterion, 0.0, 0.0, notes=(why,))


def from_signals(
    criterion: str,
    fired: list[Signal],
    weights: Mapping[str, float],
    confidence: float,
    scale: float = 1.0,
) -> CriterionResult:
    """Add weighted signals (capped at 1), strongest evidence first."""
    parts = sorted(
        ((weights[s.name] * s.strength * scale, s) for s in fired if s.strength > 0),
        key=lambda item: (-item[0], item[1].name),
    )
    score = sum(value for value, _ in parts)
    return verdict(
        criterion,
        score,
        confidence,
        [s.fact for _, s in parts],
        tuple((s.name, value) for value, s in parts),
    )
