"""The scorer's data: an account to judge, the owner's context, and the verdict.

Plain frozen dataclasses with slots. They mirror `docs/schema/account.schema.json`
and `verdict.schema.json`; `None` always means "not known", never zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from typing import Any, Literal, overload

PostKind = Literal["post", "reply", "repost", "quote"]
POST_KINDS: frozenset[str] = frozenset({"post", "reply", "repost", "quote"})


# Not frozen: a frozen dataclass costs ~5x more to build, and posts are built by the
# hundred per account. Nothing in scoring mutates a Post or an Account.
@dataclass(slots=True)
class Post:
    text: str
    kind: PostKind = "post"
    id: str | None = None
    created_at: datetime | None = None
    source: str | None = None
    reply_to_handle: str | None = None
    urls: tuple[str, ...] | None = None  # None: not given, the scorer extracts them from text
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] | None = None
    like_count: int | None = None
    repost_count: int | None = None
    reply_count: int | None = None


class ParsedPosts(Sequence[Post]):
    """An account's posts as `parse_account` checked them in the common shape (text, kind
    and date only): every post is validated, but its `Post` is built on first read, as
    a tuple equal to the one built at once. Scoring reads only the newest posts
    (`scoring.selection.newest_posts` picks them from `texts` and `times` and builds those
    alone: about 50 of the ~170 posts a crawled timeline gives)."""

    __slots__ = ("_built", "kinds", "texts", "times")

    def __init__(
        self, texts: list[str], kinds: list[PostKind], times: list[datetime] | None
    ) -> None:
        self.texts = texts
        self.kinds = kinds
        self.times = times  # None: every post undated
        self._built: tuple[Post, ...] | None = None

    @property
    def is_built(self) -> bool:
        return self._built is not None

    def built(self) -> tuple[Post, ...]:
        if self._built is None:
            if self.times is None:
                self._built = tuple(map(Post, self.texts, self.kinds))
            else:
                self._built = tuple(map(Post, self.texts, self.kinds, repeat(None), self.times))
        return self._built

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Post: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Post, ...]: ...
    def __getitem__(self, index: int | slice) -> Post | tuple[Post, ...]:
        return self.built()[index]

    def __iter__(self) -> Iterator[Post]:
        return iter(self.built())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ParsedPosts):
            other = other.built()
        return self.built() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.built())

    def __repr__(self) -> str:
        return repr(self.built())

    def __add__(self, other: Any) -> tuple[Post, ...]:
        return self.built() + tuple(other)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    observed_at: datetime
    followers_count: int | None = None
    following_count: int | None = None


@dataclass(slots=True)
class Account:
    id: str
    handle: str
    platform: str = "x"
    display_name: str | None = None
    created_at: datetime | None = None
    description: str | None = None
    location: str | None = None
    url: str | None = None
    followers_count: int | None = None
    following_count: int | None = None
    posts_count: int | None = None
    listed_count: int | None = None
    likes_count: int | None = None
    default_profile_image: bool | None = None
    default_profile: bool | None = None
    verified: bool | None = None
    protected: bool | None = None
    is_bot_declared: bool | None = None
    observed_at: datetime | None = None
    # A tuple, or the same posts kept as parsed until read (`ParsedPosts`)
    posts: tuple[Post, ...] | ParsedPosts = ()
    history: tuple[HistoryPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class OwnerContext:
    """What the owner cares about; built once and shared by every verdict."""

    handle: str = ""
    interests: tuple[str, ...] = ()
    news_outlets: frozenset[str] = frozenset()  # lower-case handles exempt from one_track
    following: tuple[Account, ...] = ()
    own_posts: tuple[Post, ...] = ()  # the owner's own posts: their hashtags are topics too


@dataclass(frozen=True, slots=True)
class Fact:
    """One checkable fact behind a verdict: a phrasebook key and its values."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> Fact:
        # Both slots set directly, as criterion_result does (half the cost of __init__).
        fact = object.__new__(cls)
        _set_key(fact, key)
        _set_params(fact, tuple(params.items()))
        return fact

    @property
    def values(self) -> dict[str, object]:
        return dict(self.params)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    passed: bool
    score: float
    confidence: float
    evidence: tuple[str, ...] = ()
    # (signal name, contribution to score) for every signal that fired, largest first
    signals: tuple[tuple[str, float], ...] = ()
    # the facts behind `evidence`, same order, for wording them in other languages
    facts: tuple[Fact, ...] = ()

    @property
    def failed(self) -> bool:
        return not self.passed

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "passed": self.passed,
            "score": round(self.score, 4),
            "confidence": round(self.confidence, 4),
            "evidence": list(self.evidence),
            # (an empty comprehension still costs a call: most criteria fire no signal)
            "signals": {name: round(value, 4) for name, value in self.signals}
            if self.signals
            else {},
        }


_set_key, _set_params = (Fact.__dict__[name].__set__ for name in ("key", "params"))
# CriterionResult's slots, in field order: `criterion_result` sets them directly.
_RESULT_SLOTS = tuple(
    CriterionResult.__dict__[name].__set__
    for name in ("id", "passed", "score", "confidence", "evidence", "signals", "facts")
)


def criterion_result(
    id: str,
    passed: bool,
    score: float,
    confidence: float,
    evidence: tuple[str, ...],
    signals: tuple[tuple[str, float], ...],
    facts: tuple[Fact, ...],
) -> CriterionResult:
    """`CriterionResult(...)` with every field given, at half the cost: a frozen
    dataclass's __init__ sets each field through object.__setattr__, this sets each slot
    directly (it has no defaults to apply nor __post_init__ to run). Nine an account."""
    result = object.__new__(CriterionResult)
    set_id, set_passed, set_score, set_confidence, set_evidence, set_signals, set_facts = (
        _RESULT_SLOTS
    )
    set_id(result, id)
    set_passed(result, passed)
    set_score(result, score)
    set_confidence(result, confidence)
    set_evidence(result, evidence)
    set_signals(result, signals)
    set_facts(result, facts)
    return result


FakeBand = Literal["person", "unsure", "automated"]


@dataclass(frozen=True, slots=True)
class FakeAssessment:
    """How `fake_score` was reached: what it could read and which signals moved it."""

    score: float
    band: FakeBand  # "unsure" between the configured bounds: the verdict does not guess
    based_on: tuple[str, ...]  # "profile" and/or "posts"; empty: only the prior
    unknown: tuple[str, ...]  # profile inputs the account did not show (unknown, not zero)
    # (signal name, contribution on the logit scale) for every signal that moved the
    # score, largest first; "profile_base"/"posts_base" are each part's intercept
    signals: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "band": self.band,
            "based_on": list(self.based_on),
            "unknown": list(self.unknown),
            "signals": {name: round(value, 4) for name, value in self.signals},
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    id: str
    handle: str
    fake_score: float
    follow_back: bool
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)
    fake: FakeAssessment | None = None

    @property
    def failed(self) -> tuple[CriterionResult, ...]:
        """Failed criteria, worst first (score weighted by confidence)."""
        bad = [c for c in self.criteria if c.failed]
        return tuple(sorted(bad, key=lambda c: (-c.score * c.confidence, c.id)))

    @property
    def reviewable(self) -> bool:
        """False when no criterion had enough data to judge at all."""
        return any(c.confidence > 0 for c in self.criteria)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "handle": self.handle,
            "fake_score": round(self.fake_score, 4),
            "follow_back": self.follow_back,
            "criteria": [c.to_dict() for c in self.criteria],
        }
        if self.fake is not None:
            out["fake"] = self.fake.to_dict()
        return out
