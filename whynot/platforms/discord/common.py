"""What the Discord side shares: constants (what may be pinged), the errors users see and
the words members are told in their language (`templates/<lang>/discord/`), who a Discord
user is to the core, per-server settings, and one way to answer."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
from discord import app_commands

from whynot.handles import PLATFORM_LABELS, clean_handle, split_target
from whynot.models import Identity
from whynot.replies import TONES, ReplyRenderer, escape_discord
from whynot.threads import DISCORD_LIMIT

log = logging.getLogger(__name__)

NAME = "discord"
CHANNELS_SCANNED = 12  # most recently active readable channels read per member
MESSAGES_PER_CHANNEL = 200  # two history pages per channel
SLASH_PREFIX = "slash-"  # message ids of /whynot answers; they cannot be replied to later
ONLY_ASKER = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=True)
NO_PINGS = discord.AllowedMentions.none()

# (members, message content) tried in turn when Discord refuses a privileged intent (it
# does not say which one); what is lost is logged once, when the bot is ready.
INTENT_FALLBACKS = ((True, True), (True, False), (False, True), (False, False))

T = TypeVar("T")


class DiscordError(RuntimeError):
    """The Discord side cannot start (no token, token rejected, gateway refused)."""


class DiscordStopped(DiscordError):
    """Discord ended a session that had been ready (its token reset or revoked while the
    bot ran: gateway close 4004): the run goes on for the other platforms."""


# --- words members see ---------------------------------------------------------------
# What the bot tells a member lives in templates/<lang>/discord/, one file a message (named
# for what it says), in the member's Discord locale; English where a language has no file.
WORDS = "discord"


def language_of(locale: discord.Locale | str, languages: tuple[str, ...]) -> str:
    """The templates language for a Discord locale ("es-419" is "es"), else English."""
    full = str(locale)
    return next((lang for lang in (full, full.split("-")[0]) if lang in languages), "en")


def words(
    renderer: ReplyRenderer, locale: discord.Locale | str, name: str, /, **values: object
) -> str:
    """`templates/<lang>/discord/<name>.j2` in the language of `locale`, its values escaped
    for Discord (names, handles and error texts are shown as typed, never as markdown)."""
    language = language_of(locale, renderer.languages)
    return renderer.line(f"{WORDS}/{name}", platform=NAME, language=language, **values)


# --- errors users see --------------------------------------------------------------------
class UserFacingError(app_commands.AppCommandError):
    """A mistake or refusal to show the user (ephemeral), not a bug. `UserFacingError.said
    (name, **values)`: the words of `templates/<lang>/discord/<name>.j2`, told in the
    member's language by the tree's error handler; else the text given, as it is (the
    moderator-only commands' words, in English)."""

    def __init__(
        self, text: str = "", *, name: str = "", values: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(text or f"{WORDS}/{name}")  # the template's name, for the logs
        self.name, self.values = name, dict(values or {})

    @classmethod
    def said(cls, name: str, /, **values: object) -> UserFacingError:
        return cls(name=name, values=values)

    def text(self, renderer: ReplyRenderer, locale: discord.Locale | str) -> str:
        """What the member is told: the template in their language, or the text given."""
        return words(renderer, locale, self.name, **self.values) if self.name else str(self)


class NotModerator(app_commands.CheckFailure):
    def __init__(self, need: str = "Manage Server or this server's moderator role") -> None:
        super().__init__(f"Only members with {need} can do that.")


# --- who is who ----------------------------------------------------------------------
def identity_of(user: discord.abc.User) -> Identity:
    """A Discord user as the core knows them: keyed by id, handle = the unique username."""
    return Identity(NAME, str(user.id), user.name, user.display_name, user.bot)


def addressed_to(message: discord.Message, me: discord.abc.User) -> bool:
    """Whether a message asks the bot: it mentions the bot's user or its managed role, or
    replies to one of its messages (with the reply's ping on or off). The mentions cog hands
    these to the desk; the platform never judges a member on them."""
    if any(u.id == me.id for u in message.mentions):
        return True
    if any(r.tags is not None and r.tags.bot_id == me.id for r in message.role_mentions):
        return True  # people often pick the bot's role from the @ menu
    reference = message.reference
    if reference is not None and isinstance(reference.resolved, discord.Message):
        return reference.resolved.author.id == me.id
    return False


def actor_of(user: discord.abc.User) -> str:
    """How a moderator is named in the moderation log: username and id (names can change)."""
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
        raise UserFacingError.said("member_or_handle")
    if user is not None:
        return identity_of(user)
    if handle:
        platform, handle = split_target(handle, platform)  # "bluesky:ana.bsky.social"
        label = PLATFORM_LABELS.get(platform, platform)
        name = clean_handle(platform, handle)
        if name is None:
            raise UserFacingError.said("bad_handle", handle=handle, label=label)
        if platform == NAME:
            guild = interaction.guild
            member = guild.get_member_named(name) if guild is not None else None
            if member is not None:
                return identity_of(member)
            if need_member:
                raise UserFacingError.said("no_such_member", name=name)
        return Identity(platform, "", name, name)
    if default_self:
        return identity_of(interaction.user)
    raise UserFacingError.said("name_someone")


def describe(who: Identity) -> str:
    """ "X account @promo", escaped for Discord markdown."""
    label = PLATFORM_LABELS.get(who.platform, who.platform)
    return f"{label} account @{escape_discord(who.handle)}"


def command_name(interaction: discord.Interaction) -> str:
    """What was used, for the logs: "/override set", or a button's custom id."""
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    custom_id = interaction.data.get("custom_id", "?") if interaction.data else "?"
    return f"component {custom_id}"


def fit_lines(header: str, lines: Sequence[str], limit: int = DISCORD_LIMIT) -> str:
    """Header and as many whole lines as fit in one message, then "…and N more"."""
    text = header
    for i, line in enumerate(lines):
        more = f"\n…and {len(lines) - i} more"
        if len(text) + 1 + len(line) + len(more) > limit:
            return text + more
        text += "\n" + line
    return text


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


async def acknowledge(interaction: discord.Interaction) -> None:
    """Tell Discord "working on it" at once (it allows 3 s for a first answer, and the
    store may be busy with another task's transaction); `respond` then sends the answer."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)


async def respond(
    interaction: discord.Interaction, content: str, *, ephemeral: bool = True, **kwargs: Any
) -> None:
    """Answer whether or not the interaction was already responded to (deferred)."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)


# Discord's codes for a refusal the owner can mend with a permission: Missing Access,
# Missing Permissions. Other 403s (the bot kicked, a member blocking DMs...) are not that.
PERMISSION_CODES = frozenset({50001, 50013})


def permission_fix(exc: discord.HTTPException, channel: object, needed: str) -> str:
    """What to give the bot's role where Discord refused a post for want of a permission
    ("; ..."), or "" for any other refusal. In a thread, the permission is the parent
    channel's "Send Messages in Threads", set on that channel."""
    if exc.status != 403 or exc.code not in PERMISSION_CODES:
        return ""
    if isinstance(channel, discord.Thread):
        parent = f"#{channel.parent.name}" if channel.parent else "its channel"
        return (
            f"; the bot may not post in the thread {channel.name}: give its role Send "
            f"Messages in Threads and Read Message History in {parent} ({parent} > Edit "
            "Channel > Permissions)"
        )
    name = getattr(channel, "name", None)
    if not name:
        return ""
    return (
        f"; the bot may not post in #{name}: give its role {needed} there (#{name} > Edit "
        "Channel > Permissions)"
    )
