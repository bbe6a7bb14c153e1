"""Questions put to the bot while it was away (the Mac asleep, a restart, a network cut
longer than a RESUME). Discord keeps channel history: each time the bot becomes ready
(its first `on_ready`, and again after a reconnect that was not a RESUME, whose missed
events Discord replays itself) `catch_up` reads what was posted since it last listened,
in every channel (and active thread) of every server where it can view the channel and
read its history, at most `PER_CHANNEL` messages each, the newest; then gives each
message addressed to it, oldest first, to the same handler as a live one
(`whynot.platforms.discord.asked.answer`). The rules of `Desk.poll` hold:

- a message already recorded is not handled again (nor is one a live event answers
  meanwhile: the desk's per-asker lock and claims answer it once);
- after a break longer than `[replies] max_wait_days`, measured by this clock alone, a
  question asked longer ago than that is recorded as skipped (`whynot.retries.too_late`);
- on the very first start (neither cursor below kept) only the last
  `first_run_lookback_hours` are read, each answered only when no reply of ours is found
  under it;
- a message whose handling fails is logged and counted, and the later ones still handled.

Where it listened up to: the cursors "discord"/`MENTIONS`, the newest message id the bot
had seen (Discord's snowflake: no clock of ours in it), and "discord"/`LISTENED`, this
clock's time it was last connected (the break's length; not `POLLED`, which `bot.py
run`'s cycle dates for Discord too, connected or not), written by `Listening` every
`BEAT_SECONDS` while connected and after each catch-up. `bot.py restore` forgets
`MENTIONS` (`forget_mention_positions`): the next start reads from `LISTENED` and, as a
first start does, answers a question only when no reply of ours is found under it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import aiohttp
import discord

from whynot.models import ReplyState
from whynot.platforms.discord.asked import answer, mention_of
from whynot.platforms.discord.common import NAME
from whynot.retries import too_late
from whynot.store.cursors import LISTENED, MENTIONS

if TYPE_CHECKING:
    from whynot.platforms.discord.bot import WhyNotBot

log = logging.getLogger(__name__)
BEAT_SECONDS = 300.0  # how often, while connected, where the bot listened up to is saved
PER_CHANNEL = 200  # messages read per channel at most (two requests of Discord's 100)
OVERLAP_MS = 60_000  # read again before the cursor: a message in flight when it was saved
HISTORY = "Read Message History"
NAMED = 5  # channels named in a line at most
TRIES = 3  # catch-ups tried while Discord will not serve a channel's history, then saved
Channel = discord.TextChannel | discord.Thread


@dataclass
class Caught:
    """What one catch-up read and did, for its one line."""

    since: datetime
    first: bool
    channels: int = 0
    answered: int = 0
    too_old: int = 0
    other: int = 0  # recorded as not answered (chatter, a cooldown, a failed reply...)
    full: list[str] = field(default_factory=list)  # held more than PER_CHANNEL since
    no_history: list[str] = field(default_factory=list)  # no Read Message History
    failed: list[str] = field(default_factory=list)  # Discord would not serve its history
    gave_up: bool = False  # the last try: saved as read all the same

    def line(self) -> str:
        when = self.since.strftime("%Y-%m-%d %H:%M UTC")
        plural = "" if self.channels == 1 else "s"
        head = f"discord: read {self.channels} channel{plural} since {when}"
        if self.first:
            head += " (first start: the look-back only)"
        done = (
            [
                f"{self.answered} question{'' if self.answered == 1 else 's'} asked "
                "meanwhile answered"
            ]
            if self.answered
            else []
        )
        if self.too_old:
            done.append(f"{self.too_old} too old (longer ago than [replies] max_wait_days)")
        if self.other:
            done.append(f"{self.other} not answered")
        line = f"{head}, {', '.join(done) if done else 'nothing asked meanwhile'}"
        if self.full:
            line += (
                f"; {named(self.full)} had {PER_CHANNEL} or more messages since: "
                f"only the newest {PER_CHANNEL} read"
            )
        if self.failed:
            again = f"tried {TRIES} times: not read" if self.gave_up else "tried again soon"
            line += f"; could not read {named(self.failed)} ({again})"
        return line


def named(channels: list[str]) -> str:
    more = len(channels) - NAMED
    return ", ".join(channels[:NAMED]) + (f" and {more} more" if more > 0 else "")


def listened_in(guild: discord.Guild) -> list[Channel]:
    """Where a question to the bot can be posted in a server: its text channels and its
    active threads (both in the cache: no request)."""
    return [*guild.text_channels, *guild.threads]


def newest_seen(bot: discord.Client) -> int:
    """The newest message id in the bot's cache of its servers (0: none). While the bot
    is connected each message arrives as an event: it has seen up to here."""
    ids = [c.last_message_id or 0 for g in bot.guilds for c in listened_in(g)]
    return max(ids, default=0)


def channels_to_read(guild: discord.Guild, after: int, caught: Caught) -> list[Channel]:
    """The channels and active threads with messages after `after` that the bot can
    view; those whose history it may not read are noted, not read."""
    me = guild.me
    found: list[Channel] = []
    for channel in listened_in(guild):
        if (channel.last_message_id or 0) <= after:
            continue  # nothing posted there since (or never): no request
        try:
            allowed = channel.permissions_for(me)
        except discord.ClientException:  # a thread whose parent is not in the cache
            continue
        if not allowed.view_channel:
            continue  # not the bot's channel: it hears nothing there either
        if not allowed.read_message_history:
            caught.no_history.append(f"#{channel.name}")
            continue
        found.append(channel)
    return found


async def read_since(channel: Channel, after: int, caught: Caught) -> list[discord.Message]:
    """The newest `PER_CHANNEL` messages of `channel` after `after` (noted when there may
    be more), or none when Discord refuses."""
    try:
        read = [
            m
            async for m in channel.history(
                limit=PER_CHANNEL, after=discord.Object(after), oldest_first=False
            )
        ]
    except discord.Forbidden:
        caught.no_history.append(f"#{channel.name}")
        return []
    except discord.NotFound:
        return []  # deleted since the cache had it
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
        caught.failed.append(f"#{channel.name} ({exc})")
        return []
    caught.channels += 1
    if len(read) >= PER_CHANNEL:
        caught.full.append(f"#{channel.name}")
    return read


async def catch_up(bot: WhyNotBot, save: bool = False) -> Caught | None:
    """Read and answer what was asked while the bot was away (None: not logged in). Where
    it listened up to is saved once every channel it may read was read, or with `save`
    (the last try: what Discord would not serve is then given up)."""
    me, desk = bot.user, bot.desk
    if me is None:
        return None
    cursors, now = desk.store.cursors, desk.clock()
    kept, last = await cursors.get(NAME, MENTIONS), await cursors.get(NAME, LISTENED)
    away = last is not None and now - float(last) > desk.settings.replies.max_wait_days * 86_400
    first_start = kept is None and last is None
    if kept is not None:
        after = max(int(kept) - (OVERLAP_MS << 22), 0)
        since = discord.utils.snowflake_time(int(kept))
    else:  # no message seen yet: from when it last listened, else (the first start) the
        # look-back from now. Not `first_poll`: `bot.py run` dates a Discord poll every
        # cycle since the platform was set up, so a first start after an upgrade would
        # read (and answer) weeks back.
        start = float(last) if last is not None else now
        start -= desk.settings.replies.first_run_lookback_hours * 3600 if first_start else 0
        since = datetime.fromtimestamp(start - OVERLAP_MS / 1000, UTC)
        after = discord.utils.time_snowflake(since)
    caught, newest = Caught(since, first_start), newest_seen(bot)
    found: list[discord.Message] = []
    for guild in bot.guilds:
        for channel in channels_to_read(guild, after, caught):
            found.extend(await read_since(channel, after, caught))
    for message in sorted(found, key=lambda m: m.id):
        mention = mention_of(message, me)
        if mention is None or await desk.store.messages.state(NAME, mention.id) is not None:
            continue  # not a question to the bot, or handled already (live, or before)
        skip = too_late(desk, mention, desk.clock(), away)
        try:
            # No message position (a first start, or one after `bot.py restore`): each is
            # answered only when no reply of ours is found under it.
            outcome = await answer(bot, message, mention, skip=skip, first_poll=kept is None)
        except Exception:  # one message that cannot be handled must not hide the later ones
            log.exception("discord: message %s asked meanwhile could not be handled", message.id)
            caught.other += 1
            continue
        if outcome.reason == "already handled":
            continue  # a live event had it first
        if skip:
            caught.too_old += 1
        elif outcome.state == ReplyState.SENT:
            caught.answered += 1
        else:
            caught.other += 1
    caught.gave_up = save and bool(caught.failed)
    if not desk.dry_run and (save or not caught.failed):
        if newest > int(kept or 0):
            await cursors.set(NAME, MENTIONS, str(newest), desk.clock())
        await cursors.set(NAME, LISTENED, repr(desk.clock()), desk.clock())
    return caught


async def beat(bot: WhyNotBot) -> None:
    """Save where the bot, connected, has listened up to, as of now (a dry run saves
    nothing): taken before any wait, so a cut meanwhile is not counted as listened."""
    desk = bot.desk
    now, newest = desk.clock(), newest_seen(bot)
    if desk.dry_run:
        return
    if newest > int(await desk.store.cursors.get(NAME, MENTIONS) or 0):
        await desk.store.cursors.set(NAME, MENTIONS, str(newest), now)
    await desk.store.cursors.set(NAME, LISTENED, repr(now), now)


class Listening:
    """Whether the bot is listening, and its catch-up each time it becomes ready. Kept by
    the mentions cog: `ready`, `resumed`, `disconnected` from the gateway's events."""

    def __init__(self, bot: WhyNotBot) -> None:
        self.bot = bot
        self.connected = False  # the gateway is up: ready or resumed, not cut since
        # Catch-ups in a row that could not read every channel; 0 once one did, or once
        # `TRIES` were used up (the last of them saved what it read).
        self._tries = 0
        self._catching_up = asyncio.Lock()
        self._beat: asyncio.Task[None] | None = None

    async def ready(self) -> None:
        """Catch up, then every `BEAT_SECONDS` while connected save where the bot listened
        up to; while the catch-up could not read every channel (Discord failing), nothing
        is saved and the next beat tries it again (at most `TRIES` times): until then the
        catch-up reads from where the bot last listened, with the break as long as it was."""
        self.connected = True
        await self._catch_up()
        if self._beat is None or self._beat.done():
            self._beat = asyncio.create_task(self._beating())

    async def _catch_up(self) -> None:
        async with self._catching_up:
            try:
                caught = await catch_up(self.bot, save=self._tries + 1 >= TRIES)
            except Exception:
                log.exception("discord: reading what was asked while the bot was away failed")
                caught = None
        failed = caught is None or caught.failed
        self._tries = self._tries + 1 if failed and self._tries + 1 < TRIES else 0
        if caught is None:
            return
        log.info("%s", caught.line())
        if caught.no_history:
            log.warning(
                "discord: no %s permission in %s: questions put to the bot there while it "
                "was away are not seen; give it %s there",
                HISTORY,
                named(caught.no_history),
                HISTORY,
            )

    def resumed(self) -> None:
        self.connected = True  # Discord replays what was missed in a RESUME

    def disconnected(self) -> None:
        self.connected = False

    def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()

    async def _beating(self) -> None:
        while True:
            await asyncio.sleep(BEAT_SECONDS)
            if not self.connected or self._catching_up.locked():
                continue
            if self._tries:
                await self._catch_up()  # what Discord would not serve, asked again
                continue
            try:
                await beat(self.bot)
            except Exception as exc:  # the next beat tries again
                log.warning("discord: could not save where the bot listened up to: %s", exc)
