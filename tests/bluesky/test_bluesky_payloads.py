"""Bluesky wire JSON -> the account schema and Mentions (recorded shapes in
tests/fixtures/bluesky/, checked against atproto's own models first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from atproto_client import models
from atproto_client.models.utils import get_model_as_dict, get_or_create
from hypothesis import given, settings
from hypothesis import strategies as st

from whynot.platforms.bluesky import payloads as bp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bluesky"
NOW = 1_764_500_000.0


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_the_fixtures_are_what_atproto_models_accept():
    # A payload that fails atproto's models comes back as a plain dict, without raising.
    profile = get_or_create(load("profile_bot.json"), models.AppBskyActorDefs.ProfileViewDetailed)
    assert isinstance(profile, models.AppBskyActorDefs.ProfileViewDetailed)
    feed = get_or_create(load("author_feed.json"), models.AppBskyFeedGetAuthorFeed.Response)
    assert isinstance(feed, models.AppBskyFeedGetAuthorFeed.Response)
    assert isinstance(feed.feed[1].reason, models.AppBskyFeedDefs.ReasonRepost)
    assert isinstance(feed.feed[3].post.record, models.AppBskyFeedPost.Record)
    notes = get_or_create(
        load("notifications.json"), models.AppBskyNotificationListNotifications.Response
    )
    assert isinstance(notes, models.AppBskyNotificationListNotifications.Response)


def mapped():
    profile = get_model_as_dict(
        get_or_create(load("profile_bot.json"), models.AppBskyActorDefs.ProfileViewDetailed)
    )
    feed = get_model_as_dict(
        get_or_create(load("author_feed.json"), models.AppBskyFeedGetAuthorFeed.Response)
    )
    return bp.account(profile, feed["feed"], NOW)


def test_profile_maps_to_the_schema_with_unknowns_left_unknown():
    account = mapped()
    assert account.platform == "bluesky"
    assert account.id == "did:plc:z72i7hdynmk6r22z27h6tvur"
    assert account.handle == "promo-bot.bsky.social"
    assert (account.followers_count, account.following_count, account.posts_count) == (
        5400,
        5390,
        18000,
    )
    assert account.url == "https://deals.example"
    assert account.is_bot_declared is True  # the self-label bot
    # Bluesky does not say: unknown, never zero.
    assert account.likes_count is None and account.listed_count is None
    assert account.location is None
    assert all(p.source is None for p in account.posts)


def test_reposts_replies_quotes_and_posts_are_told_apart():
    account = mapped()
    kinds = {p.id.rsplit("/", 1)[-1]: p.kind for p in account.posts}
    assert kinds == {
        "3krepost0001": "repost",
        "3kreply00001": "reply",
        "3kquote00001": "quote",
        "3klink000001": "post",
    }  # the pinned post is not counted again


def test_links_from_facets_and_embeds_tags_and_mentions_from_facets():
    posts = {p.id.rsplit("/", 1)[-1]: p for p in mapped().posts}
    assert posts["3klink000001"].urls == ("https://deals.example/42",)  # once, not twice
    reply = posts["3kreply00001"]
    assert reply.mentions == ("kai.bsky.social",)
    assert reply.hashtags == ("deals",)
    assert reply.reply_to_handle == "kai.bsky.social"
    repost = posts["3krepost0001"]
    assert repost.created_at.isoformat().startswith("2026-11-29T10:00")  # when reposted


def test_a_profile_without_labels_is_not_known_as_a_bot_or_not():
    profile = {"did": "did:plc:a", "handle": "a.test"}
    assert bp.declared_bot(profile) is None
    assert bp.declared_bot({**profile, "labels": []}) is False
    other = {"src": "did:plc:labeler", "val": "bot"}  # a labeler's label is not a self-label
    assert bp.declared_bot({**profile, "labels": [other]}) is False


def test_notifications_become_mentions_oldest_first_likes_dropped():
    notes = load("notifications.json")["notifications"]
    found = bp.mentions(notes)
    assert [m.author.handle for m in found] == ["autobot.bsky.social", "kai.bsky.social"]
    assert found[0].author.is_bot is True
    assert found[1].text == "why don't you follow me back?"
    assert found[1].id.endswith("3kmention02")
    # A reply names the post it answers (a reply to one of our answers: a review request?)
    parents = {
        n["uri"]: (n["record"].get("reply") or {}).get("parent", {}).get("uri") for n in notes
    }
    assert [m.reply_to for m in found] == [parents[m.id] for m in found]
    assert any(m.reply_to for m in found) and not all(m.reply_to for m in found)


def test_a_payload_of_the_wrong_shape_is_a_payload_error():
    with pytest.raises(bp.PayloadError):
        bp.account({"handle": "no did"}, [], NOW)
    with pytest.raises(bp.PayloadError):
        bp.mentions([{"reason": "mention", "uri": "at://x"}])  # no author


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=12,
    )
)
def test_any_feed_item_gives_an_account_or_a_payload_error(item):
    profile = {"did": "did:plc:a", "handle": "a.test"}
    try:
        account = bp.account(profile, [item] if isinstance(item, dict) else [], NOW)
    except bp.PayloadError:
        return
    assert account.handle == "a.test"
