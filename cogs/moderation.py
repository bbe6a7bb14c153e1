"""Moderation: `/override set|clear|list|history`, the moderator's word over a verdict.

Hidden from members by `default_permissions(manage_guild=True)`, and guarded by a real
check (Manage Server or the server's moderator role) because admins can re-grant a hidden
command to anyone. A decision is about the account's platform and handle (and its id where
known: it follows a member who changes their handle), so one made here about an X handle
changes the answers on X too. Decisions go through the core
moderation service (`whynot.moderation`, as `bot.py override` does): every change is in the
moderation log (who, when, what, why; source "discord") and announced in the feed.
"""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from whynot.models import Identity
from whynot.moderation import (
    REASON_MIN,
    BadReason,
    Decision,
    ModerationError,
    OverrideChange,
    log_record,
    replaced_words,
)
from whynot.moderation import clean_reason as core_clean_reason
from whynot.platforms.discord import (
    UserFacingError,
    WhyNotBot,
    acknowledge,
    actor_of,
    describe,
    fit_lines,
    moderator_only,
    respond,
    target_of,
)
from whynot.replies import escape_discord
from whynot.threads import DISCORD_LIMIT

log = logging.getLogger(__name__)
VERBS = {"approve": "Approved", "deny": "Denied", "reset": "Cleared the decision on"}
Reason = app_commands.Range[str, 3, 300]
Handle = app_commands.Range[str, 1, 100]  # Bluesky handles are domain names
ATTACHED = "\nThe whole log is attached (JSON Lines: one entry a line, oldest first)."
HANDLE_HELP = "Or an account elsewhere: an X handle, or platform:handle (bluesky:ana.bsky.social)"


def clean_reason(reason: str) -> str:
    """The core rule (`whynot.moderation.clean_reason`), refused in Discord's words: a
    reason of blanks is a mistake (it is shown to the account)."""
    try:
        return core_clean_reason(reason)
    except BadReason:
        raise UserFacingError(
            f"Please give a reason of at least {REASON_MIN} characters."
        ) from None


async def decide(
    bot: WhyNotBot,
    interaction: discord.Interaction,
    target: Identity,
    decision: Decision,
    reason: str,
) -> str:
    """Record a decision by the interaction's user (already checked), through the core
    service (logged, announced in the feed); returns the confirmation to show them."""
    reason = clean_reason(reason)
    actor = actor_of(interaction.user)
    try:
        change = await bot.moderation.decide(
            target, decision, reason, actor, "discord", interaction.guild_id
        )
    except ModerationError as exc:  # another account's decision is in the way
        raise UserFacingError(escape_discord(str(exc))) from None
    replaced = replaced_words(change, _when, escape_discord)
    return (
        f"{VERBS[decision]} the {describe(target)}. "
        + (f"{replaced} " if replaced else "")
        + "Every later answer about it, on every platform, says so. (Written to the "
        "moderation log.)"
    )


def handle_moved(target: Identity) -> str:
    """The refusal of a button by handle alone whose handle may have changed hands."""
    where = f"handle:{target.platform}:{target.handle}"
    return (
        f"Not decided: this button names @{escape_discord(target.handle)} only, and the bot "
        "cannot tell that it is still the account this post was about (the handle may have "
        f"changed hands since); decide with `/override set {where}` on whoever holds it now."
    )


def _when(at: float) -> str:
    return f"<t:{int(at)}:f>"  # shown in each reader's own time zone


def named(target: Identity, by_id: bool) -> str:
    """ "X account @promo", and " (id 42)" when the id was typed (a clear by id: the
    handle's holder now may be another account)."""
    return describe(target) + (f" (id {escape_discord(target.id)})" if by_id else "")


def feed_line(change: OverrideChange, reason: str) -> str:
    """The feed's announcement of a decision or a clear (`reason` already clipped), with
    what it replaced or cleared for the whole team: the moderator named, never "you"."""
    text = (
        f"🛡️ {escape_discord(change.actor)}: {VERBS[change.decision].lower()} the "
        f"{named(change.target, change.by_id)} (“{escape_discord(reason)}”)."
    )
    was = replaced_words(change, _when, escape_discord, you=False)
    return text + (f" {was}" if was else "")


