"""Trying again the messages due (`Desk.retry_due`), one at a time, so that a platform
refusing before a message is even claimed (Bluesky with its app password revoked: its
sign-in, `me`, is refused from then on) holds up only its own: its other messages wait for
the next cycle, unasked, and the other platforms' are still tried. The refusal is raised
once they were, so the run's step fails with it (said with its fix, then hourly)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from whynot.platform import PlatformError

if TYPE_CHECKING:
    from whynot.desk import Desk
    from whynot.models import Outcome
    from whynot.store.messages import MessageRow


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
