"""A gateway close discord.py does not reconnect after (4004, "authentication failed":
the token reset in the developer portal while the bot ran). Before, the raw
`ConnectionClosed` left `run_discord`, and `keep_discord` did not know it: it reached
`bot.py run` as a traceback (exit 1), which systemd restarted into a start-up rejection
(exit 2), the whole bot stopped. Now it is one `DiscordError` line saying what to do;
`DiscordStopped` when the session had been ready, so the run can keep the others going."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import discord
import pytest
from test_discord_platform import make_desk

from whynot.config import Secret, Settings, load_settings
from whynot.platforms.discord import (
    DiscordError,
    DiscordPlatform,
    DiscordStopped,
    WhyNotBot,
    run_discord,
)

TOKEN = "s3cr3t-discord-value"


def close(code: int) -> discord.ConnectionClosed:
    return discord.ConnectionClosed(SimpleNamespace(close_code=code), shard_id=None)


def settings() -> Settings:
    return Settings(secrets={"DISCORD_TOKEN": Secret(TOKEN)})


async def test_a_4004_after_ready_is_one_line_saying_what_to_do(monkeypatch):
    async def start(self, token, *, reconnect=True):
        await self.on_ready()  # the session ran...
        raise close(4004)  # ...then the token was reset

    monkeypatch.setattr(WhyNotBot, "start", start)
    with pytest.raises(DiscordStopped) as caught:
        await run_discord(settings(), make_desk(None, DiscordPlatform()))
    line = str(caught.value)
    assert line.startswith("Discord rejected DISCORD_TOKEN (gateway close 4004"), line
    assert "Reset Token" in line and "restart `bot.py run`" in line
    assert "\n" not in line and TOKEN not in line


@pytest.mark.parametrize("code", [4004, 4013])
async def test_a_close_before_ready_is_a_start_up_error(monkeypatch, code):
    async def start(self, token, *, reconnect=True):
        raise close(code)

    monkeypatch.setattr(WhyNotBot, "start", start)
    with pytest.raises(DiscordError) as caught:
        await run_discord(settings(), make_desk(None, DiscordPlatform()))
    assert not isinstance(caught.value, DiscordStopped)  # the run ends: exit 2
    assert f"gateway close {code}" in str(caught.value) and "\n" not in str(caught.value)


async def test_the_run_gets_a_discord_error_not_a_raw_close(monkeypatch, tmp_path):
    """What `serve` raises is what `run` turns into its one line (DiscordError: exit 2);
    a raw ConnectionClosed was a traceback."""
    from whynot.cli.run import serve

    async def start(self, token, *, reconnect=True):
        raise close(4004)

    monkeypatch.setattr(WhyNotBot, "start", start)
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    loaded = load_settings(config, env={"DISCORD_TOKEN": TOKEN}, dotenv=None)

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    with pytest.raises(DiscordError, match="gateway close 4004"):
        await asyncio.wait_for(serve(loaded, once=False, dry_run=False, sleep=sleep), 30)


async def test_discord_alone_stopped_mid_run_still_ends_the_run(monkeypatch):
    """Nothing else runs: the line ends the run (exit 2) rather than idling."""
    from whynot.platforms.discord.keep import keep_discord

    async def start() -> None:
        raise DiscordStopped("Discord rejected DISCORD_TOKEN (gateway close 4004, ...)")

    with pytest.raises(DiscordStopped):
        await asyncio.wait_for(keep_discord(start, platforms={"discord": object()}), 5)


async def test_discord_stopped_waits_for_a_platform_still_starting_then_ends_without_it(caplog):
    """X still in its start-up backoff may join: the run goes on for it (the line says so)
    until nothing else runs or starts (X refused for good): then the line ends the run."""
    from whynot.platforms.discord.keep import keep_discord

    async def start() -> None:
        raise DiscordStopped("Discord rejected DISCORD_TOKEN (gateway close 4004, ...)")

    starting = [["x"], []]  # X starting at the first line; gone by the hour's check
    hours: list[float] = []

    async def sleep(seconds: float) -> None:
        hours.append(seconds)
        starting.pop(0)

    platforms = {"discord": object()}
    with pytest.raises(DiscordStopped):
        await asyncio.wait_for(keep_discord(start, sleep, platforms, lambda: starting[0]), 5)
    lines = [r.getMessage() for r in caplog.records if "Discord stopped" in r.getMessage()]
    assert len(lines) == 1 and "the run goes on for x once it starts (" in lines[0], lines
    assert len(hours) == 1 and platforms == {}


def test_the_line_tells_the_platforms_running_from_those_still_starting():
    # Before: "the run goes on for x and bluesky once it starts" read as both waiting,
    # though X ran; two still starting read "x, bluesky once they start".
    from whynot.platforms.discord.keep import goes_on_for

    assert goes_on_for(["x"], ["bluesky"]) == "x now, and bluesky once it starts"
    assert goes_on_for(["x"], ["bluesky", "mastodon"]) == (
        "x now, and bluesky and mastodon once they start"
    )
    assert goes_on_for([], ["x", "mastodon"]) == "x and mastodon once they start"
    assert goes_on_for(["x", "mastodon"], []) == "x, mastodon"


async def test_a_sign_in_refused_for_good_is_not_waited_for(tmp_path, caplog, monkeypatch):
    # Before, a side platform's sign-in that had already failed for good (its task done,
    # not yet taken out by the loop) counted as still starting: Discord stopped said "the
    # run goes on for bluesky once it starts", and the run idled an hour before ending.
    from whynot.backoff import WARN_AGAIN
    from whynot.cli.run import serve
    from whynot.config import BlueskySettings
    from whynot.platform import PlatformError
    from whynot.platforms import side

    async def refused(*_: object) -> None:
        raise PlatformError("Bluesky did not accept the handle and app password", False)

    async def stops(*_: object) -> None:
        raise DiscordStopped("Discord rejected DISCORD_TOKEN (gateway close 4004, ...)")

    hours: list[float] = []

    async def sleep(seconds: float) -> None:
        hours.extend([seconds] if seconds == WARN_AGAIN else [])
        await asyncio.sleep(0)

    monkeypatch.setitem(side.STARTERS, "bluesky", refused)
    secrets = {"DISCORD_TOKEN": Secret(TOKEN), "BLUESKY_HANDLE": Secret("owner.bsky.social")}
    secrets["BLUESKY_APP_PASSWORD"] = Secret("app-pass")
    config = Settings(
        db_path=tmp_path / "bot.db", owner_config=None, secrets=secrets,
        bluesky=BlueskySettings(watch_followers=False),
    )  # fmt: skip
    with pytest.raises(DiscordStopped):
        await asyncio.wait_for(
            serve(config, once=False, dry_run=False, discord_runner=stops, sleep=sleep), 10
        )
    said = [r.getMessage() for r in caplog.records if "goes on for" in r.getMessage()]
    assert said == [] and hours == [], said
