"""The bot that hosts the cogs (`WhyNotBot`, `create_bot`) with its command tree's one error
handler (`WhyNotTree`), running it with fallbacks for refused intents (`run_discord`), and
publishing its slash commands (`sync_commands`).

The cogs are found by walking the `cogs` package (`extensions`, as python-discord's bot
does with `walk_extensions`): a new module there with a `setup` is loaded, no list to keep."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

import cogs
from scoring import build_owner_index
from whynot.config import Settings
from whynot.desk import Desk
from whynot.moderation import ModerationService, OverrideChange
from whynot.platforms.discord.common import (
    INTENT_FALLBACKS,
    NAME,
    NO_PINGS,
    DiscordError,
    DiscordStopped,
    GuildConfig,
    NotModerator,
    UserFacingError,
    actor_of,
    command_name,
    respond,
    words,
)
from whynot.platforms.discord.platform import (
    DiscordPlatform,
)
from whynot.platforms.discord.translator import TemplatesTranslator
from whynot.replies import ReplyRenderer
from whynot.store import Store

log = logging.getLogger(__name__)
# The bot never joins a voice channel: discord.py's "PyNaCl is not installed, voice will
# NOT be supported" (and its davey twin) at every start would only alarm the owner.
discord.VoiceClient.warn_nacl = False
if hasattr(discord.VoiceClient, "warn_dave"):
    discord.VoiceClient.warn_dave = False


# --- the cogs and the tree ------------------------------------------------------------
def extensions() -> tuple[str, ...]:
    """Every extension of the `cogs` package, by name: modules (and packages with a `setup`)
    whose name does not start with "_". `cogs.whynot`, the bot's own command, loads (and is
    listed) first; the others by name."""

    def on_error(name: str) -> NoReturn:
        raise ImportError(name=name)

    found = []
    for module in pkgutil.walk_packages(cogs.__path__, f"{cogs.__name__}.", onerror=on_error):
        if module.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        if module.ispkg:
            package = importlib.import_module(module.name)
            if not inspect.isfunction(getattr(package, "setup", None)):
                continue
        found.append(module.name)
    return tuple(sorted(found, key=lambda name: (name != f"{cogs.__name__}.whynot", name)))


class WhyNotTree(app_commands.CommandTree):
    """One error handler for every slash command: refusals and mistakes are answered
    privately in one line, in the member's language (`templates/<lang>/discord/`); anything
    else is logged and the user told so. A moderator check's refusal stays in English."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        bot = self.client
        assert isinstance(bot, WhyNotBot)
        renderer, locale = bot.desk.renderer, interaction.locale
        if isinstance(error, UserFacingError):
            message = error.text(renderer, locale)
        elif isinstance(error, NotModerator):
            message = str(error)
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = words(renderer, locale, "slow_down", seconds=f"{error.retry_after:.0f}")
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = words(renderer, locale, "server_only")
        elif isinstance(error, app_commands.TransformerError):  # "user", "channel", "role"
            message = words(renderer, locale, "not_found", kind=error.type.name.lower())
        else:
            log.error("command %s failed", command_name(interaction), exc_info=error)
            message = words(renderer, locale, "went_wrong")
        try:
            await respond(interaction, message)
        except discord.HTTPException:
            log.warning("could not tell %s about an error", actor_of(interaction.user))


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
        # Decisions from /override and the feed's buttons; each is announced in the feed.
        self.moderation = ModerationService(desk.store, desk.clock, [self._override_changed])
        self._renderers: dict[str, ReplyRenderer] = {desk.renderer.tone: desk.renderer}
        # Read on every event and before an interaction is acknowledged (Discord allows
        # 3 s), so kept in memory; this process is their only writer (set_guild_setting).
        self._guild_configs: dict[int, GuildConfig] = {}
        self._announced = False
        platform.bind(self)

    @property
    def store(self) -> Store:
        return self.desk.store

    def _override_changed(self, change: OverrideChange) -> None:
        self.dispatch("whynot_override", change)

    async def setup_hook(self) -> None:
        # The commands' descriptions in each language of templates/, sent when they are synced
        await self.tree.set_translator(TemplatesTranslator(self.desk))
        for extension in extensions():
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
        config = self._guild_configs.get(guild_id)
        if config is None:
            config = GuildConfig.from_store(await self.store.guilds.settings(str(guild_id)))
            self._guild_configs[guild_id] = config
        return config

    async def set_guild_setting(
        self, guild_id: int, key: str, value: str | None, actor: str
    ) -> None:
        """Change one setting (written to the moderation log) and drop the kept copy."""
        try:
            await self.store.guilds.set(str(guild_id), key, value, actor, self.desk.clock())
        finally:
            self._guild_configs.pop(guild_id, None)

    def renderer(self, tone: str | None) -> ReplyRenderer:
        tone = tone or self.desk.renderer.tone
        if tone not in self._renderers:
            self._renderers[tone] = ReplyRenderer(
                tone,
                self.desk.renderer.templates,
                self.desk.renderer.offer_review,
                self.desk.renderer.x_posts,
                self.desk.renderer.varieties,
            )
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


