"""Hypothesis properties of the parser and the scorer: any valid account gives a verdict
with every number in [0, 1]; post order never changes it; bad input gives AccountError."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import AccountError, OwnerContext, build_owner_index, judge, parse_account
from scoring import text as tx
from scoring.criteria import CRITERION_IDS

WORDS = [
    "my",
    "new",
    "video",
    "buy",
    "now",
    "follow",
    "back",
    "f4f",
    "#followback",
    "sale",
    "50%",
    "off",
    "social",
    "media",
    "marketing",
    "https://shop.example/x",
    "@friend",
    "mi",
    "nuevo",
    "canal",
    "sigo",
    "de",
    "volta",
    "the",
    "cat",
    "coffee",
    "$5",
    "#deal",
    "RT",
    "@socialmediatoday:",
    "¡hola!",
    "😀",
    "link",
    "in",
    "bio",
    "I'm",
    "live",
]

texts = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join) | st.text(max_size=80)
times = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2006, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ).map(lambda t: t.isoformat()),
)
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))
post = st.fixed_dictionaries(
    {"text": texts},
    optional={
        "kind": st.sampled_from(["post", "reply", "repost", "quote"]),
        "created_at": times,
        "source": st.one_of(st.none(), st.sampled_from(["IFTTT", "Twitter for iPhone", "Buffer"])),
        "like_count": counts,
        "repost_count": counts,
        "reply_count": counts,
        "urls": st.lists(st.sampled_from(["https://shop.example/a", "https://t.co/x", "nohost"])),
        "hashtags": st.lists(st.sampled_from(["deal", "#F4F", "cats"])),
    },
)
account_dicts = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=8).filter(str.strip),
        "handle": st.text(min_size=1, max_size=12).filter(str.strip),
    },
    optional={
        "followers_count": counts,
        "following_count": counts,
        "posts_count": counts,
        "listed_count": counts,
        "likes_count": counts,
        "created_at": times,
        "observed_at": times,
        "description": st.one_of(st.none(), texts),
        "url": st.one_of(st.none(), st.sampled_from(["https://shop.example", "http://[bad"])),
        "is_bot_declared": st.one_of(st.none(), st.booleans()),
        "posts": st.lists(post, max_size=25),
        "history": st.lists(
            st.fixed_dictionaries(
                {"observed_at": times.filter(lambda t: t is not None)},
                optional={"followers_count": counts, "following_count": counts},
            ),
            max_size=4,
        ),
    },
)
OWNER = build_owner_index(
    OwnerContext(interests=("social media", "marketing"), news_outlets=frozenset({"cnn"}))
)
NOW = datetime(2026, 11, 1, tzinfo=UTC)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(account_dicts)
def test_any_valid_account_gives_a_verdict_in_range(data):
    verdict = judge(parse_account(data), OWNER, NOW)
    assert 0.0 <= verdict.fake_score <= 1.0
    assert [c.id for c in verdict.criteria] == list(CRITERION_IDS)
    for c in verdict.criteria:
        assert 0.0 <= c.score <= 1.0 and 0.0 <= c.confidence <= 1.0
        assert c.passed or (c.score >= 0.5 and c.confidence >= 0.5)
    assert verdict.follow_back == all(c.passed for c in verdict.criteria)
    json.dumps(verdict.to_dict())


@SETTINGS
@given(account_dicts, st.randoms(use_true_random=False))
def test_post_order_does_not_change_the_verdict(data, rnd):
    shuffled = dict(data)
    shuffled["posts"] = list(data.get("posts", []))
    rnd.shuffle(shuffled["posts"])
    assert judge(parse_account(data), OWNER, NOW) == judge(parse_account(shuffled), OWNER, NOW)


@SETTINGS
@given(account_dicts)
def test_judging_is_deterministic(data):
    acc = parse_account(data)
    assert judge(acc, OWNER, NOW) == judge(acc, OWNER, NOW)


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "handle",
                "posts",
                "followers_count",
                "created_at",
                "history",
                "platform",
                "verified",
                "url",
            ]
        ),
        junk,
    )
)
def test_malformed_accounts_raise_only_account_error(data):
    assert_account_error_or_verdict(data)


def assert_account_error_or_verdict(data: object) -> None:
    try:
        verdict = judge(parse_account(data), OWNER, NOW)
    except AccountError as exc:
        assert str(exc)
    else:
        assert 0.0 <= verdict.fake_score <= 1.0


VALID = {
    "id": "1",
    "handle": "a",
    "platform": "x",
    "followers_count": 10,
    "created_at": "2020-01-01T00:00:00Z",
    "history": [{"observed_at": "2020-02-01T00:00:00Z", "followers_count": 5}],
    "posts": [
        {"text": "hello there friends", "kind": "reply", "created_at": "2020-03-01T00:00:00Z"},
        {"text": "my new video https://x.example/v", "urls": ["https://x.example/v"]},
    ],
}
ACCOUNT_KEYS = ["id", "handle", "platform", "followers_count", "verified", "url", "created_at"]
POST_KEYS = ["text", "kind", "id", "created_at", "source", "urls", "hashtags", "like_count"]


@SETTINGS
@given(
    st.sampled_from(["account", "post", "history"]),
    st.sampled_from(ACCOUNT_KEYS + POST_KEYS + ["observed_at", "posts", "history"]),
    junk,
)
def test_one_bad_field_in_a_valid_account_gives_account_error_or_a_verdict(where, key, value):
    """Starting from a valid account reaches every check (a junk id would stop at the first
    one): any JSON value in any one field gives an AccountError or a verdict, never a
    crash (a list as `kind` or `platform` once raised TypeError from a set look-up)."""
    data = json.loads(json.dumps(VALID))
    target = {"account": data, "post": data["posts"][1], "history": data["history"][0]}[where]
    target[key] = value
    assert_account_error_or_verdict(data)


@pytest.mark.parametrize(("where", "key"), [("account", "platform"), ("post", "kind")])
@pytest.mark.parametrize("value", [["x"], {"x": 1}])
def test_unhashable_values_in_set_checked_fields_are_named(where, key, value):
    data = json.loads(json.dumps(VALID))
    (data if where == "account" else data["posts"][1])[key] = value
    with pytest.raises(AccountError, match=f"{key} must be one of"):
        parse_account(data)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *WORDS,
                "shop",
                "now",
                "order",
                "code",
                "promo",
                "discount",
                "te",
                "vuelta",
                "100%",
                "4",
                "for",
                "always",
                "i",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_trigger_prefilter_never_hides_a_match(text):
    """The cheap trigger-word check in features must not skip a post a pattern matches in
    its own words (a pattern matching only inside a link or @mention is not looked for in
    posts: "@f4f" names an account, it does not ask for anything)."""
    lowered = text.lower()
    tokens = frozenset(tx.words_of(lowered))
    if tx.SELF_PROMO_RE.search(lowered):
        assert not tokens.isdisjoint(tx.SELF_PROMO_TRIGGERS)
    if tx.FOLLOW_BACK_RE.search(lowered):
        assert not tokens.isdisjoint(tx.FOLLOW_BACK_TRIGGERS)
    if tx.is_sales_pitch(lowered):
        assert not tokens.isdisjoint(tx.SALES_TRIGGERS) or tx.has_sales_symbol(lowered)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*WORDS, "@f4f", "https://f4f.example", "#sougofollow", "#sdv", "te", "vuelta", "i"]
        ),
        max_size=10,
    ).map(" ".join)
)
def test_every_follow_back_phrase_holds_a_hint(text):
    """A bio is gated by substrings, not words, so a phrase inside a link or @mention still
    counts there (as it always has)."""
    lowered = text.lower()
    if tx.FOLLOW_BACK_RE.search(lowered):
        assert any(hint in lowered for hint in tx.FOLLOW_BACK_HINTS)


def test_undated_posts_beyond_the_cap_are_picked_independently_of_order():
    posts = [{"text": f"post number {i} about things"} for i in range(120)]
    a = parse_account({"id": "1", "handle": "a", "posts": posts})
    b = parse_account({"id": "1", "handle": "a", "posts": list(reversed(posts))})
    assert judge(a, OWNER, NOW) == judge(b, OWNER, NOW)


def test_history_order_does_not_matter():
    hist = [
        {"observed_at": (NOW - timedelta(days=d)).isoformat(), "followers_count": c}
        for d, c in ((5, 1000), (2, 90_000))
    ]
    a = parse_account(
        {
            "id": "1",
            "handle": "a",
            "followers_count": 95_000,
            "history": hist,
            "observed_at": NOW.isoformat(),
        }
    )
    b = parse_account(
        {
            "id": "1",
            "handle": "a",
            "followers_count": 95_000,
            "history": hist[::-1],
            "observed_at": NOW.isoformat(),
        }
    )
    assert judge(a) == judge(b)
    assert not judge(a).follow_back
