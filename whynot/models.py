"""Events and records the core passes around: what platforms report, what the desk decides.

Platform-neutral dataclasses (slots). Adapters build these from their own objects; the
desk and the store never see a discord.py or tweepy type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scoring import Verdict

# The intents the bot answers with a reply; any other message is noted and left alone.
ANSWERED_INTENTS: tuple[str, ...] = (
    "follow_back_request",
    "why_not_followed",
    "unfollow_excuse",
    "why_unfollowed",
)


class ReplyState(StrEnum):
    CLAIMED = "claimed"  # taken by a worker; a reply may be on its way
    SENT = "sent"
    FAILED = "failed"  # could not be sent (yet: see next_attempt_at)
    SKIPPED = "skipped"  # deliberately not answered; the reason says why


@dataclass(frozen=True, slots=True)
class Identity:
    """Who an account is on one platform."""

    platform: str
    id: str
    handle: str
    display_name: str = ""
    is_bot: bool = False
    # Does the owner follow this account? Said by the platform when it tells (Bluesky's
    # profile viewer, Mastodon's relationships, X's connection_status); None: not known.
    followed: bool | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.display_name or self.handle


@dataclass(frozen=True, slots=True)
class Mention:
    """A message addressed to the owner (an X mention, a Discord message or command)."""

    platform: str
    id: str
    author: Identity
    text: str
    created_at: float = 0.0  # POSIX seconds
    channel_id: str | None = None
    # The account asked about, when not the author (/whynot @someone, /whynot handle:x).
    subject: Identity | None = None
    # The message this one replies to (an X post id, a Discord message id), when a reply:
    # a reply to one of our answers is about that answer (review requests, whynot.reviews).
    reply_to: str | None = None
    # A repost (an X retweet) of someone else's post that mentions the owner: their words
    # passed on, never a question from the reposter, so it is never answered.
    repost: bool = False


@dataclass(frozen=True, slots=True)
class FollowEvent:
    platform: str
    account: Identity
    kind: str  # "unfollow", "refollow", "follow"
    at: float


@dataclass(frozen=True, slots=True)
class Override:
    platform: str
    handle: str
    decision: str  # "approve" or "deny"
    reason: str
    moderator: str
    created_at: float
    account_id: str = ""  # the account's id where known: the decision follows it, not its handle
    now_handle: str = ""  # in lists: the handle the bot last saw on it, when it changed since


@dataclass(slots=True)
class Outcome:
    """What the desk did with one mention: for transcripts, feeds and tests."""

    mention: Mention
    state: ReplyState
    reason: str = ""
    intent: str = "other"
    language: str = "en"
    template: str | None = None
    verdict_line: str = ""
    posts: tuple[str, ...] = ()
    reply_ids: tuple[str, ...] = field(default_factory=tuple)
    decision: str | None = None
    note: str = ""  # the moderator's reason, when a decision applied
    verdict: Verdict | None = None
    review_id: int | None = None  # the review request this is about (whynot.reviews)
    quiet: bool = False  # not for the owner's feed: told already (a wait for the owner going on)


# The reason of a message (or a decision's follow-up) kept for when money is back: it is
# tried hourly, never given up for it (whynot.desk, whynot.reviews; counted by `cost`).
WAITING_FOR_MONEY = "waiting for money"
# The same for a reply the credentials may not post (a read-only X token): kept, tried
# hourly, until the owner grants write access; meanwhile no asker is read (whynot.desk).
WAITING_FOR_ACCESS = "waiting for write access"
# The same for a reply refused because the credentials were revoked while the bot ran (a
# 401: X's tokens, Mastodon's access token, Bluesky's app password): kept, tried hourly,
# until the owner puts new ones (the error's `fix` says how: whynot.platforms.revoked).
WAITING_FOR_CREDENTIALS = "waiting for new credentials"
