"""Replies read as their recipient would: what a reply says about an account's posts is
true of them, and costs no more than it should (hand-made facts, no real account)."""

from __future__ import annotations

import pytest
from twitter_text.extract_urls import extract_urls_with_indices

from scoring import Verdict, judge
from scoring.models import Fact
from tests.factories import NOW, account, posts
from tests.test_replies import failed
from whynot.replies import LANGUAGES, TONES, ReplyRenderer

# Values that X would turn into links: a quoted post's t.co link, the site the links point
# to, an auto-poster named by its domain.
LINKABLE = {
    "amazon.com": failed(
        "automated_promo",
        0.9,
        Fact.of("links_to_one_site", count=18, total=19, site="amazon.com"),
        Fact.of("automation_client", count=12, total=20, client="dlvr.it"),
    ),
    "https://t.co/FcVJRo2nTm": failed(
        "meformer",
        0.8,
        Fact.of(
            "self_focused_posts",
            count=9,
            total=20,
            share=0.45,
            limit=0.2,
            example="Read my letter here: https://t.co/FcVJRo2nTm",
        ),
    ),
}


@pytest.mark.parametrize("link", LINKABLE)
@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_x_reply_links_nothing_from_the_evidence(language, tone, link):
    # A link makes X price the post at $0.200 instead of $0.015, and sends readers to the
    # asker's (or anyone's) page; the words stay readable.
    verdict = Verdict("7", "promo", 0.9, False, (LINKABLE[link],))
    reply = ReplyRenderer(tone).render(
        "why_not_followed", platform="x", language=language, asker="Ana", verdict=verdict
    )
    for post in reply.posts:
        assert extract_urls_with_indices(post) == [], post
    assert link in reply.text.replace("\u200b", "")


@pytest.mark.parametrize(
    ("newest", "quoted"),
    [
        ("I'm outchea!! RT @RinneNicoIe: Someone get my sister off of this app", "I'm outchea!! …"),
        ("My new video is up https://t.co/FcVJRo2nTm", "My new video is up …"),
    ],
)
def test_a_quoted_post_gives_the_askers_own_words_not_a_repost_or_a_link(newest, quoted):
    # Seen on real timelines: "I'm outchea!! RT @RinneNicoIe: Someone get my sister off of…"
    # quoted the other account's words (and handle) as the asker's; a t.co link says
    # nothing. The quote keeps the asker's own words and marks what it leaves out.
    mine = ["I'm so tired today", "Just finished my long run", "I feel great this morning"]
    others = [f"The council votes on the {n} budget lines tonight" for n in range(12)]
    verdict = judge(account(posts=posts(others + mine * 2 + [newest])), None, NOW)
    meformer = next(c for c in verdict.failed if c.id == "meformer")
    assert meformer.facts[0].values["example"] == quoted
    reply = ReplyRenderer().render(
        "why_not_followed", platform="discord", language="en", asker="Ana", verdict=verdict
    )
    assert f"“{quoted}”" in reply.text and "Rinne" not in reply.text and "t.co" not in reply.text
