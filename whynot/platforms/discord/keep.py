"""Discord beside the polled platforms in `bot.py run` (`keep_discord`): started, and
started again with backoff while it cannot be reached; a start-up rejection ends the run
(a set-up mistake: exit 2), but a session that ran and was then refused (the token reset
while the bot ran: gateway close 4004) stops Discord alone. X, Bluesky and Mastodon go
on, those still starting too (X in its start-up backoff joins when it answers), and one
error line, said again every hour, tells the owner what to do. With no other platform
running or starting, the line ends the run (exit 2) rather than leave it idle."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

from whynot.backoff import WARN_AGAIN, startup_delay
from whynot.platforms.discord.bot import start_fault
from whynot.platforms.discord.common import NAME, DiscordStopped

log = logging.getLogger("whynot.run")  # the run's own lines


async def keep_discord(
    start: Callable[[], Awaitable[None]],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    platforms: dict[str, Any] | None = None,
    starting: Callable[[], list[str]] = list,
) -> None:
    """Run Discord; when it cannot be reached (a connection error, a gateway or server
    fault), log one warning line and try again with backoff. A rejected token is not
    retried: `DiscordError` ends the task and the loop reports it (exit 2), unless Discord
    had been running and other platforms are in `platforms` (the run's) or `starting`
    (the configured ones still starting, which may join): then Discord leaves them, and
    the task says why every hour while the others go on."""
    attempt = 0
    while True:
        attempt += 1
        try:
            await start()
            return
        except DiscordStopped as exc:
            await stopped(exc, platforms if platforms is not None else {}, sleep, starting)
        except Exception as exc:
            reason = start_fault(exc)
            if reason is None:
                raise
        delay = startup_delay(attempt)
        log.warning(
            "Discord cannot start (attempt %d): %s; trying again in %.0fs",
            attempt,
            reason.splitlines()[0] if reason else "unreachable",
            delay,
        )
        await sleep(delay)


async def stopped(
    exc: DiscordStopped,
    platforms: dict[str, Any],
    sleep: Callable[[float], Awaitable[None]],
    starting: Callable[[], list[str]] = list,
) -> NoReturn:
    """Discord out of the run (its questions wait in the store, its feed is gone: the log
    speaks for it); one error line now and every hour until the run is stopped, or until
    no other platform runs or is starting: then `exc` ends the run with its line."""
    platforms.pop(NAME, None)
    while True:
        running, waiting = [n for n in platforms if n != NAME], starting()
        if not running and not waiting:
            raise exc  # nothing else runs or will: the run ends with the line
        log.error(
            "Discord stopped: %s; the run goes on for %s (this line again every hour)",
            exc,
            goes_on_for(running, waiting),
        )
        await sleep(WARN_AGAIN)


def goes_on_for(running: list[str], waiting: list[str]) -> str:
    """Who the run goes on for: "x, bluesky", "x once it starts", "bluesky now, and x and
    mastodon once they start" (those running told apart from those still starting)."""
    if not waiting:
        return ", ".join(running)
    names = " and ".join([", ".join(waiting[:-1]), waiting[-1]] if waiting[:-1] else waiting)
    later = f"{names} once {'it starts' if len(waiting) == 1 else 'they start'}"
    return f"{', '.join(running)} now, and {later}" if running else later
