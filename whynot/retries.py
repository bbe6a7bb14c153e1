"""Trying again the messages due (`Desk.retry_due`): a question kept waiting over
`[replies] max_wait_days` is given up instead (told in the feed), never answered that late;
the others are tried one at a time, so that a platform refusing before a message is even
claimed (Bluesky with its app password revoked: its sign-in, `me`, is refused from then on)
holds up only its own: its other messages wait for the next cycle, unasked, and the other
platforms' are still tried. The refusal is raised once they were, so the step fails with it
(said with its fix, then hourly). `bot.py run` makes each platform's retries a step of its
own ("bluesky retries"), so one platform's refusal never hides another's line."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from whynot.models import Mention, Outcome, ReplyState
from whynot.platform import Platform, PlatformError
from whynot.store.cursors import POLLED

if TYPE_CHECKING:
    from whynot.desk import Desk
    from whynot.store.messages import MessageRow

log = logging.getLogger(__name__)
LATE = "dry run: would be given up (waited too long to be answered this late)"


async def read_mentions(
    desk: Desk, platform: Platform, since: str | None, oldest: float | None
) -> tuple[Sequence[Mention], bool]:
    """The platform's mentions since `since`, and whether its mentions had last been read
    longer ago than max_wait_days before (the bot off, or unable to read), by this clock
    alone. Only then is a question judged too late by its age (`too_late`): that compares
    this clock with the platform's stamps, and a clock set wrong (a week ahead) would make
    every new question look weeks old. (A clock that jumps while the bot runs still makes
    one read look away.)"""
    now = desk.clock()
    last = await desk.store.cursors.get(platform.name, POLLED)
    mentions = await platform.mentions_since(since, oldest)
    if not desk.dry_run:
        await desk.store.cursors.set(platform.name, POLLED, repr(now), now)
    days = desk.settings.replies.max_wait_days
    return mentions, last is not None and now - float(last) > days * 86_400


def too_late(desk: Desk, mention: Mention, now: float, away: bool) -> str:
    """Why a mention first read now, after the bot was `away` (`read_mentions`), is not
    answered: asked longer ago than max_wait_days, the limit a question kept waiting is
    given up at."""
    days = desk.settings.replies.max_wait_days
    if not away or not mention.created_at or now - mention.created_at <= days * 86_400:
        return ""
    return (
        f"asked {(now - mention.created_at) / 86_400:.0f} days ago, longer than [replies] "
        f"max_wait_days ({days:g}): not answered this late"
    )


async def retry_due(desk: Desk, platform: str | None = None) -> list[Outcome]:
    """What is due tried again (`platform`'s only, if given), after giving up those that
    waited too long. A dry run gives up nothing: it says which a real run would give up,
    and does not show them as answered."""
    now, late = desk.clock(), []
    oldest = now - desk.settings.replies.max_wait_days * 86_400
    for row in await desk.store.messages.give_up_late(oldest, now, desk.dry_run, platform):
        if desk.dry_run:
            late.append(Outcome(row.mention, ReplyState.FAILED, LATE, row.intent or "other"))
            log.info("%s %s: %s", row.mention.platform, row.mention.id, LATE)
            continue
        late.append(Outcome(row.mention, ReplyState.FAILED, row.reason, row.intent or "other"))
        await desk.publish(late[-1])
    if platform is not None and platform not in desk.platforms:
        return late  # not served in this process: retry_each would skip every row
    done = {(o.mention.platform, o.mention.id) for o in late}
    return late + await retry_each(desk, await desk.store.messages.due_retries(now, platform), done)


async def retry_each(
    desk: Desk, rows: Iterable[MessageRow], done: set[tuple[str, str]]
) -> list[Outcome]:
    """Each row's message handled again, but those of a platform not up in this process,
    those in `done` (given up just now) and those of a platform that refused this time."""
    outcomes: list[Outcome] = []
    refused: dict[str, PlatformError] = {}
    for row in rows:
        name = row.mention.platform
        if name not in desk.platforms or name in refused or (name, row.mention.id) in done:
            continue
        try:  # untouched since a restore: looked for first, as a first poll's mentions are
            outcomes.append(await desk.handle(row.mention, first_poll=row.before_restore))
        except PlatformError as exc:  # before its claim: nothing was sent, the row is as it was
            refused[name] = exc
    if refused:
        raise next(iter(refused.values()))
    return outcomes
