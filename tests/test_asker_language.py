"""A message that says too little of its language ("follow back? 🙏", "unfollow??") is
answered in the language of its asker's own posts (whynot/asker_language.py), by the desk
and by `preview` alike; a message that tells keeps its own."""

from __future__ import annotations

import json

import pytest
from factories import account_dict, posts
from test_preview import preview_json
from test_reply_language import _answer

from whynot.asker_language import says_little, unsure

SPANISH = account_dict(
    "barista_lucia",
    display_name="Lucía",
    posts=posts(
        [f"Hoy preparamos un café de Colombia con notas de chocolate, día {i}" for i in range(20)]
    ),
)
ENGLISH = account_dict(
    "barista_lou",
    display_name="Lou",
    posts=posts([f"Brewing a Colombian coffee with cocoa notes, day {i}" for i in range(20)]),
)
FRENCH = account_dict(
    "jean_lanube",
    display_name="Jean",
    posts=posts([f"Aujourd'hui nous goûtons un café de Colombie, jour {i}" for i in range(20)]),
)
FEW = account_dict("quiet_lucia", display_name="Lu", posts=posts(["Hola a todos"] * 2))


@pytest.mark.parametrize(
    "text", ["follow back? 🙏", "unfollow??", "f4f?", "@cafe_lanube follow me back pls"]
)
def test_jargon_alone_says_little(text):
    assert says_little(text)


@pytest.mark.parametrize(
    "text",
    ["me segue de volta?", "why didn't you follow me back?", "¿por qué no me sigues de vuelta?"],
)
def test_a_sentence_says_its_language(text):
    assert not says_little(text)


@pytest.mark.parametrize("text", ["follow back? 🙏", "unfollow??"])
async def test_the_desk_answers_jargon_in_the_askers_language(tmp_path, text):
    outcome = await _answer(tmp_path, text, asker_dict=SPANISH)
    assert outcome.posts and outcome.language == "es"
    assert "Lucía" in outcome.posts[0] and not outcome.posts[0].startswith(("Hi", "Olá"))


async def test_the_same_jargon_from_an_english_poster_is_english(tmp_path):
    outcome = await _answer(tmp_path, "unfollow??", asker_dict=ENGLISH)
    assert outcome.posts and outcome.language == "en"


async def test_a_message_that_tells_keeps_its_language(tmp_path):
    outcome = await _answer(tmp_path, "why didn't you follow me back?", asker_dict=SPANISH)
    assert outcome.language == "en"


async def test_too_few_posts_leave_the_message_language(tmp_path):
    outcome = await _answer(tmp_path, "follow back? 🙏", asker_dict=FEW)
    assert outcome.language == "en"


def test_preview_answers_jargon_in_the_askers_language(capsys, tmp_path):
    path = tmp_path / "asker.json"
    path.write_text(json.dumps(SPANISH), encoding="utf-8")
    data = preview_json(capsys, "unfollow??", "--account", str(path))
    assert data["reply"]["language"] == "es"


async def test_a_short_french_message_leans_on_the_askers_posts(tmp_path):
    """The identifier leans to French without being sure, the classifier says Spanish:
    a French poster is answered in English (no French templates), not Spanish."""
    text = "pourquoi tu m'as unfollow ?"
    assert unsure(text)
    outcome = await _answer(tmp_path, text, asker_dict=FRENCH)
    assert outcome.posts and outcome.language == "en"


async def test_a_sure_sentence_is_not_overruled_by_the_posts(tmp_path):
    outcome = await _answer(tmp_path, "por que você parou de me seguir?", asker_dict=SPANISH)
    assert outcome.language == "pt"
