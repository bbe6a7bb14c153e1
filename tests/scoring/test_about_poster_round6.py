"""Round 6 of "about the poster" (bench/criteria_eval.py's docstring has its rule and
figures): other people's words and words that only look like the poster's. Each case below
is "about the poster" without its veto, and the near miss beside it still is."""

from __future__ import annotations

import pytest

from scoring.about_poster import explain, is_about_poster


@pytest.mark.parametrize(
    "text",
    [
        "I love the confidence that makeup gives me. --> Tyra Banks",
        "I love the confidence that makeup gives me. --&gt; Tyra Banks",  # as X sends it
        "Sometimes I can't figure designers out → Erma Bombeck",
        'Maybe send me an angel, the nicest angel you have. –Lilo in "Lilo & Stitch"',
    ],
)
def test_a_line_attributed_after_an_arrow_or_with_its_title_is_a_quotation(text):
    assert explain(text) == (False, "quote attribution")


@pytest.mark.parametrize(
    "text",
    [
        "Sen. Paul: I never wanted government shutdown https://t.co/x",
        "Kramer: I love the name 'isosceles'. If I had a kid, I would name him Isosceles.",
        "Sarah Sanders: I learned about it from the interview https://t.co/y",
    ],
)
def test_a_speaker_before_a_colon_says_someone_elses_words(text):
    assert explain(text) == (False, "someone else's words")


@pytest.mark.parametrize(
    "text",
    [
        "Update: I'm finally home after three weeks away",
        "Confession: I ate the whole cake",
        "Mood: I could sleep for a week",
    ],
)
def test_a_label_before_a_colon_is_still_the_posters_own_news(text):
    assert is_about_poster(text)


def test_mine_alone_is_a_mine():
    assert not is_about_poster("In Barcelona is a juniper tree whose every leaf is a gold mine.")
    assert not is_about_poster("Introduction to the hot new video channel Crimson Mine")
    assert is_about_poster("My gold mine of old photos is finally sorted")


def test_yo_is_spanish_i_only_in_spanish():
    assert not is_about_poster("It's all about the hair, yo.")
    assert not is_about_poster("Kim Yo Jong fascinates, and puzzles, in South Korea")
    assert is_about_poster("yo también quiero ir al concierto")
    assert is_about_poster("Yo no sé qué hacer con tanto trabajo")


def test_a_dash_and_a_day_count_is_not_an_attribution():
    assert is_about_poster("I ran 5k today - Day 3")
