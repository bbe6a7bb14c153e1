"""`bot.py override ...` and `bot.py sync-commands` through the real `whynot.cli.main`
(where both commands are registered), a real SQLite file, and for the sync, discord.py's
HTTP client with only its transport (`HTTPClient.request`) replaced."""

from __future__ import annotations

import asyncio
import getpass
import json
from types import SimpleNamespace

import aiohttp
import discord
import discord.http
import pytest
from factories import account

import whynot.cli
from whynot.models import Identity, Mention
from whynot.store import Store

APP_ID = "123456789012345678"


@pytest.fixture
def cli(monkeypatch, tmp_path, capsys):
    assert "override" in whynot.cli.COMMANDS and "sync-commands" in whynot.cli.COMMANDS
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "cli.db"))

    def run(*argv: str) -> tuple[int, str, str]:
        code = whynot.cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def in_store(path, work):
    async def go():
        store = await Store.open(path)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(go())


def test_set_is_stored_and_audited_as_cli(cli, tmp_path):
    # The bot's own database, which has met @promo: the line has no note (a database the
    # set makes, or a handle never met, is said: tests/test_override_unknown_handle.py).
    assert cli("migrate", "--create")[0] == 0
    in_store(tmp_path / "cli.db", lambda s: s.accounts.save("x", account("promo"), 0.0, 60.0))
    code, out, err = cli(
        "override", "set", "@promo", "approve", "--reason", "runs our partner shop", "--by", "rosa"
    )
    assert (code, err) == (0, "")
    assert (
        out
        == "approved x @promo by rosa: “runs our partner shop” (written to the moderation log)\n"
    )
    override_, history = in_store(
        tmp_path / "cli.db",
        lambda s: asyncio.gather(s.moderation.override("x", "promo"), s.moderation.history()),
    )
    assert (override_.decision, override_.moderator) == ("approve", "rosa")
    [entry] = history
    assert (entry.actor, entry.action, entry.source, entry.detail) == (
        "rosa",
        "approve",
        "cli",
        "runs our partner shop",
    )


def test_the_actor_defaults_to_the_os_user_and_discord_handles_work(cli, tmp_path):
    code, out, _ = cli("override", "set", "Ana", "deny", "--platform", "discord", "--reason", "ads")
    assert code == 0 and f"denied discord @ana by {getpass.getuser()}" in out
    [entry] = in_store(tmp_path / "cli.db", lambda s: s.moderation.history("discord", "ana"))
    assert entry.actor == getpass.getuser()


async def test_cli_and_desk_share_the_decision(world, monkeypatch, capsys):
    assert "override" in whynot.cli.COMMANDS
    argv = ["override", "set", "ana", "approve", "--platform", "discord", "--reason",
            "our designer", "--db", str(world.store.path)]  # fmt: skip
    assert await asyncio.to_thread(whynot.cli.main, argv) == 0
    ana = Identity("discord", str(world.ana.id), "ana", "Ana")
    outcome = await world.desk.handle(
        Mention("discord", "999", ana, "why didn't you follow me back?", channel_id=None)
    )
    assert outcome.template == "moderator_approved" and outcome.note == "our designer"


def test_clear_list_and_history(cli):
    assert (
        cli("override", "set", "promo", "deny", "--reason", "bought followers", "--by", "rosa")[0]
        == 0
    )
    assert (
        cli("override", "set", "ana", "approve", "--platform", "discord", "--reason", "fine")[0]
        == 0
    )
    code, out, _ = cli("override", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("deny    x       @promo: “bought followers” (by rosa, ")
    code, out, _ = cli("override", "list", "--json")
    assert [json.loads(line)["handle"] for line in out.splitlines()] == ["promo", "ana"]

    assert cli("override", "clear", "promo", "--by", "rosa")[0] == 0
    code, out, err = cli("override", "clear", "promo")
    assert code == 2 and out == ""
    assert err == "bot.py override: there is no decision on x @promo to clear\n"

    code, out, _ = cli("override", "history", "promo")
    actions = [line.split()[3] for line in out.splitlines()]
    assert actions == ["deny", "reset"] and "via cli: cleared from the command line" in out
    code, out, _ = cli("override", "history")
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["override", "set", "not a handle", "approve", "--reason", "why not"],
            "bot.py override: 'not a handle' is not a valid X handle "
            "(letters, digits and _, up to 15)\n",
        ),
        (
            ["override", "set", "promo", "approve", "--reason", "  "],
            "bot.py override: --reason must say why in 3 to 300 characters\n",
        ),
    ],
)
def test_mistakes_are_one_line(cli, argv, message):
    code, out, err = cli(*argv)
    assert (code, out, err) == (2, "", message)


