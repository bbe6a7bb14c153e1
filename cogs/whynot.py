"""`/whynot`: why the owner has not followed an account back, with the evidence.

- About oneself (no argument, or oneself picked): a real answer through the desk (one per
  cooldown, counted in the hourly cap, shown in the team's feed); private unless the
  server turned public answers on.
- About someone else (`user:` a member, or `handle:` on `platform:`): always private; what
  that account would be told, with any moderator decision, without answering anyone.
- Its words to a member are templates (`templates/<lang>/discord/`, by the member's
  Discord locale): a language added there reaches /whynot with no code change. What
  another account would be told is that account's reply, as the desk would write it.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from whynot.asker_language import unsure
from whynot.desk import Desk
from whynot.handles import PLATFORM_LABELS
from whynot.models import Identity, Mention, Outcome, ReplyState
from whynot.platform import PlatformError
from whynot.platforms.discord import (
    NAME,
    SLASH_PREFIX,
    WORDS,
    GuildConfig,
    UserFacingError,
    WhyNotBot,
    identity_of,
    language_of,
    respond,
    target_of,
    words,
)
from whynot.replies import choose_template
from whynot.reply_language import in_language
from whynot.spend import OverBudget
from whynot.threads import DISCORD_LIMIT
from whynot.varieties import variety_of

log = logging.getLogger(__name__)

# What /whynot says to a member lives in templates/<lang>/discord/ (one folder per
# language, English where a language has no file): `ask.j2`, the question asked of the
# desk for them; `cooldown.j2`, `cap.j2`, `failed.j2`, `not_answered.j2`, why it did not
# answer; `is_a_bot.j2`, `would_be_told.j2`, `lookups_used_up.j2`, `account_unreadable.j2`,
# `not_connected.j2`, about another account (and common.py's option mistakes).
WHY_NOT_FOLLOWED = "why_not_followed"


# Looking up an account on a paid platform (X charges per read) that is not cached costs
# the owner money: each member gets this many such look-ups a day.
PAID_LOOKUPS_PER_DAY = 5
DAY = 86_400.0


class WhyNot(commands.Cog):
    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot
        self._paid_lookups: dict[int, list[float]] = {}
        self._questions: dict[tuple[Path, str, str], str] = {}  # (templates, language, variety)

    async def _question(self, desk: Desk, locale: discord.Locale) -> str:
        """The question asked of the desk for a caller: their language's `ask.j2` (a
        language with replies: `language_of`) where the desk answers it as "why didn't you
        follow me back?" in that very language, else the English one, so that the answer
        never comes in a language the caller did not choose or the desk cannot go on in.
        Read once per templates folder, language and variety, in a worker thread
        (`desk_reading` runs the language identifier)."""
        renderer = desk.renderer
        language = language_of(locale, renderer.languages)
        key = (renderer.templates, language, variety_of(language, renderer.varieties))
        if key not in self._questions:
            asked = english = renderer.line(f"{WORDS}/ask", platform=NAME)
            own = renderer.line(f"{WORDS}/ask", platform=NAME, language=language)
            if own != english:  # the language has its own question
                read = await asyncio.to_thread(desk_reading, desk, own)
                if read == (WHY_NOT_FOLLOWED, language):
                    asked = own
                else:
                    log.warning(
                        "templates/%s/%s/ask.j2 reads as %s in %s: /whynot asks in English",
                        *(language, WORDS, *read),
                    )
            self._questions[key] = asked
        return self._questions[key]

    async def _allow_paid_lookup(self, member_id: int, subject: Identity, desk: Desk) -> None:
        if subject.platform == NAME:
            return  # reading Discord history is free
        now = desk.clock()
        cached, _ = await desk.store.accounts.lookup(
            subject.platform, subject.id, subject.handle, now
        )
        if cached is not None:
            return
        recent = [t for t in self._paid_lookups.get(member_id, []) if now - t < DAY]
        if len(recent) >= PAID_LOOKUPS_PER_DAY:
            raise UserFacingError.said("lookups_used_up", count=PAID_LOOKUPS_PER_DAY)
        self._paid_lookups[member_id] = [*recent, now]

    # Described in English here; in other languages by templates/<lang>/discord/commands/
    # (whynot.j2, whynot.<option>.j2), sent with the commands by `bot.py sync-commands`.
    @app_commands.command(
        name="whynot", description="Why the owner hasn't followed an account back, with evidence"
    )
    @app_commands.guild_only()
    @app_commands.checks.cooldown(5, 60.0, key=lambda i: (i.guild_id, i.user.id))
    @app_commands.describe(
        user="A member of this server (default: you)",
        handle="An account elsewhere: an X handle, or platform:handle (bluesky:ana.bsky.social)",
        platform="Where that handle lives (default: X)",
    )
    async def whynot(
        self,
        interaction: discord.Interaction,
        user: discord.Member | None = None,
        handle: app_commands.Range[str, 1, 100] | None = None,
        platform: Literal["x", "discord", "bluesky", "mastodon"] = "x",
    ) -> None:
        subject = target_of(
            interaction, user, handle, platform, default_self=True, need_member=True
        )
        # Kept in memory after the first read, so this costs nothing before the
        # acknowledgement below (whose privacy depends on it).
        config = await self.bot.guild_config(interaction.guild_id)
        if subject.platform == NAME and subject.id == str(interaction.user.id):
            await self._answer_caller(interaction, config)
        else:
            await self._look_up(interaction, subject, config)

    async def _answer_caller(self, interaction: discord.Interaction, config: GuildConfig) -> None:
        ephemeral = not config.public_answers
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        desk = self.bot.desk_for(config)
        mention = Mention(
            NAME,
            f"{SLASH_PREFIX}{interaction.id}",
            identity_of(interaction.user),
            await self._question(desk, interaction.locale),
            created_at=interaction.created_at.timestamp(),
            channel_id=str(interaction.channel_id),
        )
        with self.bot.platform.answering(mention.id, interaction, ephemeral):
            outcome = await desk.handle(mention)
        if outcome.state is not ReplyState.SENT:
            await respond(interaction, _explain(outcome, desk, interaction.locale))

    async def _look_up(
        self, interaction: discord.Interaction, subject: Identity, config: GuildConfig
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        desk = self.bot.desk_for(config)
        label = PLATFORM_LABELS.get(subject.platform, subject.platform)
        to_member = desk.renderer, interaction.locale  # words in the member's language
        if subject.is_bot:  # the desk never answers a bot: there is nothing it would be told
            await respond(interaction, words(*to_member, "is_a_bot", name=subject.name))
            return
        override = await self.bot.moderation.current(subject.platform, subject.handle, subject.id)
        decision = override.decision if override else None
        verdict, followed = None, False
        if subject.platform in desk.platforms:
            await self._allow_paid_lookup(interaction.user.id, subject, desk)
            try:
                # Where the platform tells the owner's follow (all three do), an account the owner
                # follows would be told so, as the desk does: its posts are not read.
                known = await desk.platforms[subject.platform].identify(subject)
                followed = bool(known.followed) and decision is None
                verdict = None if followed else await desk.verdict_for(subject)
            except (PlatformError, OverBudget) as exc:  # OverBudget: the month's X budget
                raise UserFacingError.said("account_unreadable", error=str(exc)) from None
        elif override is None:
            raise UserFacingError.said("not_connected", label=label)
        template = choose_template("why_not_followed", verdict, decision, followed)
        reply = desk.renderer.render(
            template,
            platform="discord",
            asker=subject.name,
            verdict=verdict,
            note=override.reason if override else "",
        )
        header = words(*to_member, "would_be_told", name=subject.name, label=label)
        body = reply.text
        if len(header) + 2 + len(body) <= DISCORD_LIMIT:
            await respond(interaction, f"{header}\n\n{body}")
        else:
            await respond(
                interaction,
                header,
                embed=discord.Embed(description=body),
            )


def desk_reading(desk: Desk, text: str) -> tuple[str, str]:
    """(intent, language) the desk answers `text` with, as its own steps read a message:
    the classifier, then the language identifier (`in_language`: "pourquoi tu ne me suis
    pas en retour ? why no follow back?" is the classifier's Spanish, the identifier's
    French); a text that leaves its language open (`unsure`) would be answered in the
    language of the caller's posts, so its language is "open"."""
    read = in_language(desk.classify(text, False), text, desk.renderer.languages)
    return read.intent, "open" if unsure(text) else read.language


def _explain(outcome: Outcome, desk: Desk, locale: discord.Locale) -> str:
    """Why the desk did not answer, in one friendly line in the caller's language (or the
    answer, in dry-run)."""
    reason = outcome.reason
    if reason.startswith("dry run") and outcome.posts:
        return outcome.posts[0]
    if "cooldown" in reason:
        said = "cooldown"
    elif "hourly reply cap" in reason:
        said = "cap"
    elif outcome.state is ReplyState.FAILED:
        said = "failed"
    else:
        return words(desk.renderer, locale, "not_answered", reason=reason)
    hours = f"{desk.settings.replies.cooldown_hours:g}"
    return words(desk.renderer, locale, said, hours=hours)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(WhyNot(bot))
