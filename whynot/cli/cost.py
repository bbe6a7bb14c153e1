"""`bot.py cost`: what X cost this month, against the budget, and per answered mention."""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import replace
from pathlib import Path

from whynot.cli.errors import UsageError, require_database
from whynot.config import ConfigError, load_settings
from whynot.handles import PLATFORM_LABELS
from whynot.models import WAITING_FOR_ACCESS, WAITING_FOR_CREDENTIALS, WAITING_FOR_MONEY
from whynot.platforms.revoked import X_FIX
from whynot.spend import (
    LEAN_BELOW,
    MODE_MEANS,
    WATCH_KIND,
    Budget,
    Mode,
    days_in_month,
    month_start,
    watch_month,
)
from whynot.store import Store, StoreError

FREE_PLATFORMS = ("mastodon", "bluesky", "discord")  # answered at no cost: counted apart


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cost",
        help="show this month's X spend, the budget left and the cost per answer",
        description="Reads the spend ledger: dollars per kind of call this month, the "
        "monthly budget ([x] monthly_budget_usd) and what is left, the mode the bot is in "
        "(normal, lean, exhausted; paused at a budget of 0), the average cost of one answered "
        "mention, and where the month is heading at its pace (when the bot would go lean and "
        "the budget run out).",
    )
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.set_defaults(run=run)


NO_X = (
    "X is not set up here (no X_* credentials in the environment or .env), so nothing is "
    "spent: Discord, Bluesky and Mastodon cost nothing"
)


async def report(
    db: Path, budget_usd: float, now: float, x_chosen: bool = True, watch_cap: float | None = None
) -> list[str]:
    """The month's bill. Without X chosen (no X_* variable set) and no X spend this month,
    one line says nothing costs money (not an X budget, $20 unless set, never chosen).
    `watch_cap`: the most the follower watch spends in a month (`spend.watch_month`)."""
    store = await Store.open(db)
    try:
        since = month_start(now)
        per_kind = await store.spend.since("x", since)
        budget = Budget(store, budget_usd)
        spent = sum(usd for _, usd in per_kind.values())
        answered = await store.messages.answered_since("x", since)
        free = {p: await store.messages.answered_since(p, since) for p in FREE_PLATFORMS}
        waiting = await store.messages.waiting_for("x", WAITING_FOR_MONEY)
        no_access = await store.messages.waiting_for("x", WAITING_FOR_ACCESS)
        revoked = await store.messages.waiting_for("x", WAITING_FOR_CREDENTIALS)
        mode = await budget.mode(now, record=False)  # cost only looks
        history = await store.modes.since("x", since)
    finally:
        await store.close()
    if not x_chosen and not (per_kind or answered or waiting or no_access or revoked):
        return [NO_X, *free_answers(free)]  # X questions still waiting keep the bill
    lines = [f"X spend since {time.strftime('%Y-%m-%d', time.gmtime(since))} (UTC):"]
    for kind, (units, usd) in per_kind.items():
        lines.append(f"  {kind:<18} {units:>9,} units   ${usd:>9.3f}")
    if not per_kind:
        lines.append("  nothing yet")
    # The follower watch is not spent on answers: the cost per answer leaves it out.
    watch = per_kind.get(WATCH_KIND, (0, 0.0))[1]
    pace = projection(spent, budget_usd, since, now, watch, watch_cap)
    lines += [
        f"  total {'':>30}${spent:>9.3f} of ${budget_usd:.2f} "
        f"(${max(0.0, budget_usd - spent):.2f} left; mode: "
        f"{mode if budget_usd > 0 else 'paused, [x] monthly_budget_usd is 0: X is not called'})",
        pace,
        f"answered mentions on X this month: {answered}"
        + (
            f"; about ${(spent - watch) / answered:.3f} each"
            + (f" (the follower watch's ${watch:.2f} apart)" if watch else "")
            if answered
            else ""
        ),
    ]
    lines += free_answers(free)
    if waiting:  # not lost: each is tried hourly (whynot.desk) and answered when money is back
        lines.append(
            f"questions waiting for money: {waiting} (tried hourly; answered once the budget "
            "is raised, the month turns or X's credits are topped up)"
        )
    if no_access:  # X refuses the token's posts: kept, tried hourly (whynot.desk)
        lines.append(
            f"questions waiting for write access: {no_access} (the access token is read-only: "
            "set the app's permissions to Read and write, then regenerate the access token and "
            "secret)"
        )
    if revoked:  # X refused the tokens (401) mid-run: kept, tried hourly (whynot.desk)
        lines.append(f"questions waiting for new credentials: {revoked} ({X_FIX})")
    lines.append("mode changes this month:" if history else "mode changes this month: none")
    for at, changed_to, left in history:
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(at))
        means = MODE_MEANS[Mode(changed_to)]
        lines.append(f"  {when} UTC  {changed_to:<9} (${left:.2f} left: {means})")
    return lines


def free_answers(free: dict[str, int]) -> list[str]:
    """Answers elsewhere cost nothing, but the owner asks how many."""
    if not any(free.values()):
        return []
    counts = ", ".join(f"{PLATFORM_LABELS[p]} {n}" for p, n in free.items() if n)
    return [f"answered mentions elsewhere this month (free): {counts}"]


def projection(
    spent: float,
    budget_usd: float,
    since: float,
    now: float,
    watch: float = 0.0,
    watch_cap: float | None = None,
) -> str:
    """Where the month's X spend is heading. The bot never passes the budget, so a pace
    above it is said as when the bot goes lean and when the money runs out, not as a
    month's end past the budget. With `watch_cap` (`spend.watch_month`), the follower
    watch's `watch` of `spent` counts at its pace but never past that cap: it spends in
    lumps (a crawl), and one day's crawl times thirty was a false alarm."""
    elapsed = (now - since) / 86_400
    if budget_usd <= 0:
        return "  X is paused: nothing more is spent this month"
    # Less than a day of a month says little about its end (one crawl looks like thirty).
    if elapsed < 1:
        return "  too early in the month to project its end"
    days = days_in_month(now)
    lump = 0.0  # the watch's month, apart from the pace
    if watch_cap is not None:
        lump = min(watch / elapsed * days, max(watch, watch_cap))
        spent -= watch
    per_day = spent / elapsed
    month = per_day * days + lump
    if month <= budget_usd:
        return f"  at this pace the month ends near ${month:.2f}"

    def day_of(usd: float) -> str:
        left = max(usd - lump, spent)
        at = since + (left / per_day * 86_400 if per_day > 0 else days * 86_400)
        return time.strftime("%b %d", time.gmtime(at))

    return (
        f"  at this pace the month would take ${month:.2f}, more than the "
        f"${budget_usd:.2f} budget: lean from about {day_of(budget_usd * (1 - LEAN_BELOW))}, "
        f"spent by about {day_of(budget_usd)} (then {MODE_MEANS[Mode.EXHAUSTED]}, "
        "or until the budget is raised)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        if args.db is not None:
            settings = replace(settings, db_path=args.db)
        require_database(
            settings.db_path,
            "the bot has not run with it, so nothing is spent "
            f"(check --db, or db_path in {settings.config_path})",
        )
        x_chosen = settings.x_enabled or bool(settings.x_missing)  # set up, even half
        lines = asyncio.run(
            report(
                settings.db_path,
                settings.x.monthly_budget_usd,
                time.time(),
                x_chosen,
                watch_month(settings.x.monthly_budget_usd, settings.x.watch_budget_usd),
            )
        )
    except (ConfigError, StoreError) as exc:
        raise UsageError(str(exc)) from None
    print("\n".join(lines))
    return 0
