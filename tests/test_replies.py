"""Replies: golden files for every template, language, tone and platform; limits and
safety as properties; template choice."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Verdict
from scoring.criteria import CRITERION_IDS
from scoring.evidence import phrase
from scoring.models import CriterionResult, Fact
from whynot.replies import (
    LANGUAGES,
    REPLY_TEMPLATES,
    TONES,
    ReplyError,
    ReplyRenderer,
    choose_template,
    escape_discord,
    escape_x,
)
from whynot.threads import DISCORD_LIMIT, X_LIMIT, X_MAX_POSTS, x_length
from whynot.varieties import VARIETIES

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("WHYNOT_REGEN_GOLDEN") == "1"  # regenerate only on purpose


def failed(cid: str, score: float, *facts: Fact) -> CriterionResult:
    return CriterionResult(
        cid,
        False,
        score,
        1.0,
        tuple(phrase(f.key, f.values) for f in facts),
        ((cid, score),),
        facts,
    )


def passed(cid: str) -> CriterionResult:
    return CriterionResult(cid, True, 0.0, 1.0)


VERDICT = Verdict(
    id="42",
    handle="promo_pete",
    fake_score=0.91,
    follow_back=False,
    criteria=(
        failed(
            "automated_promo",
            0.95,
            Fact.of("links_in_most_posts", count=19, total=20),
            Fact.of("links_to_one_site", count=18, total=19, site="shop.example"),
        ),
        failed("follow_for_follow", 0.6, Fact.of("bio_follow_back", phrase="#f4f")),
        failed(
            "meformer",
            0.7,
            Fact.of(
                "self_focused_posts",
                count=7,
                total=20,
                share=0.35,
                limit=0.2,
                example="Check out my *new* shop @everyone",
            ),
        ),
        failed(
            "off_topic",
            0.8,
            Fact.of(
                "few_shared_topics",
                count=1,
                total=20,
                topics="social media or marketing",
                topic_list=("social media", "marketing"),
            ),
        ),
        passed("sporadic"),
    ),
)
# Each language as its own folder speaks it, and each variety an owner may choose
# instead (golden/pt-PT/: a pt-PT owner's Portuguese replies).
SPOKEN = [(lang, "") for lang in LANGUAGES] + [
    (lang, kind) for lang, kinds in VARIETIES.items() for kind in kinds[1:]
]
# An unfollow excuse is answered in two ways: from someone the owner's "was it an
# oversight?" notice reached ("I only asked..."), and from anyone else (no such claim);
# "not reviewed" tells someone the owner unfollowed nothing of follow-backs.
VARIANTS = {"unfollow_excuse": ("", "asked"), "not_reviewed": ("", "why_unfollowed")}
CASES = [
    (t, lang, variety, tone, platform, variant)
    for t in REPLY_TEMPLATES
    for lang, variety in SPOKEN
    for tone in TONES
    for platform in ("x", "discord")
    for variant in VARIANTS.get(t, ("",))
]


@cache
def _renderer(tone: str, variety: tuple[str, str] | None = None) -> ReplyRenderer:
    """One renderer a tone (and variety) for the many cases: a new one per case built each
    language's templates again; a renderer keeps nothing else, so the texts are the same."""
    return ReplyRenderer(tone, varieties=dict([variety]) if variety else None)


@pytest.mark.parametrize(("template", "language", "variety", "tone", "platform", "variant"), CASES)
def test_golden(template, language, variety, tone, platform, variant):
    reply = _renderer(tone, (language, variety) if variety else None).render(
        template,
        platform=platform,
        language=language,
        asker="Pete *the* Promoter",
        verdict=VERDICT,
        note="links only, no conversation",
        asked=variant == "asked",
        intent=variant if variant != "asked" else "",
    )
    text = "\n~~~ next post ~~~\n".join(reply.posts) + "\n"
    folder = variety or language
    path = GOLDEN / folder / tone / f"{template}{f'.{variant}' if variant else ''}.{platform}.txt"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with WHYNOT_REGEN_GOLDEN=1 on purpose"
    assert text == path.read_text(encoding="utf-8")


def test_worst_reason_comes_first_and_evidence_is_named():
    reply = ReplyRenderer().render(
        "why_not_followed", platform="discord", asker="Pete", verdict=VERDICT
    )
    bullets = [line for line in reply.text.splitlines() if line.startswith("- ")]
    assert len(bullets) == 4
    assert "automated stream of promotional links" in bullets[0]
    assert "18 of your last 19 posts with links point to shop.example" in bullets[0]
    assert "If these change, ask me again" in reply.text and "A person" in reply.text


