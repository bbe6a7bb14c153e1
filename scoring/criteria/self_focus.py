"""`meformer`: not following the 80/20 rule; most updates are about the poster.

Which post is "about the poster" is `scoring.about_poster`'s judgement (Naaman, Boase and
Lai's "meformer" categories); this module only counts and words the evidence.
"""

from __future__ import annotations

from scoring import thresholds as th
from scoring.about_poster import about_poster
from scoring.criteria.base import declare, post_confidence, ramp, unjudged, verdict
from scoring.evidence import only
from scoring.features import AccountFacts, PostFacts
from scoring.models import CriterionResult, Fact
from scoring.text import words_of

ID = "meformer"
# One signal: the criterion's score is its strength.
SIGNALS = declare(
    {"self_focused_posts": 1.0},
    (
        (
            "self_focused_posts",
            "posts about the poster above the 80/20 rule",
            ("self_focused_posts",),
        ),
    ),
)
SNIPPET_CHARS = 60
AT_THE_LIMIT = 0.01  # how far under the fail line a share of exactly 20% scores


def snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _about_poster(p: PostFacts) -> bool:
    post = p.post
    # The words features found once for every post it did not skip (a repost).
    scan = p._words if p._words is not None else words_of(p.lowered)
    return about_poster(post.text, p.lowered, scan, post.kind, p.self_promo, p.fingerprint)


def meformer(facts: AccountFacts, owner: object = None) -> CriterionResult:
    confidence = post_confidence(facts.n)
    if not confidence:
        return unjudged(ID, f"{only(facts.n, 'post')} to read")
    # Replies and reposts stay in the denominator: talking with and sharing others
    # is exactly what the 80/20 rule asks for.
    selfish = [p for p in facts.originals if _about_poster(p)]
    share = len(selfish) / facts.n
    score = ramp(share, 0.0, 2 * th.MEFORMER_SHARE_LIMIT)
    if share <= th.MEFORMER_SHARE_LIMIT:
        # The rule allows 20% about oneself ("4 of 20 ... the 80/20 rule allows 20%"): the
        # line is crossed above it, so exactly 20% scores just under it.
        score = min(score, th.FAIL_SCORE - AT_THE_LIMIT)
    if not selfish:
        return verdict(ID, score, confidence)
    fact = Fact.of(
        "self_focused_posts",
        count=len(selfish),
        total=facts.n,
        share=share,
        limit=th.MEFORMER_SHARE_LIMIT,
        example=snippet(selfish[-1].post.text),
    )
    return verdict(ID, score, confidence, [fact], (("self_focused_posts", score),))
