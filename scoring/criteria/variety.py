"""`one_track`: "one track minded ... incessant online sales pitch ... throw in a little
variety". Breaking-news outlets the owner names are exempt, as the letter says."""

from __future__ import annotations

from collections import Counter
from itertools import chain, compress
from operator import attrgetter

from scoring import thresholds as th
from scoring.criteria.base import Signal, declare, from_signals, ramp, unjudged, verdict, weights_of
from scoring.evidence import only, own_posts
from scoring.features import AccountFacts
from scoring.models import CriterionResult, Fact
from scoring.owner import OwnerIndex

ID = "one_track"
SIGNALS = declare(
    th.ONE_TRACK_WEIGHTS,
    (
        ("sales_pitch", "most posts are sales pitches", ("sales_pitch",)),
        ("no_variety_of_kinds", "almost no replies, quotes or reposts", ("no_variety_of_kinds",)),
        ("one_subject", "one subject (hashtag or site) in most posts", ("one_subject",)),
    ),
)
WEIGHTS = weights_of(SIGNALS)  # scoring reads this table
NOTES = ("news_outlet_exempt",)  # facts said without a signal: the exemption
_SALES = attrgetter("sales")
_TAGGED = "#".__add__  # a hashtag as a subject: "#" and the tag


def one_track(facts: AccountFacts, owner: OwnerIndex) -> CriterionResult:
    if facts.account.handle.lower() in owner.news_outlets:
        return verdict(ID, 0.0, 1.0, [Fact.of("news_outlet_exempt")])
    n = facts.n
    if n < th.ONE_TRACK_MIN_POSTS:
        return unjudged(ID, f"{only(n, 'post')} to read; {th.ONE_TRACK_MIN_POSTS} needed")
    confidence = min(1.0, n / th.FULL_CONFIDENCE_POSTS)
    fired = []
    originals = facts.originals
    if originals:
        sales = sum(map(_SALES, originals))
        strength = ramp(
            sales / len(originals), th.ONE_TRACK_SALES_SHARE_FROM, th.ONE_TRACK_SALES_SHARE_FULL
        )
        if strength:
            fired.append(
                Signal(
                    "sales_pitch",
                    strength,
                    Fact.of(
                        "sales_pitch", count=sales, total=len(originals), **own_posts(originals, n)
                    ),
                )
            )
    mixed = n - facts.kinds["post"]
    if mixed / n < th.ONE_TRACK_KIND_MIX_MIN:
        fired.append(
            Signal(
                "no_variety_of_kinds",
                1.0 - (mixed / n) / th.ONE_TRACK_KIND_MIX_MIN,
                Fact.of("no_variety_of_kinds", count=n - mixed, total=n),
            )
        )
    # Each post counts once per subject; one Counter over all of them (an update per post
    # pays Counter's Mapping check every time).
    subjects = Counter(
        chain.from_iterable(
            {*map(_TAGGED, p.hashtags), *p.domains} for p in facts.posts if p.hashtags or p.domains
        )
    )
    if subjects:
        # the most frequent, the first by name among those (as min by (-count, name))
        count = max(subjects.values())
        top = min(compress(subjects, map(count.__eq__, subjects.values())))
        strength = ramp(count / n, th.ONE_TRACK_TOP_TERM_SHARE, 0.9)
        if strength:
            fired.append(
                Signal(
                    "one_subject",
                    strength,
                    Fact.of("one_subject", subject=top, count=count, total=n),
                )
            )
    return from_signals(ID, fired, WEIGHTS, confidence)
