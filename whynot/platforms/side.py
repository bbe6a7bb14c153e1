"""Bluesky and Mastodon beside X and Discord in `bot.py run`: each configured one signs in
in its own task (retried with backoff while it cannot be reached, so one failing never
holds up or stops the others), then joins the run loop's platforms (mentions) and watches
(followers); Bluesky's Jetstream listener runs in the background. Each platform is polled
at its own `poll_seconds`.

Credentials: Bluesky `BLUESKY_HANDLE` + `BLUESKY_APP_PASSWORD` (its session is kept in the
store, so a restart does not sign in again); Mastodon `MASTODON_BASE_URL` +
`MASTODON_ACCESS_TOKEN`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from whynot.backoff import startup_delay
from whynot.config import Settings, shown_address
from whynot.desk import Desk
from whynot.platform import PlatformError
from whynot.store import Store
from whynot.watch import Watch

log = logging.getLogger("whynot.run")
NAMES = {"bluesky": "Bluesky", "mastodon": "Mastodon"}


@dataclass
class Started:
    platform: Any
    watch: Watch | None = None
    background: list[asyncio.Task[Any]] = field(default_factory=list)


def sign_in_fix(
    name: str, exc: Exception, settings: Settings, again: str = "the next run tries again"
) -> str:
    """What the owner can do when Bluesky or Mastodon would not sign in (run, audit)."""
    if getattr(exc, "reset", None) is not None:  # rate limited: the message says until when
        return f"nothing to fix, only to wait; {again}"
    if not isinstance(exc, PlatformError):  # the store, a stream: not the credentials
        return f"not a sign-in problem (the line says what failed); {again}"
    if isinstance(exc, PlatformError) and exc.transient:  # unreachable
        where = (
            "MASTODON_BASE_URL"
            if name == "mastodon"
            else f"[bluesky] service ({shown_address(settings.bluesky.service)})"
        )
        return f"check {where} and that the service is up; {again}"
    if name == "mastodon":
        return (
            "check MASTODON_ACCESS_TOKEN in .env (Preferences, Development, your "
            "application's access token, with scopes read and write:statuses)"
        )
    return (
        "check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD in .env (an app password from "
        "Settings, Privacy and security, App passwords)"
    )


async def _sign_in(name: str, platform: Any, once: bool, sleep: Callable[..., Any]) -> None:
    """`me()` until it answers: rejected credentials end the platform (PlatformError, not
    transient); unreachable is one warning line per attempt, with backoff (--once: one try)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            me = await platform.me(retries=None if once else 1)
            log.info("%s account: @%s", NAMES[name], me.handle)
            return
        except PlatformError as exc:
            if not exc.transient or once:
                raise
            delay = startup_delay(attempt)
            log.warning(
                "%s cannot start (attempt %d): %s; trying again in %.0fs",
                NAMES[name],
                attempt,
                exc,
                delay,
            )
            await sleep(delay)


async def start_bluesky(
    settings: Settings, store: Store, desk: Desk, once: bool, sleep: Callable[..., Any]
) -> Started:
    from whynot.platforms.bluesky.jetstream import BlueskyWatch, listen, open_stream
    from whynot.platforms.bluesky.platform import BlueskyPlatform

    async def save(session: str) -> None:
        await store.cursors.set("bluesky", "session", session, time.time())

    saved = await store.cursors.get("bluesky", "session")
    bsky = BlueskyPlatform.from_settings(settings.secrets, settings.bluesky.service, saved, save)
    await _sign_in("bluesky", bsky, once, sleep)
    started = Started(bsky)
    if settings.bluesky.watch_followers:
        started.watch = watch = BlueskyWatch(store, desk, bsky, settings.bluesky)
        if not once:  # the live stream needs a long-running process; --once reconciles
            stream, load = await open_stream(bsky, store)
            watch.stream = stream  # each finished reconcile refreshes its filter
            started.background.append(
                asyncio.create_task(listen(stream, settings.bluesky.jetstream, load))
            )
    return started


async def start_mastodon(
    settings: Settings, store: Store, desk: Desk, once: bool, sleep: Callable[..., Any]
) -> Started:
    from whynot.platforms.mastodon.platform import MastodonPlatform

    masto = await MastodonPlatform.from_settings(settings.secrets)
    await _sign_in("mastodon", masto, once, sleep)
    watch = FreeWatch(store, desk, masto, settings.mastodon)
    started = Started(masto, watch if settings.mastodon.watch_followers else None)
    if not once:  # the stream answers a mention as it arrives; polling stays as a net
        loop, arrived = asyncio.get_running_loop(), asyncio.Event()
        if await masto.stream_mentions(lambda: loop.call_soon_threadsafe(arrived.set)):
            started.background.append(asyncio.create_task(_on_arrival(masto, desk, arrived)))
    return started


