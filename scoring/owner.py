"""The owner's side of a judgement, indexed once: topics of interest (each with the
synonyms and translations the owner gave, so "customer service" is also matched by
"atendimento ao cliente"), breaking-news outlets, and what the accounts the owner already
follows post (for `redundant`). A topic's label is an `Interest`: the owner's words, with
the other wordings as written, so a reply can name it in its own language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scoring import text as tx
from scoring import thresholds as th
from scoring.models import OwnerContext


class Interest(str):
    """An interest as the owner wrote it, equal to that text, with its other wordings as
    written (`forms`: its synonyms and translations, in the owner's order)."""

    forms: tuple[str, ...]

    def __new__(cls, label: str, forms: Sequence[str] = ()) -> Interest:
        interest = super().__new__(cls, label)
        interest.forms = tuple(forms)
        return interest


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    stems: frozenset[str] = frozenset()
    hashtag: str | None = None
    # Other wordings of the same interest (synonyms, translations): a post matching any
    # of them touches this topic, which is still named by its label.
    alternatives: tuple[frozenset[str], ...] = ()


@dataclass(slots=True)
class OwnerIndex:
    context: OwnerContext = field(default_factory=OwnerContext)
    topics: tuple[Topic, ...] = ()
    news_outlets: frozenset[str] = frozenset()
    # What followed accounts post, each mapped to the followed handle (first one wins).
    urls: dict[str, str] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    followed: dict[str, str] = field(default_factory=dict)  # lower handle -> handle
    language: str = ""  # [owner] language, when the file says it (never used to judge)
    # The topics as `off_topic` looks them up for every post: hashtags as one set, and
    # word topics as (probe, the stems of every wording with that probe). The probe is a
    # stem the text of a matching post must contain (every stem starts a word), so most
    # posts are ruled out by one substring test without stemming them; wordings sharing a
    # probe ("social media", "redes sociales") share its search.
    topic_hashtags: frozenset[str] = frozenset()
    topic_stems: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = ()

    def set_topics(self, topics: tuple[Topic, ...]) -> None:
        self.topics = topics
        self.topic_hashtags = frozenset(t.hashtag for t in topics if t.hashtag is not None)
        by_probe: dict[str, list[frozenset[str]]] = {}
        for t in topics:
            if t.hashtag is None:
                for stems in (t.stems, *t.alternatives):
                    if stems:
                        by_probe.setdefault(max(stems, key=lambda s: (len(s), s)), []).append(stems)
        self.topic_stems = tuple((probe, tuple(wordings)) for probe, wordings in by_probe.items())

    @property
    def has_topics(self) -> bool:
        return bool(self.topics)

    @property
    def has_following(self) -> bool:
        return bool(self.followed)


def normalise_url(url: str) -> str:
    return url.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")


def build_owner_index(
    context: OwnerContext | None, synonyms: Mapping[str, Sequence[str]] | None = None
) -> OwnerIndex:
    """`synonyms` maps an interest (as written in `context.interests`) to other phrases
    that mean the same, e.g. its translations; a post matching any of them is on topic."""
    if context is None:
        return OwnerIndex()
    synonyms = synonyms or {}
    topics: list[Topic] = []
    for phrase in context.interests:
        wordings = [tx.topic_terms(p.lower()) for p in (phrase, *synonyms.get(phrase, ()))]
        # Distinct, in order; a wording with no content word (e.g. "AI") matches nothing.
        distinct = list(dict.fromkeys(frozenset(w) for w in wordings if w))
        if distinct:
            label = Interest(phrase, synonyms.get(phrase, ()))
            topics.append(Topic(label=label, stems=distinct[0], alternatives=tuple(distinct[1:])))
    index = OwnerIndex(
        context=context,
        news_outlets=frozenset(h.lower().lstrip("@") for h in context.news_outlets),
    )
    # Hashtags the owner uses again and again say what the owner cares about.
    own: Counter[str] = Counter()
    for post in context.own_posts:
        tags_of_post = (
            post.hashtags if post.hashtags is not None else tx.HASHTAG_RE.findall(post.text.lower())
        )
        own.update({t.lower().lstrip("#") for t in tags_of_post})
    for tag, count in sorted(own.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < 2 or len(topics) >= len(context.interests) + th.OFF_TOPIC_FOLLOWING_TAGS:
            break
        topics.append(Topic(label=f"#{tag}", hashtag=tag))
    tags: Counter[str] = Counter()
    for account in context.following:
        handle = account.handle
        index.followed.setdefault(handle.lower(), handle)
        if account.url and (site := tx.domain_of(account.url)):
            index.sites.setdefault(site, handle)
        account_tags: set[str] = set()
        for post in account.posts:
            lowered = post.text.lower()
            # Links found as the asker's are (in lower-cased text), so both sides agree
            # even where lower-casing a whole text and one link differ (a final sigma).
            urls = post.urls if post.urls is not None else tx.LOWER_URL_RE.findall(lowered)
            for url in urls:
                if tx.domain_of(url):
                    index.urls.setdefault(normalise_url(url), handle)
            if fp := tx.fingerprint(lowered):
                index.fingerprints.setdefault(fp, handle)
            account_tags.update(tx.HASHTAG_RE.findall(lowered))
        tags.update(account_tags)
    # Hashtags several followed accounts share say what the owner reads about.
    known = {t.hashtag for t in topics}
    for tag, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(topics) >= len(context.interests) + 2 * th.OFF_TOPIC_FOLLOWING_TAGS or count < 2:
            break
        if tag not in known:
            topics.append(Topic(label=f"#{tag}", hashtag=tag))
    index.set_topics(tuple(topics))
    return index
