"""The Discord adapter: `DiscordPlatform` (the `Platform` the desk talks to), the bot that
hosts the cogs (`WhyNotBot`, `create_bot`, `run_discord`), and what the cogs share: who a
Discord user is to the core (`identity_of`), per-server settings (`GuildConfig`), the
moderator check, and one error handler for every slash command.

How a member is judged here: from what they post in the servers they share with the bot.
Their recent messages in the text channels the bot can read (channel history, newest
first, bounded by `CHANNELS_SCANNED` x `MESSAGES_PER_CHANNEL`) become scoring posts (text,
time, reply or not, links, mentions; Discord has no likes or followers), plus the
account's age and its bot flag. The desk caches the snapshot in the store.

Safety: every message the bot sends defaults to pinging nobody (`NO_PINGS`); a reply to a
question may ping its asker only (`ONLY_ASKER`); user text is escaped by the renderer or
`escape_discord` before it is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from scoring import Account, Post, build_owner_index
from whynot.config import Settings
from whynot.desk import Desk
from whynot.handles import PLATFORM_LABELS, clean_handle
from whynot.models import Identity, Mention
from whynot.platform import AccountStatus, FollowerPage, PlatformError, SendError
from whynot.replies import DISCORD_LIMIT, TONES, ReplyRenderer, escape_discord
from whynot.store import Store

log = logging.getLogger(__name__)

NAME = "discord"
EXTENSIONS = ("cogs.whynot", "cogs.mentions", "cogs.moderation", "cogs.feed", "cogs.settings")
CHANNELS_SCANNED = 12  # most recently active readable channels read per member
MESSAGES_PER_CHANNEL = 200  # two history pages per channel
SLASH_PREFIX = "slash-"  # message ids of /whynot answers; they cannot be replied to later
ONLY_ASKER = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=True)
NO_PINGS = discord.AllowedMentions.none()
_URL = re.compile(r"https?://[^\s<>|]+")
_URL_TRAILER = ".,;:!?)]}'\""
# Discord usernames (lower-case, 2-32) and X handles (1-15): what an override can be keyed by.

# (members, message content) tried in turn when Discord refuses a privileged intent (it
# does not say which one); what is lost is logged once, when the bot is ready.
INTENT_FALLBACKS = ((True, True), (True, False), (False, True), (False, False))

T = TypeVar("T")


class DiscordError(RuntimeError):
    """The Discord side cannot start (no token, token rejected, gateway refused)."""


# --- errors users see --------------------------------------------------------------------
class UserFacingError(app_commands.AppCommandError):
    """A mistake or refusal to show the user as it is (ephemeral), not a bug."""


class NotModerator(app_commands.CheckFailure):
    def __init__(self, need: str = "Manage Server or this server's moderator role") -> None:
        super().__init__(f"Only members with {need} can do that.")


# --- who is who ----------------------------------------------------------------------
def identity_of(user: discord.abc.User) -> Identity:
    """A Discord user as the core knows them: keyed by id, handle = the unique username."""
    return Identity(NAME, str(user.id), user.name, user.display_name, user.bot)


def actor_of(user: discord.abc.User) -> str:
    """How a moderator is named in the audit log: username and id (names can change)."""
    return f"{user.name} ({user.id})"


def target_of(
    interaction: discord.Interaction,
    user: discord.abc.User | None,
    handle: str | None,
    platform: str,
    *,
    default_self: bool = False,
    need_member: bool = False,
) -> Identity:
    """The account a command is about: a member picked with `user:`, or `handle:` on
    `platform:` (a Discord handle is looked up among this server's members), or the
    caller. An account elsewhere has no known id: its Identity.id is ""."""
    if user is not None and handle:
        raise UserFacingError("Give either a member or a handle, not both.")
    if user is not None:
        return identity_of(user)
    if handle:
        label = PLATFORM_LABELS.get(platform, platform)
        name = clean_handle(platform, handle)
        if name is None:
            raise UserFacingError(f"“{escape_discord(handle)}” is not a valid {label} handle.")
        if platform == NAME:
            guild = interaction.guild
            member = guild.get_member_named(name) if guild is not None else None
            if member is not None:
                return identity_of(member)
            if need_member:
                raise UserFacingError(f"There is no member called {escape_discord(name)} here.")
        return Identity(platform, "", name, name)
    if default_self:
        return identity_of(interaction.user)
    raise UserFacingError("Name a member (user:) or an account (handle:).")


def describe(who: Identity) -> str:
    """ "X account @promo", escaped for Discord markdown."""
    label = PLATFORM_LABELS.get(who.platform, who.platform)
    return f"{label} account @{escape_discord(who.handle)}"


def fit_lines(header: str, lines: Sequence[str], limit: int = DISCORD_LIMIT) -> str:
    """Header and as many whole lines as fit in one message, then "…and N more"."""
    text = header
    for i, line in enumerate(lines):
        more = f"\n…and {len(lines) - i} more"
        if len(text) + 1 + len(line) + len(more) > limit:
            return text + more
        text += "\n" + line
    return text


@dataclass(frozen=True, slots=True)
class OverrideChange:
    """Dispatched as the "whynot_override" event after a moderator decision from Discord,
    for the feed."""

    guild_id: int | None
    actor: str
    target: Identity
    decision: str  # "approve", "deny" or "reset"
    reason: str


# --- per-server settings ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GuildConfig:
    """One server's settings (store keys: feed_channel, moderator_role, tone,
    cooldown_hours, public_answers); None means "use the bot's default"."""

    feed_channel_id: int | None = None
    moderator_role_id: int | None = None
    tone: str | None = None
    cooldown_hours: float | None = None
    public_answers: bool = False  # /whynot about oneself answered in public

    @classmethod
    def from_store(cls, values: Mapping[str, str]) -> GuildConfig:
        def number(key: str, kind: Callable[[str], T]) -> T | None:
            raw = values.get(key)
            if raw is None:
                return None
            try:
                return kind(raw)
            except ValueError:
                log.warning("ignoring unreadable server setting %s=%r", key, raw)
                return None

        tone = values.get("tone")
        return cls(
            feed_channel_id=number("feed_channel", int),
            moderator_role_id=number("moderator_role", int),
            tone=tone if tone in TONES else None,
            cooldown_hours=number("cooldown_hours", float),
            public_answers=values.get("public_answers") == "on",
        )


async def respond(
    interaction: discord.Interaction, content: str, *, ephemeral: bool = True, **kwargs: Any
) -> None:
    """Answer whether or not the interaction was already responded to (deferred)."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)


