"""The Discord cog loads the language identifier at start in a worker thread: a `/whynot
user:` lookup's reply names the owner's interests in its language through the identifier,
and its first load (about a second of CPU) would otherwise stall the event loop there."""

from __future__ import annotations

from whynot import reply_language


async def test_the_whynot_cog_loads_the_identifier_in_a_thread_at_start(world):
    cog = world.bot.get_cog("WhyNot")
    reply_language._model.cache_clear()
    await cog.cog_load()
    assert cog.warming is not None
    await cog.warming
    assert reply_language._model.cache_info().currsize == 1  # loaded, before any lookup
    assert reply_language.identify("gracias por seguirme, un saludo")[0] == "es"
