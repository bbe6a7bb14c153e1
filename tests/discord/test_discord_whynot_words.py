"""What `/whynot` about oneself says in each language, word for word, through the real
command tree: the question it asks the desk for its caller, and why it did not answer
(cooldown, hourly cap, a failure). A locale with no templates of its own gets English."""

from __future__ import annotations

from dataclasses import replace

import pytest
from harness import slash

from whynot.config import Settings
from whynot.platform import PlatformError

QUESTION = {
    "en": "why didn't you follow me back?",
    "es": "¿por qué no me seguiste de vuelta?",
    "pt": "por que você não me seguiu de volta?",
}
NOT_NOW = {
    "en": (
        "I answered you recently; you can ask again after 24 hours.",
        "I have answered many questions this hour; please try again a bit later.",
        "Sorry, I could not answer just now; please try again in a few minutes.",
    ),
    "es": (
        "Te respondí hace poco; puedes volver a preguntar pasadas 24 horas.",
        "He respondido muchas preguntas en esta hora; vuelve a intentarlo un poco más tarde.",
        "Lo siento, ahora no pude responder; vuelve a intentarlo en unos minutos.",
    ),
    "pt": (
        "Respondi há pouco; você pode perguntar de novo depois de 24 horas.",
        "Respondi muitas perguntas nesta hora; tente de novo um pouco mais tarde.",
        "Desculpe, não consegui responder agora; tente de novo em alguns minutos.",
    ),
}
OPENING = {"en": "Thanks for asking", "es": "Gracias por preguntar", "pt": "Agradeço a pergunta"}
# Discord locales and the templates language each gets ("fr", "zh-CN": none of their own)
LOCALES = [
    ("en-US", "en"),
    ("en-GB", "en"),
    ("es-ES", "es"),
    ("es-419", "es"),
    ("pt-BR", "pt"),
    ("fr", "en"),
    ("zh-CN", "en"),
]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_the_question_asked_for_the_caller(world, locale, lang):
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    [row] = await world.store.messages.rows()
    assert (row.mention.text, row.intent, row.state) == (QUESTION[lang], "why_not_followed", "sent")
    assert world.responses.last()["content"].startswith(OPENING[lang])


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_asking_again_within_the_cooldown(world, locale, lang):
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    world.clock.now += 60
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == NOT_NOW[lang][0]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_the_hourly_cap(world, locale, lang):
    world.desk.settings = replace(Settings(), replies=replace(Settings().replies, max_per_hour=1))
    await slash(world.bot, world.tom, world.general, "whynot")  # the hour's one answer
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == NOT_NOW[lang][1]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_failure(world, locale, lang, monkeypatch):
    async def refused(mention, posts):
        raise PlatformError("Discord is down", transient=False)

    monkeypatch.setattr(world.bot.platform, "reply", refused)
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == NOT_NOW[lang][2]
    [row] = await world.store.messages.rows()
    assert row.state == "failed"


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("es-ES", "Te respondí hace poco; puedes volver a preguntar pasadas 1.5 horas."),
        # Portuguese writes a decimal comma
        ("pt-BR", "Respondi há pouco; você pode perguntar de novo depois de 1,5 horas."),
    ],
)
async def test_a_cooldown_in_hours_that_are_not_whole(world, locale, said):
    world.desk.settings = replace(
        Settings(), replies=replace(Settings().replies, cooldown_hours=1.5)
    )
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    world.clock.now += 60
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == said
