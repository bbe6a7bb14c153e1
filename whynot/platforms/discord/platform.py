"""`DiscordPlatform`: the `Platform` the desk talks to. A member is judged from what they
post in the servers they share with the bot: their recent messages in the text channels
the bot can read (newest first, bounded by `CHANNELS_SCANNED` x `MESSAGES_PER_CHANNEL`)
become scoring posts, plus the account's age and its bot flag."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from scoring import Account, Post
from scoring.models import PostKind
from whynot.models import Identity, Mention
from whynot.platform import AccountStatus, FollowerPage, PlatformError, SendError
from whynot.platforms.discord.common import (
    CHANNELS_SCANNED,
    MESSAGES_PER_CHANNEL,
    NAME,
    NO_PINGS,
    ONLY_ASKER,
    SLASH_PREFIX,
    addressed_to,
    identity_of,
    permission_fix,
)
from whynot.threads import DISCORD_LIMIT

log = logging.getLogger(__name__)
_URL = re.compile(r"https?://[^\s<>|]+")
_URL_TRAILER = ".,;:!?)]}'\""


@dataclass(slots=True)
class _PendingAnswer:
    interaction: discord.Interaction
    ephemeral: bool


class DiscordPlatform:
    """`whynot.platform.Platform` for Discord. Build it first, put it in the desk's
    platforms as "discord", then `create_bot(desk)` binds it to the bot."""

    name = NAME
    reply_format = "discord"

    def __init__(
        self,
        channels_scanned: int = CHANNELS_SCANNED,
        messages_per_channel: int = MESSAGES_PER_CHANNEL,
        read_guilds: tuple[int, ...] = (),
    ) -> None:
        self.channels_scanned = channels_scanned
        self.messages_per_channel = messages_per_channel
        # Servers whose channels a member is judged (and quoted) from: the owner's own
        # (`[discord] control_guilds`), so what someone said in another community never
        # shows up here. Empty: every server the bot is in.
        self.read_guilds = frozenset(read_guilds)
        self._bot: commands.Bot | None = None
        self._answers: dict[str, _PendingAnswer] = {}

    def bind(self, bot: commands.Bot) -> None:
        self._bot = bot

    @property
    def bot(self) -> commands.Bot:
        if self._bot is None:
            raise SendError("the Discord bot is not running", transient=True)
        return self._bot

    @property
    def reads_content(self) -> bool:
        return self._bot is not None and self._bot.intents.message_content

    @contextlib.contextmanager
    def answering(
        self, mention_id: str, interaction: discord.Interaction, ephemeral: bool
    ) -> Iterator[None]:
        """While the desk handles a /whynot (mention id `slash-<interaction id>`), its
        reply goes to that interaction (which the cog has deferred)."""
        self._answers[mention_id] = _PendingAnswer(interaction, ephemeral)
        try:
            yield
        finally:
            self._answers.pop(mention_id, None)

    async def me(self) -> Identity:
        user = self.bot.user
        if user is None:
            raise SendError("the Discord bot is not logged in yet", transient=True)
        return identity_of(user)

    # --- reading a member ----------------------------------------------------------------
    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        try:
            user_id = int(who.id)
        except ValueError:
            return None
        bot = self.bot
        members = [m for g in bot.guilds if (m := await _member(g, user_id)) is not None]
        if not members:
            return None
        posts: list[Post] = []
        if max_posts > 0:
            channels = [
                c
                for m in members
                if not self.read_guilds or m.guild.id in self.read_guilds
                for c in _readable_channels(m.guild)
            ]
            channels.sort(key=lambda c: c.last_message_id or 0, reverse=True)
            found = await asyncio.gather(
                *(self._scan(c, user_id) for c in channels[: self.channels_scanned])
            )
            messages = sorted((m for batch in found for m in batch), key=lambda m: m.id)
            posts = [p for m in reversed(messages) if (p := to_post(m)) is not None][:max_posts]
        user = members[0]
        return Account(
            id=str(user.id),
            handle=user.name,
            platform=NAME,
            display_name=user.display_name,
            created_at=user.created_at,
            is_bot_declared=user.bot,
            posts=tuple(posts),
        )

    async def _scan(self, channel: discord.TextChannel, user_id: int) -> list[discord.Message]:
        me = self.bot.user
        found: list[discord.Message] = []
        try:
            async for message in channel.history(limit=self.messages_per_channel):
                # questions to the bot (this one among them) are not what the member
                # posts in the server: a reply to the bot, ping off, or to its role too
                if message.author.id == user_id and not (me and addressed_to(message, me)):
                    found.append(message)
        except discord.HTTPException as exc:  # lost access meanwhile, or Discord hiccup
            log.info("skipped #%s while reading history: %s", channel.name, exc)
        return found

    # --- answering -----------------------------------------------------------------
    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:  # one message, never a thread: `under` is never given
        if any(len(p) > DISCORD_LIMIT for p in posts):
            raise SendError("reply longer than Discord allows", transient=False)
        if to.id.startswith(SLASH_PREFIX):
            pending = self._answers.get(to.id)
            if pending is None:
                raise SendError("the /whynot command expired before its answer", transient=False)
            return await _send(
                lambda text, first: pending.interaction.followup.send(
                    text, ephemeral=pending.ephemeral, allowed_mentions=NO_PINGS, wait=True
                ),
                posts,
            )
        channel_id = _channel_id(to)
        channel = await self._channel(channel_id)
        reference = discord.MessageReference(
            message_id=int(to.id), channel_id=channel_id, fail_if_not_exists=False
        )
        return await _send(
            lambda text, first: (
                channel.send(text, reference=reference, allowed_mentions=ONLY_ASKER)
                if first
                else channel.send(text, allowed_mentions=ONLY_ASKER)
            ),
            posts,
            channel,
        )

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        bot = self.bot
        channel = bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise _send_error(exc) from None
        if not isinstance(channel, discord.abc.Messageable):
            raise SendError(f"channel {channel_id} takes no messages", transient=False)
        return channel

    async def direct_message(self, to: Identity, text: str) -> bool:
        bot = self.bot
        try:
            user = bot.get_user(int(to.id)) or await bot.fetch_user(int(to.id))
            await user.send(text, allowed_mentions=NO_PINGS)
        except (discord.HTTPException, ValueError) as exc:
            log.info("no direct message to %s: %s", to.handle, exc)
            return False
        return True

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        """Looks for our reply among the next messages of the channel; None when it cannot
        tell (a /whynot answer, an unreadable channel, or too many messages since). Its one
        id is the whole reply: a Discord reply is one message (`threads._pack_discord`,
        pinned by tests/test_replies.py and tests/test_reply_limits.py)."""
        if to.id.startswith(SLASH_PREFIX) or self._bot is None or self._bot.user is None:
            return None
        limit = 100
        try:
            channel = await self._channel(_channel_id(to))
            seen = 0
            async for message in channel.history(after=discord.Object(int(to.id)), limit=limit):
                seen += 1
                reference = message.reference
                if (
                    message.author.id == self._bot.user.id
                    and reference is not None
                    and reference.message_id == int(to.id)
                ):
                    return (str(message.id),)
        except (discord.HTTPException, SendError):
            return None
        return () if seen < limit else None

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        statuses: dict[str, AccountStatus] = {}
        for raw in ids[:100]:
            try:
                user = self.bot.get_user(int(raw)) or await self.bot.fetch_user(int(raw))
            except (ValueError, discord.NotFound):
                statuses[raw] = AccountStatus("gone")
                continue
            except discord.HTTPException as exc:
                raise PlatformError(f"Discord {exc.status}: {exc.text or exc}") from None
            statuses[raw] = AccountStatus("active", identity_of(user))
        return statuses

    async def identify(self, who: Identity) -> Identity:
        return who  # messages arrive with their authors' handles and names

    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        # Discord pushes messages: the mentions cog hands each one to the desk on arrival,
        # and what was posted while the bot was away when it is ready again (catchup).
        return ()

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        return FollowerPage((), None)  # Discord has no followers


async def _member(guild: discord.Guild, user_id: int) -> discord.Member | None:
    member = guild.get_member(user_id)
    if member is not None or guild.chunked:
        return member
    try:  # without the members intent the cache is partial: ask Discord
        return await guild.fetch_member(user_id)
    except discord.HTTPException:
        return None


def _readable_channels(guild: discord.Guild) -> list[discord.TextChannel]:
    """Channels whose messages may be judged and quoted as evidence: the bot can read their
    history, and so can everyone in the server. A staff-only channel is never read, so an
    answer can never show a member what was said where they cannot look."""
    me = guild.me
    everyone = guild.default_role
    return [
        c
        for c in guild.text_channels
        if (p := c.permissions_for(me)).read_messages
        and p.read_message_history
        and c.permissions_for(everyone).read_messages
    ]


def to_post(message: discord.Message) -> Post | None:
    """A message in the scoring schema, or None when there is nothing to read (content
    hidden without the message content intent, or a sticker alone)."""
    text = message.content
    if not text and not message.attachments and not message.embeds:
        return None
    kind: PostKind = "post"
    reply_to = None
    if message.type is discord.MessageType.reply and message.reference is not None:
        kind = "reply"
        resolved = message.reference.resolved
        if isinstance(resolved, discord.Message):
            reply_to = resolved.author.name
    urls = tuple(u.rstrip(_URL_TRAILER) for u in _URL.findall(text))
    return Post(
        text=text,
        kind=kind,
        id=str(message.id),
        created_at=message.created_at,
        reply_to_handle=reply_to,
        urls=urls,
        mentions=tuple(u.name for u in message.mentions),
    )


async def _send(
    send: Callable[[str, bool], Any], posts: Sequence[str], channel: object = None
) -> list[str]:
    ids: list[str] = []
    for i, text in enumerate(posts):
        try:
            message = await send(text, i == 0)
        except discord.HTTPException as exc:
            raise _send_error(exc, channel) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"network: {exc}", transient=True) from None
        ids.append(str(message.id))
    return ids


def _channel_id(to: Mention) -> int:
    """The channel a mention was written in; SendError when it names none."""
    if to.channel_id is None:
        raise SendError("no channel to reply in", transient=False)
    return int(to.channel_id)


def _send_error(exc: discord.HTTPException, channel: object = None) -> SendError:
    """`channel`: where the post was refused; a missing permission there is one the owner
    can give (`permission_fix`)."""
    transient = exc.status == 429 or exc.status >= 500
    said = f"Discord {exc.status}: {exc.text or exc}"
    said += permission_fix(exc, channel, "View Channel, Send Messages and Read Message History")
    return SendError(said, transient=transient)
