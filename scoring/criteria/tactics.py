"""The shortcuts the letter condemns: `follow_for_follow` and `bought_followers`.
Both work from profile counts alone and sharpen with posts and count history."""

from __future__ import annotations

import itertools

from scoring import text as tx
from scoring import thresholds as th
from scoring.criteria.base import (
    Signal,
    declare,
    from_signals,
    post_confidence,
    ramp,
    unjudged,
    weights_of,
)
from scoring.features import AccountFacts
from scoring.models import CriterionResult, Fact

FOLLOW_FOR_FOLLOW = "follow_for_follow"
BOUGHT_FOLLOWERS = "bought_followers"
FOLLOW_FOR_FOLLOW_SIGNALS = declare(
    th.FF_WEIGHTS,
    (
        (
            "follow_back_phrases",
            "follow-back phrases or tags in the bio or the posts",
            ("bio_follow_back", "posts_follow_back"),
        ),
        ("mirror_counts", "following about as many as follow, both large", ("mirror_counts",)),
        ("mass_following", "following far more accounts than follow back", ("mass_following",)),
        ("follow_churn", "the following count swings between snapshots", ("follow_churn",)),
    ),
)
FOLLOW_FOR_FOLLOW_WEIGHTS = weights_of(FOLLOW_FOR_FOLLOW_SIGNALS)  # scoring reads this table
BOUGHT_FOLLOWERS_SIGNALS = declare(
    th.BOUGHT_WEIGHTS,
    (
        ("silent_audience", "many followers, almost no likes or replies", ("silent_audience",)),
        ("unlisted_audience", "many followers, almost no lists", ("unlisted_audience",)),
        ("follower_jump", "followers jumped between snapshots", ("follower_jump",)),
    ),
)
BOUGHT_FOLLOWERS_WEIGHTS = weights_of(BOUGHT_FOLLOWERS_SIGNALS)  # scoring reads this table
DAY = 86_400.0


def _phrases(facts: AccountFacts) -> Signal | None:
    bio = (facts.account.description or "").lower()
    hinted = any(hint in bio for hint in tx.FOLLOW_BACK_HINTS)
    if hinted and (match := tx.FOLLOW_BACK_RE.search(bio)):
        return Signal("follow_back_phrases", 1.0, Fact.of("bio_follow_back", phrase=match.group(0)))
    asking = [p for p in facts.posts if p.follow_back and p.post.kind != "repost"]
    if not asking:
        return None
    example = tx.FOLLOW_BACK_RE.search(asking[-1].lowered)
    return Signal(
        "follow_back_phrases",
        ramp(len(asking) / max(facts.n, 1), 0.0, 0.2),
        Fact.of(
            "posts_follow_back",
            count=len(asking),
            total=facts.n,
            phrase=example.group(0) if example else "follow back",
        ),
    )


def _count_signals(followers: int, following: int) -> list[Signal]:
    fired = []
    big = min(followers, following) >= th.FF_MIRROR_MIN
    if big and abs(followers - following) <= th.FF_MIRROR_TOLERANCE * max(followers, following):
        fired.append(
            Signal(
                "mirror_counts",
                1.0,
                Fact.of("mirror_counts", following=following, followers=followers),
            )
        )
    if following >= th.FF_MASS_MIN_FOLLOWING:
        ratio = following / max(followers, 1)
        strength = ramp(ratio, th.FF_MASS_RATIO_FROM, th.FF_MASS_RATIO)
        if strength:
            fired.append(
                Signal(
                    "mass_following",
                    strength,
                    Fact.of("mass_following", following=following, followers=followers),
                )
            )
    return fired


def _churn(facts: AccountFacts) -> Signal | None:
    counts = [h.following_count for h in facts.account.history if h.following_count is not None]
    if facts.account.following_count is not None and facts.account.history:
        counts.append(facts.account.following_count)
    swings = [
        (a, b)
        for a, b in itertools.pairwise(counts)
        if abs(b - a) > th.FF_CHURN_SWING * max(a, b, 1) and max(a, b) >= th.FF_MASS_MIN_FOLLOWING
    ]
    if len(swings) < 2:
        return None
    path = " → ".join(f"{c:,}" for c in counts[-5:])
    return Signal(
        "follow_churn",
        1.0,
        Fact.of("follow_churn", path=path),
    )


