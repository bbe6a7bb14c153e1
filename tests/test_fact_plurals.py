"""Reasons read well on any count: every fact, with each of its counts at 0, 1 and 2,
rendered in every language and tone, never says "1 posts" or "your last 1 posts", and a
verb agrees with "1 of your last 50 posts" (issue 13)."""

from __future__ import annotations

import re

import pytest

from scoring.evidence import PHRASES, phrase
from scoring.models import CriterionResult, Fact, Verdict
from whynot.replies import LANGUAGES, TONES, ReplyRenderer

BASE: dict[str, dict[str, object]] = {
    "links_in_most_posts": {"count": 18, "total": 20},
    "links_to_one_site": {"count": 18, "total": 20, "site": "shop.example"},
    "links_to_own_site": {"count": 18, "total": 20, "site": "shop.example"},
    "repeated_texts": {"count": 18, "total": 20},
    "automation_client": {"count": 18, "total": 20, "client": "IFTTT"},
    "clockwork_schedule": {"interval": "2 hours", "seconds": 7200.0, "variation": 0.05},
    "self_focused_posts": {
        "count": 18,
        "total": 20,
        "share": 0.9,
        "limit": 0.2,
        "example": "so tired today",
    },
    "long_silence": {"days": 40.0},
    "rarely_posts": {"count": 3, "weeks": 10.0, "per_week": 0.3},
    "on_and_off": {"longest": "40 days", "usual": "2 days"},
    "barely_used": {"count": 12, "age": "3 years", "days": 1100.0},
    "bursts": {
        "count": 18,
        "total": 20,
        "bursts": 3,
        "size": 5,
        "window": 10,
        "largest": 7,
        "minutes": 4,
    },
    "news_outlet_exempt": {},
    "sales_pitch": {"count": 18, "total": 20},
    "no_variety_of_kinds": {"count": 18, "total": 20},
    "one_subject": {"subject": "#deal", "count": 18, "total": 20},
    "few_shared_topics": {
        "count": 0,
        "total": 20,
        "topics": "marketing",
        "topic_list": ("marketing",),
    },
    "overlaps_followed": {"count": 18, "total": 20, "account": "newsdesk"},
    "bio_follow_back": {"phrase": "#f4f"},
    "posts_follow_back": {"count": 18, "total": 20, "phrase": "#f4f"},
    "mirror_counts": {"following": 5000, "followers": 5100},
    "mass_following": {"following": 5000, "followers": 20},
    "follow_churn": {"path": "5,000 → 200 → 5,100"},
    "silent_audience": {"followers": 90000, "count": 20, "average": 2.0, "rate": 0.00002},
    "unlisted_audience": {"followers": 90000, "listed": 3},
    "follower_jump": {"before": 10, "after": 5000, "days": 3.0},
}
COUNTS = "count total following followers listed bursts minutes days weeks before after".split()


def variants() -> list[tuple[str, dict[str, object]]]:
    out = []
    for key, base in BASE.items():
        out.append((key, base))
        for name in COUNTS:
            if name not in base:
                continue
            for n in (0, 1, 2):
                if name == "total" and n == 0:
                    continue  # no fact counts among no posts
                values = {**base, name: float(n) if isinstance(base[name], float) else n}
                if "total" in values:  # a count never exceeds its total
                    values["count"] = min(values["count"], values["total"])
                    if name == "count":
                        values["total"] = max(values["total"], n)
                out.append((key, values))
    return out


VARIANTS = variants()

# Wrong number, whatever the language: a count of one with a plural noun, another count
# with a singular one, "your last 1 posts", a plural verb after "1 of your last N".
WRONG = {
    "en": [
        r"\b1 (?:posts|accounts|followers|lists|bursts|minutes|days|weeks|hours|months|years)\b",
        r"(?<![\d,.])(?:0|[2-9]|\d{2,}) (?:post|account|follower|list|burst|minute|day|week)\b",
        r"\blast 1 posts?\b",
        r"\b1 of your last \d+ posts(?: with links)? (?:carry|point|repeat|were|are|touch|trade)\b",
        r"\bonly 1 follow you\b|\bonly 0\b",
        r"\byour last 1 posts\b",
    ],
    "es": [
        r"\b1 (?:publicaciones|cuentas|seguidores|listas|ráfagas|días|semanas|años)\b",
        r"(?<![\d,.])(?:0|[2-9]|\d{2,}) (?:publicación|cuenta|seguidor|lista|ráfaga|día|semana)\b",
        r"\búltimas 1 publicaciones\b",
        r"\b1 de tus últimas \d+ publicaciones(?: con enlace)? (?:llevan|apuntan|repiten|hablan"
        r"|son|tocan|intercambian|llegaron)\b",
        r"\bsolo 0\b|\bte siguen 1\b",
    ],
    "pt": [
        r"\b1 (?:publicações|contas|seguidores|listas|dias|semanas|anos)\b",
        r"(?<![\d,.])(?:0|[2-9]|\d{2,}) (?:publicação|conta|seguidor|lista|dia|semana)\b",
        r"\búltimas 1 publicações\b",
    ],
}


