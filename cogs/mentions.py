"""Mentions: a server message that mentions the bot (its user or its managed role) or
replies to one of its messages goes to the desk, which answers in that channel as a reply
when the message reads as one of the questions the bot answers. Other bots (webhooks
included) and the bot itself are ignored before anything is recorded
(`whynot.platforms.discord.asked`). Each time the bot becomes ready (started, or
reconnected without a RESUME) it first reads what was asked while it was away
(`whynot.platforms.discord.catchup`), given to the desk the same way.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from whynot.platforms.discord import WhyNotBot
from whynot.platforms.discord.asked import answer, mention_of
from whynot.platforms.discord.catchup import Listening


class Mentions(commands.Cog):
    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot
        self.listening = Listening(bot)

    async def cog_unload(self) -> None:
        self.listening.stop()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        await self.listening.ready()  # its own task: live messages are not held up

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self.listening.resumed()

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        self.listening.disconnected()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or (mention := mention_of(message, me)) is None:
            return
        await answer(self.bot, message, mention)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(Mentions(bot))
