"""A review follow-up left failed, put right by a moderator: sent again, or dismissed.

The follow-up (the moderator-approved or -denied reply, `whynot.reviews`) is left
"follow-up failed" when its tries ran out, or when a crash cut it short where the bot
cannot tell whether it went out (a row from before 4711740 kept no posts of our
acknowledgement, so under the request the two look alike): never sent twice, so never
retried by the bot. Before, `bot.py reviews` could only list and show it.

- `resend_followup` makes it due now: the running bot's next cycle sends it, once (its
  claim is atomic, and it first looks for an earlier attempt's post where it can). Where
  the bot cannot tell, the moderator must say they looked under the request and found
  no answer (`checked`); otherwise the refusal says where to look.
- `dismiss_followup` closes it unsent, for good.

Each is one transaction (a running bot's claim cannot come between the check and the
change), refused unless the follow-up is failed, and a line in the moderation log (who,
why), as overrides are. `bot.py reviews resend|dismiss ID --reason ...` calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whynot.store import Store
    from whynot.store.reviews import ReviewRequest

RESEND_ASKED = "resend asked by "  # followup_reason of a follow-up a moderator made due
DISMISSED = "dismissed by "  # followup_reason of one a moderator closed unsent
RESTORED = "restored from a backup: "  # followup_reason of one left failed after a restore


async def decided_before_restore(store: Store, review: ReviewRequest) -> bool:
    """Whether `bot.py restore` put back a copy of the database made after this follow-up
    was decided, so that it may have been sent since by the file the restore replaced:
    the bot looks for it on the platform before sending (`ReviewQueue._follow_up`), and
    leaves it failed when it cannot tell. Not once a moderator asked for it again, nor
    once it was left failed for that."""
    restored = await store.cursors.restored_at()
    if restored is None or review.decided_at is None or review.decided_at >= restored:
        return False
    return not review.followup_reason.startswith((RESEND_ASKED, DISMISSED, RESTORED))


def restored_unsure(review: ReviewRequest) -> str:
    """The reason of a follow-up `decided_before_restore` that the platform cannot tell
    was sent or not: left failed, for a moderator to look, then resend or dismiss."""
    return (
        f"{RESTORED}the follow-up was decided before the backup was made and may have gone "
        f"out since; the bot cannot tell: look under {where_to_look(review)}, then bot.py "
        f"reviews dismiss {review.id} if it is there, else bot.py reviews resend {review.id}"
    )


class FollowupRefused(ValueError):
    """A resend or dismissal that would be wrong: the message says why and what to do."""


async def resend_followup(
    store: Store, review_id: int, by: str, reason: str, now: float, checked: bool = False
) -> ReviewRequest:
    """Make a failed follow-up due now: the running bot's next cycle sends it, once (its
    claim is atomic, and it looks for an earlier attempt's post first where it can)."""
    async with store.db.transaction():
        review = await _failed_followup(store, review_id, "resend")
        if review.followup_reason.startswith(RESEND_ASKED):
            raise FollowupRefused(f"review #{review_id}: a resend is already asked; not again")
        if not checked and await cannot_tell_sent(store, review):
            raise FollowupRefused(
                f"review #{review_id}: the bot cannot tell whether its follow-up went out "
                f"(it may have been cut short mid-send): look under {where_to_look(review)}; "
                f"if the team's answer is there, bot.py reviews dismiss {review_id}; if not, "
                f"bot.py reviews resend {review_id} --checked"
            )
        said = f"{RESEND_ASKED}{by}: {reason}"
        # Counted as a try: the next one is past the first, so the bot looks for an
        # earlier attempt's post before sending (`ReviewQueue._follow_up`).
        await store.reviews.followup_failed(review_id, said, now)
        await _log(store, review, "review follow-up resend asked", by, reason, now)
    found = await store.reviews.get(review_id)
    assert found is not None
    return found


async def dismiss_followup(
    store: Store, review_id: int, by: str, reason: str, now: float
) -> ReviewRequest:
    """Close a failed follow-up unsent: it is never sent (the asker was told otherwise, or
    the answer did go out)."""
    async with store.db.transaction():
        review = await _failed_followup(store, review_id, "dismiss")
        said = f"{DISMISSED}{by}: {reason}"
        await store.reviews.followup_failed(review_id, said, None)
        await _log(store, review, "review follow-up dismissed", by, reason, now)
    found = await store.reviews.get(review_id)
    assert found is not None
    return found


async def _failed_followup(store: Store, review_id: int, what: str) -> ReviewRequest:
    review = await store.reviews.get(review_id)
    if review is None:
        raise FollowupRefused(f"there is no review request #{review_id} (see bot.py reviews)")
    if review.state != "follow-up failed" or review.followup_reason.startswith(DISMISSED):
        done = "resent" if what == "resend" else "dismissed"
        raise FollowupRefused(
            f"review #{review_id} is {shown_state(review)}: only a failed follow-up can be {done}"
        )
    return review


async def cannot_tell_sent(store: Store, review: ReviewRequest) -> bool:
    """Whether the bot cannot tell its follow-up from its acknowledgement under the
    request (`ReviewQueue._sent_before` answers None): the acknowledgement was sent but its
    posts were not kept."""
    request = review.request
    if review.ack_ids:
        return False
    return await store.messages.state(request.platform, request.id) == "sent"


def where_to_look(review: ReviewRequest) -> str:
    """Where the follow-up would hang: under our acknowledgement, else the request."""
    request = review.request
    if review.ack_ids:
        return f"our acknowledgement {review.ack_ids[0]} on {request.platform}"
    return f"@{request.author.handle}'s message {request.id} on {request.platform}"


async def _log(
    store: Store, review: ReviewRequest, action: str, by: str, reason: str, now: float
) -> None:
    detail = f"review {review.id}: @{review.request.author.handle}: {reason}"
    await store.moderation.log(
        action, by, review.request.platform, review.subject.handle, detail, "cli", now,
        review.subject.id,
    )  # fmt: skip


def shown_state(review: ReviewRequest) -> str:
    """The request's state as `bot.py reviews` says it: a dismissed follow-up is
    "dismissed", one a moderator asked to resend "resend asked"."""
    if review.state == "follow-up failed":
        if review.followup_reason.startswith(DISMISSED):
            return "dismissed"
        if review.followup_reason.startswith(RESEND_ASKED):
            return "resend asked"
    return review.state
