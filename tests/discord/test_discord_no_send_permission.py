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
from whynot.platforms.discord.common import permission_fix


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


def refusal(code: int, message: str) -> discord.Forbidden:
    response = SimpleNamespace(status=403, reason="Forbidden")
    return discord.Forbidden(response, {"code": code, "message": message})


def test_a_thread_names_its_channel_and_the_thread_permission(world):
    # In a thread the missing permission is the parent's "Send Messages in Threads":
    # a thread has no "Edit Channel > Permissions" of its own.
    thread = discord.Thread(
        guild=world.guild,
        state=world.guild._state,
        data={
            "id": 998877, "guild_id": world.guild.id, "parent_id": world.general.id,
            "owner_id": world.ana.id, "name": "help-me", "type": 11, "message_count": 0,
            "member_count": 0, "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False, "auto_archive_duration": 60, "locked": False,
                "archive_timestamp": "2026-12-01T00:00:00+00:00",
            },
        },
    )  # fmt: skip
    said = permission_fix(refusal(50013, "Missing Permissions"), thread, "Send Messages")
    assert "thread help-me" in said and "Send Messages in Threads" in said
    assert f"#{world.general.name} > Edit Channel > Permissions" in said


def test_a_refusal_that_is_not_a_permission_gets_no_permission_advice(world):
    # 50007: Discord will not deliver to that user; no role setting mends it.
    assert permission_fix(refusal(50007, "Cannot send messages"), world.general, "x") == ""
    assert "Send Messages" in permission_fix(
        refusal(50001, "Missing Access"), world.general, "Send Messages"
    )
