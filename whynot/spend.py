"""What X costs and the monthly budget the bot never exceeds.

X charges per resource read and per post created. Every paid call is priced before it
is made (`Budget.allow`), refused when it would pass the month's budget, and written to
the store's ledger after (`Budget.charge`). As the month's money runs low the bot
degrades instead of stopping: one read per asker, no follower crawl, cached answers.

The ledger charges what a successful answer carried (posts, users, ids), each resource
once per UTC day as X does (`charge_reads`); mode changes are kept for `bot.py cost`.
An attempt that failed and was retried (a 5xx, a timeout, a body cut short) carried
nothing it could count; should X bill such an attempt anyway, the ledger runs short by
it, which is why the budget is a ceiling the owner sets with room to spare, not an
exact invoice.
"""

from __future__ import annotations

import calendar
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from scoring.thresholds import FULL_CONFIDENCE_POSTS, MIN_CONFIDENCE
from whynot.store import Store

log = logging.getLogger(__name__)

# US dollars per unit, the one price table. Source: docs.x.com, X API pay-per-use,
# "Credit consumption details" (read 2026-11-30): a post read $0.005, a user $0.010, a
# follower or following entry $0.010, a post created $0.015 but $0.200 when it holds a URL
# (X links a bare domain too), owned reads (your own posts and followers) $0.001; a
# resource read twice in one UTC day is charged once.
PRICES_SOURCE = "docs.x.com, X API pay-per-use, 'Credit consumption details' (2026-11-30)"
PRICES: dict[str, float] = {
    "post_read": 0.005,
    "user_read": 0.010,
    "follower_read": 0.010,
    "post_create": 0.015,
    "post_create_link": 0.200,
    "dm_create": 0.015,
    "owned_read": 0.001,
}
# The owned reads by what was read (one price, three lines in `bot.py cost`).
PRICES |= {"own_user_read": 0.001, "own_post_read": 0.001, "own_follower_read": 0.001}


def answer_cost(posts: int, reply_posts: int) -> float:
    """What one answered X mention costs when nothing of it was read before that day: the
    mention itself, the asker's profile (one user read), `posts` of their posts and a
    reply of `reply_posts` posts (without a link)."""
    return (
        PRICES["post_read"] * (1 + posts)
        + PRICES["user_read"]
        + PRICES["post_create"] * reply_posts
    )


# What the follower watch reads; its spend has a cap of its own ([x] watch_budget_usd).
WATCH_KIND = "own_follower_read"
# Below this share of the month's budget left, the bot goes lean.
LEAN_BELOW = 0.25


def watch_month(monthly_usd: float, watch_usd: float) -> float:
    """The most the follower watch can spend in a month, as `Budget.affordable` lets it:
    its own cap ([x] watch_budget_usd), never past the lean line (3/4 of [x]
    monthly_budget_usd: there the crawl pauses). Less only when answers spent first. The
    one figure `init`, `cost` and the watch's own lines state (whynot.watch)."""
    return max(0.0, min(watch_usd, (1 - LEAN_BELOW) * monthly_usd))


def watch_month_words(monthly_usd: float, watch_usd: float) -> str:
    """`watch_month` as the owner reads it, with the setting that sets it."""
    month = watch_month(monthly_usd, watch_usd)
    if watch_usd <= (1 - LEAN_BELOW) * monthly_usd:
        return f"${month:.2f} a month ([x] watch_budget_usd)"
    return f"${month:.2f} a month (3/4 of [x] monthly_budget_usd: then it goes lean)"


# In lean mode an asker is read once, this many posts: the fewest with which a content
# criterion can fail (confidence MIN_CONFIDENCE); 5 posts paid for a verdict that could only
# say "not enough to review yet".
LEAN_POSTS = math.ceil(MIN_CONFIDENCE * FULL_CONFIDENCE_POSTS)


class Mode(StrEnum):
    NORMAL = "normal"
    LEAN = "lean"  # each asker read once (LEAN_POSTS); no follower crawl
    EXHAUSTED = "exhausted"  # no paid call at all until next month


class OverBudget(Exception):
    """The call would pass the monthly budget; it was not made."""


def month_start(now: float) -> float:
    t = datetime.fromtimestamp(now, UTC)
    return datetime(t.year, t.month, 1, tzinfo=UTC).timestamp()


def days_in_month(now: float) -> int:
    t = datetime.fromtimestamp(now, UTC)
    return calendar.monthrange(t.year, t.month)[1]


MODE_MEANS = {
    Mode.NORMAL: "every paid call allowed",
    Mode.LEAN: f"each asker read once ({LEAN_POSTS} posts), no follower crawl",
    Mode.EXHAUSTED: "no paid call until next month",
}


# This clock this far off the platform's (its answers' Date) is set wrong: the month is
# counted by the platform's date (else a clock set a month ahead starts a fresh budget).
CLOCK_WRONG = 3600.0


def no_skew() -> float:
    return 0.0


