"""`/whynot-config`: admins set the feed channel, moderator role, tone, cooldown and public
answers (stored and audited); moderators may look; everyone else is refused."""

from __future__ import annotations

import discord.ext.test as dpytest
from conftest import MANAGE, MEMBER
from discord.ext.test import backend
from harness import slash

ASK = "why didn't you follow me back?"


async def config(world, member, sub, permissions=MANAGE, **options):
    await slash(world.bot, member, world.general, f"whynot-config {sub}", permissions, **options)
    return world.responses.last()


async def test_show_the_defaults(world):
    shown = await config(world, world.rosa, "show")
    assert shown["flags"] == 64 and shown["allowed_mentions"] == {"parse": []}
    assert shown["content"].splitlines() == [
        "**whynot settings for this server**",
        "Feed channel: off",
        "Moderator role: none (Manage Server only)",
        "Tone: polite (default)",
        "Cooldown: 24 hours (default)",
        "Answers to /whynot about oneself: private",
        "Reading members' messages: yes",
    ]


async def test_admins_set_everything_and_it_is_stored_and_audited(world):
    role = backend.make_role("mods", world.guild)
    assert (await config(world, world.rosa, "feed", channel=world.feed))["content"] == (
        f"Feed channel: <#{world.feed.id}>."
    )
    await config(world, world.rosa, "moderator-role", role=role)
    await config(world, world.rosa, "tone", tone="letter")
    await config(world, world.rosa, "cooldown", hours=0.5)
    await config(world, world.rosa, "public-answers", enabled=True)
    assert await world.store.guilds.settings(str(world.guild.id)) == {
        "feed_channel": str(world.feed.id),
        "moderator_role": str(role.id),
        "tone": "letter",
        "cooldown_hours": "0.5",
        "public_answers": "on",
    }
    audit = await world.store.moderation.history()
    assert [(e.action, e.actor, e.source) for e in audit] == [
        ("config", f"rosa ({world.rosa.id})", "discord")
    ] * 5
    shown = (await config(world, world.rosa, "show"))["content"]
    assert f"Feed channel: <#{world.feed.id}>" in shown and f"<@&{role.id}>" in shown
    assert "Tone: letter" in shown and "Cooldown: 0.5 hours" in shown and "public" in shown

    await config(world, world.rosa, "feed")
    await config(world, world.rosa, "tone", tone="default")
    settings = await world.store.guilds.settings(str(world.guild.id))
    assert "feed_channel" not in settings and "tone" not in settings


async def test_members_are_refused_moderators_may_only_look(world):
    refused = await config(world, world.tom, "feed", MEMBER, channel=world.feed)
    assert refused["content"] == "Only members with Manage Server can do that."
    role = backend.make_role("mods", world.guild)
    await dpytest.add_role(world.tom, role)
    await world.store.guilds.set(str(world.guild.id), "moderator_role", str(role.id), "t", 0)
    assert (await config(world, world.tom, "show", MEMBER))["content"].startswith("**whynot")
    refused = await config(world, world.tom, "tone", MEMBER, tone="letter")
    assert refused["content"] == "Only members with Manage Server can do that."
    assert "tone" not in await world.store.guilds.settings(str(world.guild.id))


async def test_the_tone_and_cooldown_change_the_answers_in_this_server(world):
    await config(world, world.rosa, "feed", channel=world.feed)
    await config(world, world.rosa, "tone", tone="letter")
    await config(world, world.rosa, "cooldown", hours=0)
    me = world.bot.user.id
    await dpytest.message(f"<@{me}> {ASK}", world.general, world.ana)
    world.clock.now += 60
    await dpytest.message(f"<@{me}> follow me back?", world.general, world.ana)
    first, second = world.channels.to(world.general)
    assert "I do NOT do automatic follow backs" in first.content  # the letter's voice
    assert "automated robot posting mere promotional links" in first.content
    assert "automatic follow backs" in second.content  # no cooldown here
    assert world.bot.desk.renderer.tone == "polite"  # the bot's default is untouched
    assert len(world.channels.to(world.feed)) == 2  # the feed still hears this server's desk


async def test_the_moderator_role_cannot_be_everyone(world):
    refused = await config(world, world.rosa, "moderator-role", role=world.guild.default_role)
    assert refused["content"] == "@everyone cannot be the moderator role."
    assert await world.store.guilds.settings(str(world.guild.id)) == {}


async def test_a_change_shows_at_once_though_settings_are_kept_in_memory(world):
    assert "Tone: polite (default)" in (await config(world, world.rosa, "show"))["content"]
    await config(world, world.rosa, "tone", tone="letter")
    assert "Tone: letter" in (await config(world, world.rosa, "show"))["content"]
    await config(world, world.rosa, "public-answers", enabled=True)
    await slash(world.bot, world.tom, world.general, "whynot")
    deferred, answer = world.responses.sent()[-2:]
    assert deferred == {"type": 5}  # public now: no ephemeral flag
    assert answer.get("flags", 0) & 64 == 0