def is_moderator(
    user: discord.abc.User, permissions: discord.Permissions, config: GuildConfig
) -> bool:
    if permissions.manage_guild or permissions.administrator:
        return True
    role = config.moderator_role_id
    return role is not None and isinstance(user, discord.Member) and user.get_role(role) is not None


async def require_moderator(interaction: discord.Interaction) -> None:
    """Manage Server or the configured moderator role, else `NotModerator` (logged).
    `default_permissions` only hides commands; server admins can re-grant them to anyone,
    so this check is what actually guards overrides."""
    bot = interaction.client
    assert isinstance(bot, WhyNotBot)
    config = await bot.guild_config(interaction.guild_id)
    if is_moderator(interaction.user, interaction.permissions, config):
        return
    log.warning(
        "refused %s to %s in server %s: not a moderator",
        _what(interaction),
        actor_of(interaction.user),
        interaction.guild_id,
    )
    raise NotModerator()


async def require_admin(interaction: discord.Interaction) -> None:
    """Manage Server, or the bot's owner (the application owner or team)."""
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return
    if await interaction.client.is_owner(interaction.user):  # type: ignore[attr-defined]
        return
    log.warning(
        "refused %s to %s in server %s: not an admin",
        _what(interaction),
        actor_of(interaction.user),
        interaction.guild_id,
    )
    raise NotModerator("Manage Server")


def moderator_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        await require_moderator(interaction)
        return True

    return app_commands.check(predicate)


def admin_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        await require_admin(interaction)
        return True

    return app_commands.check(predicate)


def _what(interaction: discord.Interaction) -> str:
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    custom_id = (interaction.data or {}).get("custom_id", "?")
    return f"component {custom_id}"


