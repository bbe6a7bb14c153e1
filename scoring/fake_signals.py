"""The named signals `fake_score` weighs: what an account shows that a person would
recognise as automation, or as a person acting by hand.

Two families, each signal with a name, a direction and a one-line description (the
weights are fitted offline and shipped as data, see `scoring.fake_model`):

- profile signals, from the counts and settings a profile shows. Each is a hinge at a
  value a person can check ("fewer than 30 followers", "follows fewer than 20 accounts"),
  so one signal means one thing whatever the rest of the account looks like. A signal
  is available only when every input it `needs` is known: `None` is unknown, never zero.
- post signals, from the newest analysed posts: how much is the account's own broadcast
  rather than replies and reposts, repeated templates, links and their hosts, hashtag
  density, uniform lengths, and the marks of a person (questions, "I", talking to people,
  a varied vocabulary). Each share is read through ramps (0-20%, 20-40%, ...) whose
  weights all point the signal's way, so its effect only ever grows in its direction.

What is deliberately absent: how old an account was when a dataset was collected, and
`verified`. Both separate one collection from another rather than people from programs
(see shared/datasets/README.md); the letter's ideas (interaction, variety, a human rhythm)
are what carry over to accounts of kinds the model never saw.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, contains

from scoring import thresholds as cfg
from scoring.features import AccountFacts
from scoring.models import Account
from scoring.text import I_WORDS

# Hinges on the log1p scale; the counts themselves are in scoring.thresholds with reasons.
_LOG = math.log1p


def _below(count: int | None, limit: int) -> float:
    """How far below `limit` a count is, in log units (0 at or above it)."""
    return max(0.0, _LOG(limit) - _LOG(count or 0))


def _over(count: int | None, limit: int) -> float:
    return max(0.0, _LOG(count or 0) - _LOG(limit))


def _ratio_over(top: int | None, bottom: int | None, times: float) -> float:
    """How far (top + 1) / (bottom + 1) exceeds `times`, in log units."""
    return max(0.0, _LOG(top or 0) - _LOG(bottom or 0) - math.log(times))


# A bio that declares automation: "a bot that...", "automated", "posts every 2 hours".
# Plain "every day" is left out: people write "learning something new every day".
BIO_BOT_RE = re.compile(
    r"\bbots?\b|\bautomated\b|\bautomatic(?:ally)?\b|\bauto-?generated\b|\bbeep boop\b"
    r"|\b(?:tweets?|posts?|tweeting|posting)(?: a \w+)? every\b|\bhourly\b",
    re.IGNORECASE,
)
# The same phrases for an ASCII bio, lower-cased (where IGNORECASE means just that), each
# branch opening with its first letter and the word boundary looked for behind it: the
# engine tries a match only at those letters, where the pattern above tries every branch
# at every character (twice the cost, for every account with a bio).
_BIO_BOT_ASCII = re.compile(
    r"b(?:ot(?<!\wbot)(?:s)?\b|eep(?<!\wbeep) boop\b)"
    r"|a(?:utomated(?<!\wautomated)\b|utomatic(?<!\wautomatic)(?:ally)?\b"
    r"|uto(?<!\wauto)-?generated\b)"
    r"|t(?:weet(?<!\wtweet)(?:s)?(?: a \w+)? every\b|weeting(?<!\wtweeting)(?: a \w+)? every\b)"
    r"|p(?:ost(?<!\wpost)(?:s)?(?: a \w+)? every\b|osting(?<!\wposting)(?: a \w+)? every\b)"
    r"|hourly(?<!\whourly)\b"
)


def says_bot(bio: str) -> bool:
    """Whether BIO_BOT_RE finds its phrase in the bio."""
    if bio.isascii():
        return _BIO_BOT_ASCII.search(bio.lower()) is not None
    return BIO_BOT_RE.search(bio) is not None


def _bio_known(a: Account) -> bool:
    # Platforms omit an empty bio rather than send "", so with a profile read (its counts
    # known) a missing bio is an empty one; with no profile at all it is unknown.
    return a.description is not None or a.followers_count is not None


# Platforms whose profiles have a location field. Elsewhere (Bluesky, Mastodon, Discord)
# a missing location is unknown even on a read profile, never "left empty".
LOCATION_PLATFORMS = frozenset({"x"})


def _location_known(a: Account) -> bool:
    # as for the bio, where the platform has the field at all
    return a.location is not None or (
        a.followers_count is not None and a.platform in LOCATION_PLATFORMS
    )


def _blank(text: str | None) -> bool:
    return not (text and text.strip())


@dataclass(frozen=True, slots=True)
class ProfileSignal:
    name: str
    description: str
    direction: int  # +1 points to automation, -1 to a person
    needs: tuple[str, ...]  # Account fields that must be known; see _DERIVED
    value: Callable[[Account], float]


PROFILE_SIGNALS: tuple[ProfileSignal, ...] = (
    ProfileSignal(
        "few_followers",
        f"fewer than {cfg.FAKE_FEW_FOLLOWERS} followers",
        +1,
        ("followers_count",),
        lambda a: _below(a.followers_count, cfg.FAKE_FEW_FOLLOWERS),
    ),
    ProfileSignal(
        "mass_following",
        f"follows more than {cfg.FAKE_MASS_FOLLOWING_TIMES:g} times as many as follow it",
        +1,
        ("followers_count", "following_count"),
        lambda a: _ratio_over(a.following_count, a.followers_count, cfg.FAKE_MASS_FOLLOWING_TIMES),
    ),
    ProfileSignal(
        "follows_almost_nobody",
        f"follows fewer than {cfg.FAKE_FOLLOWS_FEW} accounts: broadcasts, does not listen",
        +1,
        ("following_count",),
        lambda a: _below(a.following_count, cfg.FAKE_FOLLOWS_FEW),
    ),
    ProfileSignal(
        "likes_nothing",
        f"has liked fewer than {cfg.FAKE_FEW_LIKES} posts: no interaction with others",
        +1,
        ("likes_count",),
        lambda a: _below(a.likes_count, cfg.FAKE_FEW_LIKES),
    ),
    ProfileSignal(
        "barely_posts",
        f"fewer than {cfg.FAKE_FEW_POSTS} posts ever: an account that exists but is barely used",
        +1,
        ("posts_count",),
        lambda a: _below(a.posts_count, cfg.FAKE_FEW_POSTS),
    ),
    ProfileSignal(
        "posts_to_nobody",
        f"more than {cfg.FAKE_POSTS_PER_FOLLOWER:g} posts per follower: talks, nobody listens",
        +1,
        ("posts_count", "followers_count"),
        lambda a: _ratio_over(a.posts_count, a.followers_count, cfg.FAKE_POSTS_PER_FOLLOWER),
    ),
    ProfileSignal(
        "on_no_lists",
        "nobody has put it on a list",
        +1,
        ("listed_count",),
        lambda a: 1.0 if a.listed_count == 0 else 0.0,
    ),
    ProfileSignal(
        "default_profile",
        "never changed the platform's default profile look",
        +1,
        ("default_profile",),
        lambda a: 1.0 if a.default_profile else 0.0,
    ),
    ProfileSignal(
        "default_image",
        "still has the platform's default picture",
        +1,
        ("default_profile_image",),
        lambda a: 1.0 if a.default_profile_image else 0.0,
    ),
    ProfileSignal(
        "no_bio",
        "says nothing about who is behind it (empty bio)",
        +1,
        ("bio",),
        lambda a: 1.0 if _blank(a.description) else 0.0,
    ),
    ProfileSignal(
        "short_bio",
        f"a bio shorter than {cfg.FAKE_SHORT_BIO_CHARS} characters",
        +1,
        ("bio",),
        lambda a: 1.0 if len((a.description or "").strip()) < cfg.FAKE_SHORT_BIO_CHARS else 0.0,
    ),
    ProfileSignal(
        "no_location",
        "the profile gives no location",
        +1,
        ("location",),
        lambda a: 1.0 if _blank(a.location) else 0.0,
    ),
    ProfileSignal(
        "bio_says_bot",
        "its bio says it is a bot or posts automatically",
        +1,
        ("bio",),
        lambda a: 1.0 if a.description and says_bot(a.description) else 0.0,
    ),
    ProfileSignal(
        "real_audience",
        f"followed by more than {cfg.FAKE_BIG_AUDIENCE:,} accounts",
        -1,
        ("followers_count",),
        lambda a: _over(a.followers_count, cfg.FAKE_BIG_AUDIENCE),
    ),
)

# Inputs whose absence on a read profile means "empty", not "unknown".
_DERIVED: dict[str, Callable[[Account], bool]] = {"bio": _bio_known, "location": _location_known}
PROFILE_INPUTS: tuple[str, ...] = tuple(sorted({k for s in PROFILE_SIGNALS for k in s.needs}))


def known_inputs(account: Account) -> frozenset[str]:
    """The profile inputs this account shows (the rest are unknown, not zero)."""
    known = {k for k in PROFILE_INPUTS if k not in _DERIVED and getattr(account, k) is not None}
    known.update(k for k, is_known in _DERIVED.items() if is_known(account))
    return frozenset(known)


def available_profile_signals(known: frozenset[str]) -> tuple[str, ...]:
    """Names of the profile signals computable from `known` inputs, in table order."""
    return tuple(s.name for s in PROFILE_SIGNALS if known.issuperset(s.needs))


def profile_values(account: Account, names: tuple[str, ...]) -> dict[str, float]:
    wanted = set(names)
    return {s.name: s.value(account) for s in PROFILE_SIGNALS if s.name in wanted}


# --- posts --------------------------------------------------------------------------------
SHARE_EDGES: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True, slots=True)
class PostSignal:
    name: str
    description: str
    direction: int  # +1 points to automation, -1 to a person
    edges: tuple[float, ...]  # ramps between consecutive edges, one weight each


POST_SIGNALS: tuple[PostSignal, ...] = (
    PostSignal(
        "broadcasts",
        "its own posts, not replies or reposts, beyond half",
        +1,
        (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
    ),
    PostSignal("repeated_texts", "share of its posts that repeat another's words", +1, SHARE_EDGES),
    PostSignal(
        "template_openings", "share of its posts opening with the same words", +1, SHARE_EDGES
    ),
    PostSignal(
        "links_one_site", "share of its posts linking to its most linked site", +1, SHARE_EDGES
    ),
    PostSignal("hashtags", "hashtags per post (log scale)", +1, (0.0, 0.1, 0.4, 0.7, 1.4)),
    PostSignal(
        "uniform_length", "posts all of about the same length", +1, (0.0, 0.1, 0.2, 0.4, 0.6)
    ),
    PostSignal("asks_questions", "share of its posts that ask something", -1, SHARE_EDGES),
    PostSignal("speaks_as_i", "share of its posts in the first person", -1, SHARE_EDGES),
    PostSignal("talks_to_people", "share of its posts naming someone (@)", -1, SHARE_EDGES),
    PostSignal(
        "varied_words", "distinct words over all words written", -1, (0.0, 0.4, 0.5, 0.6, 0.7, 1.0)
    ),
)

# A template's tell: many posts opening alike ("Deal 12: ...", "Deal 13: ..."), read as
# the first letters of the post's fingerprint (about the first three words).
OPENING_CHARS = 15

# First-person words (features keeps each post's among its cues).
FIRST_PERSON = I_WORDS


# The word lists features made for every post the account wrote (`PostFacts.scan`
# without its property call: originals always have theirs).
_WORDS = attrgetter("_words")
_CUES = attrgetter("cues")
_TEXT = attrgetter("post.text")
_LOWERED = attrgetter("lowered")
_HASHTAGS = attrgetter("hashtags")


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def post_values(facts: AccountFacts) -> dict[str, float]:
    """Raw values of POST_SIGNALS over the analysed posts (shares over the posts the
    account wrote itself, reposts left out). This runs for every account, so each count
    is taken over all posts at once, by C-level maps and Counters, not post by post."""
    own = facts.originals
    m = len(own)
    # The word lists meformer reads too (no set is built per post).
    scans = list(map(_WORDS, own))
    lowered = list(map(_LOWERED, own))
    # Fingerprints: words run together, figures, links and mentions left out.
    prints = [p.fingerprint for p in own if p.fingerprint]
    fingerprints = Counter(prints)
    openings = Counter([f[:OPENING_CHARS] for f in prints])
    sites = Counter(chain.from_iterable([set(p.domains) for p in own if p.domains]))
    lengths = list(map(len, map(_TEXT, own)))
    tags = sum(map(len, map(_HASHTAGS, own)))
    questions = sum(map(contains, lowered, repeat("?")))
    named = sum(map(contains, lowered, repeat("@")))
    first_person = m - sum(map(FIRST_PERSON.isdisjoint, map(_CUES, own)))
    words = sum(map(len, scans))
    vocabulary = set().union(*scans)
    mean = sum(lengths) / m if m else 0.0
    spread = math.sqrt(sum((x - mean) ** 2 for x in lengths) / m) / mean if mean else 0.0
    kinds = facts.kinds
    return {
        "broadcasts": max(0.0, _share(kinds["post"] + kinds["quote"], facts.n) - 0.5) * 2,
        "repeated_texts": _share(sum(c for c in fingerprints.values() if c > 1), m),
        "template_openings": _share(sum(c for c in openings.values() if c > 1), m),
        "links_one_site": _share(max(sites.values(), default=0), m),
        "hashtags": math.log1p(_share(tags, m)),
        "uniform_length": max(0.0, 0.6 - spread) if m else 0.0,
        "asks_questions": _share(questions, m),
        "speaks_as_i": _share(first_person, m),
        "talks_to_people": _share(named, m),
        "varied_words": _share(len(vocabulary), words),
    }


def ramps(value: float, edges: tuple[float, ...]) -> list[float]:
    """How far `value` has climbed each ramp between consecutive edges (each 0..1)."""
    return [min(1.0, max(0.0, (value - lo) / (hi - lo))) for lo, hi in itertools.pairwise(edges)]
