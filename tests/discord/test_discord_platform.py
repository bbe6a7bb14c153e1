"""The adapter on its own: a member's messages as scoring posts, send errors as the desk's
transient/permanent SendErrors, the intents asked for, and starting with fewer of them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import discord
import pytest
from discord.ext import commands
from discord.ext.test import backend, factories
from harness import make_bot_user, seed_messages, snowflake

from scoring import build_owner_index
from whynot.config import Secret, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.platform import SendError
from whynot.platforms.discord import (
    DiscordError,
    DiscordPlatform,
    WhyNotBot,
    create_bot,
    identity_of,
    requested_intents,
    run_discord,
)
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer


def platform(world) -> DiscordPlatform:
    return world.desk.platforms["discord"]


def who(member) -> Identity:
    return identity_of(member)


async def test_a_members_messages_become_posts_newest_first(world):
    state = backend.get_state()
    ana_message = factories.make_message_dict(
        world.general, world.ana, content="hello", id_num=snowflake()
    )
    state.parse_message_create(ana_message)
    reply = factories.make_message_dict(
        world.general,
        world.tom,
        content=f"<@{world.ana.id}> look https://a.example/x). and <https://b.example>",
        mentions=[world.ana],
        id_num=snowflake(),
    )
    reply["type"] = 19
    reply["message_reference"] = {"message_id": ana_message["id"], "channel_id": world.general.id}
    reply["referenced_message"] = ana_message
    backend._cur_config.messages[world.general.id] += [ana_message, reply]
    state.parse_message_create(reply)

    account = await platform(world).fetch_account(who(world.tom), 50)
    assert (account.id, account.handle, account.platform) == (str(world.tom.id), "tom", "discord")
    assert account.created_at == world.tom.created_at and account.is_bot_declared is False
    assert len(account.posts) == 21
    newest = account.posts[0]
    assert newest.kind == "reply" and newest.reply_to_handle == "ana"
    assert newest.urls == ("https://a.example/x", "https://b.example")
    assert newest.mentions == ("ana",)
    assert newest.created_at == discord.utils.snowflake_time(reply["id"])
    assert newest.like_count is None and newest.repost_count is None
    times = [p.created_at for p in account.posts]
    assert times == sorted(times, reverse=True)
    assert {p.kind for p in account.posts[1:]} == {"post"}


async def test_reading_is_bounded(world):
    limited = DiscordPlatform(channels_scanned=1, messages_per_channel=5)
    limited.bind(world.bot)
    account = await limited.fetch_account(who(world.tom), 50)
    assert len(account.posts) == 5  # tom's last 5 messages are the channel's last 5
    account = await platform(world).fetch_account(who(world.tom), 3)
    assert [p.text for p in account.posts] == [
        "Long week, proud of the team",
        "Spent the morning answering customer questions",
        "@sam_r thanks for the recommendation",
    ]


async def test_only_the_owners_servers_are_read_when_they_are_listed(world):
    """tom also talks in another community the bot is in; with control_guilds listing the
    owner's server, nothing he said there is judged or quoted here."""
    other = backend.make_guild("other community")
    backend.make_member(world.bot.user, other)  # the bot is in that server too
    lounge = backend.make_text_channel("lounge", other)
    tom_there = backend.make_member(world.tom._user, other)
    now = datetime.now(UTC)
    seed_messages(lounge, tom_there, ["SECRET from the other server"], start=now,
                  step=timedelta(0))  # fmt: skip

    everywhere = await platform(world).fetch_account(who(world.tom), 50)
    assert any("SECRET" in p.text for p in everywhere.posts)
    owners_only = DiscordPlatform(read_guilds=(world.guild.id,))
    owners_only.bind(world.bot)
    account = await owners_only.fetch_account(who(world.tom), 50)
    assert account is not None and account.posts
    assert not any("SECRET" in p.text for p in account.posts)


async def test_bots_strangers_and_nonsense(world, monkeypatch):
    async def unknown_member(guild_id, member_id):  # what Discord says (dpytest crashes)
        raise _http_error(404)

    monkeypatch.setattr(world.bot.http, "get_member", unknown_member)
    robot = backend.make_member(make_bot_user("robot"), world.guild)
    account = await platform(world).fetch_account(who(robot), 10)
    assert account.is_bot_declared is True and account.posts == ()
    assert await platform(world).fetch_account(Identity("discord", "42", "ghost"), 10) is None
    assert await platform(world).fetch_account(Identity("discord", "x", "ghost"), 10) is None


async def test_hidden_content_is_not_judged_as_empty_posts(world):
    now = datetime.now(UTC)
    quiet = world.everyone
    seed_messages(world.general, quiet, [""] * 5, start=now - timedelta(days=1),
                  step=timedelta(hours=1))  # fmt: skip
    assert (await platform(world).fetch_account(who(quiet), 10)).posts == ()


def _http_error(status: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="x")
    kinds = {403: discord.Forbidden, 404: discord.NotFound, 503: discord.DiscordServerError}
    return kinds.get(status, discord.HTTPException)(response, f"status {status}")


@pytest.mark.parametrize(("status", "transient"), [(403, False), (404, False), (429, True),
                                                   (503, True)])  # fmt: skip
async def test_send_errors_say_whether_to_retry(world, monkeypatch, status, transient):
    async def refuse(*args, **kwargs):
        raise _http_error(status)

    monkeypatch.setattr(world.bot.http, "send_message", refuse)
    mention = Mention("discord", "1", who(world.ana), "hi", channel_id=str(world.general.id))
    with pytest.raises(SendError) as error:
        await platform(world).reply(mention, ["an answer"])
    assert error.value.transient is transient and str(status) in str(error.value)


