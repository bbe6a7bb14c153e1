"""Mentions: a server message that mentions the bot (its user or its managed role) or
replies to one of its messages goes to the desk, which answers in that channel as a reply
when the message reads as one of the questions the bot answers. Other bots (webhooks
included) and the bot itself are ignored before anything is recorded.
"""

from __future__ import annotations

import logging
import re

import discord
from discord.ext import commands

from whynot.models import Mention
from whynot.platforms.discord import NAME, WhyNotBot, identity_of
from whynot.platforms.discord.common import addressed_to

log = logging.getLogger(__name__)


class Mentions(commands.Cog):
    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.guild is None:
            return
        if message.author.bot or message.webhook_id is not None or message.author.id == me.id:
            return
        if not addressed_to(message, me):
            return
        mention = Mention(
            NAME,
            str(message.id),
            identity_of(message.author),
            without_mentions_of(message, me),
            created_at=message.created_at.timestamp(),
            channel_id=str(message.channel.id),
            # a reply to one of our answers may ask for a person's review (whynot.reviews)
            reply_to=str(message.reference.message_id)
            if message.reference is not None and message.reference.message_id
            else None,
        )
        config = await self.bot.guild_config(message.guild.id)
        outcome = await self.bot.desk_for(config).handle(mention)
        log.info(
            "message %s from %s: %s%s",
            message.id,
            message.author.id,
            outcome.state,
            f" ({outcome.reason})" if outcome.reason else "",
        )


def without_mentions_of(message: discord.Message, me: discord.ClientUser) -> str:
    """The text with the bot's own mentions removed, so the desk reads only the question."""
    roles = [r.id for r in message.role_mentions if r.tags is not None and r.tags.bot_id == me.id]
    pattern = rf"<@!?{me.id}>" + "".join(rf"|<@&{r}>" for r in roles)
    return " ".join(re.sub(pattern, " ", message.content).split())


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(Mentions(bot))
