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
resend` has the bot send the rest, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from whynot.platform import Platform, PlatformError, ThreadCut
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
