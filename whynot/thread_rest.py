"""A reply thread is never left half-posted for good. Its texts are kept with the message
before the first post (`Messages.plan`). When it is cut after k of n posts (the platform
refusing the next one, money running out between two, the process stopped between two:
then whynot.recovery finds k of them), the k posts are kept, the message waits failed with
the usual backoff, and its retry sends the n-k owed posts, with the same texts, under the
last one made: through the same claim as any retry (once), under the same rules (money,
write access, max attempts). The owner gets one line when a thread is cut and one when it
is completed; the moderation log records both ("thread_cut", "thread_completed"). A thread
whose rest can never be sent stays failed and visible, its reason saying it is incomplete.
The pieces shared with a review follow-up of several posts (whynot.review_rest, same
guarantee) are `cut_error`, `cut_line`, `completed_line`, `told` and `post_rest`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from whynot.models import WAITING_FOR_ACCESS, Mention, Outcome, ReplyState
from whynot.platform import Platform, PlatformError, SendError, ThreadCut, send_error
from whynot.spend import OverBudget

if TYPE_CHECKING:
    from whynot.desk import Desk
    from whynot.store import Store
    from whynot.store.messages import MessageRow, Owed

log = logging.getLogger(__name__)
STOPPED = "the bot stopped between two"  # why a thread found cut at a start was cut
INCOMPLETE = "thread incomplete"  # how the reason of a message whose thread is cut starts


def incomplete(made: int, planned: int) -> str:
    """The start of the reason of a message whose thread is cut."""
    return f"{INCOMPLETE}, {made} of {planned} posts sent"


def cut_error(exc: Exception, made: int, planned: int) -> SendError:
    """`exc` (the refusal of the next post) said as a cut thread's, keeping what it waits
    for (money, write access, credentials) and whether it is worth another try."""
    return send_error(exc, f"{incomplete(made, planned)}: {exc}")


def paused(why: str, made: int, planned: int) -> str:
    """The reason of a cut thread waiting while its platform refuses writes: `why` (the
    refusal another message met), still saying the thread is incomplete."""
    refusal = why.removeprefix(f"{WAITING_FOR_ACCESS}: ")
    if refusal.startswith(INCOMPLETE):  # the refusal of another cut thread
        refusal = refusal.partition(": ")[2]
    return f"{WAITING_FOR_ACCESS}: {incomplete(made, planned)}: {refusal}"


def asker(mention: Mention) -> str:
    return f"@{mention.author.handle}" if mention.author.handle else mention.author.id


def will_be_sent(rest: int) -> str:
    """What a cut line says of a rest that will be sent."""
    return f"the other {rest} will be sent under the last post made, once, when it is retried"


def cut_line(platform: str, what: str, made: int, planned: int, why: object, after: str) -> str:
    """The owner's line for a thread cut: `what` names it ("the reply to @ana (message
    123)"), `why` the refusal, `after` what happens to the rest."""
    return f"{platform}: {what} was cut after {made} of {planned} posts ({why}); {after}"


def completed_line(platform: str, what: str, rest: int, planned: int) -> str:
    """The owner's line for a thread cut earlier and now complete."""
    return (
        f"{platform}: {what} is complete: the {rest} owed of its {planned} posts sent under "
        "the last one made"
    )


async def told(
    store: Store, action: str, platform: str, handle: str, about: str, line: str, now: float
) -> None:
    """The owner's line (the run's log) and the moderation log's entry, the same words;
    `about` names the row ("message 123", "review 4")."""
    (log.warning if action == "thread_cut" else log.info)("%s", line)
    await store.moderation.log(action, "bot", platform, handle, f"{about}: {line}", "bot", now)


async def post_rest(
    platform: Platform, to: Mention, planned: Sequence[str], made: Sequence[str]
) -> tuple[str, ...] | ThreadCut:
    """Send the posts of `planned` after the `made` ones, under the last made: the ids of
    the whole thread, or a ThreadCut of all made when it is cut again. Raises as a reply
    does (PlatformError, OverBudget) when no more was posted."""
    ids = await platform.reply(to, planned[len(made) :], under=made[-1])
    if isinstance(ids, ThreadCut):  # cut again, further on
        return ThreadCut((*made, *ids), ids.error)
    return (*made, *ids)


def _what(mention: Mention) -> str:
    return f"the reply to {asker(mention)} (message {mention.id})"


async def _told(desk: Desk, action: str, mention: Mention, line: str, now: float) -> None:
    await told(
        desk.store, action, mention.platform, mention.author.handle, f"message {mention.id}",
        line, now,
    )  # fmt: skip


async def found_cut(
    desk: Desk, outcome: Outcome, attempt: int, found: Sequence[str], now: float
) -> Outcome | None:
    """A retry that finds our reply on the platform with fewer posts than were planned (the
    listing lagged when the restart looked, or a restore's file had cut it): the posts are
    kept and the rest owed, as a cut at send time; None when the thread is whole."""
    planned = await desk.store.messages.planned(outcome.mention)
    if len(found) >= len(planned):
        return None
    cut = ThreadCut(found, SendError("found cut on the platform", transient=True))
    return await thread_cut(desk, outcome, attempt, cut, planned, now)


