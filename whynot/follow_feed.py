"""What the owner's feed is told of the follower watch's events (whynot.watch), platform-
neutral: why an unfollow is only shown there (`NOTICES_OFF`, `RESTORED`, `day_full`), the
group each event's reason falls in ("notice sent", "notices off", ...), and `tell`, which
hands a cycle's events to the feed.

A few events (`DIGEST_OVER` or fewer in one announce cycle) are told one at a time, each its
own post with approve/deny buttons. More are told as one `Digest` per platform and kind:
the accounts by reason group, for the feed to list in one post (cogs/feed.py renders it).
An owner with 400,000 followers on X loses some 300 a day: 300 posts a day, each with
buttons, made the team channel unusable (and met Discord's rate limits).

Every event keeps its status in the database as before. An event only shown in the feed is
marked 'shown' right before the post that shows it (one transaction for a digest's events),
never earlier: a crash before that post leaves it 'confirmed' (or 'new'), taken up and told
by the next cycle; a crash between the mark and the post loses that one post, never posts
twice (as the watch's post for each event always did). A note sent (or refused) has its
status written when it was sent, as the person's record, and its line rides in the
cycle's telling: a crash before that loses the feed's line, never the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whynot.listeners import Listeners
from whynot.models import Identity, Outcome, ReplyState
from whynot.oversight import CUT_OFF, NO_DM, SHOWN

if TYPE_CHECKING:
    from whynot.desk import Desk

# More events for the feed than this in one announce cycle: one digest post per platform
# and kind instead of a post each.
DIGEST_OVER = 10
NOTICES_OFF = f"notices are off{SHOWN}"
RESTORED = (  # whynot.store.followers.noted_before_restore
    "the database was restored from a backup since, and its note may have gone out "
    f"before, so it is not sent again{SHOWN}"
)
DAILY = "notices_per_day"  # in every `day_full` reason


def day_full(sent: int, section: str) -> str:
    """Why an unfollow is only shown: the day's notices are used up (`sent` of them)."""
    if sent == 0:  # the cap is 0: none a day
        return f"[{section}] {DAILY} is 0{SHOWN}"
    what = "1 notice was" if sent == 1 else f"{sent} notices were"
    return f"today's {what} sent ([{section}] {DAILY}){SHOWN}"


# The groups a digest lists, in this order (any other reason is a group of its own).
SENT, FOLLOWED_AGAIN = "notice sent", "followed again"
GROUPS = (
    SENT,
    "daily limit reached",
    "notices off",
    "direct message refused",
    "note cut off by a restart (not sent again)",
    "restored from a backup (not sent again)",
    FOLLOWED_AGAIN,
)


def group_of(outcome: Outcome) -> str:
    """The reason group of one follow event, as a digest lists it."""
    reason = outcome.reason
    if outcome.intent == "refollow":
        return FOLLOWED_AGAIN
    if outcome.state is ReplyState.SENT:
        return SENT
    for found, group in (
        (DAILY in reason, GROUPS[1]),
        (reason == NOTICES_OFF, GROUPS[2]),
        (reason == NO_DM, GROUPS[3]),
        (reason == CUT_OFF, GROUPS[4]),
        (reason == RESTORED, GROUPS[5]),
    ):
        if found:
            return group
    return reason.removesuffix(SHOWN) or "shown"


@dataclass(frozen=True, slots=True)
class Digest:
    """A cycle's many follow events of one platform and kind ("unfollow", "refollow"): the
    accounts by reason group, groups in `GROUPS` order, accounts in the order found."""

    platform: str
    kind: str
    groups: tuple[tuple[str, tuple[Identity, ...]], ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.platform, self.kind

    @property
    def count(self) -> int:
        return sum(len(accounts) for _, accounts in self.groups)


def digests_of(outcomes: Sequence[Outcome]) -> list[Digest]:
    """The follow events among `outcomes`, one digest per platform and kind (in the order
    first found)."""
    found: dict[tuple[str, str], dict[str, list[Identity]]] = {}
    for o in outcomes:
        if o.intent in ("unfollow", "refollow"):
            kinds = found.setdefault((o.mention.platform, o.intent), {})
            kinds.setdefault(group_of(o), []).append(o.mention.subject or o.mention.author)

    def order(group: str) -> int:
        return GROUPS.index(group) if group in GROUPS else len(GROUPS)

    return [
        Digest(platform, kind, tuple((g, tuple(groups[g])) for g in sorted(groups, key=order)))
        for (platform, kind), groups in found.items()
    ]


def digest_listeners() -> Listeners[Digest]:
    """Who hears of digests (`Desk.digests`; the owner's Discord feed)."""
    return Listeners(lambda d: f"the digest of {d.count} {d.platform} {d.kind} events")


# An event for the feed: its outcome, and the event to mark 'shown' right before it is
# told (None: a note's outcome, whose status was written when it was sent).
Told = tuple[Outcome, int | None]


async def tell(desk: Desk, told: Sequence[Told]) -> None:
    """Hand one announce cycle's events to the feed: each its own post when few, else one
    digest per platform and kind (see the module docstring for the order of the writes)."""
    followers = desk.store.followers
    if len(told) <= DIGEST_OVER:
        for outcome, event_id in told:
            if event_id is not None:
                await followers.set_event_status(event_id, "shown", outcome.mention.author.handle)
            await desk.publish(outcome)
        return
    for digest in digests_of([outcome for outcome, _ in told]):
        shown = [
            (event_id, o.mention.author.handle)
            for o, event_id in told
            if event_id is not None and (o.mention.platform, o.intent) == digest.key
        ]
        await followers.mark_shown(shown)
        await desk.digests.publish(digest)
