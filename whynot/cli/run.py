"""`bot.py run [--once]`: answer mentions and watch followers on every configured platform.

One cycle: recover anything a previous process left mid-reply (first cycle only), poll
new mentions, retry failed replies that are due, advance the follower crawl, announce
settled unfollows. A fault in one step is logged and the loop goes on; cursors and
crawl positions are only moved after the work they stand for is stored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from scoring import OwnerIndex
from whynot.backoff import startup_delay
from whynot.cli.errors import UsageError
from whynot.cli.run_lock import CycleStillBusy, RunLockError, single_instance
from whynot.cli.run_report import FAILING, failing, log_format, recover, report, watch_off, working
from whynot.config import DEFAULT_CONFIG, DEFAULT_OWNER, ConfigError, Settings, load_settings
from whynot.desk import Desk
from whynot.dotenv_names import misnamed, no_platform_line, rename_line
from whynot.handles import PLATFORM_LABELS
from whynot.models import WAITING_FOR_MONEY, Identity
from whynot.owner_config import OwnerConfigError, load_owner, read_owner_context
from whynot.platform import PlatformError
from whynot.replies import ReplyRenderer
from whynot.reply_language import warm
from whynot.spend import Budget, OverBudget
from whynot.store import Store, StoreError
from whynot.watch import Watch

log = logging.getLogger("whynot.run")


LOG_LEVELS = ("debug", "info", "warning", "error")


class StartupError(Exception):
    """The bot cannot start as configured (for example, rejected credentials)."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="answer mentions and watch followers on the configured platforms",
        description="Runs the bot for the platforms whose credentials are set (X: the "
        "X_* variables; Discord: DISCORD_TOKEN; Bluesky: BLUESKY_HANDLE and "
        "BLUESKY_APP_PASSWORD; Mastodon: MASTODON_BASE_URL and MASTODON_ACCESS_TOKEN), from "
        "the environment or a .env file, side by side. Each is polled at its own "
        "poll_seconds; --once runs a single cycle and exits (for cron: a cycle that finds "
        "the previous one still busy skips its turn, exit 0). One run per database.",
    )
    p.add_argument("--once", action="store_true", help="run one cycle and exit")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="do everything but send replies (on X the reads are still paid: mentions, askers"
        "' profiles and posts; the run's last line says what it spent)",
    )
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default="info",
        help="how much to log (default info; warning: only what needs a look)",
    )
    p.set_defaults(run=run)


def owner_index(settings: Settings) -> tuple[OwnerIndex, dict[str, str]]:
    if settings.owner_config is None or not settings.owner_config.exists():
        log.warning("no owner config: off_topic and redundant cannot judge")
        return OwnerIndex(), {}
    return load_owner(settings.owner_config)


async def _step(name: str, work: Callable[[], Awaitable[Any]], feed: bool = True) -> bool:
    try:
        result = await work()
    except OverBudget as exc:  # no money now is a wait, as for a reply: cron's exit stays 0
        log.warning("%s: %s: %s; tried again next cycle", name, WAITING_FOR_MONEY, exc)
        return True
    except Exception as exc:  # one failing step must not stop the others or the loop
        failing(name, exc)
        return False
    working(name)  # after failures (an outage): one line saying it works again
    if isinstance(result, list) and result:
        return report(name, result, feed)
    return True


STARTUP_FIRST_WAIT = 35.0  # seconds the first cycle waits for X's first attempt
X_PAUSED = "X paused: [x] monthly_budget_usd is 0 (every X call is paid); X is not read"
MONEY_WAIT = 3600.0  # seconds between start-up attempts while the month's money is spent
X_UNREACHABLE_FIX = "check this machine's network and that X is up; the next run tries again"
REJECTED = "check X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET in .env"


def owner_handle(settings: Settings) -> str:
    """The handle the owner file names ("" when there is no owner file)."""
    if settings.owner_config is None or not settings.owner_config.exists():
        return ""
    return read_owner_context(settings.owner_config).handle


