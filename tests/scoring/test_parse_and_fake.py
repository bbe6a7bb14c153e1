"""The account parser's errors, and fake_score's behaviour on profiles and posts."""

from __future__ import annotations

import pytest
from factories import account, genuine_posts, posts

from scoring import AccountError, judge, parse_account
from scoring.fake import PROFILE_FEATURES, profile_logit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"handle": "a"}, "missing required field 'id'"),
        ({"id": "1"}, "missing required field 'handle'"),
        ({"id": 1, "handle": "a"}, "id must be a non-empty string"),
        ({"id": "1", "handle": ""}, "handle must be a non-empty string"),
        (
            {"id": "1", "handle": "a", "followers_count": "12"},
            "followers_count must be a whole number",
        ),
        ({"id": "1", "handle": "a", "followers_count": -1}, "followers_count must not be negative"),
        (
            {"id": "1", "handle": "a", "followers_count": True},
            "followers_count must be a whole number",
        ),
        ({"id": "1", "handle": "a", "verified": "yes"}, "verified must be true, false or null"),
        ({"id": "1", "handle": "a", "created_at": "last tuesday"}, "created_at is not an ISO 8601"),
        ({"id": "1", "handle": "a", "platform": "myspace"}, "platform must be one of"),
        ({"id": "1", "handle": "a", "posts": {}}, "posts must be a list"),
        ({"id": "1", "handle": "a", "posts": [{"kind": "post"}]}, "posts[0].text is required"),
        (
            {"id": "1", "handle": "a", "posts": [{"text": "x", "kind": "story"}]},
            "posts[0].kind must be",
        ),
        (
            {"id": "1", "handle": "a", "posts": [{"text": "x"}, {"text": "y", "like_count": 1.5}]},
            "posts[1].like_count must be a whole number",
        ),
        (
            {"id": "1", "handle": "a", "history": [{"followers_count": 3}]},
            "history[0].observed_at is required",
        ),
        ([1, 2], "each line must be a JSON object"),
    ],
)
def test_bad_fields_are_named(data, message):
    with pytest.raises(AccountError, match=None) as info:
        parse_account(data)
    assert message in str(info.value)


def test_unknown_fields_are_ignored_and_missing_means_unknown():
    acc = parse_account(
        {"id": "1", "handle": "@a", "topics": ["x"], "posts": [{"text": "hi", "extra": 1}]}
    )
    assert acc.handle == "a"
    assert acc.followers_count is None and acc.posts[0].kind == "post"


def test_naive_times_are_taken_as_utc():
    acc = parse_account({"id": "1", "handle": "a", "created_at": "2020-01-01T00:00:00"})
    assert acc.created_at.tzinfo is not None


class TestFakeScore:
    def test_profile_alone_separates_a_bought_follower_from_a_person(self):
        bought = account(
            followers_count=8, following_count=350, posts_count=12, likes_count=0, listed_count=0
        )
        person = account(
            followers_count=420,
            following_count=380,
            posts_count=5200,
            likes_count=900,
            listed_count=9,
        )
        assert judge(bought).fake_score >= 0.5 > judge(person).fake_score

    def test_nothing_known_starts_from_a_low_prior(self):
        assert judge(account()).fake_score < 0.2

    def test_missing_counts_contribute_nothing(self):
        partial = account(followers_count=420)
        assert profile_logit(partial) != profile_logit(account())  # it used what it had

    def test_posts_raise_it_for_an_automated_promoter_with_a_human_looking_profile(self):
        profile = {
            "followers_count": 2000,
            "following_count": 1500,
            "posts_count": 40000,
            "likes_count": 10,
            "listed_count": 20,
        }
        bot_posts = posts(
            [f"Deal {i}: https://shop.example/p/{i}" for i in range(20)], source="dlvr.it"
        )
        assert judge(account(posts=bot_posts, **profile)).fake_score >= 0.5
        assert judge(account(posts=genuine_posts(), **profile)).fake_score < 0.5

    def test_declared_bots_are_fake(self):
        assert judge(account(is_bot_declared=True)).fake_score >= 0.95

    def test_profile_features_are_named_and_described(self):
        assert all(f.name and f.description for f in PROFILE_FEATURES)
