"""Who may do what: the moderator and admin checks (real checks, behind the hidden
default permissions), and the command tree's one error handler for every slash command."""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord
from discord import app_commands

from whynot.platforms.discord.common import (
    GuildConfig,
    NotModerator,
    T,
    UserFacingError,
    actor_of,
    respond,
)

log = logging.getLogger(__name__)


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
    from whynot.platforms.discord.bot import WhyNotBot  # here: the bot imports these checks

    bot = interaction.client
    assert isinstance(bot, WhyNotBot)
    control = bot.desk.settings.discord.control_guilds
    if control and interaction.guild_id not in control:
        # Decisions apply on every platform: only the owner's own servers may make them.
        log.warning(
            "refused %s to %s in server %s: not a control server",
            _what(interaction),
            actor_of(interaction.user),
            interaction.guild_id,
        )
        raise NotModerator("a moderator of the owner's own server")
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