class WhyNotTree(app_commands.CommandTree):
    """One error handler for every slash command: refusals and mistakes are answered
    privately in one line; anything else is logged and the user told so."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, UserFacingError | NotModerator):
            message = str(error)
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "This works in a server, not in direct messages."
        elif isinstance(error, app_commands.TransformerError):
            message = f"I could not find that {error.type.name.lower()} here."
        else:
            log.error("command %s failed", _what(interaction), exc_info=error)
            message = "Something went wrong on my side; the bot's logs have the details."
        try:
            await respond(interaction, message)
        except discord.HTTPException:
            log.warning("could not tell %s about an error", actor_of(interaction.user))


# --- the platform --------------------------------------------------------------------
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
    ) -> None:
        self.channels_scanned = channels_scanned
        self.messages_per_channel = messages_per_channel
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
            channels = [c for m in members for c in _readable_channels(m.guild)]
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
                # questions to the bot are not what the member posts in the server
                if message.author.id == user_id and not (me and me in message.mentions):
                    found.append(message)
        except discord.HTTPException as exc:  # lost access meanwhile, or Discord hiccup
            log.info("skipped #%s while reading history: %s", channel.name, exc)
        return found

    # --- answering -----------------------------------------------------------------
    async def reply(self, to: Mention, posts: Sequence[str]) -> Sequence[str]:
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
        channel = await self._channel(to.channel_id)
        reference = discord.MessageReference(
            message_id=int(to.id), channel_id=channel.id, fail_if_not_exists=False
        )
        return await _send(
            lambda text, first: channel.send(
                text, reference=reference if first else None, allowed_mentions=ONLY_ASKER
            ),
            posts,
        )

    async def _channel(self, channel_id: str | None) -> discord.abc.Messageable:
        if channel_id is None:
            raise SendError("no channel to reply in", transient=False)
        bot = self.bot
        channel = bot.get_channel(int(channel_id))
        if channel is None:
            try:
                channel = await bot.fetch_channel(int(channel_id))
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

    async def already_replied(self, to: Mention) -> bool | None:
        """Looks for our reply among the next messages of the channel; None when it cannot
        tell (a /whynot answer, an unreadable channel, or too many messages since)."""
        if to.id.startswith(SLASH_PREFIX) or self._bot is None or self._bot.user is None:
            return None
        limit = 100
        try:
            channel = await self._channel(to.channel_id)
            seen = 0
            async for message in channel.history(after=discord.Object(int(to.id)), limit=limit):
                seen += 1
                reference = message.reference
                if (
                    message.author.id == self._bot.user.id
                    and reference is not None
                    and reference.message_id == int(to.id)
                ):
                    return True
        except (discord.HTTPException, SendError):
            return None
        return False if seen < limit else None

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

    async def mentions_since(self, since_id: str | None) -> Sequence[Mention]:
        # Discord pushes messages: the mentions cog hands each one to the desk on arrival.
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
    me = guild.me
    return [
        c
        for c in guild.text_channels
        if (p := c.permissions_for(me)).read_messages and p.read_message_history
    ]


def to_post(message: discord.Message) -> Post | None:
    """A message in the scoring schema, or None when there is nothing to read (content
    hidden without the message content intent, or a sticker alone)."""
    text = message.content
    if not text and not message.attachments and not message.embeds:
        return None
    kind = "post"
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


async def _send(send: Callable[[str, bool], Any], posts: Sequence[str]) -> list[str]:
    ids: list[str] = []
    for i, text in enumerate(posts):
        try:
            message = await send(text, i == 0)
        except discord.HTTPException as exc:
            raise _send_error(exc) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"network: {exc}", transient=True) from None
        ids.append(str(message.id))
    return ids


def _send_error(exc: discord.HTTPException) -> SendError:
    transient = exc.status == 429 or exc.status >= 500
    return SendError(f"Discord {exc.status}: {exc.text or exc}", transient=transient)


# --- the bot -------------------------------------------------------------------------
def requested_intents(*, members: bool = True, message_content: bool = True) -> discord.Intents:
    """Only what the bot uses: servers and their channels (the cache), server messages
    (to hear mentions), members (to find and judge them) and message content (to read
    what they post). The last two are privileged: enable them in the developer portal."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.members = members
    intents.message_content = message_content
    return intents


class WhyNotBot(commands.Bot):
    """Hosts the cogs. No prefix commands: a mention of the bot is a question for the
    desk (the mentions cog), and everything else is a slash command."""

    def __init__(self, desk: Desk, platform: DiscordPlatform, *, intents: discord.Intents) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=NO_PINGS,
            tree_cls=WhyNotTree,
        )
        self.desk = desk
        self.platform = platform
        self._renderers: dict[str, ReplyRenderer] = {desk.renderer.tone: desk.renderer}
        self._announced = False
        platform.bind(self)

    @property
    def store(self) -> Store:
        return self.desk.store

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def on_message(self, message: discord.Message) -> None:
        return  # the mentions cog listens; there are no prefix commands to process

    async def on_ready(self) -> None:
        if self._announced:
            return
        self._announced = True
        lost = []
        if not self.intents.message_content:
            lost.append(
                "message content intent not granted: members are judged only from messages "
                "that mention the bot, so most answers say 'not reviewed yet'"
            )
        if not self.intents.members:
            lost.append("server members intent not granted: members are looked up one by one")
        if lost:
            log.warning(
                "Discord: reduced features (%s); enable them in the developer portal, "
                "Bot > Privileged Gateway Intents",
                "; ".join(lost),
            )
        log.info("Discord: ready as %s in %d server(s)", self.user, len(self.guilds))

    async def guild_config(self, guild_id: int | None) -> GuildConfig:
        if guild_id is None:
            return GuildConfig()
        return GuildConfig.from_store(await self.store.guild_settings(str(guild_id)))

    def renderer(self, tone: str | None) -> ReplyRenderer:
        tone = tone or self.desk.renderer.tone
        if tone not in self._renderers:
            self._renderers[tone] = ReplyRenderer(tone, self.desk.renderer.templates)
        return self._renderers[tone]

    def desk_for(self, config: GuildConfig) -> Desk:
        """The desk as this server set it up (tone, cooldown). `dataclasses.replace` makes
        a view sharing the store, platforms, listeners and verdict cache (init fields
        passed by reference); only the renderer and the reply settings differ."""
        desk = self.desk
        if config.tone in (None, desk.renderer.tone) and config.cooldown_hours is None:
            return desk
        settings = desk.settings
        if config.cooldown_hours is not None:
            settings = replace(
                settings, replies=replace(settings.replies, cooldown_hours=config.cooldown_hours)
            )
        return replace(desk, renderer=self.renderer(config.tone), settings=settings)


