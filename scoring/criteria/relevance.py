"""`off_topic` and `redundant`: does the asker post about what the owner cares about, and
is it something the owner does not already get from an account they follow?"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import partial
from itertools import accumulate
from operator import add, attrgetter

from scoring import thresholds as th
from scoring.criteria.base import declare, post_confidence, ramp, unjudged, verdict
from scoring.evidence import only
from scoring.features import AccountFacts, PostFacts
from scoring.models import CriterionResult, Fact
from scoring.owner import OwnerIndex, normalise_url

_LOWERED = attrgetter("lowered")
_PLUS_ONE = partial(add, 1)

OFF_TOPIC = "off_topic"
REDUNDANT = "redundant"
# One signal each: the criterion's score is its strength.
OFF_TOPIC_SIGNALS = declare(
    {"few_shared_topics": 1.0},
    (("few_shared_topics", "few posts touch the owner's interests", ("few_shared_topics",)),),
)
REDUNDANT_SIGNALS = declare(
    {"overlaps_followed": 1.0},
    (
        (
            "overlaps_followed",
            "posts repeat an account the owner already follows",
            ("overlaps_followed",),
        ),
    ),
)


def _touching(posts: list[PostFacts], owner: OwnerIndex) -> int:
    """How many posts touch one of the owner's topics.

    Found per account rather than per post, as this runs for every post: the texts are
    searched once, joined, for each topic's probe, and only the posts holding a probe are
    stemmed (probes are word characters, so none can span the line breaks)."""
    touching: set[int] = set()
    if owner.topic_hashtags:
        tags = owner.topic_hashtags
        touching.update(
            i for i, p in enumerate(posts) if p.hashtags and not tags.isdisjoint(p.hashtags)
        )
    if owner.topic_stems:
        lowered = list(map(_LOWERED, posts))
        everything = "\n".join(lowered)
        ends = list(accumulate(map(_PLUS_ONE, map(len, lowered))))
        for probe, wordings in owner.topic_stems:
            at = everything.find(probe)
            while at != -1:
                i = bisect_right(ends, at)
                if i not in touching and any(stems <= posts[i].terms for stems in wordings):
                    touching.add(i)
                at = everything.find(probe, ends[i])
    return len(touching)


TOPICS_NAMED = 4  # an owner's interests the fact names; of more, 3 and "my N other interests"


def topic_names(owner: OwnerIndex) -> tuple[tuple[str, ...], int]:
    """The interests the fact names, and how many it leaves unnamed (0, or 2 and more): the
    count is of posts touching any interest, so the sentence names them all, if not each."""
    labels = tuple(t.label for t in owner.topics)
    if len(labels) <= TOPICS_NAMED:
        return labels, 0
    return labels[: TOPICS_NAMED - 1], len(labels) - TOPICS_NAMED + 1


def english_topics(labels: tuple[str, ...], others: int) -> str:
    """ "a", "a, b or c", "a, b, c or my 2 other interests"."""
    names = [*labels, f"my {others} other interests"] if others else list(labels)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def off_topic(facts: AccountFacts, owner: OwnerIndex) -> CriterionResult:
    if not owner.has_topics:
        return unjudged(OFF_TOPIC, "no owner interests configured to compare with")
    confidence = post_confidence(facts.n)
    if not confidence:
        return unjudged(OFF_TOPIC, f"{only(facts.n, 'post')} to read")
    touching = _touching(facts.posts, owner)
    share = touching / facts.n
    score = ramp(share, th.OFF_TOPIC_SHARE_OK, 0.0)
    labels, others = topic_names(owner)
    fact = Fact.of(
        "few_shared_topics",
        count=touching,
        total=facts.n,
        topics=english_topics(labels, others),
        topic_list=labels,
        **({"others": others} if others else {}),
    )
    return verdict(OFF_TOPIC, score, confidence, [fact], (("few_shared_topics", score),))


def _sources(posts: list[PostFacts], owner: OwnerIndex, self_handle: str) -> Counter[str]:
    """How many posts repeat each followed account (never the asker itself): a post
    repeats the account it reposts, else the one that posted the same words, else the one
    whose link or site it links. One loop for the account, as this runs for every post."""
    sources: Counter[str] = Counter()
    followed, fingerprints = owner.followed.get, owner.fingerprints.get
    for post in posts:
        found: str | None = None
        if post.post.kind == "repost" and post.lowered.startswith("rt @"):
            found = followed(post.lowered[4:].split(":", 1)[0].strip())
        if found is None and post.fingerprint:
            found = fingerprints(post.fingerprint)
        if found is None and post.domains:
            found = _linked(post, owner)
        if found and found.lower() != self_handle:
            sources[found] += 1
    return sources


def _linked(post: PostFacts, owner: OwnerIndex) -> str | None:
    """The followed account whose link, else whose site, the post links."""
    found: str | None = None
    # Only links to a real site are indexed for followed accounts (not shorteners).
    for url in post.urls:
        found = owner.urls.get(normalise_url(url))
        if found:
            break
    if found is None:
        for domain in post.domains:
            found = owner.sites.get(domain)
            if found:
                break
    return found


def redundant(facts: AccountFacts, owner: OwnerIndex) -> CriterionResult:
    if not owner.has_following:
        return unjudged(REDUNDANT, "no followed accounts configured to compare with")
    confidence = post_confidence(facts.n)
    if not confidence:
        return unjudged(REDUNDANT, f"{only(facts.n, 'post')} to read")
    me = facts.account.handle.lower()
    sources = _sources(facts.posts, owner, me)
    if not sources:
        return verdict(REDUNDANT, 0.0, confidence, [])
    handle, count = min(sources.items(), key=lambda kv: (-kv[1], kv[0]))
    score = ramp(count / facts.n, th.REDUNDANT_SHARE_FROM, th.REDUNDANT_SHARE_FULL)
    # The account is named as plain text, never as an @mention: no one gets pinged.
    fact = Fact.of("overlaps_followed", count=count, total=facts.n, account=handle)
    return verdict(REDUNDANT, score, confidence, [fact], (("overlaps_followed", score),))
