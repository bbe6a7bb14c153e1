"""Mastodon REST JSON -> the account schema (recorded shapes in tests/fixtures/mastodon/,
read through Mastodon.py's own types first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mastodon.return_types import Account, Status
from mastodon.types_base import try_cast

from whynot.platforms.mastodon import payloads as mp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mastodon"
NOW = 1_764_500_000.0


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def typed():
    entity = try_cast(Account, load("account_bot.json"))
    statuses = [try_cast(Status, s) for s in load("account_statuses.json")]
    assert isinstance(entity, Account) and all(isinstance(s, Status) for s in statuses)
    return entity, statuses


def test_account_maps_with_bio_fields_bot_flag_and_unknowns():
    entity, statuses = typed()
    account = mp.account(entity, statuses, NOW)
    assert (account.platform, account.handle) == ("mastodon", "dealsbot@deals.example")
    assert account.is_bot_declared is True and account.protected is False
    assert account.description.startswith("Automated deals every hour. #followback")
    assert "Shop: https://deals.example" in account.description
    assert account.url == "https://deals.example"
    assert account.default_profile_image is True  # missing.png
    assert account.likes_count is None and account.listed_count is None
    assert account.followers_count == 5400 and account.posts_count == 18000


def test_boosts_replies_quotes_and_links_told_apart():
    entity, statuses = typed()
    posts = {p.id[-1]: p for p in mp.account(entity, statuses, NOW).posts}
    assert {k: p.kind for k, p in posts.items()} == {
        "4": "repost",
        "3": "reply",
        "2": "quote",
        "1": "post",
    }
    assert posts["4"].text == "Big news today"
    assert posts["3"].urls == ()  # mention and hashtag anchors are not links
    assert posts["3"].hashtags == ("deals",) and posts["3"].mentions == ("kai@remote.example",)
    assert posts["3"].reply_to_handle == "kai@remote.example"
    assert posts["3"].source == "IFTTT"
    assert posts["1"].urls == ("https://deals.example/42",)  # the anchor and the card: once
    assert posts["1"].text == "Deal of the hour: https://deals.example/42"


def test_a_payload_of_the_wrong_shape_is_a_payload_error():
    with pytest.raises(mp.PayloadError):
        mp.account({"acct": "no id"}, [], NOW)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_html_reads_as_text_without_raising(content):
    text, links = mp.read_html(content)
    assert isinstance(text, str) and isinstance(links, list)
