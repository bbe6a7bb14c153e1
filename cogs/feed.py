"""Feed: the owner's team channel (`/whynot-config feed`). The desk tells it about every
reply sent (with its verdict line), every failure, and every unfollow or refollow; each
post about an account carries "approve" / "deny" buttons that open a reason form and run
the override with the same moderator check as `/override set`. A cycle of the follower
watch with many events (whynot.follow_feed) is one list per platform and kind instead,
without buttons (`digest_posts`). Moderator decisions made on Discord are announced here
too.

A Discord question is reported only in the feed of the server it was asked in; anything
from another platform goes to every server's feed. Buttons survive restarts: their
custom id carries the decision and the account: its handle, and its id where known (it
decides by the id, so a rename since the post does not send it to whoever holds the handle
now; a button by handle alone, posted before ids were carried or for a handle too long to
carry one, decides only while the handle's holder is the account it was posted about, as
far as the bot can tell: `Accounts.held_at`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import discord
from discord.ext import commands

from cogs.moderation import decide, feed_line, handle_moved
from whynot.follow_feed import Digest
from whynot.handles import PLATFORM_LABELS
from whynot.models import Identity, Mention, Outcome, ReplyState
from whynot.platforms.discord import (
    NAME,
    NO_PINGS,
    NotModerator,
    OverrideChange,
    UserFacingError,
    WhyNotBot,
    acknowledge,
    require_moderator,
    respond,
    words,
)
from whynot.platforms.discord.common import permission_fix
from whynot.replies import ReplyRenderer, escape_discord
from whynot.store.reviews import ReviewRequest
from whynot.threads import DISCORD_LIMIT

log = logging.getLogger(__name__)
# The handle as every platform writes it: X and Discord names, Bluesky domains (with
# hyphens), Mastodon's user@instance; then, where known, the account's id (digits, or a
# Bluesky DID with its colons), after the first ":" past the handle (a handle has none).
# Buttons posted before ids were carried have none. A custom id holds at most 100 characters.
BUTTON_ID = re.compile(
    r"whynot:(?P<decision>approve|deny):(?P<platform>[a-z]+):(?P<handle>[A-Za-z0-9_.@-]{1,80})"
    r"(?::(?P<account>[A-Za-z0-9:._-]{1,80}))?"
)
CUSTOM_ID_MAX = 100
CLOCK_SKEW = 30.0  # seconds Discord's time of a post and the bot's clock may differ
QUOTE_CHARS = 300
REASON_CHARS = 400
ANSWER_CHARS = 700
EVIDENCE_SHOWN = 5


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _who(who: Identity) -> str:
    label = PLATFORM_LABELS.get(who.platform, who.platform)
    if not who.handle:  # an X author not named (yet): their profile is read to answer them
        return f"{label} user id {escape_discord(who.id)}"
    return f"**{escape_discord(_clip(who.name, 64))}** (@{escape_discord(who.handle)}, {label})"


def feed_text(outcome: Outcome) -> str | None:
    """The feed post for one outcome, or None when there is nothing to report."""
    if outcome.review_id is not None:
        return None  # a review request's steps: `review_text`
    mention = outcome.mention
    who = mention.subject or mention.author
    if outcome.intent == "unfollow":
        note = (
            "the friendly “was it an oversight?” note was sent"
            if outcome.state is ReplyState.SENT
            else f"no note sent ({escape_discord(_clip(outcome.reason, REASON_CHARS))})"
        )
        return f"👋 {_who(who)} unfollowed; {note}."
    if outcome.intent == "refollow":
        return f"🔁 {_who(who)} followed again."
    quote = f"\n> {escape_discord(_clip(mention.text, QUOTE_CHARS))}" if mention.text else ""
    if outcome.state is ReplyState.SENT:
        verdict = outcome.verdict_line.replace("`", "'")  # our own words: shown as code
        text = f"💬 Answered {_who(who)}: `{verdict}`"
        if outcome.decision:
            text += f"\nModerator decision in force: **{outcome.decision}**"
            if outcome.note:
                text += f" (“{escape_discord(_clip(outcome.note, REASON_CHARS))}”)"
        link = _link(mention, outcome.reply_ids)
        return text + quote + (f"\n{link}" if link else "")
    if outcome.state is ReplyState.FAILED:
        reason = escape_discord(_clip(outcome.reason, REASON_CHARS))
        return f"⚠️ Could not answer {_who(who)}: {reason}{quote}"
    return None


DIGEST_HEADS = {
    "unfollow": "👋 {n} accounts unfollowed on {label}, too many for a post each:",
    "refollow": "🔁 {n} accounts followed again on {label}, too many for a post each:",
}


def digest_posts(digest: Digest, limit: int = DISCORD_LIMIT) -> list[str]:
    """The feed's posts for a digest (whynot.follow_feed): what happened, each reason group
    with its count and accounts, and how to decide on one of them, in as few posts under
    Discord's `limit` as hold it (a long group goes on in the next, "(continued)")."""
    label = PLATFORM_LABELS.get(digest.platform, digest.platform)
    head = DIGEST_HEADS.get(digest.kind, "{n} accounts, {label}:").format(
        n=f"{digest.count:,}", label=label
    )
    posts: list[str] = []
    text = head

    def add(piece: str, or_begin: str) -> None:  # `piece` to the post, else a new post
        nonlocal text
        if len(text) + len(piece) > limit:
            posts.append(text)
            text = or_begin
        else:
            text += piece

    for group, accounts in digest.groups:
        title = escape_discord(group)
        for i, who in enumerate(accounts):
            name = escape_discord(f"@{who.handle}" if who.handle else f"user id {who.id}")
            if i == 0:
                line = f"**{title}** ({len(accounts):,}): {name}"
                add(f"\n{line}", line)
            else:
                add(f", {name}", f"**{title}** (continued): {name}")
    foot = "To approve or deny one of them: `/override set` with its handle, platform "
    foot += f"{digest.platform}."
    add(f"\n{foot}", foot)
    return [*posts, text]


