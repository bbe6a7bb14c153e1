"""A language added to templates/ reaches `/whynot` with no code change: a `fr/` folder
(its `replies/` and `discord/` words) written into a copy of the templates, and a French
member's `/whynot` through the real command tree says its words. A folder that lacks a
file, or holds one that fails or says nothing, gives English, never an error or a blank;
a question the desk would not read as the caller's own language is asked in English."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from harness import slash

from whynot.config import Settings
from whynot.platform import PlatformError
from whynot.replies import TEMPLATES, ReplyRenderer

FRENCH = {
    "cooldown": "Je t'ai répondu il y a peu ; tu pourras redemander dans {{ hours }} heures.",
    "cap": "J'ai répondu à beaucoup de questions cette heure-ci ; réessaie un peu plus tard.",
    "failed": "Désolé, je n'ai pas pu répondre ; réessaie dans quelques minutes.",
}
ENGLISH_COOLDOWN = "I answered you recently; you can ask again after 24 hours."
ENGLISH_CAP = "I have answered many questions this hour; please try again a bit later."


def templates_with(root: Path, files: dict[str, str]) -> Path:
    """A copy of the shipped templates with `files` (paths under it) written in."""
    copy = root / "templates"
    shutil.copytree(TEMPLATES, copy, ignore=shutil.ignore_patterns("audit"))
    for path, text in files.items():
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_text(text, encoding="utf-8")
    return copy


def french(root: Path, **overrides: str | None) -> Path:
    """A French folder: replies/ (English replies stand in for them here) and discord/."""
    words = {**FRENCH, **overrides}
    files = {f"fr/discord/{name}.j2": text for name, text in words.items() if text is not None}
    copy = templates_with(root, files)
    shutil.copytree(TEMPLATES / "en" / "replies", copy / "fr" / "replies")
    return copy


def use(world, templates: Path) -> None:
    world.desk.renderer = ReplyRenderer(templates=templates)


def capped(world) -> None:
    world.desk.settings = replace(Settings(), replies=replace(Settings().replies, max_per_hour=1))


@pytest.mark.parametrize("locale", ["fr", "fr-CA"])
async def test_a_new_language_folder_reaches_the_cooldown_line(world, tmp_path, locale):
    use(world, french(tmp_path))
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    world.clock.now += 60
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == (
        "Je t'ai répondu il y a peu ; tu pourras redemander dans 24 heures."
    )


async def test_a_new_language_folder_reaches_the_cap_and_failure_lines(
    world, tmp_path, monkeypatch
):
    use(world, french(tmp_path))
    capped(world)
    await slash(world.bot, world.tom, world.general, "whynot")
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"] == FRENCH["cap"]

    async def refused(mention, posts):
        raise PlatformError("Discord is down", transient=False)

    monkeypatch.setattr(world.bot.platform, "reply", refused)
    world.desk.settings = Settings()
    await slash(world.bot, world.rosa, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"] == FRENCH["failed"]


async def test_a_question_the_desk_cannot_read_is_asked_in_english(world, tmp_path, caplog):
    # The desk reads en, es and pt only: a French question would be "not a question".
    use(world, french(tmp_path, ask="pourquoi tu ne me suis pas en retour ?"))
    with caplog.at_level(logging.WARNING, logger="cogs.whynot"):
        await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    [row] = await world.store.messages.rows()
    assert (row.mention.text, row.state) == ("why didn't you follow me back?", "sent")
    assert world.responses.last()["content"].startswith("Thanks for asking")
    assert "templates/fr/discord/ask.j2 reads as" in caplog.text  # not as French


async def test_a_language_without_its_own_question_asks_in_english_quietly(world, tmp_path, caplog):
    use(world, french(tmp_path))  # no fr/discord/ask.j2, as README advises for now
    with caplog.at_level(logging.WARNING):
        await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    [row] = await world.store.messages.rows()
    assert (row.mention.text, row.state) == ("why didn't you follow me back?", "sent")
    assert "ask.j2" not in caplog.text


async def test_a_question_read_as_another_language_is_asked_in_english(world, tmp_path):
    # Portuguese members would get a Spanish answer from this question.
    use(world, templates_with(tmp_path, {"pt/discord/ask.j2": "¿por qué no me sigues?"}))
    await slash(world.bot, world.ana, world.general, "whynot", locale="pt-BR")
    [row] = await world.store.messages.rows()
    assert row.mention.text == "why didn't you follow me back?"


async def test_the_question_comes_from_the_templates(world, tmp_path):
    use(world, templates_with(tmp_path, {"es/discord/ask.j2": "¿por qué no me sigues?"}))
    await slash(world.bot, world.ana, world.general, "whynot", locale="es-ES")
    [row] = await world.store.messages.rows()
    assert (row.mention.text, row.state) == ("¿por qué no me sigues?", "sent")
    assert world.responses.last()["content"].startswith("Gracias por preguntar")


async def test_a_missing_file_is_said_in_english(world, tmp_path):
    use(world, french(tmp_path, cap=None))  # a translator who left cap.j2 out
    capped(world)
    await slash(world.bot, world.tom, world.general, "whynot")
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"] == ENGLISH_CAP


@pytest.mark.parametrize(
    "broken",
    [
        "Réessaie dans {{ hour }} heures.",  # a misnamed value
        "Réessaie dans {{ hours heures.",  # a syntax error
        "{# nothing to say #}\n  \n",  # blank
    ],
)
async def test_a_broken_translation_is_said_in_english(world, tmp_path, caplog, broken):
    use(world, french(tmp_path, cooldown=broken))
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    world.clock.now += 60
    with caplog.at_level(logging.WARNING, logger="whynot.replies"):
        await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"] == ENGLISH_COOLDOWN
    assert "templates/fr/discord/cooldown.j2" in caplog.text