class ShardedWhyNotBot(WhyNotBot, commands.AutoShardedBot):
    """The same bot over discord.py's automatic sharding (for large servers)."""


def create_bot(
    desk: Desk, *, intents: discord.Intents | None = None, sharded: bool = False
) -> WhyNotBot:
    """The bot over `desk`, whose platforms must hold a `DiscordPlatform` as "discord"."""
    platform = desk.platforms.get(NAME)
    if not isinstance(platform, DiscordPlatform):
        raise DiscordError('the desk needs a DiscordPlatform under platforms["discord"]')
    cls = ShardedWhyNotBot if sharded else WhyNotBot
    return cls(desk, platform, intents=intents or requested_intents())


async def run_discord(settings: Settings, desk: Desk, *, sharded: bool = True) -> None:
    """Run the Discord bot until it is closed. If Discord refuses the privileged intents
    (not enabled in the developer portal), start again with fewer; the features lost are
    logged once when the bot is ready. Raises `DiscordError` for a missing or rejected
    token, or when even the reduced bot cannot connect."""
    secret = settings.secrets.get("DISCORD_TOKEN")
    if not secret:
        raise DiscordError("DISCORD_TOKEN is not set (environment or .env)")
    for members, content in INTENT_FALLBACKS:
        bot = create_bot(
            desk,
            intents=requested_intents(members=members, message_content=content),
            sharded=sharded,
        )
        try:
            async with bot:
                await bot.start(secret.reveal())
            return
        except discord.PrivilegedIntentsRequired:
            log.debug("Discord refused intents members=%s message_content=%s", members, content)
        except discord.LoginFailure:
            raise DiscordError("Discord rejected DISCORD_TOKEN") from None
    raise DiscordError("Discord refused to connect even without privileged intents")


async def sync_commands(settings: Settings, guild_id: int | None) -> list[str]:
    """Publish the slash commands (explicitly, never on start): log in over HTTP only (no
    gateway, no intents), load the cogs over a throwaway store, sync, and return the
    synced names. Every failure is a DiscordError saying what to fix."""
    secret = settings.secrets.get("DISCORD_TOKEN")
    if not secret:
        raise DiscordError(
            "DISCORD_TOKEN is not set: put the bot's token in the environment or in .env"
        )
    where = f"server {guild_id}" if guild_id is not None else "every server"
    with tempfile.TemporaryDirectory(prefix="whynot-sync-") as tmp:
        store = await Store.open(Path(tmp) / "sync.db")
        try:
            desk = Desk(
                store, {NAME: DiscordPlatform()}, ReplyRenderer(), build_owner_index(None), settings
            )
            bot = create_bot(desk, intents=discord.Intents.none())
            async with bot:
                await bot.login(secret.reveal())  # also runs setup_hook: loads the cogs
                guild = discord.Object(guild_id) if guild_id is not None else None
                if guild is not None:
                    bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
        except discord.LoginFailure:
            raise DiscordError("Discord rejected DISCORD_TOKEN") from None
        except discord.Forbidden:
            raise DiscordError(
                f"Discord refused the sync for {where}: is the bot in it, invited with the "
                "applications.commands scope?"
            ) from None
        except discord.HTTPException as exc:
            raise DiscordError(f"Discord refused the sync: {exc.status} {exc.text}") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise DiscordError(f"cannot reach Discord: {exc}") from None
        finally:
            await store.close()
    return [c.name for c in synced]