def review_text(outcome: Outcome, review: ReviewRequest) -> str | None:
    """The feed post for one step of a review request (whynot.reviews): asked (with what a
    moderator needs to decide), still waiting (the reminder), the asker told."""
    who, asker = _who(review.subject), _who(review.request.author)
    tag = f"review #{review.id}"
    if outcome.intent == "review_decision":
        if outcome.state is ReplyState.SENT:
            return f"📨 {tag}: {asker} was told the decision (**{review.decision}**)."
        reason = escape_discord(_clip(outcome.reason, REASON_CHARS))
        return f"⚠️ {tag}: could not tell {asker} the decision: {reason}"
    line = review.verdict_line.replace("`", "'")  # our own words: shown as code
    verdict = f"`{line}`"
    if outcome.intent == "review_reminder":
        return (
            f"⏰ {tag} about {who} is still waiting for a decision "
            f"({escape_discord(outcome.reason)}): {verdict}\n"
            f"> {escape_discord(_clip(review.request.text, QUOTE_CHARS))}"
        )
    if outcome.intent != "review_request":
        return None
    lines = [
        f"🙋 {asker} asks for a person to review the answer about {who} ({tag}): {verdict}",
        f"> {escape_discord(_clip(review.request.text, QUOTE_CHARS))}",
    ]
    lines += [f"- {escape_discord(_clip(e, 200))}" for e in review.evidence[:EVIDENCE_SHOWN]]
    if review.answer_text:
        lines.append(f"Our reply: “{escape_discord(_clip(review.answer_text, ANSWER_CHARS))}”")
    if outcome.state is ReplyState.FAILED:
        lines.append(f"(the “thanks, a person will look” reply failed: {outcome.reason})")
    lines.append("Decide with the buttons (or `bot.py override set`); the asker hears back.")
    return "\n".join(lines)


def _link(mention: Mention, reply_ids: tuple[str, ...]) -> str:
    if not reply_ids:
        return ""
    if mention.platform == "x":
        return f"<https://x.com/i/web/status/{reply_ids[0]}>"
    return ""


def button_id(decision: str, who: Identity) -> str | None:
    """The custom id of `decision`'s button about `who`: with the account's id where known
    and it fits, else by handle alone (a long Bluesky or Mastodon handle), else None."""
    by_handle = f"whynot:{decision}:{who.platform}:{who.handle}"
    for custom in (f"{by_handle}:{who.id}" if who.id else "", by_handle):
        if custom and len(custom) <= CUSTOM_ID_MAX and BUTTON_ID.fullmatch(custom):
            return custom
    return None


