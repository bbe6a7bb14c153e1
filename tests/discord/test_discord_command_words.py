"""The slash commands as Discord lists them to a member, in their language: `/whynot`'s
description and its options' in Spanish and Portuguese, from
`templates/<lang>/discord/commands/`, sent by the real `bot.py sync-commands` (discord.py's
HTTP client with only its transport replaced); names never translated, the moderator-only
commands in English; a file that fails or is too long is left out, never failing a sync."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import discord
import discord.http
import pytest
from test_discord_cli import FakeDiscordAPI

import whynot.cli
from whynot.replies import TEMPLATES, ReplyRenderer

ES = {
    "whynot": "Por qué el dueño aún no ha seguido de vuelta a una cuenta, con las pruebas",
    "user": "Un miembro de este servidor (por defecto: tú)",
    "handle": (
        "Una cuenta de otra plataforma: un usuario de X, o plataforma:usuario "
        "(bluesky:ana.bsky.social)"
    ),
    "platform": "Dónde está esa cuenta (por defecto: X)",
}
PT = {
    "whynot": "Por que o dono ainda não seguiu uma conta de volta, com as evidências",
    "user": "Um membro deste servidor (padrão: você)",
    "handle": (
        "Uma conta em outra plataforma: um usuário do X, ou plataforma:usuário "
        "(bluesky:ana.bsky.social)"
    ),
    "platform": "Onde fica essa conta (padrão: X)",
}


@pytest.fixture
def synced(monkeypatch, tmp_path, capsys):
    """Runs `bot.py sync-commands --guild 42` and returns the commands Discord was sent."""
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("DISCORD_TOKEN", "token-for-tests")

    def sync() -> dict[str, dict]:
        api = FakeDiscordAPI()

        async def request(http, route, **kwargs):
            return await api.request(http, route, **kwargs)

        monkeypatch.setattr(discord.http.HTTPClient, "request", request)
        assert whynot.cli.main(["sync-commands", "--guild", "42"]) == 0, capsys.readouterr()
        [payload] = [json for method, _, json in api.calls if method == "PUT"]
        return {command["name"]: command for command in payload}

    return sync


def localized(payload: dict) -> dict[str, str]:
    return payload.get("description_localizations") or {}


def test_whynot_is_described_in_spanish_and_portuguese(synced):
    whynot = synced()["whynot"]
    assert whynot["description"] == "Why the owner hasn't followed an account back, with evidence"
    assert localized(whynot) == {
        "es-ES": ES["whynot"],
        "es-419": ES["whynot"],
        "pt-BR": PT["whynot"],
    }
    options = {option["name"]: option for option in whynot["options"]}
    assert list(options) == ["user", "handle", "platform"]  # names as typed, in every language
    for name, option in options.items():
        assert localized(option) == {"es-ES": ES[name], "es-419": ES[name], "pt-BR": PT[name]}
        assert not option.get("name_localizations")
    assert not whynot.get("name_localizations")
    assert [c["name"] for c in options["platform"]["choices"]] == [
        "x",
        "discord",
        "bluesky",
        "mastodon",
    ]


def test_the_moderator_commands_stay_in_english(synced):
    commands = synced()
    for name in ("override", "whynot-config"):
        assert localized(commands[name]) == {}
        for sub in commands[name]["options"]:
            assert localized(sub) == {}
            assert all(localized(option) == {} for option in sub.get("options", []))


def templates_with(root: Path, files: dict[str, str]) -> Path:
    copy = root / "templates"
    shutil.copytree(TEMPLATES, copy, ignore=shutil.ignore_patterns("audit"))
    for path, text in files.items():
        (copy / path).write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    "broken", ["{{ missing }}", "{# nothing #}", "Una cuenta " * 10, "Una\n\ncuenta"]
)
async def test_a_description_that_fails_or_does_not_fit_is_left_out(
    world, tmp_path, caplog, broken
):
    """What a sync sends (`get_translated_payload` with the tree's translator), with the
    templates folder of the bot's renderer holding a broken Spanish file."""
    copy = templates_with(tmp_path, {"es/discord/commands/whynot.handle.j2": broken})
    world.desk.renderer = ReplyRenderer(templates=copy)
    tree = world.bot.tree
    with caplog.at_level(logging.WARNING):
        whynot = await tree.get_command("whynot").get_translated_payload(tree, tree.translator)
    handle = {o["name"]: o for o in whynot["options"]}["handle"]
    assert localized(handle) == {"pt-BR": PT["handle"]}  # Spanish members see the English
    assert "templates/es/discord/commands/whynot.handle.j2" in caplog.text
    assert localized(whynot)["es-ES"] == ES["whynot"]  # the others are unaffected