async def _on_arrival(platform: Any, desk: Desk, arrived: asyncio.Event) -> None:
    """Read and answer mentions each time the stream says one arrived. The same claims as
    the loop's poll: a mention read by both is answered once."""
    while True:
        await arrived.wait()
        arrived.clear()
        if platform.name not in desk.platforms:
            continue  # not joined the loop yet: its first poll will read it
        try:
            await desk.poll(platform)
        except Exception as exc:
            log.warning("%s mentions (streamed) failed: %s", NAMES[platform.name], exc)


class FreeWatch(Watch):
    """The core watch for a network whose follower lists cost nothing to read."""

    def _say_cost(self) -> None:
        log.info("%s follower crawl: free to read", NAMES.get(self.platform.name, "follower"))


STARTERS: dict[str, Callable[..., Coroutine[Any, Any, Started]]] = {
    "bluesky": start_bluesky,
    "mastodon": start_mastodon,
}


@dataclass
class SidePlatforms:
    settings: Settings
    store: Store
    desk: Desk
    once: bool
    sleep: Callable[..., Any] = asyncio.sleep
    tasks: dict[str, asyncio.Task[Started]] = field(default_factory=dict)
    joined: dict[str, Started] = field(default_factory=dict)
    failed: bool = False
    _next_poll: dict[str, float] = field(default_factory=dict)
    _elapsed: float = 0.0  # seconds the loop has slept: the pace of the polls

    def begin(self) -> None:
        for name in self.settings.served:
            if starter := STARTERS.get(name):  # Bluesky's and Mastodon's (X and Discord: run)
                self.tasks[name] = asyncio.create_task(
                    starter(self.settings, self.store, self.desk, self.once, self.sleep)
                )

    async def settle(self, timeout: float | None) -> None:
        """Wait for the sign-ins (all of them under --once; a while otherwise)."""
        pending = [t for t in self.tasks.values() if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    def starting(self) -> list[str]:
        """The platforms still signing in, or signed in and joining at the loop's next
        turn; not one whose sign-in failed for good (`join` reports it and leaves it out)."""
        return [
            name
            for name, task in self.tasks.items()
            if not task.done() or (not task.cancelled() and task.exception() is None)
        ]

    async def join(self, platforms: dict[str, Any], watches: list[Watch], late: bool) -> None:
        """Move the platforms that have signed in into the run loop. One that failed for
        good is reported once and left out: the others go on."""
        again = "the next run tries again" if self.once else "restart the bot to try again"
        for name, task in list(self.tasks.items()):
            if not task.done():
                continue
            del self.tasks[name]
            try:
                started = task.result()
            except Exception as exc:
                log.error(
                    "%s did not start: %s; %s",
                    NAMES[name],
                    exc,
                    # left out until the process starts again: under --once, the next run
                    sign_in_fix(name, exc, self.settings, again),
                )
                self.failed = True
                continue
            self.joined[name] = started
            platforms[name] = started.platform
            if started.watch is not None:
                watches.append(started.watch)
            if late:  # came up after the first cycle: settle only its own interrupted replies
                alone = Desk(
                    self.store,
                    {name: started.platform},
                    self.desk.renderer,
                    self.desk.owner,
                    self.settings,
                    dry_run=self.desk.dry_run,
                )
                try:
                    await alone.recover()
                except Exception as exc:
                    log.warning("%s recovery failed: %s", NAMES[name], exc)

    def interval(self, name: str) -> float:
        section = getattr(self.settings, name, None)
        return float(getattr(section, "poll_seconds", self.settings.x.poll_seconds))

    def due(self, name: str) -> bool:
        """Whether a platform's mentions are due (each at its own poll_seconds, counted in
        the loop's own sleeps, so the slowest work never makes a poll come twice)."""
        if self._elapsed < self._next_poll.get(name, 0.0):
            return False
        self._next_poll[name] = self._elapsed + self.interval(name)
        return True

    def pause(self, names: list[str]) -> float:
        """How long the loop sleeps now: until the next platform is due (with only X,
        exactly [x] poll_seconds, as before)."""
        seconds = min([self.interval(n) for n in names] or [self.settings.x.poll_seconds])
        self._elapsed += seconds
        return seconds

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        for started in self.joined.values():
            for job in started.background:
                job.cancel()
        jobs = [*self.tasks.values(), *(j for s in self.joined.values() for j in s.background)]
        for job in jobs:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await job
