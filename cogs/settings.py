"""Server settings: `/whynot-config show` (moderators) and the setters (Manage Server or
the bot's owner): feed channel, moderator role, tone, cooldown, public answers. Values
live in the store (`guild_settings`, each change in the moderation log); the other cogs
read them per event.
"""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from whynot.platforms.discord import (
    UserFacingError,
    WhyNotBot,
    acknowledge,
    actor_of,
    admin_only,
    moderator_only,
    respond,
)


def _hidden_from_role(interaction: discord.Interaction) -> str:
    """What setting the role does not do: Discord keeps /override and /whynot-config hidden
    from members without Manage Server (their default permissions), and only the server's
    admins can show them to a role; the feed's buttons work at once."""
    me = interaction.client.user
    app = me.name if me is not None else "this bot"
    return (
        "Its members can use the feed's buttons now. Discord still hides /override from "
        "anyone without Manage Server: to show it to this role, open Server Settings > "
        f"Integrations > {app} > /override and add the role."
    )


class ServerSettings(commands.Cog):
    config = app_commands.Group(
        name="whynot-config",
        description="How the bot behaves in this server",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot

    async def _set(self, interaction: discord.Interaction, key: str, value: str | None) -> None:
        assert interaction.guild_id is not None  # the group is guild-only
        await self.bot.set_guild_setting(
            interaction.guild_id, key, value, actor_of(interaction.user)
        )

    @config.command(name="show", description="This server's settings")
    @moderator_only()
    async def show(self, interaction: discord.Interaction) -> None:
        await acknowledge(interaction)
        config = await self.bot.guild_config(interaction.guild_id)
        desk = self.bot.desk
        cooldown = config.cooldown_hours
        lines = [
            "**whynot settings for this server**",
            "Feed channel: "
            + (f"<#{config.feed_channel_id}>" if config.feed_channel_id else "off"),
            "Moderator role: "
            + (
                f"<@&{config.moderator_role_id}>"
                if config.moderator_role_id
                else "none (Manage Server only)"
            ),
            f"Tone: {config.tone or desk.renderer.tone + ' (default)'}",
            "Cooldown: "
            + (
                f"{cooldown:g} hours"
                if cooldown is not None
                else f"{desk.settings.replies.cooldown_hours:g} hours (default)"
            ),
            "Answers to /whynot about oneself: "
            + ("public" if config.public_answers else "private"),
            "Reading members' messages: "
            + (
                "yes"
                if self.bot.platform.reads_content
                else "no (message content intent not granted)"
            ),
        ]
        await respond(interaction, "\n".join(lines))

    @config.command(name="feed", description="The team's feed channel (leave empty: off)")
    @app_commands.describe(channel="Where replies, failures, unfollows and decisions are posted")
    @admin_only()
    async def feed(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        await acknowledge(interaction)
        if channel is not None:
            me = channel.guild.me
            allowed = channel.permissions_for(me)
            if not (allowed.view_channel and allowed.send_messages):
                raise UserFacingError(
                    f"I cannot post in {channel.mention}: give me View Channel and Send "
                    "Messages there first."
                )
        await self._set(interaction, "feed_channel", str(channel.id) if channel else None)
        await respond(
            interaction,
            f"Feed channel: {channel.mention}." if channel else "Feed turned off.",
        )

    @config.command(name="moderator-role", description="Who may override (leave empty: none)")
    @app_commands.describe(role="Members with this role may use /override and the feed buttons")
    @admin_only()
    async def moderator_role(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        await acknowledge(interaction)
        if role is not None and role.is_default():
            raise UserFacingError("@everyone cannot be the moderator role.")
        await self._set(interaction, "moderator_role", str(role.id) if role else None)
        await respond(
            interaction,
            f"Moderator role: {role.mention}. {_hidden_from_role(interaction)}"
            if role
            else "No moderator role: Manage Server only.",
        )

    @config.command(name="tone", description="The voice of the answers here")
    @app_commands.describe(tone="polite, the open letter's own firmer voice, or the default")
    @admin_only()
    async def tone(
        self, interaction: discord.Interaction, tone: Literal["polite", "letter", "default"]
    ) -> None:
        await acknowledge(interaction)
        await self._set(interaction, "tone", None if tone == "default" else tone)
        await respond(interaction, f"Tone: {tone}.")

    @config.command(name="cooldown", description="Hours before a member gets a second answer")
    @app_commands.describe(hours="0 to 720 (leave empty: the bot's default)")
    @admin_only()
    async def cooldown(
        self,
        interaction: discord.Interaction,
        hours: app_commands.Range[float, 0, 720] | None = None,
    ) -> None:
        await acknowledge(interaction)
        await self._set(interaction, "cooldown_hours", None if hours is None else f"{hours:g}")
        default = self.bot.desk.settings.replies.cooldown_hours
        await respond(
            interaction,
            f"Cooldown: {hours:g} hours."
            if hours is not None
            else f"Cooldown: {default:g} hours (the default).",
        )

    @config.command(name="public-answers", description="Answer /whynot about oneself in public")
    @app_commands.describe(enabled="On: everyone in the channel sees the answer; off: only them")
    @admin_only()
    async def public_answers(self, interaction: discord.Interaction, enabled: bool) -> None:
        await acknowledge(interaction)
        await self._set(interaction, "public_answers", "on" if enabled else "off")
        await respond(
            interaction, f"Answers about oneself are now {'public' if enabled else 'private'}."
        )


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(ServerSettings(bot))
