"""Discord's token reset while the bot runs (the gateway closes with 4004) stops Discord
alone: X keeps answering, and one error line says what to do. Before, the close left
`run_discord` raw, ended `serve` (X with it) and reached `bot.py run` as a traceback;
systemd's restart then met the rejected token at start-up (exit 2) and the whole bot
stayed down until the owner came."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import SimpleNamespace

import discord

from tests.x.conftest import SECRETS, just_now, tweet
from tests.x.test_run_once import world
from whynot.config import load_settings
from whynot.platforms.discord import WhyNotBot


class Stop(Exception):
    pass


def answered(fake, mention: str) -> bool:
    return any(p["reply"]["in_reply_to_tweet_id"] == mention for p in fake.posted)


async def test_a_discord_token_reset_mid_run_leaves_x_answering(
    fake_x, tmp_path, caplog, monkeypatch
):
    from whynot.backoff import WARN_AGAIN as STOPPED_EVERY
    from whynot.cli.run import serve

    world(fake_x)
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    env = {k: v.reveal() for k, v in SECRETS.items()}
    env |= {"DISCORD_TOKEN": "discord-token", "WHYNOT_X_API_BASE": fake_x.base}
    settings = load_settings(config, env=env, dotenv=None)
    ran = asyncio.Event()  # Discord ran while X answered its first question

    async def start(self, token, *, reconnect=True):
        await self.on_ready()
        await ran.wait()
        raise discord.ConnectionClosed(SimpleNamespace(close_code=4004), shard_id=None)

    monkeypatch.setattr(WhyNotBot, "start", start)
    hourly: list[float] = []

    async def sleep(seconds: float) -> None:
        if seconds == STOPPED_EVERY:  # the stopped line's hour: the test does not wait it
            hourly.append(seconds)
            await asyncio.Event().wait()
        if answered(fake_x, "5001"):
            ran.set()
        if hourly and not fake_x.mentions[1:]:  # Discord is down: a new asker on X
            fake_x.users["502"] = {**fake_x.users["501"], "id": "502", "username": "promo_paul"}
            fake_x.tweets["502"] = fake_x.tweets["501"]
            fake_x.mentions.append(
                tweet(5_002, "502", "@fsalas why no follow back?", created_at=just_now())
            )
        if answered(fake_x, "5002"):
            raise Stop
        await asyncio.sleep(0)

    caplog.set_level(logging.INFO, logger="whynot.run")
    with contextlib.suppress(Stop):
        await asyncio.wait_for(serve(settings, once=False, dry_run=False, sleep=sleep), 60)
    assert answered(fake_x, "5002")  # X answered after Discord stopped
    stopped = [r for r in caplog.records if "Discord stopped" in r.getMessage()]
    assert len(stopped) == 1 and stopped[0].levelno == logging.ERROR
    line = stopped[0].getMessage()
    assert "gateway close 4004" in line and "restart `bot.py run`" in line, line
    assert "the run goes on for x (" in line and "\n" not in line and "discord-token" not in line
    assert all(r.exc_info is None for r in caplog.records)


async def test_discord_stopped_before_x_has_started_leaves_the_run_waiting_for_x(
    fake_x, tmp_path, caplog, monkeypatch
):
    # Before, Discord's token reset ended the whole run when no other platform had joined
    # yet, though X, unreachable at start and in its start-up backoff, was about to.
    from tests.x.fake_x import Fault
    from whynot.backoff import WARN_AGAIN as STOPPED_EVERY
    from whynot.backoff import startup_delay
    from whynot.cli.run import serve

    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(503)]  # X's first start-up attempt
    monkeypatch.setattr("whynot.cli.run.STARTUP_FIRST_WAIT", 0.05)  # not 35 s of a test
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    env = {k: v.reveal() for k, v in SECRETS.items()}
    env |= {"DISCORD_TOKEN": "discord-token", "WHYNOT_X_API_BASE": fake_x.base}
    settings = load_settings(config, env=env, dotenv=None)

    async def start(self, token, *, reconnect=True):
        await self.on_ready()
        raise discord.ConnectionClosed(SimpleNamespace(close_code=4004), shard_id=None)

    monkeypatch.setattr(WhyNotBot, "start", start)
    said_stopped = asyncio.Event()

    async def sleep(seconds: float) -> None:
        if seconds == STOPPED_EVERY:  # the stopped line's hour: the test does not wait it
            said_stopped.set()
            await asyncio.Event().wait()
        if seconds == startup_delay(1):  # X's backoff ends once Discord has stopped
            await said_stopped.wait()
        if answered(fake_x, "5001"):
            raise Stop
        await asyncio.sleep(0)

    caplog.set_level(logging.INFO, logger="whynot.run")
    with contextlib.suppress(Stop):
        await asyncio.wait_for(serve(settings, once=False, dry_run=False, sleep=sleep), 60)
    assert answered(fake_x, "5001")  # X joined after Discord stopped, and answered
    stopped = [r for r in caplog.records if "Discord stopped" in r.getMessage()]
    assert len(stopped) == 1 and stopped[0].levelno == logging.ERROR
    line = stopped[0].getMessage()
    assert "gateway close 4004" in line and "the run goes on for x once it starts" in line, line
    assert "\n" not in line and "discord-token" not in line