def test_help(cli):
    with pytest.raises(SystemExit) as exit_:
        cli("override", "--help")
    assert exit_.value.code == 0
    with pytest.raises(SystemExit):
        cli("override", "set", "--help")
    with pytest.raises(SystemExit):
        cli("sync-commands", "--help")


# --- sync-commands -------------------------------------------------------------------
def test_sync_needs_a_token(cli, monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    code, out, err = cli("sync-commands")
    assert code == 2 and out == ""
    assert err == (
        "bot.py sync-commands: DISCORD_TOKEN is not set: put the bot's token in the "
        "environment or in .env\n"
    )


class FakeDiscordAPI:
    """Stands in for Discord behind discord.py's HTTP client."""

    def __init__(self, token_ok: bool = True) -> None:
        self.token_ok = token_ok
        self.calls: list[tuple[str, str, object]] = []

    async def request(self, http, route, **kwargs):
        self.calls.append((route.method, route.path, kwargs.get("json")))
        if route.path == "/users/@me":
            if not self.token_ok:
                raise discord.HTTPException(SimpleNamespace(status=401, reason="no"), "401")
            return {"id": APP_ID, "username": "whynot", "discriminator": "0", "avatar": None,
                    "bot": True}  # fmt: skip
        if route.path == "/oauth2/applications/@me":
            return {
                "id": APP_ID,
                "name": "whynot",
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": {"id": "1", "username": "owner", "discriminator": "0", "avatar": None},
                "verify_key": "k",
                "flags": 0,
            }
        if route.method == "PUT" and route.path.endswith("/commands"):
            return [
                dict(c, id=str(900 + i), application_id=APP_ID, version="1")
                for i, c in enumerate(kwargs["json"])
            ]
        raise AssertionError(f"unexpected request {route.method} {route.path}")


@pytest.fixture
def discord_api(monkeypatch):
    api = FakeDiscordAPI()

    async def request(http, route, **kwargs):
        return await api.request(http, route, **kwargs)

    monkeypatch.setattr(discord.http.HTTPClient, "request", request)
    monkeypatch.setenv("DISCORD_TOKEN", "token-for-tests")
    return api


def test_sync_to_one_server(cli, discord_api):
    code, out, err = cli("sync-commands", "--guild", "42")
    assert (code, err) == (0, "")
    assert out == "synced 3 commands to server 42: /whynot, /override, /whynot-config\n"
    [(method, path, payload)] = [c for c in discord_api.calls if c[0] == "PUT"]
    assert path == "/applications/{application_id}/guilds/{guild_id}/commands"
    by_name = {c["name"]: c for c in payload}
    manage_guild = discord.Permissions(manage_guild=True).value
    assert int(by_name["override"]["default_member_permissions"]) == manage_guild
    assert [o["name"] for o in by_name["override"]["options"]] == [
        "set",
        "clear",
        "list",
        "history",
    ]
    assert by_name["whynot"]["default_member_permissions"] is None


def test_sync_global_and_a_rejected_token(cli, discord_api):
    code, out, _ = cli("sync-commands")
    assert code == 0 and "synced 3 commands to every server (global" in out
    assert [c[1] for c in discord_api.calls if c[0] == "PUT"] == [
        "/applications/{application_id}/commands"
    ]
    discord_api.token_ok = False
    code, out, err = cli("sync-commands")
    # One line with the fix: a token with a typo (or reset since) is pasted again.
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("bot.py sync-commands: Discord rejected DISCORD_TOKEN; copy the token")
    assert "Reset Token" in err and "run `bot.py sync-commands` again" in err


def test_sync_without_a_network_says_what_to_do(cli, monkeypatch):
    async def unreachable(http, route, **kwargs):
        raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")

    monkeypatch.setattr(discord.http.HTTPClient, "request", unreachable)
    monkeypatch.setenv("DISCORD_TOKEN", "token-for-tests")
    code, out, err = cli("sync-commands", "--guild", "42")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "cannot reach Discord" in err and "check this machine's network" in err
