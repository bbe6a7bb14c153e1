"""The unfollow watch: follower snapshots, their diff, and what is said about it.

- Crawl: follower ids page by page into a snapshot in the store. Each page and the cursor
  to resume from are written in one transaction, so a crawl survives restarts, rate
  limits and faults, and a big account's snapshot simply spans several cycles. Two info
  lines, no more: a crawl a previous process left is resumed ("resumed at 4,000 of
  ~20,000"), and a crawl is complete (how many, how long since it began).
- Diff: when a snapshot completes it is compared with the previous one inside SQLite
  (set difference over the sorted primary key); nothing holds the lists in Python, so a
  million followers costs disk, not memory. Events: unfollow, refollow, follow.
- Announce: an unfollow is spoken of only once it has settled for a day (an unfollow and
  refollow within a day is a flap: nothing is said) and only if the account is still
  there and public (suspended, deleted, deactivated or protected accounts are not
  unfollows). Then the letter's "was it an oversight?" message goes to the person when
  notices are enabled (with a daily cap), and to the owner's feed otherwise. Refollows are
  shown in the feed. The feed hears of a cycle's events once all are settled
  (whynot.follow_feed): a post each, or one digest per kind when they are many.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from whynot.backoff import duration
from whynot.config import XSettings
from whynot.desk import Desk
from whynot.follow_feed import NOTICES_OFF, RESTORED, Told, day_full, tell
from whynot.handles import PLATFORM_LABELS
from whynot.models import FollowEvent, Mention, Outcome, ReplyState
from whynot.oversight import CUT_OFF, notice_unfollow
from whynot.platform import Platform, PlatformError
from whynot.spend import LEAN_BELOW, PRICES, WATCH_KIND, OverBudget, watch_month, watch_month_words
from whynot.store import Store

log = logging.getLogger(__name__)
DAY = 86_400.0
LOOKUP_BATCH = 100
# More unfollows than this in one diff are a list gone wrong, not people (_compare).
MASS_FLOOR, MASS_SHARE = 200, 0.02


class WatchSettings(Protocol):
    """What a watch reads of its network's section: XSettings, BlueskySettings and
    MastodonSettings each have these (read-only: the sections are frozen)."""

    @property
    def crawl_interval_hours(self) -> float: ...
    @property
    def crawl_pages_per_cycle(self) -> int: ...
    @property
    def notices_enabled(self) -> bool: ...
    @property
    def notices_per_day(self) -> int: ...


@dataclass
class CrawlReport:
    pages: int = 0
    ids: int = 0
    finished: bool = False
    events: dict[str, int] = field(default_factory=dict)
    paused: str = ""  # why the crawl stopped early on purpose (the budget)


@dataclass
class Watch:
    store: Store
    desk: Desk
    platform: Platform
    settings: WatchSettings
    clock: Callable[[], float] = time.time
    # The snapshot this process started, or said it resumed (one line, not one a cycle).
    _crawling: int | None = field(default=None, init=False, repr=False)
    # Paused for money since the last page read: said once, not once a cycle.
    _paused: bool = field(default=False, init=False, repr=False)
    # A crawl dearer than a month's watch money was said to take months (once a process).
    _too_dear: bool = field(default=False, init=False, repr=False)

    async def crawl(self) -> CrawlReport:
        """Fetch up to `crawl_pages_per_cycle` pages; finish and diff a snapshot when the
        last page arrives. A platform error stops the cycle; the crawl resumes later."""
        report = CrawlReport()
        me = await self.platform.me()
        name = self.platform.name
        # A snapshot finished by a process that stopped before comparing it: compare now.
        pending = await self.store.followers.undiffed_snapshot(name, me.id)
        if pending is not None:
            report.events = await self._compare(name, me.id, pending)
        if (never := self._never_finishes()) is not None:
            report.paused = never
            return report
        resume = await self.store.followers.open_crawl(name, me.id)
        if resume is None:
            last = await self.store.followers.last_crawl_finished(name, me.id)
            if last is None:
                self._say_cost()
            if last is not None and self.clock() - last < self.settings.crawl_interval_hours * 3600:
                return report
            snapshot, cursor = (
                await self.store.followers.start_crawl(name, me.id, self.clock()),
                None,
            )
        else:
            snapshot, cursor = resume
            if snapshot != self._crawling:  # left by a previous process: say where it is
                read, _ = await self.store.followers.progress(snapshot)
                total = getattr(self.platform, "followers_count", None)
                of = f" of ~{total:,}" if total else ""
                log.info("follower crawl resumed at %s%s followers", f"{read:,}", of)
        self._crawling = snapshot
        for _ in range(self.settings.crawl_pages_per_cycle):
            try:
                page = await self.platform.follower_ids(cursor)
            except OverBudget as exc:
                # Degrade, do not fail: the crawl waits for money, keeping its place.
                if not self._paused:
                    log.info("follower crawl paused: %s", exc)
                self._paused = True
                report.paused = str(exc)
                break
            except PlatformError as exc:
                if getattr(exc, "reset", None) is None:  # not the rate limit: a failure
                    raise
                # The rate limit (X: 15 pages per 15 minutes): a big crawl meets it each
                # window, on purpose. The crawl keeps its place and goes on after the reset.
                log.debug("follower crawl waits: %s", exc)
                break
            self._paused = False
            now = self.clock()
            await self.store.followers.add_page(snapshot, page.ids, page.next_cursor, now)
            report.pages += 1
            report.ids += len(page.ids)
            cursor = page.next_cursor
            if cursor is None:
                report.finished = True
                read, started = await self.store.followers.progress(snapshot)
                log.info("follower crawl complete: %s followers in %s", f"{read:,}",
                         duration(now - started))  # fmt: skip
                report.events = await self._compare(name, me.id, snapshot)
                break
        return report

    def _never_finishes(self) -> str | None:
        """Why no follower page is read: on X, a crawl that costs more than the watch may
        spend in a month (its own cap, and the lean line it stops at) would take months,
        its unfollows found months late (a notice asking "was it an oversight?" of an
        unfollow months old reads as odd; 400,000 followers at $5 are 80 months). Said once."""
        count = getattr(self.platform, "followers_count", None)
        if not isinstance(self.settings, XSettings) or not count:
            return None
        x, cost = self.settings, count * PRICES[WATCH_KIND]
        lean_line = (1 - LEAN_BELOW) * x.monthly_budget_usd
        month = watch_month(x.monthly_budget_usd, x.watch_budget_usd)
        if cost <= month:
            return None
        cap = watch_month_words(x.monthly_budget_usd, x.watch_budget_usd)
        fixes = [f"[x] watch_budget_usd to ${cost:.2f}"] if x.watch_budget_usd < cost else []
        if lean_line < cost:
            fixes.append(f"monthly_budget_usd to ${cost / (1 - LEAN_BELOW):.2f}")
        fix = f"raise {' and '.join(fixes)} or more"
        months = f"{math.ceil(cost / month - 1e-9)} months" if month > 0 else "forever"
        why = (
            f"one crawl of your {count:,} followers costs about ${cost:.2f}, more than the "
            f"{cap} the watch may spend, so each crawl would take {months}"
        )
        if not self._too_dear:
            log.warning(
                "follower watch off: %s, each unfollow found months late; %s to watch them, "
                "else set [x] watch_followers = false (nothing is spent on it meanwhile)",
                why,
                fix,
            )
        self._too_dear = True
        return why

    def _say_cost(self) -> None:
        """Before the first crawl: what one crawl costs, and the watch's monthly cap (X's;
        the free networks' watches override this)."""
        if not isinstance(self.settings, XSettings):
            return
        count = getattr(self.platform, "followers_count", None)
        price = PRICES[WATCH_KIND]
        cost = f"{count:,} followers, about ${count * price:.2f}" if count else "every follower"
        x, often = self.settings, ""
        month = watch_month(x.monthly_budget_usd, x.watch_budget_usd)  # what the run allows
        wanted = 30 * 24 / x.crawl_interval_hours if x.crawl_interval_hours > 0 else 0.0
        if count and month / (count * price) < wanted:  # the cap, not the clock
            fits = int(month / (count * price) + 1e-9)
            often = f": that pays for {fits} crawl{'s' if fits != 1 else ''} a month, not daily"
            if x.crawl_interval_hours != 24:
                often = often.replace("daily", f"one every {x.crawl_interval_hours:g} hours")
        log.warning(
            "follower watch: each crawl reads %s (owned reads at $%.3f each), every %g hours, "
            "at most %s%s; each unfollow it finds is checked once ($%.3f, from [x] "
            "monthly_budget_usd)",
            cost,
            price,
            x.crawl_interval_hours,
            watch_month_words(x.monthly_budget_usd, x.watch_budget_usd),
            often,
            PRICES["user_read"],
        )

    async def _compare(self, name: str, owner_id: str, snapshot: int) -> dict[str, int]:
        previous = await self.store.followers.previous_snapshot(name, owner_id, snapshot)
        if previous is None:  # the first snapshot: nothing to compare with
            await self.store.followers.mark_diffed(snapshot, self.clock())
            return {}
        before, now = await self.store.followers.count(previous), self.clock()
        most = max(MASS_FLOOR, MASS_SHARE * before)  # more: not people, the list is off
        events = await self.store.followers.diff(name, previous, snapshot, now, most)
        if gone := events.pop("bulk", 0):
            paid = f" (${PRICES['user_read']:.3f} each on X)" if name == "x" else ""
            log.warning(
                "follower watch: %s unfollows in one crawl (of %s followers) is more than "
                "people leave at once (an old archive as the first list, or a list %s cut "
                "short): they are set aside (kept in the database), neither checked%s nor "
                "shown; the new list of %s is compared from now on",
                f"{gone:,}", f"{before:,}", PLATFORM_LABELS.get(name, name), paid,
                f"{await self.store.followers.count(snapshot):,}",
            )  # fmt: skip
        return events

    async def announce(self) -> list[Outcome]:
        """Speak about settled unfollows and new refollows (see the module docstring); the
        feed is told of them once all are settled (whynot.follow_feed: a post each, or a
        digest when many). A dry run says nothing and changes nothing here: the events wait
        for a real run."""
        if self.desk.dry_run:
            return []
        outcomes: list[Outcome] = []
        told: list[Told] = []  # for the feed, in the order found
        try:
            await self._unfollows(outcomes, told)
            await self._refollows(outcomes, told)
        except Exception:  # a lookup failing midway: what was settled is still told
            await tell(self.desk, told)
            raise
        await tell(self.desk, told)
        return outcomes

    async def _unfollows(self, outcomes: list[Outcome], told: list[Told]) -> None:
        name, now = self.platform.name, self.clock()
        settled = await self.store.followers.settle_unfollows(name, now - DAY)
        sent_today = await self.store.followers.notices_since(name, now - DAY)
        for start in range(0, len(settled), LOOKUP_BATCH):
            batch = settled[start : start + LOOKUP_BATCH]
            statuses = await self.platform.lookup([account for _, account in batch])
            for event_id, account_id in batch:
                status = statuses.get(account_id)
                if status is None or status.who is None or status.status != "active":
                    # not an unfollow: the account is gone or hidden
                    await self.store.followers.set_event_status(
                        event_id, status.status if status else "gone"
                    )
                    continue
                event = FollowEvent(name, status.who, "unfollow", now)
                await self.store.followers.set_event_status(
                    event_id, "confirmed", status.who.handle
                )
                why = ""
                if await self.store.followers.was_cut_off(event_id):  # whatever the settings say
                    why = CUT_OFF
                elif not self.settings.notices_enabled:
                    why = NOTICES_OFF
                elif await self.store.followers.noted_before_restore(event_id):
                    why = RESTORED
                elif sent_today >= self.settings.notices_per_day:
                    why = day_full(sent_today, name)
                if why:
                    told.append((self._shown(event, event_id, "unfollow", why), event_id))
                    outcomes.append(told[-1][0])
                    continue
                notice = await notice_unfollow(self.desk, event, event_id, tell=False)
                if notice is None:
                    continue
                if notice.state == ReplyState.SENT:
                    sent_today += 1
                if not notice.quiet:  # its status is written: nothing to mark when told
                    told.append((notice, None))
                outcomes.append(notice)

    async def _refollows(self, outcomes: list[Outcome], told: list[Told]) -> None:
        name, now = self.platform.name, self.clock()
        refollows = await self.store.followers.new_events(name, "refollow")
        for start in range(0, len(refollows), LOOKUP_BATCH):
            batch = refollows[start : start + LOOKUP_BATCH]
            statuses = await self.platform.lookup([account for _, account in batch])
            for event_id, account_id in batch:
                status = statuses.get(account_id)
                who = status.who if status and status.who else None
                if who is None:
                    await self.store.followers.set_event_status(event_id, "gone")
                    continue
                event = FollowEvent(name, who, "refollow", now)
                told.append((self._shown(event, event_id, "refollow", ""), event_id))
                outcomes.append(told[-1][0])

    @staticmethod
    def _shown(event: FollowEvent, event_id: int, kind: str, why: str) -> Outcome:
        """An event for the owner's feed only (nothing is sent to the person); marked
        'shown' when it is told (whynot.follow_feed.tell), not before."""
        return Outcome(
            Mention(event.platform, f"{kind}-{event_id}", event.account, ""),
            ReplyState.SKIPPED,
            reason=why,
            intent=kind,
        )
