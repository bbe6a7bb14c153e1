"""After a restart: what to do with messages a process claimed and died before recording
the outcome of. A reply found on the platform is marked sent; one surely missing is
retried; when the platform cannot tell, the message is left failed and visible rather than
risk a second reply (a thread cut earlier saying so: "thread incomplete, k of n posts sent:
..."). A thread found with fewer posts than were planned, or than were kept at an earlier
cut, has the rest owed (whynot.thread_rest). Each case is written to the moderation log.
Called through `Desk.recover`. A dry run settles nothing: it says how many claims the next
real run will settle, and neither asks the platform nor writes."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from whynot.platform import PlatformError
from whynot.spend import OverBudget
from whynot.thread_rest import incomplete, owe_after_restart

if TYPE_CHECKING:
    from whynot.desk import Desk

log = logging.getLogger(__name__)


def left_for_a_real_run(what: str, count: int) -> int:
    """A dry run's one line about claims it leaves alone; returns `count`."""
    if count:
        log.info(
            "dry run: %d %s a previous run left mid-send; settled by the next real run, not now",
            count, what,
        )  # fmt: skip
    return count


async def recover(desk: Desk) -> int:
    """Settle every stale claim of a loaded platform; returns how many were settled."""
    now = desk.clock()
    settled = 0
    rows = [
        r for r in await desk.store.messages.stale_claims() if r.mention.platform in desk.platforms
    ]
    if desk.dry_run:
        return left_for_a_real_run("replies" if len(rows) != 1 else "reply", len(rows))
    for row in rows:
        platform = desk.platforms[row.mention.platform]
        mention = row.mention
        if not mention.author.handle:  # claimed before it was named (X): named for
            with contextlib.suppress(PlatformError, OverBudget):  # the log and the row
                mention = replace(mention, author=await platform.identify(mention.author))
        found = await platform.already_replied(mention)
        if found is not None and len(row.reply_ids) > len(found):  # kept by an earlier cut,
            found = row.reply_ids  # not all seen yet (a listing lags): kept
        if found and len(found) < len(row.planned):  # stopped midway through a thread
            what = await owe_after_restart(desk, row, mention, found, now)
        elif found:  # its posts kept, so a review asked under them is known as ours
            await desk.store.messages.mark_sent(mention, found, row.template or "", now)
            what = "reply found after restart; marked sent"
        elif found is not None and row.attempts < desk.settings.replies.max_attempts:
            await desk.store.messages.mark_failed(mention, "interrupted before sending", now, now)
            what = "interrupted before sending; retrying"
        else:
            cut = f"{incomplete(len(row.reply_ids), len(row.planned))}: " if row.reply_ids else ""
            why = f"{cut}interrupted between claim and send; not retried, to never reply twice"
            await desk.store.messages.mark_failed(mention, why, None, now)
            what = f"{cut}interrupted; left failed for a person to check"
        await desk.store.moderation.log(
            "recover", "bot", mention.platform, mention.author.handle,
            f"message {mention.id}: {what}", "bot", now, mention.author.id,
        )  # fmt: skip
        settled += 1
    return settled
