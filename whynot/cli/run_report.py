"""What `bot.py run` says about a step's results, in the run's log ("whynot.run"): how many it
handled (sent, skipped, failed, already handled), what a restart settled of the sends a
previous run left cut off (`recover`), the lines' format (`log_format`), a step failing and
working again (`failing`, `working`: an outage ends with a line of its own; a refusal only
the owner can end, X's tokens revoked, is said with its fix, then quietly), what a dry run
would send (the whole reply, its language and the verdict, on one line), one warning per
reason replies failed, and every follower event the watch settled (who unfollowed, who
followed again, whether the note went out), and X's follower watch left off at start (a
warning when the unfollow notes are on, which it leaves with nothing to send); a cycle's
many follower events are one line per platform and kind (as the feed's digest). The log is
the owner's only feed when no Discord feed listens (X, Bluesky or Mastodon alone, or `run
--once` from cron): there those events are warnings, so `--log-level warning` keeps them."""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from whynot.backoff import WARN_AGAIN
from whynot.config import XSettings
from whynot.desk import CAPPED
from whynot.follow_feed import DIGEST_OVER, digests_of
from whynot.models import (
    WAITING_FOR_ACCESS,
    WAITING_FOR_CREDENTIALS,
    WAITING_FOR_MONEY,
    Outcome,
    ReplyState,
)
from whynot.oversight import NOTIFIED, SHOWN
from whynot.store.db import FREE_SPACE, full

log = logging.getLogger("whynot.run")
WAITS = (WAITING_FOR_MONEY, WAITING_FOR_ACCESS, WAITING_FOR_CREDENTIALS)  # for the owner
DRY = "dry run: not sent"  # the desk's reason for a reply a dry run would have sent
HANDLED = "already handled"  # the desk's reason for a mention settled before (a re-read)
FOLLOW_EVENTS = ("unfollow", "refollow")  # the intents of the watch's outcomes


def report(name: str, results: list[Any], feed: bool = True) -> bool:
    """The step's line (how many it handled: sent, skipped, failed), in a dry run what
    each question would get, and one warning per reason replies failed: a 403 for
    read-only tokens fails every reply alike, and the owner must see it without opening
    the database. False, as for a failed step, when a reply failed (not a dry run's, nor
    one waiting for money). `feed`: whether a Discord feed shows follower events too."""
    outcomes = [o for o in results if isinstance(o, Outcome)]
    labels = Counter(label(o) for o in outcomes)
    how = ", ".join(f"{n} {what}" for what, n in sorted(labels.items()))
    log.info("%s: %d done%s", name, len(results), f" ({how})" if how else "")
    failed: Counter[str] = Counter()
    for o in outcomes:
        said = " ".join(o.mention.text.split())[:80]  # one line, however it was written
        asked = f'{o.mention.platform} @{o.mention.author.handle} "{said}"'
        if o.intent in FOLLOW_EVENTS:
            continue  # `follow_events`
        elif o.reason == DRY:  # the whole reply, on one line: what the owner checks
            posts = " ".join(f'"{" ".join(post.split())}"' for post in o.posts)
            why = f"{o.language}; {o.verdict_line}" if o.verdict_line else o.language
            log.info(
                "dry run: %s: would reply in %d post(s) (%s): %s", asked, len(o.posts), why, posts
            )
        elif o.reason.startswith("dry run"):
            continue  # the desk said why, in its own line
        elif o.state is ReplyState.FAILED and o.reason != CAPPED:
            failed[re.sub(r"^attempt \d+: ", "", o.reason)] += 1
    follow_events(outcomes, feed)
    # A question waiting for money (the budget, X's credits) is not lost: said, not failed.
    # One waiting for write access or new credentials is not lost either, but the run fails
    # until the owner acts (its warning says what to do).
    waiting = [r for r in failed if r.startswith(WAITING_FOR_MONEY)]
    for reason, n in failed.items():
        what = "" if reason.startswith(WAITS) else "failed: "
        log.warning("%s: %d %s %s%s", name, n, "reply" if n == 1 else "replies", what, reason)
    return len(waiting) == len(failed)


def label(o: Outcome) -> str:
    """How the step's line counts one outcome: a question kept for when money (or write
    access, or new credentials) is back is "waiting for ...", not "failed", as its own
    warning line says."""
    if o.reason == DRY:
        return "would be sent"
    if o.reason == HANDLED:  # read again (after a restart): nothing was sent for it now
        return HANDLED
    reason = re.sub(r"^attempt \d+: ", "", o.reason)
    if o.state is ReplyState.FAILED:
        for waiting in WAITS:
            if reason.startswith(waiting):
                return waiting
    return str(o.state)


def watch_off(x: XSettings) -> tuple[int, str]:
    """The start's line for X's follower watch left off: a warning when the owner turned
    the unfollow notes on, since without the watch no unfollow is found to send one for."""
    line = "follower watch off ([x] watch_followers = false): unfollows on X are not noticed"
    if x.notices_enabled:
        return logging.WARNING, (
            f"{line}, so [x] notices_enabled = true sends no note (set watch_followers = "
            "true: its crawls are paid, see docs/operations.md)"
        )
    return logging.INFO, line


