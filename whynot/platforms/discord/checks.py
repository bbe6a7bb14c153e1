"""Who may do what: the moderator and admin checks (real checks, behind the hidden
default permissions). They never import the bot (only its type, for the checker): the
bot imports nothing from here either, and the tree's error handler lives with the bot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from whynot.platforms.discord.common import (
    GuildConfig,
    NotModerator,
    T,
    actor_of,
    command_name,
)

if TYPE_CHECKING:
    from whynot.platforms.discord.bot import WhyNotBot

log = logging.getLogger(__name__)


def is_moderator(
    user: discord.abc.User, permissions: discord.Permissions, config: GuildConfig
) -> bool:
    if permissions.manage_guild or permissions.administrator:
        return True
    role = config.moderator_role_id
    return role is not None and isinstance(user, discord.Member) and user.get_role(role) is not None


async def require_moderator(interaction: discord.Interaction) -> None:
    """Manage Server, the configured moderator role or the bot's owner (who may set the
    moderator role, `require_admin`), else `NotModerator` (logged). `default_permissions`
    only hides commands; server admins can re-grant them to anyone, so this check is what
    actually guards overrides."""
    bot = cast("WhyNotBot", interaction.client)  # the only client these commands run in
    control = bot.desk.settings.discord.control_guilds
    if control and interaction.guild_id not in control:
        # Decisions apply on every platform: only the owner's own servers may make them.
        log.warning(
            "refused %s to %s in server %s: not a control server",
            command_name(interaction),
            actor_of(interaction.user),
            interaction.guild_id,
        )
        raise NotModerator("a moderator of the owner's own server")
    config = await bot.guild_config(interaction.guild_id)
    if is_moderator(interaction.user, interaction.permissions, config):
        return
    if await bot.is_owner(interaction.user):
        return
    log.warning(
        "refused %s to %s in server %s: not a moderator",
        command_name(interaction),
        actor_of(interaction.user),
        interaction.guild_id,
    )
    raise NotModerator()


async def require_admin(interaction: discord.Interaction) -> None:
    """Manage Server, or the bot's owner (the application owner or team)."""
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return
    bot = cast("WhyNotBot", interaction.client)  # the only client these commands run in
    if await bot.is_owner(interaction.user):
        return
    log.warning(
        "refused %s to %s in server %s: not an admin",
        command_name(interaction),
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