class DecisionButton(discord.ui.DynamicItem[discord.ui.Button], template=BUTTON_ID):
    """ "approve" or "deny" for one account; the state lives in the custom id (the account's
    id where it was known: the decision follows the account, renamed since or not)."""

    def __init__(self, decision: Literal["approve", "deny"], who: Identity) -> None:
        style = discord.ButtonStyle.success if decision == "approve" else discord.ButtonStyle.danger
        custom = button_id(decision, who) or f"whynot:{decision}:{who.platform}:{who.handle}"
        super().__init__(discord.ui.Button(label=decision, style=style, custom_id=custom))
        self.decision: Literal["approve", "deny"] = decision
        self.target = Identity(who.platform, who.id, who.handle, who.handle)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DecisionButton:
        decision: Literal["approve", "deny"] = "deny" if match["decision"] == "deny" else "approve"
        handle = match["handle"]
        return cls(decision, Identity(match["platform"], match["account"] or "", handle, handle))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        try:
            await require_moderator(interaction)
        except NotModerator as refused:
            await respond(interaction, str(refused))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, WhyNotBot)
        target, accounts = self.target, bot.desk.store.accounts
        if target.id:  # decided by its id, named by the handle it was last seen with
            seen = await accounts.handle_of(target.platform, target.id)
            if seen:  # however old: the id is the account's, whoever holds the old handle
                target = Identity(target.platform, target.id, seen, seen)
        else:  # by handle alone: only on the account it was posted about (`held_at`)
            posted = interaction.message.created_at.timestamp() if interaction.message else 0.0
            held = await accounts.held_at(target.platform, target.handle, posted + CLOCK_SKEW)
            if not posted or not held:
                await respond(interaction, handle_moved(target))
                return
            target = Identity(target.platform, held, target.handle, target.handle)
        label, hint = who_reads(bot.desk.renderer, interaction.locale)
        await interaction.response.send_modal(ReasonForm(self.decision, target, label, hint))


# The reason is the team's note: quoted in every reply about the account (public on X),
# its review follow-up and /whynot's output, not only kept in the log. Discord's limits.
REASON_LABEL = "Reason (quoted to the account, in public)"
LABEL_MAX, PLACEHOLDER_MAX = 45, 100


def who_reads(renderer: ReplyRenderer, locale: discord.Locale | str) -> tuple[str, str | None]:
    """The reason field's label and hint in the moderator's language
    (`templates/<lang>/discord/reason_label.j2`, `reason_placeholder.j2`); a label longer than
    Discord allows is said in English, such a hint left out."""
    label = words(renderer, locale, "reason_label")
    hint: str | None = words(renderer, locale, "reason_placeholder")
    if len(label) > LABEL_MAX or "\n" in label:
        log.warning("reason_label for %s is over %d characters: in English", locale, LABEL_MAX)
        label = REASON_LABEL
    if hint is not None and (len(hint) > PLACEHOLDER_MAX or "\n" in hint):
        log.warning(
            "reason_placeholder for %s is over %d characters: left out", locale, PLACEHOLDER_MAX
        )
        hint = None
    return label, hint