def follow_for_follow(facts: AccountFacts, owner: object = None) -> CriterionResult:
    acc = facts.account
    fired: list[Signal] = []
    confidence = post_confidence(facts.n)
    if phrase := _phrases(facts):
        fired.append(phrase)
        if phrase.strength >= 1.0:
            confidence = 1.0
    if acc.description is not None:
        confidence = max(confidence, th.MIN_CONFIDENCE)
    if acc.followers_count is not None and acc.following_count is not None:
        fired += _count_signals(acc.followers_count, acc.following_count)
        confidence = max(confidence, th.FF_COUNTS_CONFIDENCE)
    if churn := _churn(facts):
        fired.append(churn)
        confidence = 1.0
    if not confidence:
        return unjudged(FOLLOW_FOR_FOLLOW, "no bio, follow counts or posts to read")
    return from_signals(FOLLOW_FOR_FOLLOW, fired, FOLLOW_FOR_FOLLOW_WEIGHTS, confidence)


def _silent_audience(facts: AccountFacts, followers: int) -> tuple[Signal | None, int]:
    measured = [
        (p.post.like_count or 0) + (p.post.repost_count or 0) + (p.post.reply_count or 0)
        for p in facts.originals
        if p.post.like_count is not None
    ]
    if len(measured) < th.MIN_POSTS:
        return None, len(measured)
    average = sum(measured) / len(measured)
    rate = average / followers
    strength = ramp(rate, th.BOUGHT_ENGAGEMENT_RATE_MIN, th.BOUGHT_ENGAGEMENT_RATE_MIN / 5)
    if not strength:
        return None, len(measured)
    return (
        Signal(
            "silent_audience",
            strength,
            Fact.of(
                "silent_audience",
                followers=followers,
                count=len(measured),
                average=average,
                rate=rate,
            ),
        ),
        len(measured),
    )


def _unlisted(listed: int, followers: int) -> Signal | None:
    strength = ramp(
        listed / followers, th.BOUGHT_LISTED_PER_FOLLOWER_MIN, th.BOUGHT_LISTED_PER_FOLLOWER_NONE
    )
    if not strength:
        return None
    return Signal(
        "unlisted_audience",
        strength,
        Fact.of("unlisted_audience", followers=followers, listed=listed),
    )


def _jump(facts: AccountFacts) -> Signal | None:
    acc = facts.account
    points = [
        (h.observed_at, h.followers_count) for h in acc.history if h.followers_count is not None
    ]
    if acc.followers_count is not None and acc.observed_at is not None:
        points.append((acc.observed_at, acc.followers_count))
    for (t0, a), (t1, b) in itertools.pairwise(points):
        days = (t1 - t0).total_seconds() / DAY
        if (
            0 <= days <= th.BOUGHT_JUMP_DAYS
            and b - a >= th.BOUGHT_JUMP_MIN
            and b - a >= th.BOUGHT_JUMP_RATIO * max(a, 1)
        ):
            return Signal(
                "follower_jump",
                1.0,
                Fact.of("follower_jump", before=a, after=b, days=max(days, 1 / 24)),
            )
    return None


def bought_followers(facts: AccountFacts, owner: object = None) -> CriterionResult:
    acc = facts.account
    followers = acc.followers_count
    if followers is None:
        return unjudged(BOUGHT_FOLLOWERS, "follower count not known")
    fired: list[Signal] = []
    confidence = th.BOUGHT_SMALL_ACCOUNT_CONFIDENCE
    if followers >= th.BOUGHT_MIN_FOLLOWERS:
        silent, measured = _silent_audience(facts, followers)
        if measured >= th.MIN_POSTS:
            confidence = max(confidence, post_confidence(measured))
        if silent:
            fired.append(silent)
        if acc.listed_count is not None:
            confidence = max(confidence, th.BOUGHT_PROFILE_CONFIDENCE)
            if unlisted := _unlisted(acc.listed_count, followers):
                fired.append(unlisted)
    if jump := _jump(facts):
        fired.append(jump)
        confidence = 1.0
    elif len(acc.history) >= 2:
        confidence = max(confidence, th.BOUGHT_PROFILE_CONFIDENCE)
    return from_signals(BOUGHT_FOLLOWERS, fired, BOUGHT_FOLLOWERS_WEIGHTS, confidence)
