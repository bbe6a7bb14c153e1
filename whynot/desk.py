"""The one pipeline every platform shares (the "help desk"):

    mention -> intent -> account snapshot (cache, else the platform) -> verdict (scoring)
            -> moderator override -> reply (templates) -> claim, send, mark sent

Rules it enforces for every platform: never answer itself or another bot, or a message
that is not one of the answered intents; one answer per asker per cooldown; at most
`max_per_hour` replies sent in any hour; exactly-once replies (a message is claimed in a
transaction before its reply is sent and marked sent after; a failed send is retried with
backoff up to `max_attempts`, then left failed and visible); dry-run does everything but
the send and writes no reply state.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from scoring import Account, OwnerIndex, Verdict, judge
from whynot.asker_language import asker_language
from whynot.backoff import doubling
from whynot.config import Settings
from whynot.dry_answers import DryAnswers
from whynot.follow_feed import Digest, digest_listeners
from whynot.intents import IntentResult, classify
from whynot.listeners import Listeners
from whynot.models import ANSWERED_INTENTS, FollowEvent, Identity, Mention, Outcome, ReplyState
from whynot.other_copy import not_ours
from whynot.oversight import notice_unfollow, was_asked
from whynot.platform import Platform, PlatformError, ThreadCut, waiting_reason, waits_for_owner
from whynot.reading import next_read, observed, worth_reading
from whynot.recovery import recover
from whynot.replies import ALREADY_ANSWERED_BY_FOLLOWING as FOLLOWED_OK
from whynot.replies import ReplyError, ReplyRenderer, choose_template
from whynot.reply_language import in_their_language
from whynot.retries import read_mentions, retry_due, too_late
from whynot.reviews import ReviewQueue
from whynot.spend import OverBudget
from whynot.store import Store
from whynot.store.cursors import MENTIONS
from whynot.thread_rest import found_cut, send_rest, thread_cut
from whynot.verdicts import verdict_line

log = logging.getLogger(__name__)
Listener = Callable[[Outcome], Awaitable[None]]
HOUR = 3600.0
BEFORE_START = "older than the bot's first poll (not answered)"
CAPPED = "hourly reply cap reached: will try again later"
CAP_RETRY_SECONDS = 600.0
FOUND = "answered already on the platform (this database's first poll)"
VERDICT_CACHE = 4096  # verdicts remembered per process, by snapshot


@dataclass
class Desk:
    store: Store
    platforms: Mapping[str, Platform]
    renderer: ReplyRenderer
    owner: OwnerIndex
    settings: Settings
    clock: Callable[[], float] = time.time
    classify: Callable[..., IntentResult] = classify  # (text, about_answer)
    dry_run: bool = False
    reviews: ReviewQueue = field(init=False, repr=False)  # "a person can review this"
    digests: Listeners[Digest] = field(default_factory=digest_listeners, repr=False)
    _verdicts: dict[tuple[str, str, datetime | None, int], Verdict] = field(default_factory=dict)
    _listeners: Listeners[Outcome] = field(
        default_factory=lambda: Listeners(lambda o: f"message {o.mention.id}"), repr=False
    )
    _dry_cursors: dict[str, str] = field(default_factory=dict)
    _first_polls: dict[str, float] = field(default_factory=dict)  # store.cursors.first_poll
    _dry_answers: DryAnswers = field(default_factory=DryAnswers)  # cooldown, hourly cap
    _asker_locks: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    _no_access: dict[str, tuple[float, str]] = field(default_factory=dict)  # until, reason

    def __post_init__(self) -> None:
        self.reviews = ReviewQueue(self)

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(outcome)` after every answered, failed or notified message and
        follow event (a cycle's many: `digests`); a failing listener is logged, no more."""
        self._listeners.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.unsubscribe(listener)

    async def publish(self, outcome: Outcome) -> None:
        await self._listeners.publish(outcome)

    # --- one message ----------------------------------------------------------------
    async def handle(self, mention: Mention, first_poll: bool = False) -> Outcome:
        # One message per asker at a time: two of theirs handled concurrently (Discord
        # events) would both pass the cooldown check before either reply is recorded.
        key = (mention.platform, mention.author.id)
        entry = self._asker_locks.setdefault(key, [asyncio.Lock(), 0])
        entry[1] += 1  # users of this lock, so it is dropped only when nobody waits on it
        try:
            async with entry[0]:
                outcome = await self._handle(mention, first_poll)
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._asker_locks.pop(key, None)
        told = outcome.quiet or outcome.reason == "already handled"
        if outcome.state in (ReplyState.SENT, ReplyState.FAILED) and not told:
            await self.publish(outcome)
        return outcome

    async def _handle(self, mention: Mention, first_poll: bool = False) -> Outcome:
        platform = self.platforms[mention.platform]
        now = self.clock()
        about_answer = await self.reviews.replied_answer(mention) is not None
        read = self.classify(mention.text, about_answer)
        intent = await in_their_language(read, mention.text, self.renderer.languages)
        outcome = Outcome(
            mention, ReplyState.SKIPPED, intent=intent.intent, language=intent.language
        )
        known, last, hourly = await self.store.messages.precheck(
            mention, now - HOUR, self.settings.replies.max_per_hour
        )
        if known in (ReplyState.SENT, ReplyState.SKIPPED, ReplyState.CLAIMED):
            outcome.state, outcome.reason = ReplyState(known), "already handled"
            return outcome
        if known == ReplyState.FAILED and (owed := await self.store.messages.owed(mention)):
            return await send_rest(self, platform, owed, outcome)  # a thread cut: its rest
        if self.dry_run:  # it stores no reply: its own count as sent, for the same rules
            last, hourly = self._dry_answers.seen(mention, last, hourly, now)
        # The same rules hold for a retry: its asker may have been answered meanwhile, and
        # a burst of due retries must not pass the hourly cap.
        reason = await self._skip_reason(platform, mention, intent, now, last, hourly)
        if reason == CAPPED:
            return await self._wait_for_room(mention, intent, outcome, now)
        if reason:
            outcome.reason = reason
            if not self.dry_run:
                await self.store.messages.record_skip(
                    mention, intent.intent, intent.language, reason, now
                )
            return outcome
        if self.dry_run:
            try:
                await self._prepare(mention, intent, outcome, platform)
            except (PlatformError, ReplyError, OverBudget) as exc:  # all there is: one line
                outcome.state, outcome.reason = ReplyState.FAILED, f"dry run: {exc}"
                log.warning("dry run: %s %s not answered: %s", platform.name, mention.id, exc)
                return outcome
            outcome.reason = "dry run: not sent"
            self._dry_answers.add(mention, now, self.settings.replies.cooldown_hours * HOUR)
            return outcome
        until, why = await self.access_paused(platform.name, now)
        if until > now:  # its replies are refused: keep the question, read no asker
            outcome.state, outcome.reason, outcome.quiet = ReplyState.FAILED, why, True
            await self.store.messages.defer(
                mention, intent.intent, intent.language, why, until, now
            )
            if intent.intent == "review_request" and known is None:  # queued: the feed's
                review = await self.reviews.repo.by_message(mention.platform, mention.id)
                outcome.review_id = review.id if review else None  # post is how moderators
                outcome.quiet = review is None  # hear of it (once, as a refusal is told)
            return outcome
        cap = (now - HOUR, self.settings.replies.max_per_hour)
        claim = await self.store.messages.claim(
            mention, intent.intent, intent.language, now, hourly=cap
        )
        if claim.capped:  # others took the last places of this hour since the precheck
            return await self._wait_for_room(mention, intent, outcome, now)
        if not claim.won:
            outcome.state, outcome.reason = ReplyState(claim.state), "already handled"
            return outcome
        # A retry, or a database's first poll (a new file, a typo in db_path): answered
        # already on the platform is not answered again.
        # Where looking is free, always (another copy of the bot may answer: other_copy).
        look = claim.attempt > 1 or first_poll or getattr(platform, "looks_free", False)
        if look and (found := await self._answered_already(platform, mention)):
            if (cut := await found_cut(self, outcome, claim.attempt, found, now)) is not None:
                return cut  # fewer posts than planned (a listing that lagged): rest owed
            await self.store.messages.mark_sent(mention, found, "", self.clock())
            outcome.state = ReplyState.SENT if claim.attempt > 1 else ReplyState.SKIPPED
            outcome.reason = "an earlier attempt had reached it" if claim.attempt > 1 else FOUND
            if claim.attempt == 1 and not first_poll:  # a new message: not made by this file
                outcome.reason = not_ours(mention)
            return outcome
        # From here on the message is claimed: whatever goes wrong must leave it failed and
        # due again (never claimed forever). A retry first looks for an earlier post.
        try:
            await self._prepare(mention, intent, outcome, platform)
            mention = outcome.mention  # its author named now (`identify`)
            if len(outcome.posts) > 1:  # a thread: its texts kept, should it be cut midway
                await self.store.messages.plan(mention, outcome.posts, outcome.template or "")
            ids = await platform.reply(mention, outcome.posts)
        except (PlatformError, ReplyError, OverBudget) as exc:  # the row keeps the name
            return await self._failed(outcome.mention, outcome, claim.attempt, exc, now)
        except Exception as exc:
            log.exception("unexpected failure answering %s", mention.id)
            return await self._failed(
                outcome.mention, outcome, claim.attempt, PlatformError(f"unexpected: {exc!r}"), now
            )
        if isinstance(ids, ThreadCut):  # some posts made, the rest owed (whynot.thread_rest)
            return await thread_cut(self, outcome, claim.attempt, ids, outcome.posts, now)
        await self.store.messages.mark_sent(mention, ids, outcome.template or "", self.clock())
        outcome.state, outcome.reply_ids = ReplyState.SENT, tuple(ids)
        return outcome

    async def _wait_for_room(
        self, mention: Mention, intent: IntentResult, outcome: Outcome, now: float
    ) -> Outcome:
        """The hour's replies are used up: try again later rather than drop the question.
        The feed hears of the wait once, not at every retry of it."""
        outcome.state, outcome.reason = ReplyState.FAILED, CAPPED
        if not self.dry_run:
            before = await self.store.messages.defer(
                mention, intent.intent, intent.language, CAPPED, now + CAP_RETRY_SECONDS, now
            )
            outcome.quiet = before == CAPPED
        return outcome

    async def access_paused(self, name: str, now: float) -> tuple[float, str]:
        """Until when, and why, `name`'s replies wait for write access, (0.0, "") if not:
        a refusal this process saw, else one an earlier run saw (cron), kept in the store."""
        if name not in self._no_access:
            self._no_access[name] = await self.store.messages.access_wait(name, now)
        return self._no_access[name]

    async def _answered_already(self, platform: Platform, mention: Mention) -> tuple[str, ...]:
        """Before trying again: did a failed attempt reach the platform after all (a reply
        accepted but whose answer was lost)? Its posts, or () (unknown counts as no)."""
        try:
            return await platform.already_replied(mention) or ()
        except PlatformError:
            return ()

    async def _skip_reason(
        self,
        platform: Platform,
        mention: Mention,
        intent: IntentResult,
        now: float,
        last_reply: float | None,
        sent_last_hour: int,
    ) -> str:
        author = mention.author
        if author.id == (await platform.me()).id:
            return "our own message"
        if author.is_bot:
            return "sent by a bot"
        if mention.repost:
            return "a repost of someone else's post"
        if intent.intent == "review_request":  # its own once-per-cooldown (whynot.reviews)
            reason = await self.reviews.skip_reason(mention, now, intent)
            full = sent_last_hour >= self.settings.replies.max_per_hour
            return reason or (CAPPED if full else "")
        if intent.intent not in ANSWERED_INTENTS:
            return "not a question this bot answers"
        if (
            last_reply is not None
            and now - last_reply < self.settings.replies.cooldown_hours * HOUR
        ):
            return "already answered this person recently (cooldown)"
        if sent_last_hour >= self.settings.replies.max_per_hour:
            return CAPPED
        return ""

    async def _prepare(
        self, mention: Mention, intent: IntentResult, outcome: Outcome, platform: Platform
    ) -> None:
        if intent.intent == "review_request":  # named from the answer's row (reviews)
            return await self.reviews.prepare(mention, intent, outcome, platform)
        # Named only now, for a message that is answered: on X a name is a paid read.
        author = await platform.identify(mention.author)
        if not author.handle:  # X has no profile to show: suspended or deleted since
            raise PlatformError("the asker's account cannot be seen", transient=False)
        if author != mention.author or author.followed != mention.author.followed:
            mention = outcome.mention = replace(mention, author=author)
        subject = mention.subject or mention.author
        cached, override = await self.store.accounts.lookup(
            subject.platform, subject.id, subject.handle, self.clock()
        )
        decision = override.decision if override else None
        # Followed already (the platform says so): said, and no timeline is read for it.
        followed = bool(subject.followed) and decision is None and intent.intent in FOLLOWED_OK
        verdict = None if followed else await self._verdict(subject, cached)
        template = choose_template(intent.intent, verdict, decision, followed)
        asked = await was_asked(
            self.store, template, mention.author, mention.created_at or self.clock()
        )
        outcome.language = await asker_language(mention, intent.language, self.store, self.renderer)
        reply = self.renderer.render(
            template,
            platform=platform.reply_format,
            language=outcome.language,
            asker=mention.author.name,
            verdict=verdict,
            note=override.reason if override else "",
            asked=asked,
            intent=intent.intent,
        )
        outcome.template, outcome.posts, outcome.decision = template, reply.posts, decision
        outcome.note = override.reason if override else ""
        line = "followed by the owner already" if followed else verdict_line(verdict)
        outcome.verdict, outcome.verdict_line = verdict, line

    async def _failed(
        self, mention: Mention, outcome: Outcome, attempt: int, exc: Exception, now: float
    ) -> Outcome:
        replies = self.settings.replies
        if waiting := waits_for_owner(exc):
            # Only the owner can lift it (money, access, credentials): the question waits,
            # hourly, this try not counted against a fault's; the owner's feed hears it once.
            reason = waiting_reason(waiting, exc)
            no_access = isinstance(exc, PlatformError) and exc.no_access  # others wait unread
            # Told while any question waits for write access: once per wait, not per process.
            told = no_access and await self.store.messages.waiting_for(mention.platform, waiting)
            before = await self.store.messages.wait(mention, reason, now + HOUR, now)
            outcome.state, outcome.reason = ReplyState.FAILED, reason
            outcome.quiet = before.startswith(waiting) or bool(told)
            if no_access:
                self._no_access[mention.platform] = (now + HOUR, reason)
            return outcome
        transient = isinstance(exc, PlatformError) and exc.transient
        retry_at = None
        if transient and attempt < replies.max_attempts:
            delay = doubling(attempt, replies.retry_base_seconds, replies.retry_cap_seconds)
            retry_at = now + delay
        reason = f"attempt {attempt}: {exc}" + ("" if retry_at else " (giving up)")
        await self.store.messages.mark_failed(mention, reason, retry_at, now)
        outcome.state, outcome.reason = ReplyState.FAILED, reason
        return outcome

    # --- the asker's account ----------------------------------------------------------
    async def last_known_verdict(self, who: Identity) -> Verdict | None:
        """The verdict on the account's last snapshot however old (found by id, else by
        handle), or None: what is said when the account cannot be read now."""
        stale, _ = await self.store.accounts.lookup(who.platform, who.id, who.handle, 0.0)
        return self._judge(who.platform, stale) if stale is not None else None

    async def verdict_for(self, who: Identity) -> Verdict | None:
        cached, _ = await self.store.accounts.lookup(who.platform, who.id, who.handle, self.clock())
        return await self._verdict(who, cached)

    async def _verdict(self, who: Identity, cached: Account | None) -> Verdict | None:
        if cached is not None:
            return self._judge(who.platform, cached)
        if (platform := self.platforms.get(who.platform)) is None:  # not up (X: no money)
            return await self.last_known_verdict(who)
        limits = self.settings.accounts
        # Few posts first (on X each costs money: the platform says how many, `first_posts`);
        # more only while the verdict is unsure, continuing the same timeline where the
        # platform can (`more_posts`; see whynot.reading).
        first = getattr(platform, "first_posts", None) or limits.posts_per_asker
        most = max(first, limits.posts_when_unsure)
        try:
            account = await platform.fetch_account(who, first)
        except OverBudget:
            # Out of money this month: answer from the last snapshot, however old; with
            # none, not "too little to go on" (not_reviewed) but the refusal itself.
            if (stale := await self.last_known_verdict(who)) is None:
                raise
            return stale
        if account is None:
            return None
        now = self.clock()
        # A snapshot is judged as of its fetch: then the same snapshot always gets the same
        # verdict, and it can be remembered.
        account = observed(account, now)
        verdict = self._judge(who.platform, account)
        more = getattr(platform, "more_posts", None)
        asked, most = first, worth_reading(account.posts, most)
        while (want := next_read(verdict, len(account.posts), asked, first, most)) is not None:
            try:
                fuller = await (more(account, want) if more else platform.fetch_account(who, want))
            except OverBudget:
                fuller = None
            if fuller is None or len(fuller.posts) <= len(account.posts):
                break
            asked, account = want, observed(fuller, now)
            verdict = self._judge(who.platform, account)
        await self.store.accounts.save(who.platform, account, now, limits.cache_hours * HOUR)
        return verdict

    def _judge(self, platform: str, account: Account) -> Verdict:
        """Scoring is deterministic, so a snapshot (platform, id, observed_at, posts held)
        is judged once per process. The posts held are part of the key: each read of one
        asker's timeline (5, 10, 20, 50 posts) keeps the first fetch's observed_at, and each
        must be judged on its own posts, not given the first read's verdict."""
        key = (platform, account.id, account.observed_at, len(account.posts))
        verdict = self._verdicts.get(key)
        if verdict is None:
            when = datetime.fromtimestamp(self.clock(), UTC)
            verdict = judge(account, self.owner, when)
            if account.observed_at is not None:
                if len(self._verdicts) >= VERDICT_CACHE:
                    self._verdicts.pop(next(iter(self._verdicts)))
                self._verdicts[key] = verdict
        return verdict

    # --- loops ----------------------------------------------------------------------
    async def poll(self, platform: Platform) -> list[Outcome]:
        """Answer every new mention; the cursor moves after each, so none is skipped and
        (claims being idempotent) none is answered twice after a restart."""
        cursors, name = self.store.cursors, platform.name
        since = self._dry_cursors.get(name) or await cursors.get(name, MENTIONS)
        # The very first poll must not lecture people about what they said before the bot
        # existed: mentions older than the look-back (from the first poll, kept until a
        # mention sets the cursor) are recorded as skipped, unanswered.
        oldest = None
        if since is None:
            # A dry run stores nothing (its own first poll kept in memory), but reads the real one.
            first = self._first_polls.get(name) or await cursors.first_poll(
                name, self.clock(), keep=not self.dry_run
            )
            self._first_polls.setdefault(name, first)
            oldest = first - self.settings.replies.first_run_lookback_hours * HOUR
        outcomes, (mentions, late) = [], await read_mentions(self, platform, since, oldest)
        for mention in mentions:
            first = oldest is not None and mention.created_at and mention.created_at < oldest
            if skip := BEFORE_START if first else too_late(self, mention, self.clock(), late):
                outcome = Outcome(mention, ReplyState.SKIPPED, reason=skip)
                if not self.dry_run:
                    await self.store.messages.record_skip(mention, "", "en", skip, self.clock())
            else:
                outcome = await self.handle(mention, first_poll=oldest is not None)
            outcomes.append(outcome)
            if self.dry_run:
                # Kept in memory only: a dry run must not move the real cursor, nor read
                # (and pay for) the same mentions again every cycle.
                self._dry_cursors[name] = mention.id
            else:
                await cursors.set(name, MENTIONS, mention.id, self.clock())
        return outcomes

    async def retry_due(self, platform: str | None = None) -> list[Outcome]:
        """Try again what is due (`platform`'s only, if given: the run's step for each);
        one kept waiting over `max_wait_days` is given up instead (whynot.retries)."""
        return await retry_due(self, platform)

    async def recover(self) -> int:
        """After a restart: settle what a process that died mid-reply claimed (recovery)."""
        return await recover(self)

    # --- unfollows ------------------------------------------------------------------
    async def notice_unfollow(self, event: FollowEvent, event_id: int) -> Outcome | None:
        """The letter's friendly "was it an oversight?" message (whynot.oversight)."""
        return await notice_unfollow(self, event, event_id)
