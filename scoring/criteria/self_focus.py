"""`meformer`: not following the 80/20 rule; most updates are about the poster.

Which post is "about the poster" is `scoring.about_poster`'s judgement (Naaman, Boase and
Lai's "meformer" categories); this module only counts and words the evidence.
"""

from __future__ import annotations

import re

from scoring import thresholds as th
from scoring.about_poster import judge_post
from scoring.criteria.base import declare, post_confidence, ramp, unjudged, verdict
from scoring.evidence import only
from scoring.features import AccountFacts, PostFacts
from scoring.models import CriterionResult, Fact
from scoring.text import tripled_each, words_of

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


# Someone else's words carried in the post: an old-style "RT @name: ..." after the poster's
# own, and links (a t.co address says nothing to a reader, and a reply on X would link it).
# ("via @name" credits a source and the poster's words may go on after it: only a
# closing one is left out.)
_CARRIED_REPOST = re.compile(r"\s(?:(?:RT|MT) @\w+(?::?\s.*)?|via @\w+)$", re.DOTALL)
_URL = re.compile(r"\bhttps?://\S+")
_ELIDED = re.compile(r"…(?:\s*…)+")
# A first-person word (English, Spanish, Portuguese), for a quote to show the words about
# the poster when they come late in a long post; SNIPPET_LEAD characters lead up to them.
_FIRST_PERSON = re.compile(
    r"(?<![\w'’])(?:I|I['’](?:m|ve|ll|d)|me|my|mine|myself|yo|mi|mis|conmigo|eu|meu|minha|"
    r"meus|minhas|comigo)(?![\w'’])",
    re.IGNORECASE,
)
SNIPPET_LEAD = 24


def snippet(text: str) -> str:
    """The post quoted back: its own words (a repost carried after them and links left
    out, each marked "…"), cut at a word within SNIPPET_CHARS."""
    flat = " ".join(text.split())
    own = _ELIDED.sub("…", _URL.sub("…", _CARRIED_REPOST.sub(" …", flat))).strip()
    if own.strip("… "):  # a post of nothing but a link or a repost is quoted as it is
        flat = own
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    mine = _FIRST_PERSON.search(flat)
    if mine is None or mine.end() <= len(cut):
        return cut + "…"
    # The words about the poster come after the first 60 characters ("Today starts
    # #OperationLegend the massive federal effort to…" of a post that ends "#Roadkill my
    # podcast"): quote from a few words before them.
    start = flat.rfind(" ", 0, max(0, mine.start() - SNIPPET_LEAD)) + 1
    window = flat[start:]
    if len(window) > SNIPPET_CHARS - 1:
        window = window[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return "…" + window


# The cues that say outright the post is about its poster, right on 22 of 23 labelled real
# posts (tune and test parts, `bench/about_poster_cues.py`), against 72% for a bare
# first-person word (opinions, jokes and quoted speech say "I" too) and 70-83% for a state
# or a doing without a subject.
CLEAR_CUES = frozenset(
    {"presence", "self-promotion", "self-promotion (referral)", "brand promotion",
     "brand's own news", "check-in"}
)  # fmt: skip


def _example(selfish: list[tuple[PostFacts, str]]) -> PostFacts:
    """The post quoted back as evidence: the newest counted for a clear cue, else the
    newest counted that asks no question, else the newest counted. Public evidence should
    be the clearest case; the count is the same. (A question is the weaker case: among the
    rules' "yes" on labelled real posts of the tune and check parts, 12 of 42 holding a
    "?" are about the poster, against 293 of 665 without, for the first-person cue.)"""
    for post, cue in reversed(selfish):
        if cue in CLEAR_CUES:
            return post
    statements = [post for post, _ in selfish if "?" not in post.post.text]
    return statements[-1] if statements else selfish[-1][0]


def meformer(facts: AccountFacts, owner: object = None) -> CriterionResult:
    confidence = post_confidence(facts.n)
    if not confidence:
        return unjudged(ID, f"{only(facts.n, 'post')} to read")
    # Replies and reposts stay in the denominator: talking with and sharing others
    # is exactly what the 80/20 rule asks for.
    selfish: list[tuple[PostFacts, str]] = []
    originals = facts.originals
    # Whether a post's fingerprint (else its words) holds a character three times in a row,
    # asked of all the posts at once (`text.tripled_each`: a regex search a post costs more).
    cores = [p.fingerprint or " ".join(p._words or words_of(p.lowered)) for p in originals]
    for p, tripled in zip(originals, tripled_each(cores), strict=True):
        # The words features found once for every post it did not skip (a repost).
        post = p.post
        scan = p._words
        cues: frozenset[str] | None = p.cues
        if scan is None:
            scan, cues = words_of(p.lowered), None
        about, cue = judge_post(post.text, p.lowered, scan, post.kind, p.self_promo, tripled, cues)
        if about:
            selfish.append((p, cue))
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
        example=snippet(_example(selfish).post.text),
    )
    return verdict(ID, score, confidence, [fact], (("self_focused_posts", score),))
