"""Hostile text on Bluesky and Mastodon: names and posts that try to ping third parties,
break the layout or fool the length count; replies stay within 300 graphemes (counted as
Bluesky counts them) and mention nobody but the asker."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import build_owner_index
from tests.bluesky.conftest import OWNER, make_platform
from tests.bluesky.fake_pds import post_view, profile
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import ReplyState
from whynot.replies import REPLY_TEMPLATES, ReplyRenderer
from whynot.threads import graphemes

ZALGO = "Z\u0351\u0352\u0353a\u0354\u0355\u0356l\u0357\u0358\u0359g\u035a\u035bo"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one grapheme
HOSTILE_NAMES = [
    "@alice.bsky.social and @bob@mastodon.social",
    f"{ZALGO * 8}",
    f"{FAMILY * 30}",
    "\u202eevil\u202c name\u2028next line\u0085",
    "＠fullwidth.bsky.social",
    "x" * 64,
]
_UNBROKEN_AT = re.compile(r"[@＠](?!\u200b)")


def test_graphemes_count_as_bluesky_does():
    assert graphemes(FAMILY) == 1
    assert graphemes("e\u0301") == 1
    assert graphemes("🇪🇸🇵🇹") == 2
    assert graphemes(ZALGO) == 5 and len(ZALGO) > 15


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("network", ["bluesky", "mastodon"])
def test_every_reply_fits_and_pings_no_one(name, network):
    renderer = ReplyRenderer()
    for template in REPLY_TEMPLATES:
        reply = renderer.render(template, platform=network, asker=name)
        assert 1 <= len(reply.posts) <= 3
        for post in reply.posts:
            assert graphemes(post) <= 300 if network == "bluesky" else len(post) <= 500
            assert not _UNBROKEN_AT.search(post), post
            assert "\u2028" not in post and "\u0085" not in post


RENDERER = ReplyRenderer()  # one for every example: its templates are built once, not per name


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_any_name_fits_a_bluesky_thread(name):
    reply = RENDERER.render("why_not_followed", platform="bluesky", asker=name)
    assert all(graphemes(p) <= 300 for p in reply.posts) and len(reply.posts) <= 3


async def test_a_hostile_asker_gets_one_reply_mentioning_only_them(fake, store):
    asker = profile(
        "did:plc:hostile00000000000000001",
        "hostile.bsky.social",
        displayName="@alice.bsky.social 👨‍👩‍👧 \u202e @everyone",
    )
    fake.profiles[asker["did"]] = asker
    fake.feeds[asker["did"]] = [
        {
            "post": post_view(
                f"at://{asker['did']}/app.bsky.feed.post/3k{i}",
                asker,
                f"hey @bob.bsky.social {i} {ZALGO}",
            )
        }
        for i in range(12)
    ]
    uri = f"at://{asker['did']}/app.bsky.feed.post/3kask"
    view = post_view(uri, asker, "why didn't you follow me back? @carol.bsky.social")
    fake.posts[uri] = view
    fake.notifications = [
        {
            "uri": uri,
            "cid": view["cid"],
            "author": asker,
            "reason": "mention",
            "record": view["record"],
            "isRead": False,
            "indexedAt": "2026-11-30T10:00:00.000Z",
        }
    ]
    bsky = make_platform(fake)
    desk = Desk(store, {"bluesky": bsky}, ReplyRenderer(), build_owner_index(None), Settings())
    [mention] = await bsky.mentions_since(None)
    outcome = await desk.handle(mention)
    assert outcome.state == ReplyState.SENT, outcome.reason
    again = await desk.handle(mention)
    assert again.state == ReplyState.SENT and again.reason == "already handled"
    records = [c["record"] for c in fake.created]
    assert 1 <= len(records) <= 3
    for record in records:
        assert graphemes(record["text"]) <= 300
        assert not _UNBROKEN_AT.search(record["text"]), record["text"]
        for facet in record.get("facets") or []:  # only ever the asker
            assert all(f.get("did") == asker["did"] for f in facet["features"])
    assert OWNER["did"] != asker["did"]