class ReasonForm(discord.ui.Modal):
    """Asks the moderator why, then records the decision (checked again on submit). Its
    field says who reads the reason (`who_reads`: in the moderator's language)."""

    def __init__(
        self,
        decision: Literal["approve", "deny"],
        target: Identity,
        label: str = REASON_LABEL,
        placeholder: str | None = None,
    ) -> None:
        # A dismissed form is never submitted: without a timeout it would stay in memory.
        super().__init__(title=f"{decision.title()} @{target.handle}"[:45], timeout=600)
        self.decision: Literal["approve", "deny"] = decision
        self.target = target
        self.reason: discord.ui.TextInput[ReasonForm] = discord.ui.TextInput(
            label=label,
            style=discord.TextStyle.paragraph,
            placeholder=placeholder,
            min_length=3,
            max_length=300,
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, WhyNotBot)
        await acknowledge(interaction)  # the check and the decision both use the store
        try:
            await require_moderator(interaction)
        except NotModerator as refused:
            await respond(interaction, str(refused))
            return
        text = await decide(bot, interaction, self.target, self.decision, self.reason.value)
        await respond(interaction, text)

    async def on_error(  # type: ignore[override]  # discord.ui.Modal's own signature
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """A refused decision (a reason of blanks, ...) is told to the moderator, as the
        slash commands' errors are; anything else is logged and they are told so."""
        bot = interaction.client
        assert isinstance(bot, WhyNotBot)
        renderer, locale = bot.desk.renderer, interaction.locale
        if isinstance(error, UserFacingError):
            message = error.text(renderer, locale)
        else:
            log.error("the %s form about %s failed", self.decision, self.target, exc_info=error)
            message = words(renderer, locale, "went_wrong")
        await respond(interaction, message)  # if this fails too, discord.py logs it


def decision_view(who: Identity) -> discord.ui.View | None:
    custom = button_id("approve", who)  # the longer one: if it carries the id, both do
    if custom is None:
        return None  # a handle the custom id cannot carry: post without buttons
    if who.id and not custom.endswith(f":{who.id}"):
        who = Identity(who.platform, "", who.handle, who.display_name)  # both by handle
    view = discord.ui.View(timeout=None)
    view.add_item(DecisionButton("approve", who))
    view.add_item(DecisionButton("deny", who))
    return view


class Feed(commands.Cog):
    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.desk.subscribe(self.on_outcome)
        self.bot.desk.digests.subscribe(self.on_digest)
        self.bot.add_dynamic_items(DecisionButton)

    async def cog_unload(self) -> None:
        self.bot.desk.unsubscribe(self.on_outcome)
        self.bot.desk.digests.unsubscribe(self.on_digest)
        self.bot.remove_dynamic_items(DecisionButton)

    async def on_digest(self, digest: Digest) -> None:
        """A cycle's many follow events: one list (in as few posts as Discord allows), no
        buttons, in every server's feed (they are not from a Discord channel)."""
        channels = await self._feeds(self.bot.guilds)
        for text in digest_posts(digest):
            for channel in channels:
                await self._post(channel, text, None)

    async def on_outcome(self, outcome: Outcome) -> None:
        if outcome.review_id is not None:
            return await self._review(outcome, outcome.review_id)
        text = feed_text(outcome)
        if text is None:
            return
        mention = outcome.mention
        view = decision_view(mention.subject or mention.author)
        for channel in await self._channels(mention):
            await self._post(channel, text, view)

    async def _review(self, outcome: Outcome, review_id: int) -> None:
        desk = self.bot.desk
        if desk.settings.replies.review_channel != "feed":
            return  # the owner reads `bot.py reviews`
        review = await desk.store.reviews.get(review_id)
        text = review_text(outcome, review) if review is not None else None
        if review is None or text is None:
            return
        ask = outcome.intent in ("review_request", "review_reminder")
        view = decision_view(review.subject) if ask and review.decision is None else None
        for channel in await self._channels(outcome.mention):
            await self._post(channel, text, view)

    @commands.Cog.listener()
    async def on_whynot_override(self, change: OverrideChange) -> None:
        text = feed_line(change, _clip(change.reason, REASON_CHARS))
        guild = self.bot.get_guild(change.guild_id) if change.guild_id else None
        for channel in await self._feeds([guild] if guild else self.bot.guilds):
            await self._post(channel, text, None)
        # A decision may answer review requests: their askers hear back now, not next cycle.
        try:
            await self.bot.desk.reviews.settle()
        except Exception:
            log.exception("could not settle review requests after a decision")

    async def _channels(self, mention: Mention) -> list[discord.abc.Messageable]:
        guilds = self.bot.guilds
        if mention.platform == NAME and mention.channel_id:
            channel = self.bot.get_channel(int(mention.channel_id))
            if channel is None:  # a thread (or channel) not in the cache: ask Discord
                try:
                    channel = await self.bot.fetch_channel(int(mention.channel_id))
                except discord.HTTPException as exc:
                    log.warning("no feed post: channel %s unknown (%s)", mention.channel_id, exc)
            guild = getattr(channel, "guild", None)
            guilds = [guild] if isinstance(guild, discord.Guild) else []
        return await self._feeds(guilds)

    async def _feeds(self, guilds: Sequence[discord.Guild]) -> list[discord.abc.Messageable]:
        channels: list[discord.abc.Messageable] = []
        for guild in guilds:
            config = await self.bot.guild_config(guild.id)
            if config.feed_channel_id is None:
                continue
            channel = guild.get_channel(config.feed_channel_id)
            if isinstance(channel, discord.abc.Messageable):
                channels.append(channel)
            else:
                log.warning(
                    "feed channel %s of server %s is gone", config.feed_channel_id, guild.id
                )
        return channels

    async def _post(
        self, channel: discord.abc.Messageable, text: str, view: discord.ui.View | None
    ) -> None:
        try:
            if view is None:
                await channel.send(text, allowed_mentions=NO_PINGS)
            else:
                await channel.send(text, view=view, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            name = getattr(channel, "name", None)
            where = f"#{name}" if name else str(getattr(channel, "id", "?"))
            fix = permission_fix(exc, channel, "View Channel, Send Messages and Embed Links")
            if fix:
                fix += ", or choose another: /whynot-config feed"
            log.warning("could not post to the feed channel %s: %s%s", where, exc, fix)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, WhyNotBot)
    await bot.add_cog(Feed(bot))
