"""Facts about an account's posts, computed in one pass and shared by every criterion.

Keeping the per-post text work here (one lower-casing, one scan per pattern, and the
phrase patterns only behind trigger words) is what keeps judging an account with ~170
posts under a millisecond; criteria only count and compare.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from scoring import about_poster as ap
from scoring import text as tx
from scoring import thresholds as th
from scoring.models import Account, Post
from scoring.selection import newest_posts
from scoring.text import (
    ANY_TRIGGER,
    FOLLOW_BACK_RE,
    FOLLOW_BACK_TRIGGERS,
    HASHTAG_RE,
    LOWER_URL_RE,
    SALES_TRIGGERS,
    SELF_PROMO_TRIGGERS,
    domain_of,
    fingerprint_of,
    has_sales_symbol,
    is_sales_pitch,
    is_self_promo,
    words_of,
)

_KIND = attrgetter("kind")
# Every word some check of a post asks about: the triggers here, about_poster's cues, and
# fake_signals' first-person words.
WATCHED = ANY_TRIGGER | ap.ANY_CUE | ap.JUDGED_WORDS | tx.I_WORDS


@dataclass(slots=True)
class PostFacts:
    post: Post
    lowered: str
    urls: tuple[str, ...]  # as given, else found in the lower-cased text
    domains: tuple[str, ...]
    hashtags: tuple[str, ...]
    # What the account says in its own words. Read only for posts it wrote (not reposts),
    # so for reposts they stay False/None and their words are not scanned up front.
    self_promo: bool
    sales: bool
    follow_back: bool
    fingerprint: str | None
    # The words of an original post (`text.words_of`), kept so the word set is built only
    # when a criterion asks for it.
    _words: list[str] | None = None
    # Those of its words in `WATCHED` (every word a check of a post asks about): a set of
    # two or three, which the checks look through instead of every word (originals only).
    cues: frozenset[str] = frozenset()
    _tokens: frozenset[str] | None = None
    _terms: frozenset[str] | None = None

    @property
    def tokens(self) -> frozenset[str]:
        """Words of the text, links and mentions left out."""
        if self._tokens is None:
            self._tokens = frozenset(self.scan)
        return self._tokens

    @property
    def scan(self) -> list[str]:
        """The words of the text, links and mentions left out (`text.words_of`), kept."""
        if self._words is None:
            self._words = tx.words_of(self.lowered)
        return self._words

    @property
    def terms(self) -> frozenset[str]:
        """Word stems; computed only when a criterion compares topics."""
        if self._terms is None:
            tokens = self.tokens
            self._terms = tx.stems_of(tokens if self.lowered.isascii() else tx.folded(tokens))
        return self._terms


@dataclass(slots=True)
class AccountFacts:
    account: Account
    posts: list[PostFacts]
    # posts with a time, oldest first, as POSIX seconds
    times: list[float]
    now: datetime | None
    own_domain: str | None
    kinds: Counter[str] = field(default_factory=Counter)
    # Posts the account wrote itself (not reposts of others).
    originals: list[PostFacts] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.posts)


def _post_facts(post: Post) -> PostFacts:
    lowered = post.text.lower()
    if post.urls is not None:
        urls = post.urls
    else:
        # Every link starts with "http" or "www.": the scan starts at the first of them
        # (most posts end with their link), or is not run at all.
        at = lowered.find("http")
        www = lowered.find("www.")
        if www != -1 and (at == -1 or www < at):
            at = www
        urls = tuple(LOWER_URL_RE.findall(lowered, at)) if at != -1 else ()
    if post.hashtags is not None:
        hashtags = tuple(h.lower().lstrip("#") for h in post.hashtags)
    else:
        hashtags = tuple(HASHTAG_RE.findall(lowered)) if "#" in lowered else ()
    # X wraps every link of a post's text in t.co, which names no site: a post whose one
    # link is that (most posts with a link) has no domain, found without a call.
    domains: tuple[str, ...] = ()
    if urls and (len(urls) > 1 or not urls[0].startswith(tx.TCO)):
        domains = tuple(filter(None, map(domain_of, urls)))
    kind = post.kind
    # Positional: this runs for every analysed post, and keywords cost a third more.
    if kind == "repost":
        return PostFacts(post, lowered, urls, domains, hashtags, False, False, False, None)
    words = words_of(lowered)
    cues = WATCHED.intersection(words)
    # Each phrase pattern runs only on posts holding one of its trigger words (see text.py).
    if ANY_TRIGGER.isdisjoint(cues):
        self_promo = follow_back = False
        # (`has_sales_symbol`, inline: this runs for most posts)
        sales = (
            "%" in lowered or "$" in lowered or "€" in lowered or "£" in lowered
        ) and is_sales_pitch(lowered)
    else:
        self_promo = not SELF_PROMO_TRIGGERS.isdisjoint(cues) and is_self_promo(lowered)
        sales = (
            not SALES_TRIGGERS.isdisjoint(cues) or has_sales_symbol(lowered)
        ) and is_sales_pitch(lowered)
        follow_back = (
            not FOLLOW_BACK_TRIGGERS.isdisjoint(cues) and FOLLOW_BACK_RE.search(lowered) is not None
        )
    return PostFacts(
        post,
        lowered,
        urls,
        domains,
        hashtags,
        self_promo,
        sales,
        follow_back,
        fingerprint_of(words) if kind == "post" or kind == "quote" else None,
        words,
        cues,
    )


def account_facts(account: Account, now: datetime | None = None) -> AccountFacts:
    """Derive the shared facts. "Now" is observed_at, else the newest post, else `now`."""
    # Judge the newest posts only: what a careful reader of the profile would scroll
    # through, and a bounded cost however long the input timeline is.
    ordered = newest_posts(account.posts, th.ANALYSED_POSTS)
    facts = list(map(_post_facts, ordered))
    times = [p.created_at.timestamp() for p in ordered if p.created_at is not None]
    newest = ordered[-1].created_at if ordered else None  # dated posts come last
    when = account.observed_at or newest or now
    own = domain_of(account.url) if account.url else None
    return AccountFacts(
        account=account,
        posts=facts,
        times=times,
        now=when,
        own_domain=own,
        kinds=Counter(map(_KIND, ordered)),
        originals=[p for p in facts if p.post.kind != "repost"],
    )
