"""A member asks in a channel where the bot may read but not post (a big server's
announcement or rules channel, a permission overwrite on its role). Discord refuses with
403 Missing Permissions; before, the reason the owner read was only "Discord 403: Missing
Permissions", naming neither the channel nor the fix. Now it names both."""

from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from whynot.models import Mention
from whynot.platform import SendError
from whynot.platforms.discord import identity_of


def forbidden() -> discord.Forbidden:
    response = SimpleNamespace(status=403, reason="Forbidden")
    return discord.Forbidden(response, {"code": 50013, "message": "Missing Permissions"})


async def test_a_refused_post_names_the_channel_and_the_permissions(world, monkeypatch):
    async def refuse(*args, **kwargs):
        raise forbidden()

    monkeypatch.setattr(world.bot.http, "send_message", refuse)
    mention = Mention(
        "discord", "1", identity_of(world.ana), "hi", channel_id=str(world.general.id)
    )
    with pytest.raises(SendError) as error:
        await world.desk.platforms["discord"].reply(mention, ["an answer"])
    said = str(error.value)
    assert error.value.transient is False and "403" in said
    assert f"#{world.general.name}" in said
    assert "Send Messages" in said and "Read Message History" in said
