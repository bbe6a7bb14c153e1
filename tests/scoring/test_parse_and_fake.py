"""The account parser's errors (fake_score is tested in test_fake.py)."""

from __future__ import annotations

import pytest

from scoring import AccountError, parse_account


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
