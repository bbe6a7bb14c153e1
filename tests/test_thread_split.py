"""Where a reply's thread is cut (whynot/threads.py): a first post that says something
beyond the greeting, and a moderator's note as long as moderation allows still sent."""

from __future__ import annotations

import re

import pytest

from scoring import Verdict
from scoring.models import CriterionResult
from tests.test_replies import VERDICT
from whynot.moderation import REASON_MAX
from whynot.replies import LANGUAGES, TONES, ReplyError, ReplyRenderer, thread_format
from whynot.threads import BLUESKY_LIMIT, X_LIMIT, graphemes, x_length

NUMBER = re.compile(r" \(\d/\d\)$")
MEASURES = {"x": (x_length, X_LIMIT), "bluesky": (graphemes, BLUESKY_LIMIT)}


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("platform", ["x", "bluesky"])
@pytest.mark.parametrize("template", ["moderator_approved", "moderator_denied"])
def test_a_note_as_long_as_moderation_allows_reaches_the_asker(platform, template):
    # A 300-character reason with no full stop (moderation takes 3 to 300) was one
    # "sentence" longer than a post: the decision's reply did not fit, and the asker was
    # never told (ReplyError, the follow-up given up).
    note = ("Kim checked this shop by hand and it talks with people daily " * 6)[:REASON_MAX]
    assert len(note) == REASON_MAX and "." not in note
    length, limit = MEASURES[platform]
    for language in LANGUAGES:
        reply = ReplyRenderer().render(
            template, platform=platform, language=language, asker="Ana", verdict=VERDICT,
            note=note,
        )  # fmt: skip
        assert all(length(p) <= limit for p in reply.posts)
        told = words(" ".join(NUMBER.sub("", p) for p in reply.posts))
        start = told.index(note.split()[0])
        assert told[start : start + len(words(note))] == words(note)  # whole, in order


def test_the_first_post_on_x_is_not_a_label_left_hanging():
    # A long note: the first post ended on "Note: (1/3)", the note itself in the next one.
    note = ("links only and no conversation in the last months " * 6)[:262].strip()
    reply = ReplyRenderer().render(
        "moderator_approved", platform="x", language="en", asker="Ana", verdict=VERDICT,
        note=note,
    )  # fmt: skip
    first = NUMBER.sub("", reply.posts[0])
    assert first.startswith("Good news, Ana: a person on my team")
    assert not first.endswith("Note:") and "Note: links only" in first


def test_a_thread_never_opens_with_its_greeting_alone():
    # On an instance with short posts, a long name filled the first post with the greeting
    # alone: "Good news, Anastasia Maria de la Cruz Fernandes: (1/3)".
    fmt = thread_format("mastodon-140", 140 - 32)
    reply = ReplyRenderer().render(
        "moderator_approved", platform=fmt, language="en",
        asker="Anastasia Maria de la Cruz Fernandes", verdict=VERDICT, note="a shop",
    )  # fmt: skip
    assert len(reply.posts) > 1
    assert NUMBER.sub("", reply.posts[0]).startswith(
        "Good news, Anastasia Maria de la Cruz Fernandes: a person on my team"
    )
    assert all(len(p) <= 140 - 32 for p in reply.posts)


@pytest.mark.parametrize("limit", [120, 140, 160, 200, 280, 500])
def test_no_first_post_is_its_opening_sentence_alone(limit):
    # Every template, language and tone, with names short and long, on instances whose
    # posts are short: a thread's first post holds more than the reply's first sentence,
    # unless that sentence leaves no room for a word more.
    fmt = thread_format(f"mastodon-{limit}", limit - 32)
    empty = Verdict("1", "h", 0.1, True, ())
    seen = 0
    for tone in TONES:
        renderer = ReplyRenderer(tone)
        for template in ("moderator_approved", "not_reviewed", "oversight_notice",
                         "follow_back_request", "moderator_denied"):  # fmt: skip
            for language in LANGUAGES:
                for asker in ("Ana", "Anastasia Maria de la Cruz Fernandes", "安" * 40):
                    for verdict in (VERDICT, empty):
                        try:
                            reply = renderer.render(
                                template, platform=fmt, language=language, asker=asker,
                                verdict=verdict, note="a shop",
                            )  # fmt: skip
                        except ReplyError:  # too little room at all: not this test's case
                            continue
                        if len(reply.posts) < 2:
                            continue
                        seen += 1
                        first = NUMBER.sub("", reply.posts[0])
                        sentences = re.split(r"(?<=[.!?:])\s+", first)  # "\n": paragraphs
                        whole = first.endswith((".", "!", "?", ":"))  # else a sentence's start
                        if len(sentences) == 1 and "\n" not in first and whole:  # one alone:
                            after = words(NUMBER.sub("", reply.posts[1]))[0]  # only when the
                            assert len(f"{first} {after}") > limit - 32 - 6, reply.posts  # next
                            # word has no room beside it (a long first sentence, not a greeting)
    assert seen


@pytest.mark.parametrize("platform", ["x", "bluesky"])
@pytest.mark.parametrize("template", ["moderator_approved", "moderator_denied"])
def test_a_note_in_a_language_without_spaces_reaches_the_asker(platform, template):
    # Japanese and Chinese put no space between words: a note of over 140 characters (280
    # as X counts them) was one "word" longer than a post, so the decision's reply did not
    # fit on X (nor one of 300 on Bluesky) and was given up. (On X a denial with its
    # reasons and a note of 300, 600 as X counts, still cannot fit three posts.)
    note = "このアカウントはスパムのように見えたので、フォローしないことにしました。" * 9
    note = note[: 280 if platform == "x" else REASON_MAX]
    length, limit = MEASURES[platform]
    reply = ReplyRenderer().render(
        template, platform=platform, language="en", asker="Ana", verdict=VERDICT, note=note
    )
    assert all(length(p) <= limit for p in reply.posts)
    told = "".join(NUMBER.sub("", p) for p in reply.posts)
    assert note in "".join(told.split())  # whole, in order (cut between characters only)
    assert "Ana" in reply.posts[0] and note[:10] in reply.posts[0]  # not the greeting alone


@pytest.mark.parametrize("platform", ["x", "bluesky"])
@pytest.mark.parametrize("tone", TONES)
def test_the_only_reason_keeps_its_evidence_though_the_closing_stands_alone(platform, tone):
    # One reason whose evidence fills most of a post: the thread is greeting, reason with
    # evidence, closing. Avoiding a closing alone used to drop the only evidence, so the
    # asker was told "most of your posts are about you" with nothing to check.
    evidence = (
        "5 of your last 12 posts are about you or what you offer (42%; the 80/20 rule "
        'allows 20%), e.g. "Does anyone know a good free vector editor? Inkscape keeps '
        'failing me today…"'
    )
    reason = CriterionResult("meformer", False, 0.9, 1.0, (evidence,), (("me", 0.9),), ())
    verdict = Verdict("1", "lupita", 0.5, False, (reason,))
    reply = ReplyRenderer(tone=tone).render(
        "why_not_followed", platform=platform, asker="Lupita Hernández", verdict=verdict
    )
    length, limit = MEASURES[platform]
    assert all(length(p) <= limit for p in reply.posts)
    assert any("Inkscape" in post for post in reply.posts), reply.posts
