"""A whole Discord world per test: the real bot and cogs over a real desk and SQLite store,
dpytest's fake server (#general and #team-feed; members ana, rosa, tom and one named
"@everyone"), a MemoryPlatform as X, and recorders for what the bot sends."""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import discord
import discord.ext.test as dpytest
import discord.interactions
import discord.webhook.async_
import pytest
from factories import CHATTY, Clock, account, posts
from harness import ChannelLog, RecordingAdapter, seed_messages

from scoring import Account, build_owner_index
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity
from whynot.platforms.discord import DiscordPlatform, WhyNotBot, create_bot, requested_intents
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store

X_OWNER = Identity("x", "0", "owner", "The Owner")
PROMO = account(
    "promo",
    posts=posts([f"Deal {i}: https://shop.example/{i}" for i in range(20)], source="IFTTT"),
    followers_count=40,
    following_count=3000,
)
MANAGE = discord.Permissions(manage_guild=True)
MEMBER = discord.Permissions(send_messages=True, read_messages=True)


class XPlatform(MemoryPlatform):
    """MemoryPlatform as X; an identity known only by handle (id "", as `/whynot
    handle:` sends it) is looked up by handle, as the X adapter does."""

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        if not who.id:
            found = [a for a in self.accounts.values() if a.handle.lower() == who.handle.lower()]
            if not found:
                return None
            who = Identity("x", found[0].id, found[0].handle)
        return await super().fetch_account(who, max_posts)


@dataclass
class World:
    bot: WhyNotBot
    desk: Desk
    store: Store
    x: XPlatform
    clock: Clock
    guild: discord.Guild
    general: discord.TextChannel
    feed: discord.TextChannel
    ana: discord.Member  # posts nothing but shop links here
    rosa: discord.Member  # the moderator
    tom: discord.Member  # chats like a person
    everyone: discord.Member  # a member named "@everyone"
    responses: RecordingAdapter
    channels: ChannelLog


# One for every test's desk: a renderer builds each language's templates on first use and
# keeps nothing else, and a desk only renders with it (a test wanting other templates sets
# `world.desk.renderer`); a new one per test built them again.
RENDERER = ReplyRenderer()


@pytest.fixture
async def world(tmp_path, monkeypatch):
    responses = RecordingAdapter()
    recorder: ContextVar = ContextVar("recorded_webhooks", default=responses)
    monkeypatch.setattr(discord.webhook.async_, "async_context", recorder)
    monkeypatch.setattr(discord.interactions, "async_context", recorder)

    store = await Store.open(tmp_path / "whynot.db")
    clock = Clock(time.time())
    x = XPlatform(owner=X_OWNER, name="x", reply_format="x", accounts={PROMO.id: PROMO})
    desk = Desk(
        store,
        {"x": x, "discord": DiscordPlatform()},
        RENDERER,
        build_owner_index(None),
        Settings(),
        clock=clock,
    )
    bot = create_bot(desk, intents=requested_intents())
    await bot._async_setup_hook()
    dpytest.configure(
        bot, text_channels=["general", "team-feed"], members=["ana", "rosa", "tom", "@everyone"]
    )
    await bot.setup_hook()  # after configure: dpytest replaces the connection state
    config = dpytest.get_config()
    guild = config.guilds[0]
    general, feed = config.channels[0], config.channels[1]
    ana, rosa, tom, everyone = config.members
    now = datetime.fromtimestamp(clock.now, UTC)
    seed_messages(
        general,
        ana,
        [f"Deal {i}: https://shop.example/{i} buy now" for i in range(20)],
        start=now - timedelta(days=7),
        step=timedelta(hours=7),
    )
    seed_messages(general, tom, CHATTY, start=now - timedelta(days=9), step=timedelta(hours=9))
    # dpytest fails on the history of a channel that never had a message; Discord does not
    seed_messages(feed, rosa, ["Team feed"], start=now - timedelta(days=30), step=timedelta(0))
    world = World(
        bot,
        desk,
        store,
        x,
        clock,
        guild,
        general,
        feed,
        ana,
        rosa,
        tom,
        everyone,
        responses,
        ChannelLog(bot),
    )
    yield world
    await dpytest.empty_queue()
    await store.close()
