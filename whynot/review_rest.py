"""A review follow-up of several posts (the team's answer to an asker, whynot.reviews) is
never left half-posted for good, as a reply thread is not (whynot.thread_rest, whose
pieces this uses). Its texts are kept with the request before its first post
(`Reviews.plan_followup`). When it is cut after k of n posts (the platform refusing the
next one, money running out between two, the process stopped between two: then
`ReviewQueue.recover` finds k of them), the k posts are kept (`followup_ids`), the
follow-up fails as the refusal would have it (the follow-up's own backoff, hourly waits
for money or write access, `max_attempts`), and its next try, through the same claim as
any (once), sends the n-k owed posts with the same texts under the last one made, after
looking for posts an earlier try made. One warning line when it is cut, one line when it
is complete; the moderation log records both ("thread_cut", "thread_completed"). One
given up stays "follow-up failed", its reason saying it is incomplete: `bot.py reviews
resend` has the bot send the rest, once. Posts of a follow-up found after `bot.py restore`
when the backup predates its texts are the whole answer only if it is written now in as
many; else a person looks (`found_after_restore`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from whynot.models import ReplyState
from whynot.platform import Platform, PlatformError, ThreadCut
from whynot.replies import ReplyError
from whynot.review_followups import RESTORED, where_to_look
from whynot.spend import OverBudget
from whynot.thread_rest import (
    STOPPED,
    asker,
    completed_line,
    cut_error,
    cut_line,
    incomplete,
    post_rest,
    told,
    will_be_sent,
)

if TYPE_CHECKING:
    from whynot.models import Outcome
    from whynot.reviews import ReviewQueue
    from whynot.store.reviews import ReviewRequest


def owed(review: ReviewRequest, found: Sequence[str]) -> tuple[str, ...]:
    """The posts made of a follow-up thread with posts still owed, the longer of those
    kept at a cut and those `found` on the platform; () when nothing is owed (no thread
    planned, nothing made, or, with none kept, all found)."""
    planned, kept = review.followup_planned, review.followup_ids
    made = tuple(found) if len(found) > len(kept) else kept
    return made if planned and made and (kept or len(made) < len(planned)) else ()


def _what(review: ReviewRequest) -> str:
    return f"the team's answer to {asker(review.request)} (review {review.id})"


async def _told(queue: ReviewQueue, review: ReviewRequest, action: str, line: str) -> None:
    await told(
        queue.desk.store, action, review.request.platform, review.subject.handle,
        f"review {review.id}", line, queue.desk.clock(),
    )  # fmt: skip


async def thread_cut(
    queue: ReviewQueue,
    review: ReviewRequest,
    attempt: int,
    made: ThreadCut,
    planned: Sequence[str],
    now: float,
    outcome: Outcome,
) -> Outcome:
    """A claimed follow-up whose thread stopped after `made` of `planned`: the posts made
    are kept, and it fails as the refusal would have it, its reason saying it is cut."""
    await queue.repo.keep_followup_posts(review.id, made)
    error = cut_error(made.error, len(made), len(planned))
    outcome = await queue._failed(review, error, attempt, now, outcome)
    outcome.reply_ids, outcome.posts = tuple(made), tuple(planned)
    after = (
        f"the rest will not be sent unless you ask: bot.py reviews resend {review.id} "
        '--reason "..."'
        if outcome.reason.endswith("(giving up)")
        else will_be_sent(len(planned) - len(made))
    )
    platform = review.request.platform
    line = cut_line(platform, _what(review), len(made), len(planned), made.error, after)
    await _told(queue, review, "thread_cut", line)
    return outcome


async def send_rest(
    queue: ReviewQueue,
    review: ReviewRequest,
    platform: Platform,
    attempt: int,
    made: Sequence[str],
    now: float,
    outcome: Outcome,
) -> Outcome:
    """A claimed try of a follow-up thread cut earlier (`owed`): the posts still owed
    sent under the last one made, with the texts kept, not rendered again."""
    planned = review.followup_planned
    rest = len(planned) - len(review.followup_ids or made)
    outcome.posts = planned
    if len(made) < len(planned):
        try:
            ids = await post_rest(platform, queue._target(review), planned, made)
        except (PlatformError, OverBudget) as exc:  # nothing more posted: tried again later
            error = cut_error(exc, len(made), len(planned))
            return await queue._failed(review, error, attempt, now, outcome)
        if isinstance(ids, ThreadCut):
            return await thread_cut(queue, review, attempt, ids, planned, now, outcome)
        made = ids
    outcome.reason = f"thread completed: the other {rest} of {len(planned)} posts sent"
    line = completed_line(review.request.platform, _what(review), rest, len(planned))
    await _told(queue, review, "thread_completed", line)
    return await queue._told(review, made, outcome)


async def owe_after_restart(queue: ReviewQueue, review: ReviewRequest, made: Sequence[str]) -> str:
    """Recovery found `made` (`owed`), fewer than the planned posts of a claimed follow-up
    thread (the process stopped between two): they are kept and the rest is owed, tried
    at once within the attempts allowed. What the recovery log says."""
    planned = review.followup_planned
    await queue.repo.keep_followup_posts(review.id, made)
    retry = review.followup_attempts < queue.desk.settings.replies.max_attempts
    reason = f"{incomplete(len(made), len(planned))}: interrupted between two posts"
    now = queue.desk.clock()
    await queue.repo.followup_failed(
        review.id, reason + ("" if retry else " (giving up)"), now if retry else None
    )
    after = (
        will_be_sent(len(planned) - len(made))
        if retry
        else f"the rest will not be sent (attempts used up) unless you ask: bot.py reviews "
        f'resend {review.id} --reason "..."'
    )
    line = cut_line(review.request.platform, _what(review), len(made), len(planned), STOPPED, after)
    await _told(queue, review, "thread_cut", line)
    return f"follow-up found cut after {len(made)} of {len(planned)} posts; " + (
        "the rest is owed" if retry else "left failed for a person to check"
    )


async def found_after_restore(
    queue: ReviewQueue,
    review: ReviewRequest,
    platform: Platform,
    attempt: int,
    found: Sequence[str],
    now: float,
    outcome: Outcome,
) -> Outcome:
    """Posts of our follow-up found after `bot.py restore` (sent by the file it replaced)
    when the backup predates the follow-up's texts: the whole answer when written now it
    has no more posts; else it may have been cut there, and a person looks. It is left
    failed, the posts found kept and the texts written now planned: `bot.py reviews
    resend` sends the rest under the last post found, once; `dismiss` if it is whole."""
    try:
        posts = await queue.written(review, platform)
    except (PlatformError, ReplyError, OverBudget) as exc:
        return await queue._failed(review, exc, attempt, now, outcome)
    if len(posts) <= len(found):
        return await queue._told(review, found, outcome)
    await queue.repo.plan_followup(review.id, posts)
    await queue.repo.keep_followup_posts(review.id, found)
    detail = (
        f"found {len(found)} of its {len(posts)} posts (as written now) under "
        f"{where_to_look(review)}, sent by the file the restore replaced, whose backup "
        f"predates its texts: it may have been cut; look there, then bot.py reviews dismiss "
        f'{review.id} if it is whole, else bot.py reviews resend {review.id} --reason "..." '
        f"sends the other {len(posts) - len(found)}"
    )
    outcome.state, outcome.reason = ReplyState.FAILED, RESTORED + detail
    outcome.posts, outcome.reply_ids = tuple(posts), tuple(found)
    await queue.repo.followup_failed(review.id, outcome.reason, None)
    line = f"{review.request.platform}: {_what(review)}: {detail}"
    await _told(queue, review, "thread_cut", line)
    return outcome