def test_user_text_is_data_not_markup_or_pings():
    reply = ReplyRenderer().render(
        "why_not_followed", platform="discord", asker="{{ 7*7 }} @here", verdict=VERDICT
    )
    assert "{{ 7\\*7 }}" in reply.text and "49" not in reply.text  # printed, never evaluated
    assert "@here" not in reply.text and "@everyone" not in reply.text
    assert r"\*new\*" in reply.text  # markdown shown as typed
    x_reply = ReplyRenderer().render(
        "why_not_followed", platform="x", asker="Pete", verdict=VERDICT
    )
    assert not re.search(r"@\w", x_reply.text), "no third party may be mentioned on X"


def test_escape_discord_neutralises_every_ping_form():
    for ping in ("@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>"):
        assert ping not in escape_discord(f"hi {ping}")


def test_a_language_without_templates_falls_back_to_english():
    reply = ReplyRenderer().render("not_reviewed", platform="x", language="fr", asker="Ana")
    assert reply.language == "en" and "couldn't review" in reply.text


def test_languages_are_the_template_folders(tmp_path):
    assert LANGUAGES[0] == "en" and {"es", "pt"} <= set(LANGUAGES)
    # a language is a folder holding replies/: adding one needs no code change
    for lang in ("en", "xx"):
        (tmp_path / lang / "replies").mkdir(parents=True)
        (tmp_path / lang / "replies" / "not_reviewed.j2").write_text(f"{lang}: {{{{ asker }}}}")
    (tmp_path / "notes").mkdir()  # not a language: no replies/
    renderer = ReplyRenderer(templates=tmp_path)
    assert renderer.languages == ("en", "xx")
    assert renderer.render("not_reviewed", platform="x", language="xx", asker="A").text == "xx: A"
    assert renderer.render("not_reviewed", platform="x", language="pt", asker="A").text == "en: A"


def test_portuguese_askers_get_portuguese_in_both_tones():
    openings = (("polite", "Agradeço a pergunta, Ana."), ("letter", "Pergunta justa, Ana."))
    for tone, opening in openings:
        reply = ReplyRenderer(tone).render(
            "why_not_followed", platform="discord", language="pt", asker="Ana", verdict=VERDICT
        )
        assert reply.language == "pt" and reply.text.startswith(opening)
        assert "19 das suas últimas 20 publicações trazem um link" in reply.text
        assert "shop.example" in reply.text and " of your " not in reply.text


def test_unknown_inputs_are_clear_errors():
    with pytest.raises(ReplyError, match="tone"):
        ReplyRenderer("rude")
    with pytest.raises(ReplyError, match="template"):
        ReplyRenderer().render("gloat", platform="x")
    with pytest.raises(ReplyError, match="platform"):
        ReplyRenderer().render("not_reviewed", platform="myspace")


class TestChooseTemplate:
    def test_override_wins(self):
        assert choose_template("why_not_followed", VERDICT, "approve") == "moderator_approved"
        assert choose_template("follow_back_request", VERDICT, "deny") == "moderator_denied"

    def test_failures_answer_the_intent(self):
        assert choose_template("unfollow_excuse", VERDICT, None) == "unfollow_excuse"

    def test_too_little_data_says_so(self):
        empty = Verdict(
            "1", "new", 0.1, True, tuple(CriterionResult(c, True, 0.0, 0.0) for c in CRITERION_IDS)
        )
        assert choose_template("why_not_followed", empty, None) == "not_reviewed"
        assert choose_template("why_not_followed", None, None) == "not_reviewed"

    def test_other_gets_no_reply(self):
        with pytest.raises(ReplyError):
            choose_template("other", VERDICT, None)

    def test_a_follow_back_question_from_someone_followed_is_answered_so(self):
        for intent in ("why_not_followed", "follow_back_request"):
            assert choose_template(intent, None, None, True) == "already_following"
            assert choose_template(intent, VERDICT, "deny", True) == "moderator_denied"
        # an unfollow question rests on a follow the owner no longer has: not so either
        for intent in ("why_unfollowed", "unfollow_excuse"):
            assert choose_template(intent, VERDICT, None, True) == "already_following"
            assert choose_template(intent, VERDICT, None, False) == intent


fact_text = st.text(min_size=1, max_size=120).filter(str.strip)
random_failures = st.lists(
    st.builds(
        lambda cid, score, ev: CriterionResult(cid, False, score, 1.0, tuple(ev), (), ()),
        st.sampled_from(CRITERION_IDS),
        st.floats(min_value=0.5, max_value=1.0),
        st.lists(fact_text, max_size=4),
    ),
    max_size=9,
    unique_by=lambda c: c.id,
)