RENDERERS = {tone: ReplyRenderer(tone) for tone in TONES}


def render(language: str, tone: str, key: str, values: dict[str, object]) -> str:
    fact = Fact.of(key, **values)
    result = CriterionResult(
        "automated_promo", False, 0.9, 1.0, (phrase(key, values),), (), (fact,)
    )
    verdict = Verdict("1", "h", 0.9, False, (result,))
    text = (
        RENDERERS[tone]
        .render(
            "why_not_followed", platform="discord", language=language, asker="Ana", verdict=verdict
        )
        .text
    )
    return next(line for line in text.splitlines() if line.startswith("- "))


def test_every_fact_is_covered():
    assert set(BASE) == set(PHRASES)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang in WRONG])
@pytest.mark.parametrize("tone", TONES)
def test_every_fact_agrees_in_number(language, tone):
    bad = []
    for key, values in VARIANTS:
        line = render(language, tone, key, values)
        if ("_" in key and key in line) or "{" in line:
            bad.append(("unworded", key, line))
        for pattern in WRONG[language]:
            if re.search(pattern, line):
                bad.append((pattern, values, line))
    assert not bad, bad[:5]


def test_every_language_is_checked():
    assert set(LANGUAGES) <= set(WRONG)


@pytest.mark.parametrize(
    ("key", "values", "en", "es"),
    [
        (
            "links_in_most_posts",
            {"count": 1, "total": 50},
            "1 of your last 50 posts carries a link",
            "1 de tus últimas 50 publicaciones lleva un enlace",
        ),
        (
            "links_in_most_posts",
            {"count": 1, "total": 1},
            "your only recent post carries a link",
            "tu única publicación reciente lleva un enlace",
        ),
        (
            "links_in_most_posts",
            {"count": 0, "total": 1},
            "your only recent post does not carry a link",
            "tu única publicación reciente no lleva un enlace",
        ),
        (
            "few_shared_topics",
            {"count": 1, "total": 50, "topics": "marketing", "topic_list": ("marketing",)},
            "1 of your last 50 posts touches marketing",
            "1 de tus últimas 50 publicaciones toca marketing",
        ),
        (
            "rarely_posts",
            {"count": 1, "weeks": 1.0, "per_week": 1.0},
            "1 post in 1 week (1.0 a week)",
            "1 publicación en 1 semana",
        ),
        (
            "mass_following",
            {"following": 1, "followers": 0},
            "you follow 1 account but no one follows you",
            "sigues a 1 cuenta pero nadie te sigue",
        ),
        (
            "unlisted_audience",
            {"followers": 1, "listed": 1},
            "1 follower, yet only 1 list includes you",
            "1 seguidor, pero solo 1 lista te incluye",
        ),
        (
            "long_silence",
            {"days": 1.0},
            "your last post was 1 day ago",
            "tu última publicación fue hace 1 día",
        ),
    ],
)
def test_counts_of_one(key, values, en, es):
    assert phrase(key, values) == en
    assert render("es", "polite", key, values).endswith(es + ".")
    assert render("en", "letter", key, values).endswith(en + ".")


def test_unjudged_notes_count_right():
    from factories import NOW, account, posts

    from scoring import build_owner_index
    from scoring.criteria import CRITERIA
    from scoring.features import account_facts

    facts = account_facts(account(posts=posts(["hello there"])), NOW)
    notes = [c.check(facts, build_owner_index(None)).evidence for c in CRITERIA]
    flat = " ".join(e for evidence in notes for e in evidence)
    assert "only 1 post " in flat and "1 posts" not in flat, flat


@pytest.mark.parametrize("posts", [0, 1, 2])
def test_too_little_to_read_is_said_well_on_any_count(posts):
    # An account with no posts was told "only 0 posts of your own to read".
    from datetime import UTC, datetime

    from scoring import judge, parse_account

    account = parse_account(
        {
            "platform": "x",
            "id": "1",
            "handle": "quiet",
            "posts": [
                {"text": f"a thought number {i}", "kind": "post", "created_at": None}
                for i in range(posts)
            ],
        }
    )
    verdict = judge(account, None, datetime(2026, 11, 30, tzinfo=UTC))
    notes = [note for c in verdict.criteria for note in c.evidence]
    assert any("to read" in note for note in notes)
    for note in notes:
        assert "only 0 " not in note and not re.search(r"\b1 (posts|dated posts)\b", note)
    if posts == 0:
        assert "no posts of your own to read" in notes