def follow_events(outcomes: list[Outcome], feed: bool) -> None:
    """A line per unfollow or refollow (`follow_event`); when there are more than the feed
    lists one by one (whynot.follow_feed.DIGEST_OVER), one line per platform and kind: with
    a feed, how many of each reason group (the feed lists them); without one, the log is
    the owner's only word, so the line names them all, by group."""
    events = [o for o in outcomes if o.intent in FOLLOW_EVENTS]
    told = [o for o in events if o.reason not in (NOTIFIED, DRY)]
    if len(told) <= DIGEST_OVER:
        for o in events:
            follow_event(o, feed)
        return
    for o in events:
        if o.reason == DRY:
            follow_event(o, feed)
    for digest in digests_of(told):
        what = "unfollowed you" if digest.kind == "unfollow" else "followed you again"
        head = f"{digest.platform}: {digest.count:,} accounts {what}"
        if feed:
            counts = "; ".join(f"{group}: {len(who):,}" for group, who in digest.groups)
            log.info("%s (%s): listed in the owner's feed", head, counts)
        else:
            named = "; ".join(
                f"{group} ({len(who):,}): " + " ".join(f"@{w.handle or w.id}" for w in who)
                for group, who in digest.groups
            )
            log.warning("%s: %s", head, named)


def follow_event(o: Outcome, feed: bool) -> None:
    """One line per unfollow or refollow: who, and what was done about it."""
    who = f"{o.mention.platform}: @{o.mention.author.handle}"
    if o.reason == NOTIFIED:
        return  # told before: nothing happened now
    if o.intent == "refollow":
        line = f"{who} followed you again"
    elif o.reason == DRY:
        first = o.posts[0].splitlines()[0] if o.posts else ""
        line = f'dry run: {who} unfollowed you; the note would be sent: "{first}"'
    elif o.state is ReplyState.SENT:
        line = f"{who} unfollowed you; the note asking if it was an oversight was sent"
    elif feed:
        line = f"{who} unfollowed you ({o.reason or 'shown in the owner feed'})"
    else:  # no feed listens (cron, X alone): this line is the owner's word, not a feed
        reason = o.reason.removesuffix(SHOWN)
        line = f"{who} unfollowed you ({reason or 'no note sent'})"
    log.log(logging.INFO if feed else logging.WARNING, "%s", line)


Step = Callable[[str, Callable[[], Awaitable[Any]]], Awaitable[bool]]


async def recover(desk: Any, step: Step, prefix: str = "") -> None:
    """After a start: settle the replies and review answers a previous run left cut off
    mid-send (`Desk.recover`), each kind as a `step`, and say how many in one line: a
    restart after a crash must tell the owner what it took up. A dry run settles nothing
    and says so itself (whynot.recovery)."""
    kinds = (("recovery", desk.recover, "reply"), ("review recovery", desk.reviews.recover,
             "review answer"))  # fmt: skip
    for name, work, what in kinds:
        settled: list[int] = []

        async def count(
            work: Callable[[], Awaitable[int]] = work, settled: list[int] = settled
        ) -> None:
            settled.append(await work())

        await step(prefix + name, count)
        if settled and settled[0] and not desk.dry_run:
            log.info(
                "%s%s: %d %s a previous run left cut off mid-send settled (found sent and "
                "marked, retried, or left failed for a person to check: `bot.py override "
                "history` says which)", prefix, name, settled[0],
                what if settled[0] == 1 else f"{what}s",
            )  # fmt: skip


# SQLite's "database or disk is full" mid-run: only the owner can end it, and a warning
# every cycle would fill what little room is left with log lines. A question claimed when
# it filled stays claimed (never answered twice) until a start settles it (whynot.recovery).
DISK_FULL = (
    f"the disk holding the database is full: {FREE_SPACE}, then restart the bot: a reply the "
    "full disk cut off is settled at a start"
)
# Steps failing (a long-running run's steps, by name): (failed cycles, first failure, last
# warning of a refusal only the owner can end).
FAILING: dict[str, tuple[int, float, float]] = {}


def failing(name: str, exc: BaseException, now: float | None = None) -> None:
    """A step failed: one line a cycle. X unreachable: a warning, every cycle. A refusal
    only the owner can end (X's tokens revoked: the error's `fix` says what to do; a full
    disk): a warning with the fix, again every hour while it lasts, and an info line
    meanwhile."""
    now = time.time() if now is None else now
    count, since, warned = FAILING.get(name, (0, now, now))
    fix = getattr(exc, "fix", "") or (DISK_FULL if full(exc) else "")
    warn = bool(fix) and (count == 0 or now - warned >= WARN_AGAIN)
    FAILING[name] = (count + 1, since, now if warn else warned)
    if not fix:
        log.warning("%s failed: %s", name, exc)
    elif warn:
        log.warning("%s failed: %s; %s", name, exc, fix)
    else:
        log.info(
            "%s failed: %s (%d failed cycles since %s UTC)", name, exc, count + 1,
            time.strftime("%H:%M", time.gmtime(since)),
        )  # fmt: skip


def working(name: str) -> None:
    """A step succeeded: after failures, one warning line (the failures' level, so that
    `--log-level warning` shows the end of an outage as it showed its start)."""
    count, since, _ = FAILING.pop(name, (0, 0.0, 0.0))
    if count:
        log.warning(
            "%s works again, after %d failed %s since %s UTC", name, count,
            "cycle" if count == 1 else "cycles", time.strftime("%H:%M", time.gmtime(since)),
        )  # fmt: skip


def log_format(environ: dict[str, str] | None = None) -> str:
    """`TIME LEVEL LOGGER: message`, but without TIME when stderr is the systemd journal
    (JOURNAL_STREAM names its device and inode): journald stamps every line itself, and
    `journalctl` would show two times, its own in the server's zone before the bot's."""
    dev, _, ino = (
        (os.environ if environ is None else environ).get("JOURNAL_STREAM", "").partition(":")
    )
    try:
        stat = os.fstat(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):  # no real stream (a test's capture)
        return "%(asctime)s %(levelname)s %(name)s: %(message)s"
    journal = dev.isdigit() and ino.isdigit() and (stat.st_dev, stat.st_ino) == (int(dev), int(ino))
    return ("" if journal else "%(asctime)s ") + "%(levelname)s %(name)s: %(message)s"
