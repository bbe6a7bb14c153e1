"""`ReplyRenderer.line`: a command's words from `templates/<lang>/<name>.j2` (Discord's
`/whynot` lines in `discord/`), English where a language has no file or its file fails
or says nothing; and the shipped words themselves render, in their own language."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from whynot.intents import classify
from whynot.replies import LANGUAGES, TEMPLATES, ReplyError, ReplyRenderer
from whynot.varieties import VARIETIES

WORDS = tuple(sorted(path.stem for path in (TEMPLATES / "en" / "discord").glob("*.j2")))
# A value for every name the discord/ files take (a file ignores those it does not use)
VALUES = {
    "hours": "24",
    "name": "ana",
    "label": "Bluesky",
    "count": 5,
    "error": "X is down",
    "reason": "not a question this bot answers",
    "handle": "not a handle!",
    "seconds": "60",
    "kind": "user",
}


def test_the_discord_words_are_all_there():
    """Each file a member may be told, English first (the fallback of every language)."""
    assert {"ask", "cooldown", "cap", "failed", "is_a_bot", "would_be_told"} <= set(WORDS)
    assert {"member_or_handle", "bad_handle", "no_such_member", "name_someone"} <= set(WORDS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", WORDS)
def test_every_shipped_discord_line_renders_without_falling_back(lang, name, caplog):
    with caplog.at_level(logging.WARNING, logger="whynot.replies"):
        text = ReplyRenderer().line(f"discord/{name}", platform="discord", language=lang, **VALUES)
    assert text and "{" not in text and "\n" not in text
    assert caplog.text == ""


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang in ("es", "pt")])
def test_spanish_and_portuguese_say_every_discord_line_in_their_own_words(lang):
    """Their members get every message in their language: no file left to English."""
    own = {path.stem for path in (TEMPLATES / lang / "discord").glob("*.j2")}
    assert own == set(WORDS)


@pytest.mark.parametrize("kind", ["user", "channel", "role", "mentionable"])
def test_what_was_not_found_is_named_in_each_language(kind):
    said = {
        lang: ReplyRenderer().line(
            "discord/not_found", platform="discord", language=lang, kind=kind
        )
        for lang in ("en", "es", "pt")
    }
    assert said["en"] == f"I could not find that {kind} here."
    assert kind not in said["es"] and kind not in said["pt"]  # the type's name, in their words


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.glob("*/discord/commands/*.j2")), ids=lambda path: path.stem
)
def test_every_shipped_command_description_is_one_line_discord_takes(path):
    """templates/<lang>/discord/commands/: the slash commands' descriptions (Discord takes
    at most 100 characters), read by whynot/platforms/discord/translator.py."""
    folder = path.relative_to(TEMPLATES).parts[0]  # a language, or a variety ("pt-PT")
    lang = next((lang for lang, kinds in VARIETIES.items() if folder in kinds), folder)
    name = f"discord/commands/{path.stem}"
    text = ReplyRenderer(varieties={lang: folder}).line(name, platform="discord", language=lang)
    assert text == path.read_text(encoding="utf-8").split("-#}", 1)[-1].strip()  # its own
    assert text and "{" not in text and "\n" not in text and len(text) <= 100


def test_a_value_called_name(tmp_path):
    renderer = folder(tmp_path, {"en/w/bot.j2": "{{ name }} is a bot."})
    assert renderer.line("w/bot", platform="discord", name="helper_bot") == "helper\\_bot is a bot."


@pytest.mark.parametrize(
    "lang", [lang for lang in LANGUAGES if (TEMPLATES / lang / "discord" / "ask.j2").exists()]
)
def test_every_shipped_question_reads_as_why_not_followed_in_its_language(lang):
    """/whynot asks the desk this for a member: the classifier must read it in `lang`
    (a language it does not know yet keeps no ask.j2, and English is asked)."""
    asked = ReplyRenderer().line("discord/ask", platform="discord", language=lang)
    read = classify(asked, False)
    assert (read.intent, read.language) == ("why_not_followed", lang)


def folder(root: Path, files: dict[str, str]) -> ReplyRenderer:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    for lang in {path.split("/")[0] for path in files}:
        (root / lang / "replies").mkdir(exist_ok=True)
    return ReplyRenderer(templates=root)


def test_a_language_s_own_file_else_english(tmp_path):
    renderer = folder(
        tmp_path,
        {"en/w/hi.j2": "Hello {{ who }}.", "en/w/bye.j2": "Bye.", "xx/w/hi.j2": "Salut {{ who }}."},
    )
    assert renderer.line("w/hi", platform="x", language="xx", who="Ana") == "Salut Ana."
    assert renderer.line("w/bye", platform="x", language="xx") == "Bye."  # no xx file
    assert renderer.line("w/hi", platform="x", language="zz", who="Ana") == "Hello Ana."
    assert renderer.line("w/hi", platform="x", who="Ana") == "Hello Ana."


def test_values_are_escaped_for_the_platform_and_lines_joined(tmp_path):
    renderer = folder(tmp_path, {"en/w/hi.j2": "Hello\n{{ who }},\n\nwelcome."})
    said = renderer.line("w/hi", platform="discord", who="*@everyone*")
    assert said == "Hello \\*@\u200beveryone\\*,\n\nwelcome."


@pytest.mark.parametrize("broken", ["{{ missing }}", "{% if %}", "{# #}\n \n", "{{ 1 / 0 }}"])
def test_a_translation_that_fails_or_says_nothing_gives_english(tmp_path, caplog, broken):
    renderer = folder(tmp_path, {"en/w/hi.j2": "Hello.", "xx/w/hi.j2": broken})
    with caplog.at_level(logging.WARNING, logger="whynot.replies"):
        assert renderer.line("w/hi", platform="x", language="xx") == "Hello."
    assert "templates/xx/w/hi.j2" in caplog.text and "said in English" in caplog.text


def test_english_must_render(tmp_path):
    renderer = folder(tmp_path, {"en/w/blank.j2": "{# #}", "xx/w/blank.j2": "Rien."})
    assert renderer.line("w/blank", platform="x", language="xx") == "Rien."
    with pytest.raises(ReplyError, match="says nothing"):
        renderer.line("w/blank", platform="x")
    with pytest.raises(TemplateNotFound):
        renderer.line("w/none", platform="x", language="xx")