def check_owner_file(settings: Settings) -> None:
    """A real run needs the owner's own file: not the demo owner's (whose interests would
    judge a real audience), and not a path that holds nothing."""
    where = settings.config_path  # the file load_settings read (--config, WHYNOT_CONFIG)
    path = settings.owner_config
    if path is not None and path.resolve() == DEFAULT_OWNER.resolve():
        point = f"or point owner_config in {where} at it"  # not one to edit if not there:
        if not where.exists() and where.resolve() == DEFAULT_CONFIG.resolve():
            point = f"(there is no config file at {where} yet: init writes it)"
        elif not where.exists():  # only WHYNOT_CONFIG names a file that is not there
            point = f"(WHYNOT_CONFIG names {where}, which is not there; init writes "
            point += f"{DEFAULT_CONFIG}: point WHYNOT_CONFIG at that, or unset it)"
        raise StartupError(
            f"the owner file is the demo owner's ({path}): run `python bot.py init` to write "
            f"yours {point}"
        )
    if path is not None and not path.exists():
        raise StartupError(
            f"the owner file {path} does not exist: run `python bot.py init`, or fix "
            f"owner_config in {where}"
        )


def check_owner(settings: Settings, me: Identity) -> None:
    """The owner file must describe the account the X credentials log in as."""
    expected = owner_handle(settings)
    if expected and expected.lower() != me.handle.lower():
        raise StartupError(
            f"the owner file {settings.owner_config} is for @{expected} but the X credentials "
            f'are @{me.handle}: set handle = "{me.handle}" there (or use @{expected}\'s tokens)'
        )


async def start_x(
    x: Any,
    once: bool,
    sleep: Callable[[float], Awaitable[None]],
    broke: asyncio.Event | None = None,
) -> Identity:
    """Check X's credentials (`me`). Rejected or forbidden: StartupError. Unreachable: with
    --once, a transient PlatformError for the caller to report; in loop mode, tried again
    with backoff, one warning line per attempt, until X answers. Out of money (loop mode):
    `broke` is set and the next attempt is an hour away, so nothing waits for it."""
    from whynot.platforms.x import Forbidden
    from whynot.platforms.x_http import ClockOff

    attempt = 0
    while True:
        attempt += 1
        try:
            # In loop mode each attempt is one call (one line); --once keeps the adapter's
            # own quick retries, since it has no later attempt.
            return await x.me(retries=None if once else 1)
        except OverBudget as exc:
            if once:
                raise
            if attempt == 1:
                log.warning("x: %s: %s; tried again every hour", WAITING_FOR_MONEY, exc)
            if broke is not None:
                broke.set()
            await sleep(MONEY_WAIT)
        except Forbidden as exc:
            raise StartupError(
                f"X accepted the credentials but refused the call (403: {exc}); check in "
                "the developer console that the app is in a Project with API access and "
                "credits"
            ) from None
        except PlatformError as exc:
            if not exc.transient:  # a clock off: new tokens would be refused alike
                fix = exc.fix if isinstance(exc, ClockOff) else REJECTED
                raise StartupError(f"X did not accept the credentials: {exc}; {fix}") from None
            if once:
                raise
            delay = startup_delay(attempt)
            log.warning(
                "X cannot start (attempt %d): %s; trying again in %.0fs", attempt, exc, delay
            )
            await sleep(delay)


async def say_spend(budget: Budget, since: float, now: float, dry_run: bool) -> None:
    """One line after a --once cycle: what it cost on X since it started at `since` (the
    ledger's rows from then: a run across a month's end counts both parts) and what is
    left this month (a dry run answers nothing but pays for what it reads)."""
    run = await budget.store.spend.since(budget.platform, since)
    spent = await budget.spent(now)
    log.info(
        "X spent $%.3f this run%s ($%.2f of $%.2f left this month)",
        sum(usd for _, usd in run.values()),
        " (a dry run pays for the reads, not for replies)" if dry_run else "",
        max(0.0, budget.monthly_usd - spent),
        budget.monthly_usd,
    )