def start_fault(exc: BaseException) -> str | None:
    """Why Discord could not start, when that is worth trying again later (a connection
    error, a gateway or server fault); None for any other error. A refusal (a 4xx) is
    raised as `DiscordError`: trying again would not help."""
    if isinstance(exc, DiscordError):
        return None
    if isinstance(exc, OSError | aiohttp.ClientError | TimeoutError | discord.GatewayNotFound):
        return str(exc) or type(exc).__name__
    if isinstance(exc, discord.HTTPException):
        if exc.status < 500:
            raise DiscordError(f"Discord refused the bot: {exc}") from None
        return str(exc)
    return None


# The gateway's closes discord.py does not reconnect after (4014 is PrivilegedIntentsRequired).
CLOSES = {
    4004: "authentication failed: the token was reset or revoked",
    4010: "invalid shard",
    4011: "sharding required",
    4012: "invalid API version",
    4013: "invalid intents",
}
NEW_TOKEN = (
    "put a new token (developer portal, Bot > Reset Token) in DISCORD_TOKEN in .env, then "
    "restart `bot.py run`"
)

SYNC_NEW_TOKEN = (
    "copy the token again (developer portal, Bot > Reset Token) into DISCORD_TOKEN in .env, "
    "then run `bot.py sync-commands` again"
)


def closed(exc: discord.ConnectionClosed, ready: bool) -> DiscordError:
    """A gateway close as one line saying what to do: `DiscordStopped` when the bot had been
    ready (the session ran, then ended), `DiscordError` at start-up."""
    what = CLOSES.get(exc.code, exc.reason or "closed")
    if exc.code == 4004:
        line = f"Discord rejected DISCORD_TOKEN (gateway close 4004, {what}); {NEW_TOKEN}"
    else:
        line = (
            f"Discord closed the connection (gateway close {exc.code}, {what}); restart "
            "`bot.py run`, and report this line if it comes back"
        )
    return DiscordStopped(line) if ready else DiscordError(line)


async def run_discord(settings: Settings, desk: Desk, *, sharded: bool = True) -> None:
    """Run the Discord bot until it is closed. If Discord refuses the privileged intents
    (not enabled in the developer portal), start again with fewer; the features lost are
    logged once when the bot is ready. Raises `DiscordError` for a missing or rejected
    token, or when even the reduced bot cannot connect; `DiscordStopped` when the gateway
    closes a session that was ready (a token reset while it ran: close 4004)."""
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
            raise DiscordError(f"Discord rejected DISCORD_TOKEN; {NEW_TOKEN}") from None
        except discord.ConnectionClosed as exc:  # a close it cannot reconnect after
            raise closed(exc, bot._announced) from None
    raise DiscordError("Discord refused to connect even without privileged intents")


async def sync_commands(
    settings: Settings, guild_id: int | None, varieties: Mapping[str, str] | None = None
) -> list[str]:
    """Publish the slash commands (explicitly, never on start): log in over HTTP only (no
    gateway, no intents), load the cogs over a throwaway store, sync, and return the
    synced names; `varieties`: the owner file's (pt-PT descriptions for Portuguese).
    Every failure is a DiscordError saying what to fix."""
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
                store,
                {NAME: DiscordPlatform()},
                ReplyRenderer(varieties=varieties),
                build_owner_index(None),
                settings,
            )
            bot = create_bot(desk, intents=discord.Intents.none())
            async with bot:
                await bot.login(secret.reveal())  # also runs setup_hook: loads the cogs
                guild = discord.Object(guild_id) if guild_id is not None else None
                if guild is not None:
                    bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
        except discord.LoginFailure:  # a typo, or a token reset since: say the fix
            raise DiscordError(f"Discord rejected DISCORD_TOKEN; {SYNC_NEW_TOKEN}") from None
        except discord.Forbidden:
            raise DiscordError(
                f"Discord refused the sync for {where}: is the bot in it, invited with the "
                "applications.commands scope?"
            ) from None
        except discord.HTTPException as exc:
            raise DiscordError(f"Discord refused the sync: {exc.status} {exc.text}") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise DiscordError(
                f"cannot reach Discord ({exc}): check this machine's network, then run "
                "`bot.py sync-commands` again"
            ) from None
        finally:
            await store.close()
    return [c.name for c in synced]
