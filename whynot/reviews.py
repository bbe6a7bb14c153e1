"""The review service: "a person on my team can review this: just ask" reaches a person.

It owns what happens to a `review_request` (the sixth intent, `whynot.intent_review`):
1. Which answer it is about: the one the message replies to (one of our posts, found in
   the store's `reply_posts`) or, when the asker names our answer in words, the newest
   answer sent to them. No answer of ours, no request; no review channel configured
   (`[replies] review_channel = "none"`), no request either (the replies promised none).
2. Queueing it with what a moderator needs (the verdict line, the evidence, our reply,
   the asker's words; the store keeps each answer's template and language, not its text,
   so "our reply" is that template rendered again on the account's cached snapshot: the
   same words while the snapshot is the one answered from) and acknowledging it at once
   ("Thanks, I've asked a person on my team to look; you'll hear back here"), once per
   asker and cooldown. The desk runs the
   acknowledgement through its usual claim, send, mark-sent path (`skip_reason` and
   `prepare` are its two hooks), so it goes out at most once, across restarts too.
3. The decision: a moderator decides through the one moderation path (Discord buttons or
   `bot.py override set`: an override of the request's account, audited). `settle` copies
   each decision made since a request onto it and sends the asker the moderator-approved or
   moderator-denied reply in the same thread or channel (as a reply to our acknowledgement,
   so that a crash between send and record can be settled without doubt: `recover`). The
   follow-up has its own claim, so it too is sent at most once (a retry first looks for
   an earlier attempt's post, as a reply's does). One of several posts cut midway is
   completed later, once, under its last post (`whynot.review_rest`). Nothing is ever
   sent to the asker in the owner's name without a decision.
4. Reminders: a request left undecided `review_reminder_hours` (default 48) is brought up
   again on the owner's feed, once per interval (`remind`).
5. A follow-up left failed is the moderator's to resend or dismiss (`review_followups`).
The owner's feed hears of each step through the desk's listeners (`Outcome.review_id`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from whynot import review_rest
from whynot.backoff import doubling
from whynot.models import Identity, Mention, Outcome, ReplyState
from whynot.oversight import was_asked
from whynot.platform import Platform, PlatformError, ThreadCut, waiting_reason, waits_for_owner
from whynot.recovery import left_for_a_real_run
from whynot.replies import ReplyError
from whynot.review_followups import cannot_tell_sent, decided_before_restore, restored_unsure
from whynot.spend import OverBudget
from whynot.verdicts import verdict_line

if TYPE_CHECKING:
    from scoring import Verdict
    from whynot.desk import Desk
    from whynot.intents import IntentResult
    from whynot.store.reviews import Answer, ReviewRequest, Reviews

log = logging.getLogger(__name__)
HOUR = 3600.0
NO_CHANNEL = "asked for a review, but no review channel is configured"
NOT_OURS = "asked for a review, but not of an answer of ours"
ALREADY = "already asked for a review (once per cooldown)"
SOMEONE_ELSES = "asked for a review of an answer to someone else"
DECIDED = "a review already decided: the decision is the answer, not an acknowledgement"


class ReviewQueue:
    """The review service of one desk (`desk.reviews`)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def repo(self) -> Reviews:
        return self.desk.store.reviews

    # --- asking -----------------------------------------------------------------------
    async def replied_answer(self, mention: Mention) -> Answer | None:
        """The answer of ours this message replies to, if it replies to one; for a request
        already queued (its acknowledgement being retried), the answer queued with it."""
        if mention.reply_to:
            return await self.repo.answer_to(mention.platform, mention.reply_to)
        queued = await self.repo.by_message(mention.platform, mention.id)
        if queued is None or queued.answer_message_id is None:
            return None
        return await self.repo.answer_of(mention.platform, queued.answer_message_id)

    async def _answer(self, mention: Mention) -> Answer | None:
        found = await self.replied_answer(mention)
        # The message named our answer in words ("your bot said I'm a spammer"), also as a
        # reply to another post (its own question): Mastodon and Bluesky give every reply's
        # parent, as X does, and the classifier asks for such words there.
        if found is None:
            found = await self.repo.last_answer(mention.platform, mention.author.id)
        return found

    async def skip_reason(
        self, mention: Mention, now: float, intent: IntentResult | None = None
    ) -> str:
        """Why this review request is not taken ("" when it is). A request taken is queued
        at once (not in a dry run), so an acknowledgement the hourly cap defers keeps it."""
        desk = self.desk
        if not desk.settings.offers_review:
            return NO_CHANNEL
        queued = await self.repo.by_message(mention.platform, mention.id)
        if queued is not None and queued.decision is not None:  # its acknowledgement waited
            return DECIDED  # (the hourly cap, money): "you'll hear back" would come after
        answer = await self._answer(mention)
        if answer is None:
            return NOT_OURS
        if answer.mention.author.id != mention.author.id:
            return SOMEONE_ELSES  # a review is asked by the one who was answered
        since = now - desk.settings.replies.cooldown_hours * HOUR
        if await self.repo.recent_request(mention.platform, mention.author.id, since, mention.id):
            return ALREADY
        platform = desk.platforms.get(mention.platform)
        if intent is not None and platform is not None and not desk.dry_run:
            await self.prepare(mention, intent, Outcome(mention, ReplyState.SKIPPED), platform)
        return ""

    async def prepare(
        self, mention: Mention, intent: IntentResult, outcome: Outcome, platform: Platform
    ) -> None:
        """Queue the request (not in a dry run) and render the acknowledgement."""
        desk = self.desk
        answer = await self._answer(mention)
        if answer is None:  # the answer vanished between the check and the claim
            raise ReplyError(NOT_OURS)
        mention, subject = await _named(mention, answer.mention.author, platform)
        verdict = await self._verdict(subject)
        _, override = await desk.store.accounts.lookup(
            subject.platform, subject.id, subject.handle, desk.clock()
        )
        try:
            sent = desk.renderer.render(
                answer.template,
                platform=platform.reply_format,
                language=answer.language,
                asker=answer.mention.author.name,
                verdict=verdict,
                note=override.reason if override else "",
                asked=await was_asked(
                    desk.store,
                    answer.template,
                    answer.mention.author,
                    answer.mention.created_at or desk.clock(),
                ),
            ).text
        except ReplyError:
            sent = ""
        evidence = [f"{c.id}: {e}" for c in (verdict.failed if verdict else ()) for e in c.evidence]
        outcome.verdict, outcome.verdict_line = verdict, verdict_line(verdict)
        if not desk.dry_run:
            review, new = await self.repo.add(
                mention, intent.language, subject, answer, sent, outcome.verdict_line,
                evidence, desk.clock(),
            )  # fmt: skip
            outcome.review_id = review.id
            if new:
                await desk.store.moderation.log(
                    "review requested", mention.author.handle, mention.platform,
                    subject.handle, f"review {review.id}: {mention.text[:200]}",
                    mention.platform, desk.clock(), subject.id,
                )  # fmt: skip
                # The reply promised a person: the owner hears of it now, not at the
                # reminder (without Discord, under cron at --log-level warning, the log is
                # the only word of it).
                log.warning(  # platform:handle, which a bot serving two takes as typed
                    "review %s: %s @%s asked for a person to look at our answer: bot.py "
                    "reviews show %s, then bot.py override set %s:%s approve|deny --reason ...",
                    review.id, mention.platform, subject.handle, review.id, mention.platform,
                    subject.handle,
                )  # fmt: skip
        reply = desk.renderer.render(
            "review_requested",
            platform=platform.reply_format,
            language=intent.language,
            asker=mention.author.name,
        )
        outcome.template, outcome.posts = "review_requested", reply.posts
        outcome.mention = _with_subject(mention, subject)

    async def _verdict(self, subject: Identity) -> Verdict | None:
        """The answered account's verdict for the queue; when it cannot be read now (a
        fault, the budget), the one of its last snapshot however old (the one answered
        from), or None. The request is queued either way: `prepare` runs in `skip_reason`,
        before the claim, where a failure would stop the poll, and a retried message finds
        the answer it is about only through its queued request."""
        desk = self.desk
        try:
            return await desk.verdict_for(subject)
        except (PlatformError, OverBudget):
            return await desk.last_known_verdict(subject)

    # --- deciding ---------------------------------------------------------------------
    async def settle(self) -> list[Outcome]:
        """Copy new decisions onto their requests and tell each asker, once."""
        desk = self.desk
        if desk.dry_run:
            return []
        now = desk.clock()
        for review in await self.repo.record_decisions(now):
            log.info("review %s decided: %s by %s", review.id, review.decision, review.decided_by)
        outcomes = []
        for review in await self.repo.followups_due(now):
            platform = desk.platforms.get(review.request.platform)
            if platform is None:
                continue  # its platform runs in another process, or not yet
            outcome = await self._follow_up(review, platform, now)
            if outcome is not None:
                outcomes.append(outcome)
                if not outcome.quiet:  # a wait for money is told once, not hourly
                    await desk.publish(outcome)
        return outcomes

    def _target(self, review: ReviewRequest) -> Mention:
        """Where the follow-up goes: under our acknowledgement when there is one (same
        thread or channel; `already_replied` then tells our follow-up apart from the
        acknowledgement), else under the request itself."""
        request = review.request
        at = review.ack_ids[0] if review.ack_ids else request.id
        return Mention(request.platform, at, request.author, "", channel_id=request.channel_id)

    async def _follow_up(
        self, review: ReviewRequest, platform: Platform, now: float
    ) -> Outcome | None:
        desk = self.desk
        if (await desk.access_paused(platform.name, now))[0] > now:  # refused replies: it
            return None  # waits, the platform not asked, as a question's reply does
        # The decision as read: one another moderator replaced or cleared while this
        # cycle waited is not told (the next cycle tells the one in force).
        attempt = await self.repo.claim_followup(review.id, now, review.decided_at)
        if attempt is None:
            return None  # another worker has it, or it was settled or changed meanwhile
        template = "moderator_approved" if review.decision == "approve" else "moderator_denied"
        outcome = Outcome(
            _with_subject(review.request, review.subject),
            ReplyState.SKIPPED,
            intent="review_decision",
            language=review.language,
            template=template,
            decision=review.decision,
            note=review.note,
            review_id=review.id,
        )
        found: tuple[str, ...] | None = ()
        if await decided_before_restore(desk.store, review):  # the replaced file may have
            try:  # sent it: sent only when the platform shows it was not
                found = await self._sent_before(review, platform)
            except (PlatformError, OverBudget) as exc:  # passing: looked for again later
                return await self._failed(review, exc, attempt, now, outcome, unsure=True)
            if found is None:  # cannot tell: a person looks (`bot.py reviews`)
                outcome.state, outcome.reason = ReplyState.FAILED, restored_unsure(review)
                await self.repo.followup_failed(review.id, outcome.reason, None)
                return outcome
            outcome.reason = "sent before the restore" if found else ""
            if found and not review.followup_planned:  # the backup predates its texts
                return await review_rest.found_after_restore(
                    self, review, platform, attempt, found, now, outcome
                )
        elif attempt > 1 and (found := await self._reached(review, platform)):
            outcome.reason = "an earlier attempt had reached it"  # a post whose answer was lost
        if made := review_rest.owed(review, found or ()):  # a thread cut: its rest, same texts
            return await review_rest.send_rest(self, review, platform, attempt, made, now, outcome)
        if found:
            return await self._told(review, found, outcome)
        try:
            outcome.posts = await self.written(review, platform)
            if len(outcome.posts) > 1:  # a thread: its texts kept, should it be cut midway
                await self.repo.plan_followup(review.id, outcome.posts)
            ids = await platform.reply(self._target(review), outcome.posts)
        except (PlatformError, ReplyError, OverBudget) as exc:
            return await self._failed(review, exc, attempt, now, outcome)
        if isinstance(ids, ThreadCut):  # some posts made, the rest owed (whynot.review_rest)
            return await review_rest.thread_cut(
                self, review, attempt, ids, outcome.posts, now, outcome
            )
        return await self._told(review, ids, outcome)

    async def written(self, review: ReviewRequest, platform: Platform) -> tuple[str, ...]:
        """The follow-up's posts, written now (a denial on the account's verdict now)."""
        desk = self.desk
        verdict = await desk.verdict_for(review.subject) if review.decision == "deny" else None
        template = "moderator_approved" if review.decision == "approve" else "moderator_denied"
        return desk.renderer.render(
            template, platform=platform.reply_format, language=review.language,
            asker=review.request.author.name, verdict=verdict, note=review.note,
        ).posts  # fmt: skip

    async def _failed(
        self,
        review: ReviewRequest,
        exc: Exception,
        attempt: int,
        now: float,
        outcome: Outcome,
        unsure: bool = False,
    ) -> Outcome:
        """A try that failed on `exc` (the send, or with `unsure` the look for a send
        after a restore): one only the owner can lift (money, access, credentials) waits,
        hourly, its tries not counted, as a question does (`Desk._failed`); a passing fault
        is tried again with backoff; else it is given up (`unsure`: left for a person to
        look under the request, `restored_unsure`)."""
        outcome.state = ReplyState.FAILED
        if waiting := waits_for_owner(exc):
            outcome.reason = waiting_reason(waiting, exc)
            outcome.quiet = review.followup_reason.startswith(waiting)
            await self.repo.followup_failed(review.id, outcome.reason, now + HOUR, False)
            return outcome
        replies = self.desk.settings.replies
        transient = isinstance(exc, PlatformError) and exc.transient
        retry_at = None
        if transient and attempt < replies.max_attempts:
            delay = doubling(attempt, replies.retry_base_seconds, replies.retry_cap_seconds)
            retry_at = now + delay
        outcome.reason = f"attempt {attempt}: {exc}" + ("" if retry_at else " (giving up)")
        if unsure and retry_at is None:
            outcome.reason = f"{restored_unsure(review)} (the look failed: {exc})"
        await self.repo.followup_failed(review.id, outcome.reason, retry_at)
        return outcome

    async def _told(self, review: ReviewRequest, ids: Sequence[str], outcome: Outcome) -> Outcome:
        await self.repo.followup_sent(review.id, ids)
        await self.desk.store.moderation.log(
            "review answered", "bot", review.request.platform, review.subject.handle,
            f"review {review.id}: told @{review.request.author.handle} ({review.decision})",
            "bot", self.desk.clock(), review.subject.id,
        )  # fmt: skip
        outcome.state, outcome.reply_ids = ReplyState.SENT, tuple(ids)
        return outcome

    async def _reached(self, review: ReviewRequest, platform: Platform) -> tuple[str, ...]:
        """Before trying again: did a failed attempt reach the platform after all? Its
        posts, or () (unknown counts as no, as for a reply: `Desk._answered_already`)."""
        try:
            return await self._sent_before(review, platform) or ()
        except (PlatformError, OverBudget):
            return ()

    async def recover(self) -> int:
        """After a restart: a follow-up claimed by a process that died mid-send is marked
        sent when our reply is found, retried when surely missing, and otherwise left
        failed for a person to check (never sent twice). A dry run settles nothing."""
        settled = 0
        stale = [
            r
            for r in await self.repo.stale_followups()
            if r.request.platform in self.desk.platforms
        ]
        if self.desk.dry_run:
            n = len(stale)
            return left_for_a_real_run("review answers" if n != 1 else "review answer", n)
        for review in stale:
            platform = self.desk.platforms[review.request.platform]
            found = await self._sent_before(review, platform)
            made = review_rest.owed(review, found or ())  # (none found: as before)
            if found and len(made) < len(review.followup_planned):  # stopped between two
                what = await review_rest.owe_after_restart(self, review, made)
            elif found:
                await self.repo.followup_sent(review.id, found)
                what = "follow-up found after restart; marked sent"
            elif found is not None:
                await self.repo.followup_failed(review.id, "interrupted before sending", 0.0)
                what = "follow-up interrupted before sending; retrying"
            else:
                await self.repo.followup_failed(
                    review.id, "interrupted between claim and send; not retried", None
                )
                what = "follow-up interrupted; left failed for a person to check"
            # as a reply's recovery is (whynot.recovery): the restart's line points here
            await self.desk.store.moderation.log(
                "recover", "bot", review.request.platform, review.subject.handle,
                f"review {review.id}: @{review.request.author.handle}: {what}", "bot",
                self.desk.clock(), review.subject.id,
            )  # fmt: skip
            settled += 1
        return settled

    async def _sent_before(
        self, review: ReviewRequest, platform: Platform
    ) -> tuple[str, ...] | None:
        """The posts of our follow-up found under its target (without those of our
        acknowledgement, which is under the request too or is the target), () for none, or
        None when it cannot be told: an acknowledgement sent but its posts unknown (a row
        recovered before they were kept) hangs under the request like the follow-up."""
        if await cannot_tell_sent(self.desk.store, review):
            return None
        found = await platform.already_replied(self._target(review))
        return None if found is None else tuple(i for i in found if i not in review.ack_ids)

    # --- reminding --------------------------------------------------------------------
    async def remind(self) -> list[Outcome]:
        """Bring up requests left undecided for `review_reminder_hours` on the feed."""
        desk = self.desk
        if desk.dry_run:
            return []
        now = desk.clock()
        hours = desk.settings.replies.review_reminder_hours
        outcomes = []
        for review in await self.repo.claim_reminders(now - hours * HOUR, now):
            outcome = Outcome(
                _with_subject(review.request, review.subject),
                ReplyState.SKIPPED,
                intent="review_reminder",
                language=review.language,
                verdict_line=review.verdict_line,
                reason=f"undecided for {(now - review.created_at) / HOUR:.0f} h",
                review_id=review.id,
            )
            log.warning(
                "review %s (@%s) has waited %s without a decision: bot.py reviews show %s",
                review.id, review.subject.handle, outcome.reason.removeprefix("undecided for "),
                review.id,
            )  # fmt: skip
            outcomes.append(outcome)
            await desk.publish(outcome)
        return outcomes

    async def tick(self) -> None:
        """One cycle of the run loop: decisions to tell, then reminders."""
        await self.settle()
        await self.remind()


async def _named(
    mention: Mention, answered: Identity, platform: Platform
) -> tuple[Mention, Identity]:
    """The request and the account under review, named: the asker is the one answered
    (`skip_reason`), so an author sent with an id only (X) takes the handle and name the
    answer's row keeps, for nothing; only a row without them is read (`identify`)."""
    if not answered.handle:
        answered = await platform.identify(answered)
    if not mention.author.handle and mention.author.id == answered.id:
        mention = replace(mention, author=answered)
    return mention, answered


def _with_subject(mention: Mention, subject: Identity) -> Mention:
    """The request, carrying the account under review (the feed's buttons act on it)."""
    return replace(mention, subject=subject)