async def serve(
    settings: Settings,
    once: bool,
    dry_run: bool,
    *,
    discord_runner: Callable[[Settings, Desk], Awaitable[None]] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """Run every configured platform. One that cannot start yet does not hold up the
    others: X joins the loop once it answers, Discord runs beside it in its own task."""
    from whynot.platforms.x import XPlatform

    store = await Store.open(settings.db_path)
    FAILING.clear()  # this run's outages only
    platforms: dict[str, Any] = {}
    watches: list[Watch] = []
    discord_task: asyncio.Task[None] | None = None
    x_task: asyncio.Task[Identity] | None = None
    warming: asyncio.Task[None] | None = None
    x: Any = None
    broke = asyncio.Event()  # X's start waits an hour for money: the first cycle does not
    started = 0.0
    failed_start = False
    side: Any = None
    try:
        index, varieties = owner_index(settings)
        renderer = ReplyRenderer(
            settings.replies.tone,
            offer_review=settings.offers_review,
            x_posts=settings.x.reply_posts,
            varieties=varieties,
        )
        desk = Desk(
            store, platforms, renderer, index, settings, dry_run=dry_run or settings.dry_run
        )
        if not once:  # the language identifier's first load (~1 s of CPU), off the loop
            warming = asyncio.create_task(asyncio.to_thread(warm))
        if settings.x_enabled and settings.x.monthly_budget_usd <= 0:  # the owner's pause:
            log.info(X_PAUSED)  # said at start, not as a warning every cycle (cron mail)
        elif settings.x_enabled:
            budget = Budget(
                store, settings.x.monthly_budget_usd, watch_usd=settings.x.watch_budget_usd
            )
            x = XPlatform.from_settings(settings.secrets, settings.x.api_base, budget)
            x.first_posts = settings.x.first_posts
            started = x.clock()
            x_task = asyncio.create_task(start_x(x, once, sleep, broke))
        from whynot.platforms.side import SidePlatforms

        # Bluesky and Mastodon sign in in their own tasks and join the loop when ready.
        side = SidePlatforms(settings, store, desk, once, sleep)
        side.begin()

        def starting() -> list[str]:
            """The configured platforms not running yet that may still join: X in its
            start-up backoff (or its hour's wait for money), Bluesky and Mastodon signing in."""
            return ["x"] * (x_task is not None and not x_task.done()) + side.starting()

        if settings.discord_enabled:
            if once:
                # Discord listens for events; a single cycle (--once) cannot hear anything.
                log.warning("Discord skipped: it needs a long-running `bot.py run` (no --once)")
            else:
                from whynot.platforms.discord import DiscordPlatform, run_discord
                from whynot.platforms.discord.keep import keep_discord

                runner = discord_runner or run_discord
                platforms["discord"] = DiscordPlatform(read_guilds=settings.discord.control_guilds)
                discord_task = asyncio.create_task(
                    keep_discord(lambda: runner(settings, desk), sleep, platforms, starting)
                )
        if x_task is not None and once:
            try:
                await x_task
            except OverBudget as exc:  # a wait, as for mentions: cron's exit stays 0
                log.warning("x: %s: %s; X is not read this cycle", WAITING_FOR_MONEY, exc)
                x_task = None
            except PlatformError as exc:  # unreachable (rejected is a StartupError)
                log.error("X did not start: %s; %s", exc, X_UNREACHABLE_FIX)
                failed_start = True
        elif x_task is not None:  # give X its first attempt before the first cycle
            money = asyncio.create_task(broke.wait())  # (not its hour's wait for money)
            try:
                await asyncio.wait(
                    [x_task, money], timeout=STARTUP_FIRST_WAIT, return_when="FIRST_COMPLETED"
                )
            finally:
                money.cancel()
        await side.settle(None if once else STARTUP_FIRST_WAIT)
        first = True
        while True:
            if x_task is not None and x_task.done() and "x" not in platforms:
                if x_task.exception() is None:
                    check_owner(settings, x_task.result())
                    log.info("X account: @%s", x_task.result().handle)
                    platforms["x"] = x
                    if settings.x.watch_followers:
                        watches.append(Watch(store, desk, x, settings.x))
                    else:
                        log.log(*watch_off(settings.x))
                    if not first:  # X came up late: settle only its own interrupted replies
                        late = Desk(
                            store, {"x": x}, renderer, index, settings, dry_run=desk.dry_run
                        )
                        await recover(late, _step, "X ")
                elif not failed_start:
                    x_task.result()  # a StartupError: surface it
            await side.join(platforms, watches, late=not first)
            if first:
                log.info(
                    "running for %s%s",
                    ", ".join(platforms) or f"no platform {'this cycle' if once else 'yet'}",
                    " (dry run)" if desk.dry_run else "",
                )
                await recover(desk, _step)
                first = False
            ok = not failed_start and not side.failed
            for platform in [p for p in platforms.values() if side.due(p.name)]:
                ok &= await _step(f"{platform.name} mentions", partial(desk.poll, platform))
            # Each its own step (one refusing hides no other's); one not loaded (refused,
            # paused, its month spent) still has its late questions given up, and said.
            for name in [*platforms, *(n for n in PLATFORM_LABELS if n not in platforms)]:
                ok &= await _step(f"{name} retries", partial(desk.retry_due, name))
            # review requests: tell askers the decisions made since, remind the owner
            ok &= await _step("reviews", desk.reviews.tick)
            for watch in watches:
                ok &= await _step("follower crawl", watch.crawl)
                # Without a Discord feed the log is the owner's only word of an unfollow.
                feed = "discord" in platforms
                ok &= await _step("unfollow notices", watch.announce, feed)
            if once:
                if "x" in platforms:
                    await say_spend(x.budget, started, x.clock(), desk.dry_run)
                return 0 if ok else 1
            if discord_task is not None and discord_task.done():
                discord_task.result()  # refused at start, or alone: surface why (DiscordError)
            await sleep(side.pause(list(platforms)))
    finally:
        if side is not None:
            await side.close()
        for task in (discord_task, x_task, warming):
            if task is not None and not task.done():
                task.cancel()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if x is not None:
            await x.close()
        for platform in platforms.values():
            close = getattr(platform, "close", None)
            if close is not None and platform is not x:
                await close()
        await store.close()


async def until_stopped(work: Awaitable[int]) -> int:
    """`work`, ended by SIGTERM as by Ctrl-C: `docker stop` (and systemd without
    KillSignal=SIGINT) sends it, and Python would die at once, closing nothing (as a
    container's PID 1, not even that: killed 10 s later). Ctrl-C (SIGINT) is taken by the
    loop the same way (asyncio.run's own handler lost one, now and then, in the test
    suite's runs), and ends in KeyboardInterrupt once everything is closed."""
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    stopped_by: list[signal.Signals] = []

    def stop(sig: signal.Signals) -> None:  # once: a second would cancel the closing
        if task is not None and not stopped_by:
            stopped_by.append(sig)
            task.cancel()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop, sig)
    try:
        return await work
    except asyncio.CancelledError:
        if stopped_by == [signal.SIGINT]:
            raise KeyboardInterrupt from None
        raise
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=getattr(args, "log_level", "info").upper(),
        format=log_format(),  # journald stamps each line itself
    )
    # At DEBUG tweepy logs request headers (with tokens), oauthlib the consumer key and
    # access token, aiosqlite every statement's values (the saved Bluesky session): never.
    for name in ("tweepy", "oauthlib", "requests_oauthlib", "aiosqlite"):
        logging.getLogger(name).setLevel(logging.INFO)
    # httpx (atproto's transport) logs every request at INFO: one line a call is noise.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = load_settings(args.config)
        if args.db is not None:
            from dataclasses import replace

            settings = replace(settings, db_path=args.db)
        settings.check_pasted()  # a pasted "Bearer ..." would read as rejected tokens
        if settings.x_missing:
            raise UsageError(
                f"X is half configured: {', '.join(settings.x_missing)} "
                f"{'is' if len(settings.x_missing) == 1 else 'are'} not set (X needs all five "
                "X_* variables, in the environment or .env)"
            )
        for network, missing in settings.half_configured.items():
            raise UsageError(
                f"{network} is half configured: {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set"
            )
        pollers = set(settings.served) - {"discord"}  # Discord listens, the others are polled
        if not settings.served:
            raise UsageError(no_platform_line())
        if wrong := misnamed():  # a platform the owner meant to serve stays off: say it
            log.warning("%s", rename_line(wrong))
        if args.once and not pollers:
            raise UsageError(
                "Discord needs a long-running process: start `bot.py run` without --once "
                "(a service, not cron); --once serves X, Bluesky and Mastodon"
            )
        check_owner_file(settings)
        with single_instance(settings.db_path, args.once):
            return asyncio.run(until_stopped(serve(settings, args.once, args.dry_run)))
    except CycleStillBusy as busy:  # cron's routine overlap: no mail unless it is stuck
        (log.warning if busy.stuck else log.info)("%s", busy)
        return 1 if busy.stuck else 0
    except (ConfigError, OwnerConfigError, StoreError, StartupError, RunLockError) as exc:
        raise UsageError(str(exc)) from None
    except Exception as exc:
        from whynot.platforms.discord import DiscordError

        if isinstance(exc, DiscordError):
            raise UsageError(f"Discord: {exc}") from None
        raise
    except KeyboardInterrupt:  # Ctrl-C, or systemd's KillSignal=SIGINT
        log.info("stopped (Ctrl-C)")
        return 130
    except asyncio.CancelledError:  # SIGTERM (until_stopped): everything was closed
        log.info("stopped (SIGTERM)")
        return 143
