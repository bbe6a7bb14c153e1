"""An owner in Portugal (`[owner] portuguese = "pt-PT"`) syncs `/whynot` described in
European Portuguese: Discord's one Portuguese locale (pt-BR) carries the owner's words
from `templates/pt-PT/discord/commands/`; a default owner's stay Brazilian."""

from __future__ import annotations

import asyncio

import discord
import discord.http
import pytest
from test_discord_cli import FakeDiscordAPI

import whynot.cli


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("", "Por que o dono ainda não seguiu uma conta de volta, com as evidências"),
        (
            'portuguese = "pt-PT"',
            "Porque é que o dono ainda não seguiu uma conta de volta, com as provas",
        ),
    ],
)
def test_the_owner_s_portuguese_describes_whynot(monkeypatch, tmp_path, capsys, line, said):
    (tmp_path / "owner.toml").write_text(f'[owner]\nhandle = "padaria"\n{line}\n')
    config = tmp_path / "config.toml"
    config.write_text(f'[whynot]\nowner_config = "owner.toml"\ndb_path = "{tmp_path / "w.db"}"\n')
    monkeypatch.setenv("DISCORD_TOKEN", "token-for-tests")
    api = FakeDiscordAPI()

    async def request(http, route, **kwargs):
        return await api.request(http, route, **kwargs)

    monkeypatch.setattr(discord.http.HTTPClient, "request", request)
    code = whynot.cli.main(["sync-commands", "--guild", "42", "--config", str(config)])
    assert code == 0, capsys.readouterr()
    [payload] = [json for method, _, json in api.calls if method == "PUT"]
    whynot_command = next(c for c in payload if c["name"] == "whynot")
    assert whynot_command["description_localizations"]["pt-BR"] == said


async def test_a_server_s_own_tone_keeps_the_owner_s_portuguese(tmp_path):
    from scoring import build_owner_index
    from whynot.config import Settings
    from whynot.desk import Desk
    from whynot.platforms.discord import DiscordPlatform, create_bot
    from whynot.replies import ReplyRenderer
    from whynot.store import Store

    store = await Store.open(tmp_path / "w.db")
    try:
        renderer = ReplyRenderer(varieties={"pt": "pt-PT"})
        desk = Desk(
            store, {"discord": DiscordPlatform()}, renderer, build_owner_index(None), Settings()
        )
        bot = create_bot(desk, intents=discord.Intents.none())
        assert bot.renderer("letter").varieties == {"pt": "pt-PT"}  # /whynot-config tone
    finally:
        await store.close()


async def test_the_running_bot_answers_in_the_owner_s_portuguese(tmp_path):
    from whynot.cli.run import serve
    from whynot.config import Secret, Settings
    from whynot.platforms.discord import DiscordStopped

    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "padaria"\nportuguese = "pt-PT"\n')
    seen = []

    async def runner(_settings, desk) -> None:
        seen.append(desk.renderer.varieties)
        raise DiscordStopped("stop here")

    settings = Settings(
        db_path=tmp_path / "bot.db", owner_config=tmp_path / "owner.toml",
        secrets={"DISCORD_TOKEN": Secret("token-for-tests")},
    )  # fmt: skip
    with pytest.raises(DiscordStopped):
        await asyncio.wait_for(
            serve(settings, once=False, dry_run=False, discord_runner=runner), 10
        )
    assert seen == [{"pt": "pt-PT"}]
