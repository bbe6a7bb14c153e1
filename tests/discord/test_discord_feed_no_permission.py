"""The team's feed channel where the bot may not post (its role lost Send Messages there,
a channel made private after the bot was set up). Before, the owner's log said
"could not post to the feed channel 1234...: 403 Forbidden (error code: 50013): Missing
Permissions", a number and no fix, at every post. Now it names the channel and what to
give."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import discord
from test_discord_feed import ASK, X_PROMO, with_feed

from whynot.models import Mention


async def test_a_refused_feed_post_names_the_channel_and_the_fix(world, monkeypatch, caplog):
    await with_feed(world)
    real = world.bot.http.send_message

    async def refuse_in_feed(channel_id, *args, **kwargs):
        if int(channel_id) == world.feed.id:
            response = SimpleNamespace(status=403, reason="Forbidden")
            raise discord.Forbidden(response, {"code": 50013, "message": "Missing Permissions"})
        return await real(channel_id, *args, **kwargs)

    monkeypatch.setattr(world.bot.http, "send_message", refuse_in_feed)
    caplog.set_level(logging.WARNING)
    await world.desk.handle(Mention("x", "1", X_PROMO, ASK))
    [line] = [r.getMessage() for r in caplog.records if "feed channel" in r.getMessage()]
    assert f"#{world.feed.name}" in line
    assert "Send Messages" in line and "Embed Links" in line