@settings(max_examples=60, deadline=None)
@given(
    random_failures,
    st.text(max_size=80),
    st.sampled_from(REPLY_TEMPLATES),
    st.sampled_from(LANGUAGES),
    st.sampled_from(TONES),
)
def test_any_verdict_renders_within_platform_limits(failures, asker, template, language, tone):
    verdict = Verdict("1", "h", 0.5, not failures, tuple(failures))
    renderer = ReplyRenderer(tone)
    x = renderer.render(template, platform="x", language=language, asker=asker, verdict=verdict)
    assert 1 <= len(x.posts) <= X_MAX_POSTS
    assert all(x_length(p) <= X_LIMIT for p in x.posts)
    discord = renderer.render(
        template, platform="discord", language=language, asker=asker, verdict=verdict
    )
    assert len(discord.posts) == 1 and len(discord.posts[0]) <= DISCORD_LIMIT
    assert "@everyone" not in discord.text and "@here" not in discord.text
    # shown evidence is whole: each evidence item appears entirely or not at all
    for c in failures:
        for item in c.evidence:
            shown = escape_x(item).strip()
            assert shown in x.text or shown[:15] not in x.text or len(shown) < 15


def test_a_pilcrow_in_evidence_is_text_not_a_paragraph_break():
    """The templates mark paragraphs with "¶"; one inside a value stays where it stands
    (hypothesis found evidence "000000000000000¶" split across the reply)."""
    evidence = "your post said “see ¶ 4 of our terms”"
    failed = CriterionResult("automated_promo", False, 1.0, 1.0, (evidence,), (), ())
    verdict = Verdict("1", "h", 0.9, False, (failed,))
    for platform, escape in (("x", escape_x), ("discord", escape_discord)):
        reply = ReplyRenderer().render("why_not_followed", platform=platform, verdict=verdict)
        assert escape(evidence) in reply.text


def test_a_value_opening_a_line_cannot_make_a_heading_or_a_list():
    for raw, shown in (
        ("# HUGE", "\\# HUGE"),
        ("-# tiny", "\\-# tiny"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("#hashtag stays", "#hashtag stays"),
    ):
        assert escape_discord(raw) == shown


def test_real_verdicts_read_as_portuguese_throughout():
    """Every demo account's verdict (most criteria and facts of the scorer) in every pt
    reply: evidence worded in Portuguese (no English phrase, no bare fact key), one full
    stop at most, within the platform limits."""
    from scoring import judge
    from scoring.evidence import PHRASES
    from whynot.jsonl import read_account_file
    from whynot.owner_config import load_owner_config

    demo = Path(__file__).resolve().parent.parent / "data" / "demo"
    owner = load_owner_config(demo / "owner.toml")
    verdicts = [judge(a, owner) for a in read_account_file(demo / "accounts.jsonl")]
    keys = {f.key for v in verdicts for c in v.failed for f in c.facts}
    assert len(keys) >= 10  # the demo world exercises most of the phrasebook
    english = (" of your last ", " posts", " follow you", "followers,", " days ago")
    for verdict in verdicts:
        for tone in TONES:
            for platform in ("x", "discord"):
                reply = _renderer(tone).render(
                    "why_not_followed",
                    platform=platform,
                    language="pt",
                    asker="Ana",
                    verdict=verdict,
                )
                text = reply.text
                assert not any(e in text for e in english), text
                assert not any(f" {key}" in text for key in PHRASES), text
                assert not re.search(r"[.!?…]”?\.", text), text  # one full stop
                if platform == "x":
                    assert all(x_length(p) <= X_LIMIT for p in reply.posts)
                else:
                    assert len(text) <= DISCORD_LIMIT


@pytest.mark.parametrize(
    ("example", "ends"),
    [
        ("Brunch with friends.", "«Brunch with friends».\n"),
        ("Brunch time", "«Brunch time».\n"),
        ("¿Vienes?", "«¿Vienes?».\n"),
    ],
)
def test_a_spanish_quote_ends_its_sentence_once(example, ends):
    # Spanish (RAE) puts the full stop after the closing », once: a quote's own full stop
    # goes («... friends.». was seen on the demo world), its ? or ! stays
    fact = Fact.of("self_focused_posts", count=7, total=20, share=0.35, limit=0.2, example=example)
    verdict = Verdict("1", "h", 0.2, False, (failed("meformer", 0.9, fact),))
    text = (
        ReplyRenderer()
        .render("why_not_followed", platform="discord", language="es", asker="Ana", verdict=verdict)
        .text
    )
    bullet = next(line for line in text.splitlines() if line.startswith("- "))
    assert (bullet + "\n").endswith(ends), bullet
