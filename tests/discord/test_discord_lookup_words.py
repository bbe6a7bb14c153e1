"""What `/whynot` says to a member besides its answer, word for word, in their language,
through the real command tree: about an account that is a bot, the header of what another
account would be told, the day's paid look-ups used up, an account that cannot be read,
a platform the bot has no connection to, a question it did not answer, the options'
mistakes (both a member and a handle, a bad handle, no such member, nobody named), and
the command tree's refusals (too often, in direct messages, a member who left, a fault).
A locale with no templates of its own gets English."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
from conftest import MANAGE
from discord import app_commands
from discord.ext.test import backend
from harness import _base, make_bot_user, slash, snowflake, user_payload

from whynot.models import Outcome, ReplyState
from whynot.platform import PlatformError

WORDS = {
    "bot": {
        "en": "helperbot is a bot, and I never answer bots: it would be told nothing.",
        "es": "helperbot es un bot, y nunca respondo a bots: no recibiría ninguna respuesta.",
        "pt": "helperbot é um bot, e eu nunca respondo a bots: não receberia nenhuma resposta.",
    },
    "told": {
        "en": "**What promo (X) would be told:**",
        "es": "**Lo que se le diría a promo (X):**",
        "pt": "**O que seria dito a promo (X):**",
    },
    "lookups": {
        "en": "You have looked up 2 accounts elsewhere today; please try again tomorrow.",
        "es": "Hoy ya consultaste 2 cuentas de otras plataformas; vuelve a intentarlo mañana.",
        "pt": "Você já consultou 2 contas de outras plataformas hoje; tente de novo amanhã.",
    },
    "unreadable": {
        "en": "I could not read that account just now (X is down).",
        "es": "Ahora mismo no pude leer esa cuenta (X is down).",
        "pt": "Não consegui ler essa conta agora (X is down).",
    },
    "unconnected": {
        "en": "This bot has no Bluesky connection to look at that account.",
        "es": "Este bot no está conectado a Bluesky para ver esa cuenta.",
        "pt": "Este bot não está conectado ao Bluesky para ver essa conta.",
    },
    "unanswered": {
        "en": "I could not answer that: not a question this bot answers.",
        "es": "No pude responder a eso: not a question this bot answers.",
        "pt": "Não consegui responder a isso: not a question this bot answers.",
    },
    "both": {
        "en": "Give either a member or a handle, not both.",
        "es": "Elige un miembro (user:) o una cuenta (handle:), no los dos.",
        "pt": "Escolha um membro (user:) ou uma conta (handle:), não os dois.",
    },
    "bad_handle": {
        "en": "“not a handle!” is not a valid X handle.",
        "es": "“not a handle!” no es un nombre de usuario válido de X.",
        "pt": "“not a handle!” não é um nome de usuário válido do X.",
    },
    "no_member": {
        "en": "There is no member called nobody here.",
        "es": "Aquí no hay ningún miembro llamado nobody.",
        "pt": "Não há nenhum membro chamado nobody aqui.",
    },
    "nobody": {
        "en": "Name a member (user:) or an account (handle:).",
        "es": "Indica un miembro (user:) o una cuenta (handle:).",
        "pt": "Indique um membro (user:) ou uma conta (handle:).",
    },
}
# Discord locales and the templates language each gets ("fr": none of its own)
LOCALES = [("en-US", "en"), ("es-ES", "es"), ("es-419", "es"), ("pt-BR", "pt"), ("fr", "en")]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_about_a_bot(world, locale, lang):
    helper = backend.make_member(make_bot_user("helperbot"), world.guild)
    await slash(world.bot, world.tom, world.general, "whynot", user=helper, locale=locale)
    assert world.responses.last()["content"] == WORDS["bot"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_what_another_account_would_be_told(world, locale, lang):
    await slash(world.bot, world.tom, world.general, "whynot", handle="promo", locale=locale)
    header, body = world.responses.last()["content"].split("\n\n", 1)
    assert header == WORDS["told"][lang]
    assert "automated stream of promotional links" in body  # what promo is told, as before


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_the_days_paid_look_ups_used_up(world, locale, lang, monkeypatch):
    import cogs.whynot as whynot_cog

    monkeypatch.setattr(whynot_cog, "PAID_LOOKUPS_PER_DAY", 2)
    for handle in ("a1", "a2", "a3"):  # three different X accounts, none cached
        await slash(world.bot, world.tom, world.general, "whynot", handle=handle, locale=locale)
    assert world.responses.last()["content"] == WORDS["lookups"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_an_account_that_cannot_be_read(world, locale, lang, monkeypatch):
    async def down(who):
        raise PlatformError("X is down", transient=True)

    monkeypatch.setattr(world.x, "identify", down)
    await slash(world.bot, world.tom, world.general, "whynot", handle="promo", locale=locale)
    assert world.responses.last()["content"] == WORDS["unreadable"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_platform_the_bot_is_not_connected_to(world, locale, lang):
    handle = "bluesky:promo.bsky.social"
    await slash(world.bot, world.tom, world.general, "whynot", handle=handle, locale=locale)
    assert world.responses.last()["content"] == WORDS["unconnected"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_question_the_desk_did_not_answer(world, locale, lang, monkeypatch):
    async def not_answered(mention, first_poll=False):
        return Outcome(mention, ReplyState.SKIPPED, reason="not a question this bot answers")

    monkeypatch.setattr(world.desk, "handle", not_answered)
    await slash(world.bot, world.ana, world.general, "whynot", locale=locale)
    assert world.responses.last()["content"] == WORDS["unanswered"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_the_options_mistakes(world, locale, lang):
    cases = [
        ({"user": world.ana, "handle": "promo"}, "both"),
        ({"handle": "nobody", "platform": "discord"}, "no_member"),
        ({"handle": "not a handle!"}, "bad_handle"),
    ]
    for options, said in cases:
        await slash(world.bot, world.tom, world.general, "whynot", locale=locale, **options)
        assert world.responses.last()["content"] == WORDS[said][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_naming_nobody(world, locale, lang):
    await slash(world.bot, world.rosa, world.general, "override history", MANAGE, locale=locale)
    assert world.responses.last()["content"] == WORDS["nobody"][lang]


# --- what the command tree says when /whynot cannot run -----------------------------------
TREE = {
    "slow": {
        "en": "Slow down a little: try again in {} s.",
        "es": "Ve un poco más despacio: vuelve a intentarlo en {} s.",
        "pt": "Vá um pouco mais devagar: tente de novo em {} s.",
    },
    "server": {
        "en": "This works in a server, not in direct messages.",
        "es": "Esto funciona en un servidor, no en mensajes directos.",
        "pt": "Isto funciona em um servidor, não em mensagens diretas.",
    },
    "not_found": {
        "en": "I could not find that user here.",
        "es": "No encontré a ese usuario aquí.",
        "pt": "Não encontrei esse usuário aqui.",
    },
    "wrong": {
        "en": "Something went wrong on my side; the bot's logs have the details.",
        "es": "Algo falló por mi parte; los detalles están en los registros del bot.",
        "pt": "Algo deu errado do meu lado; os detalhes estão nos logs do bot.",
    },
}


async def run(world, payload: dict[str, Any]) -> None:
    interaction = discord.Interaction(data=payload, state=world.bot._connection)
    await world.bot.tree._call(interaction)


def whynot_data(channel, options: list[Any], resolved: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(snowflake()),
        "name": "whynot",
        "type": 1,
        "options": options,
        "guild_id": str(channel.guild.id),
        "resolved": resolved,
    }


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_asking_too_often(world, locale, lang):
    for _ in range(6):  # five a minute: the sixth is refused by the command's own cooldown
        await slash(world.bot, world.tom, world.general, "whynot", handle="x!", locale=locale)
    said = world.responses.last()["content"]
    pattern = re.escape(TREE["slow"][lang]).replace(r"\{\}", r"(\d+)")
    assert re.fullmatch(pattern, said), said


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_check_that_needs_a_server(world, locale, lang):
    """Discord itself keeps /whynot (guild_only) out of direct messages; a check that needs
    a server (discord.py's role checks) raises NoPrivateMessage, which the tree words."""
    data = whynot_data(world.general, [], {})
    payload = _base(2, world.tom, world.general, discord.Permissions.none(), data, locale)
    interaction = discord.Interaction(data=payload, state=world.bot._connection)
    await world.bot.tree.on_error(interaction, app_commands.NoPrivateMessage())
    assert world.responses.last()["content"] == TREE["server"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_member_who_left(world, locale, lang):
    gone = make_bot_user("gone")  # a user Discord resolves, no longer a member of the server
    resolved = {"users": {str(gone.id): user_payload(gone)}}
    data = whynot_data(
        world.general, [{"name": "user", "type": 6, "value": str(gone.id)}], resolved
    )
    payload = _base(2, world.tom, world.general, discord.Permissions.none(), data, locale)
    await run(world, payload)
    assert world.responses.last()["content"] == TREE["not_found"][lang]


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
async def test_a_fault_on_the_bots_side(world, locale, lang, monkeypatch, caplog):
    async def broken(guild_id):
        raise RuntimeError("the store is gone")

    monkeypatch.setattr(world.bot, "guild_config", broken)
    await slash(world.bot, world.tom, world.general, "whynot", user=world.ana, locale=locale)
    assert world.responses.last()["content"] == TREE["wrong"][lang]
    assert "the store is gone" in caplog.text  # the owner's log has the details
