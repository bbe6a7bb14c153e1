"""Replies promise a person's review only when a review channel is configured
(`[replies] review_channel`): with "none" no reply, in any language, tone or platform,
with reasons or without, offers one; with a channel the offer is there."""

from __future__ import annotations

import re
from functools import cache

import pytest

from scoring import Verdict
from scoring.evidence import phrase
from scoring.models import CriterionResult, Fact
from whynot.config import ConfigError, load_settings
from whynot.replies import ANSWERED_INTENTS, LANGUAGES, TONES, ReplyRenderer

PROMISE = re.compile(
    r"person on my team|persona de mi equipo|pessoa que trabalha comigo|just ask|pídelo"
    r"|é só pedir|peça|pide que|ask for a person",
    re.IGNORECASE,
)
FAILED = CriterionResult(
    "automated_promo",
    False,
    0.9,
    1.0,
    (phrase("links_in_most_posts", {"count": 18, "total": 20}),),
    (("automated_promo", 0.9),),
    (Fact.of("links_in_most_posts", count=18, total=20),),
)
WITH_REASONS = Verdict(id="1", handle="pete", fake_score=0.2, follow_back=False, criteria=(FAILED,))
CLEAN = Verdict(
    id="2",
    handle="ana",
    fake_score=0.1,
    follow_back=True,
    criteria=(CriterionResult("meformer", True, 0.0, 1.0),),
)
NOT_REVIEWED = Verdict(id="3", handle="new", fake_score=0.5, follow_back=False, criteria=())
TEMPLATES = (*ANSWERED_INTENTS, "not_reviewed")
CASES = [
    (t, lang, tone, platform, verdict)
    for t in TEMPLATES
    for lang in LANGUAGES
    for tone in TONES
    for platform in ("x", "discord")
    for verdict in (WITH_REASONS, CLEAN, NOT_REVIEWED)
]


@cache
def _renderer(tone: str, offer: bool) -> ReplyRenderer:
    """One a tone and channel for the many cases: a new renderer per case built every
    language's templates again; a renderer keeps nothing else, so the texts are the same."""
    return ReplyRenderer(tone, offer_review=offer)


def _render(offer: bool, template, lang, tone, platform, verdict) -> str:
    reply = _renderer(tone, offer).render(
        template, platform=platform, language=lang, asker="Kim", verdict=verdict
    )
    return reply.text


@pytest.mark.parametrize(("template", "lang", "tone", "platform", "verdict"), CASES)
def test_no_promise_without_a_review_channel(template, lang, tone, platform, verdict):
    text = _render(False, template, lang, tone, platform, verdict)
    assert not PROMISE.search(text), text
    assert text.strip()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("tone", TONES)
def test_the_promise_is_there_with_a_channel(lang, tone):
    for verdict in (WITH_REASONS, CLEAN):
        text = _render(True, "why_not_followed", lang, tone, "discord", verdict)
        assert PROMISE.search(text), text


def test_the_setting(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[replies]\nreview_channel = "none"\nreview_reminder_hours = 12\n')
    settings = load_settings(path, env={}, dotenv=None)
    assert not settings.offers_review and settings.replies.review_reminder_hours == 12.0
    path.write_text('[replies]\nreview_channel = "slack"\n')
    with pytest.raises(ConfigError, match="review_channel must be one of feed, cli, none"):
        load_settings(path, env={}, dotenv=None)
    path.write_text("[replies]\n")
    default = load_settings(path, env={}, dotenv=None)
    assert default.offers_review and default.replies.review_reminder_hours == 48.0
