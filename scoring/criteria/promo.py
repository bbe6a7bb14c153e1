"""`automated_promo`: "an automated robot posting mere promotional links to your website".

The letter's robot fills a timeline with *mere* promotional links. So the share of posts
that carry a link is taken over the whole analysed timeline, reposts and replies
included, not over the asker's own posts alone: an account whose timeline is mostly
reposts of other people, with a few linked posts of its own (a repeated "vote!" with a
link among forty reposts), is sharing others, not posting mere links. The fact speaks of
the asker's own posts ("11 of your last 12 posts carry a link"), like the other facts
here, so it stays true when reposts of links are among those read. Replies also scale the
score down (the letter's "actual interactivity with real individuals"). A link share
alone still cannot fail an account; it needs repeated texts, one site, an auto-posting
client or a clockwork schedule beside it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from itertools import chain
from operator import attrgetter
from statistics import fmean, pstdev

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
from scoring.evidence import only, own_posts
from scoring.features import AccountFacts, PostFacts
from scoring.models import CriterionResult, Fact

ID = "automated_promo"
SIGNALS = declare(
    th.PROMO_WEIGHTS,
    (
        (
            "links_in_most_posts",
            "most of the asker's own posts carry a link",
            ("links_in_most_posts",),
        ),
        (
            "links_to_one_site",
            "the links point to one site (named as the asker's own when the profile links it)",
            ("links_to_one_site", "links_to_own_site"),
        ),
        ("repeated_texts", "posts repeat the words of earlier ones", ("repeated_texts",)),
        ("automation_client", "posts sent by an auto-posting client", ("automation_client",)),
        (
            "clockwork_schedule",
            "posts go out at machine-regular intervals",
            ("clockwork_schedule",),
        ),
    ),
)
WEIGHTS = weights_of(SIGNALS)  # scoring reads this table
# Read for every post by C-level maps and filters (no interpreted loop per post).
_URLS = attrgetter("urls")
_DOMAINS = attrgetter("domains")
_FINGERPRINT = attrgetter("fingerprint")
_SOURCE = attrgetter("post.source")


def _links(originals: list[PostFacts], own_domain: str | None, timeline: int) -> list[Signal]:
    """`timeline`: every analysed post, reposts and replies included."""
    linked = list(filter(_URLS, originals))
    fired = []
    share = len(linked) / timeline
    strength = ramp(share, th.PROMO_LINK_SHARE_FROM, th.PROMO_LINK_SHARE_FULL)
    if strength:
        fired.append(
            Signal(
                "links_in_most_posts",
                strength,
                # Said of the asker's own posts, like the other facts here: "30 of your
                # last 40 posts carry a link" would be false when reposts of links were
                # among the 40 (the share above is over all 40 on purpose).
                Fact.of(
                    "links_in_most_posts",
                    count=len(linked),
                    total=len(originals),
                    **own_posts(originals, timeline),
                ),
            )
        )
    sited = list(filter(None, map(_DOMAINS, linked)))
    with_domain = len(sited)
    if with_domain >= th.MIN_POSTS:
        domains = Counter(chain.from_iterable(map(set, sited)))
        top, count = min(domains.items(), key=lambda kv: (-kv[1], kv[0]))
        strength = ramp(count / with_domain, th.PROMO_DOMAIN_SHARE_FROM, th.PROMO_DOMAIN_SHARE_FULL)
        if strength:
            # The letter's robot posts "promotional links to your website": say so when
            # the site is the one in the profile.
            key = "links_to_own_site" if own_domain and top == own_domain else "links_to_one_site"
            fired.append(
                Signal(
                    "links_to_one_site",
                    strength,
                    Fact.of(key, count=count, total=with_domain, site=top),
                )
            )
    return fired


def _repeats(originals: list[PostFacts], timeline: int) -> Signal | None:
    prints = Counter(filter(None, map(_FINGERPRINT, originals)))
    total = sum(prints.values())
    repeats = sum(c - 1 for c in prints.values() if c > 1)
    if not total or not repeats:
        return None
    share = repeats / total
    # The share is over the posts with words enough to compare; the fact counts them among
    # all the asker's own posts ("5 of your last 50 posts", not "of your last 49"), which
    # stays true and agrees with the other facts of the reply.
    fact = Fact.of(
        "repeated_texts", count=repeats, total=len(originals), **own_posts(originals, timeline)
    )
    return Signal("repeated_texts", ramp(share, 0.0, th.PROMO_DUPLICATE_SHARE_FULL), fact)


def _automation(facts: AccountFacts) -> Signal | None:
    sources = list(filter(None, map(_SOURCE, facts.posts)))
    auto = Counter(s for s in sources if any(k in s.lower() for k in th.AUTOMATION_CLIENTS))
    if not auto:
        return None
    count = sum(auto.values())
    client = min(auto.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return Signal(
        "automation_client",
        ramp(count / len(sources), 0.1, 0.6),
        Fact.of("automation_client", count=count, total=len(sources), client=client),
    )


def _clockwork(times: list[float]) -> Signal | None:
    gaps = [b - a for a, b in itertools.pairwise(times) if b > a]
    if len(gaps) < th.PROMO_REGULAR_MIN_GAPS:
        return None
    mean = fmean(gaps)
    cv = pstdev(gaps) / mean
    if cv >= th.PROMO_REGULAR_CV:
        return None
    return Signal(
        "clockwork_schedule",
        1.0 - cv / th.PROMO_REGULAR_CV,
        Fact.of("clockwork_schedule", interval=_duration(mean), seconds=mean, variation=cv),
    )


def _duration(seconds: float) -> str:
    if seconds >= 86_400:
        return f"{seconds / 86_400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{max(1, round(seconds / 60))} minutes"


def automated_promo(facts: AccountFacts, owner: object = None) -> CriterionResult:
    confidence = post_confidence(facts.n)
    originals = facts.originals
    if not confidence or len(originals) < th.MIN_POSTS:
        return unjudged(ID, f"{only(len(originals), 'post')} of your own to read")
    fired = _links(originals, facts.own_domain, facts.n)
    fired += [
        s for s in (_repeats(originals, facts.n), _automation(facts), _clockwork(facts.times)) if s
    ]
    # Conversation with people counts in the asker's favour, never against.
    reply_share = facts.kinds["reply"] / facts.n
    scale = max(0.0, 1.0 - reply_share * th.PROMO_REPLY_RELIEF)
    return from_signals(ID, fired, WEIGHTS, confidence, scale)