async def thread_cut(
    desk: Desk, outcome: Outcome, attempt: int, made: ThreadCut, planned: Sequence[str], now: float
) -> Outcome:
    """A claimed reply whose thread stopped after `made` of `planned`: the posts made are
    kept, the message fails as the refusal would have it (due again with backoff, waiting
    for the owner, or given up), its reason saying the thread is incomplete."""
    mention = outcome.mention
    await desk.store.messages.keep_posts(mention, made, now)
    error = cut_error(made.error, len(made), len(planned))
    outcome = await desk._failed(mention, outcome, attempt, error, now)
    outcome.reply_ids, outcome.posts = tuple(made), tuple(planned)
    after = (
        "the rest will not be sent; the message stays failed for a person to check"
        if outcome.reason.endswith("(giving up)")
        else will_be_sent(len(planned) - len(made))
    )
    line = cut_line(mention.platform, _what(mention), len(made), len(planned), made.error, after)
    await _told(desk, "thread_cut", mention, line, now)
    return outcome


async def send_rest(desk: Desk, platform: Platform, owed: Owed, outcome: Outcome) -> Outcome:
    """The retry of a message whose thread was cut: claimed as any retry (once), and the
    posts still owed sent under the last one made (none again: one an earlier try had
    posted after all is found first). Not classified or rendered again."""
    mention, now, planned = outcome.mention, desk.clock(), owed.planned
    outcome.intent, outcome.language, outcome.posts = owed.intent, owed.language, planned
    outcome.template = owed.template or None
    rest = len(planned) - len(owed.sent)
    if desk.dry_run:  # its own line: the run's report leaves a dry run's reasons to the desk
        outcome.reason = f"dry run: would send the rest of its thread ({rest} of {len(planned)})"
        log.info("%s %s: %s", mention.platform, mention.id, outcome.reason)
        return outcome
    until, why = await desk.access_paused(mention.platform, now)
    if until > now:  # its replies are refused (no write access): it waits, X not asked
        why = paused(why, len(owed.sent), len(planned))
        outcome.state, outcome.reason, outcome.quiet = ReplyState.FAILED, why, True
        await desk.store.messages.defer(mention, owed.intent, owed.language, why, until, now)
        return outcome
    claim = await desk.store.messages.claim(mention, owed.intent, owed.language, now)
    if not claim.won:
        outcome.state, outcome.reason = ReplyState(claim.state), "already handled"
        return outcome
    made: tuple[str, ...] = owed.sent
    found = await desk._answered_already(platform, mention)  # a post accepted, answer lost
    if len(found) > len(made):
        made = tuple(found)
    if len(made) < len(planned):
        try:
            ids = await post_rest(platform, mention, planned, made)
        except (PlatformError, OverBudget) as exc:  # nothing more posted: tried again later
            error = cut_error(exc, len(made), len(planned))
            return await desk._failed(mention, outcome, claim.attempt, error, now)
        except Exception as exc:
            log.exception("unexpected failure sending the rest of %s", mention.id)
            error = cut_error(PlatformError(f"unexpected: {exc!r}"), len(made), len(planned))
            return await desk._failed(mention, outcome, claim.attempt, error, now)
        if isinstance(ids, ThreadCut):
            return await thread_cut(desk, outcome, claim.attempt, ids, planned, now)
        made = ids
    await desk.store.messages.mark_sent(mention, made, owed.template, desk.clock())
    outcome.state, outcome.reply_ids = ReplyState.SENT, made
    outcome.reason = f"thread completed: the other {rest} of {len(planned)} posts sent"
    outcome.verdict_line = outcome.reason  # what the feed shows beside "Answered"
    line = completed_line(mention.platform, _what(mention), rest, len(planned))
    await _told(desk, "thread_completed", mention, line, desk.clock())
    return outcome


async def owe_after_restart(
    desk: Desk, row: MessageRow, mention: Mention, found: Sequence[str], now: float
) -> str:
    """Recovery found `found`, fewer than the planned posts of a claimed thread (the
    process stopped between two): they are kept and the rest is owed, retried at once, as
    any interrupted reply is (within the attempts allowed). What the recovery log says."""
    planned = row.planned
    await desk.store.messages.keep_posts(mention, found, now)
    retry = row.attempts < desk.settings.replies.max_attempts
    reason = f"{incomplete(len(found), len(planned))}: interrupted between two posts"
    await desk.store.messages.mark_failed(
        mention, reason + ("" if retry else " (giving up)"), now if retry else None, now
    )
    after = (
        f"the other {len(planned) - len(found)} will be sent under the last post made, once"
        if retry
        else "the rest will not be sent (attempts used up); left failed for a person to check"
    )
    line = cut_line(mention.platform, _what(mention), len(found), len(planned), STOPPED, after)
    await _told(desk, "thread_cut", mention, line, now)
    return f"thread found cut after {len(found)} of {len(planned)} posts; " + (
        "the rest is owed" if retry else "left failed for a person to check"
    )
