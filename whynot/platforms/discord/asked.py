"""A server message asking the bot, one way for every path that finds one: `mention_of`
(the `Mention` the desk reads, or None when the message does not ask the bot) and `answer`
(it to the desk of its server). The mentions cog gives each live message to them, and the
catch-up after a break (`whynot.platforms.discord.catchup`) each one posted meanwhile."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord

from whynot.models import Mention, Outcome, ReplyState
from whynot.platforms.discord.common import NAME, addressed_to, identity_of

if TYPE_CHECKING:
    from whynot.platforms.discord.bot import WhyNotBot

log = logging.getLogger(__name__)


def mention_of(message: discord.Message, me: discord.abc.User) -> Mention | None:
    """The question a server message puts to the bot (it mentions the bot's user or its
    managed role, or replies to one of its messages: `addressed_to`), or None: not in a
    server, not addressed to the bot, or written by a bot, a webhook or the bot itself
    (ignored before anything is recorded)."""
    if message.guild is None:
        return None
    if message.author.bot or message.webhook_id is not None or message.author.id == me.id:
        return None
    if not addressed_to(message, me):
        return None
    reference = message.reference
    return Mention(
        NAME,
        str(message.id),
        identity_of(message.author),
        without_mentions_of(message, me),
        created_at=message.created_at.timestamp(),
        channel_id=str(message.channel.id),
        # a reply to one of our answers may ask for a person's review (whynot.reviews)
        reply_to=str(reference.message_id)
        if reference is not None and reference.message_id
        else None,
    )


def without_mentions_of(message: discord.Message, me: discord.abc.User) -> str:
    """The text with the bot's own mentions removed, so the desk reads only the question."""
    roles = [r.id for r in message.role_mentions if r.tags is not None and r.tags.bot_id == me.id]
    pattern = rf"<@!?{me.id}>" + "".join(rf"|<@&{r}>" for r in roles)
    return " ".join(re.sub(pattern, " ", message.content).split())


async def answer(
    bot: WhyNotBot,
    message: discord.Message,
    mention: Mention,
    *,
    skip: str = "",
    first_poll: bool = False,
) -> Outcome:
    """`mention` (of `message`) to the desk as its server set it up (tone, cooldown);
    `skip`: why it is recorded as skipped instead, unanswered (asked too long ago, read
    after a long break), as `Desk.poll` records one; `first_poll`: read on the very first
    start, so answered only when no reply of ours is found under it."""
    assert message.guild is not None  # mention_of: server messages only
    desk = bot.desk_for(await bot.guild_config(message.guild.id))
    if skip:
        outcome = Outcome(mention, ReplyState.SKIPPED, reason=skip)
        if not desk.dry_run:
            await desk.store.messages.record_skip(mention, "", "en", skip, desk.clock())
    else:
        outcome = await desk.handle(mention, first_poll=first_poll)
    log.info(
        "message %s from %s: %s%s",
        message.id,
        message.author.id,
        outcome.state,
        f" ({outcome.reason})" if outcome.reason else "",
    )
    return outcome