@dataclass
class Budget:
    store: Store
    monthly_usd: float
    platform: str = "x"
    watch_usd: float | None = None  # the follower watch's own monthly cap (None: none)
    _last_mode: Mode | None = field(default=None, repr=False)
    # This clock minus the platform's, as its last answer said (x_http.RateLimits.skew).
    skew: Callable[[], float] = no_skew
    _told_skew: bool = field(default=False, repr=False)

    def month(self, now: float) -> float:
        """The start of the month the budget counts: `now`'s, or the platform's date's
        when this clock is `CLOCK_WRONG` off it (said once, one warning line)."""
        skew = self.skew()
        if abs(skew) >= CLOCK_WRONG and not self._told_skew:
            self._told_skew = True
            log.warning(
                "%s: this machine's clock is %.1f days %s %s's: the monthly budget is counted "
                "by %s's date, not this clock's; set the clock right (Linux: timedatectl "
                "set-ntp true; a Mac: System Settings > General > Date & Time, set "
                "automatically; a container has its host's clock)", self.platform,
                abs(skew) / 86_400, "ahead of" if skew > 0 else "behind", self.platform.upper(),
                self.platform.upper(),
            )  # fmt: skip
        return month_start(self.platform_time(now))

    async def spent(self, now: float) -> float:
        per_kind = await self.store.spend.since(self.platform, self.month(now))
        return sum(usd for _, usd in per_kind.values())

    async def mode(self, now: float, record: bool = True) -> Mode:
        """The mode the money left puts the bot in. A change from the last one recorded
        (in the store, so across restarts and cron runs) is one warning line and a row of
        the history `bot.py cost` shows; `record=False` only looks."""
        left = self.monthly_usd - await self.spent(now)
        mode = Mode.NORMAL
        if left < LEAN_BELOW * self.monthly_usd:
            mode = Mode.LEAN
        if left <= 0:
            mode = Mode.EXHAUSTED
        if record and mode is not self._last_mode:
            await self._note(mode, left, now)
        return mode

    async def _note(self, mode: Mode, left: float, now: float) -> None:
        last = self._last_mode or Mode(await self.store.modes.last(self.platform) or "normal")
        self._last_mode = mode
        if mode is last:
            return
        await self.store.modes.record(self.platform, mode.value, max(0.0, left), now)
        log.warning(
            "%s spend mode is now %s: $%.2f of the $%.2f monthly budget left (%s)",
            self.platform.upper(),
            mode,
            max(0.0, left),
            self.monthly_usd,
            MODE_MEANS[mode],
        )

    async def allow(self, kind: str, units: int, now: float) -> None:
        """Raise OverBudget unless `units` of `kind` still fit this month."""
        cost = PRICES[kind] * units
        if await self.spent(now) + cost > self.monthly_usd:
            raise OverBudget(
                f"{units} {kind} (${cost:.3f}) would pass the monthly budget of "
                f"${self.monthly_usd:.2f} (raise [x] monthly_budget_usd, or wait for next month)"
            )
        if kind == WATCH_KIND and self.watch_usd is not None:
            per_kind = await self.store.spend.since(self.platform, self.month(now))
            watched = per_kind.get(kind, (0, 0.0))[1]
            if watched + cost > self.watch_usd:
                raise OverBudget(
                    f"the follower watch has spent ${watched:.2f} of its ${self.watch_usd:.2f} "
                    "this month ([x] watch_budget_usd)"
                )

    async def allow_read(self, kind: str, now: float) -> None:
        """Raise OverBudget unless one more read of `kind` fits this month. One of that
        kind read today already is let through: the owner's own account, read at every
        start (each cron cycle), is charged once a day, and that day's charge was made."""
        if not await self.store.reads.read_today(self.platform, kind, now):
            await self.allow(kind, 1, now)

    async def affordable(self, kind: str, most: int, least: int, now: float) -> int:
        """How many of `kind`, up to `most`, still fit this month and, for the follower
        watch, its own cap and the lean line (lean mode pauses the crawl, so a page must
        not itself take the month below it); a page asks for what is left rather than
        nothing once less than a full page is. OverBudget when not even `least` fit."""
        spent, price = await self.spent(now), PRICES[kind]
        caps = [(spent, self.monthly_usd)]
        if kind == WATCH_KIND:
            caps.append((spent, (1 - LEAN_BELOW) * self.monthly_usd))
            if self.watch_usd is not None:
                per_kind = await self.store.spend.since(self.platform, self.month(now))
                # its own cap; the lean line above already bounds it (watch_month states both)
                caps.append((per_kind.get(kind, (0, 0.0))[1], self.watch_usd))
        room = min(cap - used for used, cap in caps)
        units = min(most, max(least, int(room / price) + 1))
        # Dollars are floats: the most that `allow` itself takes (its sums, its comparisons).
        while units > least and any(used + price * units > cap for used, cap in caps):
            units -= 1
        await self.allow(kind, units, now)
        if kind == WATCH_KIND and spent + price * units > caps[1][1]:
            raise OverBudget("the monthly budget is running low; follower crawl paused")
        return units

    def platform_time(self, now: float) -> float:
        """`now` by the platform's date when this clock is `CLOCK_WRONG` off it: what a
        charge is dated, so the month `month` counts holds it (a clock a month behind
        dated every charge before that month: none was ever counted)."""
        skew = self.skew()
        return now if abs(skew) < CLOCK_WRONG else now - skew

    async def charge_reads(self, kind: str, ids: Sequence[str], note: str, now: float) -> int:
        """Charge the resources read (posts, users, followers by id); one read today
        already is not charged again, as X bills. Returns how many were charged."""
        return await self.store.reads.charge(
            self.platform, kind, ids, PRICES[kind], note, self.platform_time(now)
        )

    async def charge(self, kind: str, units: int, note: str, now: float) -> None:
        """Charge what is not a read of a resource (a post or message created)."""
        if units > 0:
            await self.store.spend.record(
                self.platform, kind, units, PRICES[kind] * units, note, self.platform_time(now)
            )