class Moderation(commands.Cog):
    override = app_commands.Group(
        name="override",
        description="Moderators: approve or deny a follow-back, whatever the verdict says",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot

    @override.command(name="set", description="Approve or deny an account, with a reason")
    @app_commands.describe(
        decision="approve: the bot says a follow is approved; deny: it says no for now",
        reason="Why (kept in the moderation log, and shown to the account as the team's note)",
        user="A member of this server",
        handle=HANDLE_HELP,
        platform="Where that handle lives (default: X)",
    )
    @moderator_only()
    async def set_(
        self,
        interaction: discord.Interaction,
        decision: Literal["approve", "deny"],
        reason: Reason,
        user: discord.User | None = None,
        handle: Handle | None = None,
        platform: Literal["x", "discord", "bluesky", "mastodon"] = "x",
    ) -> None:
        await acknowledge(interaction)
        target = target_of(interaction, user, handle, platform)
        text = await decide(self.bot, interaction, target, decision, reason)
        await respond(interaction, text)

    @override.command(name="clear", description="Remove a decision; the verdict speaks again")
    @app_commands.describe(
        user="A member of this server",
        handle=HANDLE_HELP,
        platform="Where that handle lives (default: X)",
        reason="Why (kept in the moderation log)",
        account_id="With handle: the account's id, to clear one that had the handle before",
    )
    @app_commands.rename(account_id="id")
    @moderator_only()
    async def clear(
        self,
        interaction: discord.Interaction,
        user: discord.User | None = None,
        handle: Handle | None = None,
        platform: Literal["x", "discord", "bluesky", "mastodon"] = "x",
        reason: Reason = "cleared on Discord",
        account_id: app_commands.Range[str, 1, 80] | None = None,
    ) -> None:
        await acknowledge(interaction)
        target = target_of(interaction, user, handle, platform)
        if account_id:  # on purpose: the decision about that account (a former holder's)
            if user is not None:
                raise UserFacingError("Please give id: with handle:, not with user:.")
            target = Identity(target.platform, account_id.strip(), target.handle, target.handle)
        actor = actor_of(interaction.user)
        reason = clean_reason(reason)
        try:
            cleared = await self.bot.moderation.clear(
                target, reason, actor, "discord", interaction.guild_id, by_id=bool(account_id)
            )
        except ModerationError as exc:  # only another account's decision is there
            raise UserFacingError(escape_discord(str(exc))) from None
        what = named(target, bool(account_id))
        if cleared is None:
            await respond(interaction, f"There was no decision on the {what}.")
            return
        was = replaced_words(cleared, _when, escape_discord)
        await respond(
            interaction, f"{VERBS['reset']} the {what}. {was} (Written to the moderation log.)"
        )

    @override.command(name="list", description="Every decision in force")
    @moderator_only()
    async def list_(self, interaction: discord.Interaction) -> None:
        await acknowledge(interaction)
        overrides = await self.bot.moderation.in_force()
        if not overrides:
            await respond(interaction, "No decisions in force.")
            return
        lines = [
            f"- **{o.decision}** {o.platform} @{escape_discord(o.handle)}"
            + (f" (now @{escape_discord(o.now_handle)})" if o.now_handle else "")
            + f": “{escape_discord(o.reason)}” "
            f"({escape_discord(o.moderator)}, {_when(o.created_at)})"
            for o in reversed(overrides)
        ]
        await respond(
            interaction,
            fit_lines(f"**Decisions in force** ({len(overrides)}), newest first:", lines),
        )

    @override.command(name="history", description="What moderators did about one account")
    @app_commands.describe(
        user="A member of this server",
        handle=HANDLE_HELP,
        platform="Where that handle lives (default: X)",
        export="Attach the whole log about it as a file (JSON Lines), e.g. for a complaint",
        account_id="With handle: the account's id, for one that had the handle before",
    )
    @app_commands.rename(account_id="id")
    @moderator_only()
    async def history(
        self,
        interaction: discord.Interaction,
        user: discord.User | None = None,
        handle: Handle | None = None,
        platform: Literal["x", "discord", "bluesky", "mastodon"] = "x",
        export: bool = False,
        account_id: app_commands.Range[str, 1, 80] | None = None,
    ) -> None:
        await acknowledge(interaction)
        target = target_of(interaction, user, handle, platform)
        if account_id:  # the log of that account (a former holder's, cleared by its id)
            if user is not None:
                raise UserFacingError("Please give id: with handle:, not with user:.")
            target = Identity(target.platform, account_id.strip(), target.handle, target.handle)
        entries = await self.bot.moderation.history(
            target.platform, target.handle, target.id, by_id=bool(account_id)
        )
        what = named(target, bool(account_id))
        if not entries:
            await respond(interaction, f"Nothing in the moderation log about the {what}.")
            return
        lines = [
            f"- {_when(e.at)} **{e.action}** by {escape_discord(e.actor)} via {e.source}"
            + (f": “{escape_discord(e.detail)}”" if e.detail else "")
            for e in reversed(entries)
        ]
        header = f"**Moderation log for the {what}**, newest first:"
        text = fit_lines(header, lines, DISCORD_LIMIT - len(ATTACHED))
        if not export and text.endswith(lines[-1]):  # all of it shown, no file asked for
            await respond(interaction, text)
            return
        # The whole log (a long one is cut above, oldest first lost), as bot.py exports it.
        data = "".join(json.dumps(log_record(e), ensure_ascii=False) + "\n" for e in entries)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"moderation-log-{target.platform}-{target.handle}")
        file = discord.File(io.BytesIO(data.encode()), filename=f"{name}.jsonl")
        await respond(interaction, text + ATTACHED, file=file)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(Moderation(bot))
