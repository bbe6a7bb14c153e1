"""A Discord, Mastodon and Bluesky owner's walkthrough (second one), through the real bot:
a Brazilian member's `/whynot` is answered in Portuguese."""

from __future__ import annotations

from harness import slash


async def test_whynot_about_oneself_in_portuguese_for_a_brazilian_member(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="pt-BR")
    answer = world.responses.last()["content"]
    assert answer.startswith("Agradeço a pergunta, ana\\_0\\_nick.")
    assert "fluxo automático de links promocionais" in answer


async def test_whynot_in_other_locales_is_still_english_or_spanish(world):
    await slash(world.bot, world.ana, world.general, "whynot", locale="fr")
    assert world.responses.last()["content"].startswith("Thanks for asking")
    world.clock.now += 2 * 86_400
    await slash(world.bot, world.ana, world.general, "whynot", locale="es-419")
    assert world.responses.last()["content"].startswith("Gracias por preguntar")
