"""`sporadic` (barely active) and `unstaggered` (floods the newsfeed in bursts): both read
when the account posts, not what."""

from __future__ import annotations

import itertools
from statistics import median

from scoring import thresholds as th
from scoring.criteria.base import (
    Signal,
    declare,
    from_signals,
    post_confidence,
    ramp,
    unjudged,
    verdict,
    weights_of,
)
from scoring.evidence import only
from scoring.features import AccountFacts
from scoring.models import CriterionResult, Fact

SPORADIC = "sporadic"
UNSTAGGERED = "unstaggered"
SPORADIC_SIGNALS = declare(
    th.SPORADIC_WEIGHTS,
    (
        ("long_silence", "no post for a long time", ("long_silence",)),
        ("rarely_posts", "few posts a week over the posts read", ("rarely_posts",)),
        ("on_and_off", "long silences between bursts of posts", ("on_and_off",)),
        ("barely_used", "few posts in all since the account was made", ("barely_used",)),
    ),
)
SPORADIC_WEIGHTS = weights_of(SPORADIC_SIGNALS)  # scoring reads this table
# One signal: the criterion's score is its strength.
UNSTAGGERED_SIGNALS = declare(
    {"bursts": 1.0}, (("bursts", "posts packed into short windows", ("bursts",)),)
)
DAY = 86_400.0


def _days(seconds: float) -> str:
    days = seconds / DAY
    return f"{days:.0f} days" if days >= 2 else f"{seconds / 3600:.0f} hours"


def _timeline_signals(facts: AccountFacts) -> list[Signal]:
    times = facts.times
    fired = []
    now = facts.now.timestamp() if facts.now else times[-1]
    silent_days = max(0.0, now - times[-1]) / DAY
    strength = ramp(silent_days, th.SPORADIC_SILENT_DAYS_FROM, th.SPORADIC_SILENT_DAYS_FULL)
    if strength:
        fired.append(Signal("long_silence", strength, Fact.of("long_silence", days=silent_days)))
    span_weeks = max(now - times[0], DAY) / (7 * DAY)
    per_week = len(times) / span_weeks
    strength = ramp(per_week, th.SPORADIC_WEEKLY_POSTS_MIN, th.SPORADIC_WEEKLY_POSTS_MIN / 4)
    if strength:
        fired.append(
            Signal(
                "rarely_posts",
                strength,
                Fact.of("rarely_posts", count=len(times), weeks=span_weeks, per_week=per_week),
            )
        )
    gaps = [b - a for a, b in itertools.pairwise(times)]
    if gaps:
        longest, usual = max(gaps), median(gaps)
        if longest >= th.SPORADIC_GAP_MIN_DAYS * DAY and longest >= th.SPORADIC_GAP_RATIO * max(
            usual, 60.0
        ):
            fired.append(
                Signal(
                    "on_and_off",
                    1.0,
                    Fact.of("on_and_off", longest=_days(longest), usual=_days(usual)),
                )
            )
    return fired


def _lifetime_signal(facts: AccountFacts) -> Signal | None:
    acc = facts.account
    if acc.posts_count is None or acc.created_at is None or facts.now is None:
        return None
    age_days = (facts.now - acc.created_at).total_seconds() / DAY
    if age_days < 30:  # too young to call anything sporadic
        return None
    per_day = acc.posts_count / age_days
    strength = ramp(per_day, th.SPORADIC_LIFETIME_DAILY_MIN, th.SPORADIC_LIFETIME_DAILY_MIN / 5)
    if not strength:
        return None
    years = age_days / 365.25
    age = f"{years:.0f} years" if years >= 1.5 else f"{age_days / 30.4:.0f} months"
    return Signal(
        "barely_used",
        strength,
        Fact.of("barely_used", count=acc.posts_count, age=age, days=age_days),
    )


def sporadic(facts: AccountFacts, owner: object = None) -> CriterionResult:
    fired: list[Signal] = []
    confidence = 0.0
    if len(facts.times) >= th.SPORADIC_MIN_TIMED_POSTS:
        fired += _timeline_signals(facts)
        end = facts.now.timestamp() if facts.now else facts.times[-1]
        span_days = (end - facts.times[0]) / DAY
        confidence = max(
            post_confidence(len(facts.times)), ramp(span_days, 0.0, th.SPORADIC_FULL_SPAN_DAYS)
        )
    lifetime = _lifetime_signal(facts)
    if lifetime is not None or (
        facts.account.posts_count is not None and facts.account.created_at is not None
    ):
        confidence = max(confidence, th.SPORADIC_PROFILE_CONFIDENCE)
    if lifetime:
        fired.append(lifetime)
    if not confidence:
        return unjudged(SPORADIC, "no dated posts and no account age to judge activity by")
    return from_signals(SPORADIC, fired, SPORADIC_WEIGHTS, confidence)


def _bursts(times: list[float]) -> list[tuple[int, int]]:
    """Maximal runs [start, end] of posts where some window of BURST_POSTS posts spans at
    most BURST_WINDOW_SECONDS. Linear two-pointer scan over sorted times."""
    k = th.BURST_POSTS
    runs: list[tuple[int, int]] = []
    for i in range(len(times) - k + 1):
        if times[i + k - 1] - times[i] <= th.BURST_WINDOW_SECONDS:
            start, end = i, i + k - 1
            if runs and start <= runs[-1][1]:  # overlapping windows: one burst
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
    return runs


def unstaggered(facts: AccountFacts, owner: object = None) -> CriterionResult:
    times = facts.times
    confidence = post_confidence(len(times), th.UNSTAGGERED_MIN_TIMED_POSTS)
    if not confidence:
        return unjudged(UNSTAGGERED, f"{only(len(times), 'dated post')} to read")
    runs = _bursts(times)
    in_bursts = sum(end - start + 1 for start, end in runs)
    share = in_bursts / len(times)
    score = ramp(share, 0.0, 2 * th.UNSTAGGERED_SHARE_LIMIT)
    if not runs:
        return verdict(UNSTAGGERED, score, confidence)
    start, end = max(runs, key=lambda r: (r[1] - r[0], -r[0]))
    fact = Fact.of(
        "bursts",
        count=in_bursts,
        total=len(times),
        bursts=len(runs),
        size=th.BURST_POSTS,
        window=th.BURST_WINDOW_SECONDS // 60,
        largest=end - start + 1,
        minutes=max(1, round((times[end] - times[start]) / 60)),
    )
    return verdict(UNSTAGGERED, score, confidence, [fact], (("bursts", score),))