async def test_an_expired_slash_command_is_not_answered_later(world):
    mention = Mention("discord", "slash-1", who(world.ana), "hi", channel_id=str(world.general.id))
    with pytest.raises(SendError) as error:
        await platform(world).reply(mention, ["an answer"])
    assert error.value.transient is False and world.channels.sent == []
    assert await platform(world).already_replied(mention) is None


async def test_already_replied_reads_the_channel(world):
    asked = backend.make_message("why no follow back?", world.ana, world.general)
    mention = Mention(
        "discord", str(asked.id), who(world.ana), "", channel_id=str(world.general.id)
    )
    assert await platform(world).already_replied(mention) == ()
    ours = factories.make_message_dict(world.general, world.bot.user, content="answer")
    ours["message_reference"] = {"message_id": asked.id, "channel_id": world.general.id}
    backend._cur_config.messages[world.general.id].append(ours)
    backend.get_state().parse_message_create(ours)
    assert await platform(world).already_replied(mention) == (str(ours["id"]),)


async def test_lookup(world):
    statuses = await platform(world).lookup([str(world.ana.id), "not-an-id"])
    assert statuses[str(world.ana.id)].status == "active"
    found = statuses[str(world.ana.id)].who
    assert (found.platform, found.id, found.handle) == ("discord", str(world.ana.id), "ana")
    assert statuses["not-an-id"].status == "gone"
    assert (await platform(world).follower_ids(None)).ids == ()
    assert await platform(world).mentions_since(None) == ()


# --- the bot ---------------------------------------------------------------------------
def test_only_the_needed_intents():
    assert requested_intents() == discord.Intents(
        guilds=True, guild_messages=True, members=True, message_content=True
    )
    reduced = requested_intents(message_content=False)
    assert reduced.message_content is False and reduced.members is True


def make_desk(tmp_store=None, discord_platform=None) -> Desk:
    platforms = {"x": MemoryPlatform(owner=Identity("x", "0", "o"), name="x")}
    if discord_platform is not None:
        platforms["discord"] = discord_platform
    return Desk(tmp_store, platforms, ReplyRenderer(), build_owner_index(None), Settings())


async def test_create_bot_needs_the_discord_platform():
    with pytest.raises(DiscordError):
        create_bot(make_desk())
    assert isinstance(create_bot(make_desk(None, DiscordPlatform()), sharded=True),
                      commands.AutoShardedBot)  # fmt: skip


async def test_without_message_content_it_starts_reduced_and_says_so_once(caplog):
    caplog.set_level(logging.INFO, "whynot.platforms.discord")
    discord_platform = DiscordPlatform()
    bot = create_bot(make_desk(None, discord_platform), intents=requested_intents(
        message_content=False))  # fmt: skip
    await bot.on_ready()
    await bot.on_ready()  # a reconnect
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "message content intent not granted" in warnings[0].getMessage()
    assert "developer portal" in warnings[0].getMessage()
    assert discord_platform.reads_content is False


async def test_run_discord_falls_back_when_intents_are_refused(monkeypatch, caplog):
    tried = []

    async def start(self, token, *, reconnect=True):
        tried.append((self.intents.members, self.intents.message_content, token))
        if self.intents.message_content:
            raise discord.PrivilegedIntentsRequired(0)

    monkeypatch.setattr(WhyNotBot, "start", start)
    settings = Settings(secrets={"DISCORD_TOKEN": Secret("tok")})
    await run_discord(settings, make_desk(None, DiscordPlatform()))
    assert tried == [(True, True, "tok"), (True, False, "tok")]
    assert "tok" not in caplog.text


async def test_run_discord_errors_are_clear(monkeypatch):
    with pytest.raises(DiscordError, match="DISCORD_TOKEN is not set"):
        await run_discord(Settings(), make_desk(None, DiscordPlatform()))

    async def start(self, token, *, reconnect=True):
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(WhyNotBot, "start", start)
    settings = Settings(secrets={"DISCORD_TOKEN": Secret("tok")})
    with pytest.raises(DiscordError, match="Discord rejected DISCORD_TOKEN"):
        await run_discord(settings, make_desk(None, DiscordPlatform()))


def test_only_channels_everyone_can_read_are_judged_and_quoted():
    from whynot.platforms.discord.platform import _readable_channels

    me, everyone = object(), object()

    def channel(name, bot_reads=True, everyone_reads=True):
        def permissions_for(who):
            reads = bot_reads if who is me else everyone_reads
            return SimpleNamespace(read_messages=reads, read_message_history=reads)

        return SimpleNamespace(name=name, permissions_for=permissions_for)

    guild = SimpleNamespace(
        me=me,
        default_role=everyone,
        text_channels=[
            channel("general"),
            channel("staff", everyone_reads=False),
            channel("hidden-from-bot", bot_reads=False),
        ],
    )
    assert [c.name for c in _readable_channels(guild)] == ["general"]


async def test_a_message_over_discords_2000_characters_is_never_sent(world):
    # Second line of defence behind the renderer's fitting. Discord's API refuses message
    # content over 2,000 characters (docs: Create Message, content); say so, do not retry.
    mention = Mention("discord", "1", who(world.ana), "hi", channel_id=str(world.general.id))
    with pytest.raises(SendError) as error:
        await platform(world).reply(mention, ["x" * 2001])
    assert error.value.transient is False and world.channels.sent == []
    await platform(world).reply(mention, ["x" * 2000])
    assert len(world.channels.sent) == 1
