"""The `Platform` protocol: what the core needs from X, Discord, the demo or a test fake.

Adapters live in `whynot/platforms/` (and `cogs/` for Discord) and translate their
library's objects into `whynot.models` and `scoring` types. The core never imports a
platform library.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from scoring import Account
from whynot.models import (
    WAITING_FOR_ACCESS,
    WAITING_FOR_CREDENTIALS,
    WAITING_FOR_MONEY,
    Identity,
    Mention,
)
from whynot.spend import OverBudget


class PlatformError(Exception):
    """A platform call failed. `transient` ones (timeouts, 5xx, rate limits) are worth
    retrying later; the others (forbidden, not found) are not. `unpaid`: refused for want
    of money (X's 402, the account's credits spent); `no_access`: the credentials may not
    do this (a read-only X token posting); `fix`: the credentials were revoked, and this is
    what the owner must do (whynot.platforms.revoked). Each helps once the owner acts, so a
    message waits for that instead of being given up after a few tries."""

    fix: str = ""

    def __init__(
        self,
        message: str,
        transient: bool = True,
        unpaid: bool = False,
        no_access: bool = False,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.transient, self.unpaid, self.no_access = transient or unpaid, unpaid, no_access
        if fix is not None:  # else the class's own (a platform's revoked-credentials error)
            self.fix = fix


def waits_for_owner(exc: BaseException) -> str | None:
    """What a refusal waits for, when only the owner can lift it: money (the budget, the
    platform's credits), write access or new credentials; None for a fault. A wait is tried
    hourly and not counted against the tries a fault is given."""
    if isinstance(exc, OverBudget) or (isinstance(exc, PlatformError) and exc.unpaid):
        return WAITING_FOR_MONEY
    if isinstance(exc, PlatformError) and exc.no_access:
        return WAITING_FOR_ACCESS
    if isinstance(exc, PlatformError) and exc.fix:
        return WAITING_FOR_CREDENTIALS
    return None


def waiting_reason(waiting: str, exc: BaseException) -> str:
    """The reason a message waiting for the owner keeps (`waits_for_owner`'s `waiting`):
    the refusal and, for revoked credentials, what to do (the run's warning says it)."""
    fix = getattr(exc, "fix", "")
    return f"{waiting}: {exc}" + (f"; {fix}" if fix else "")


class SendError(PlatformError):
    """A reply could not be sent."""


def send_error(exc: Exception, text: str | None = None) -> SendError:
    """`exc` as a reply's SendError (said as `text` when given), keeping what it waits for:
    transient, unpaid, no_access, and revoked credentials' `fix` (without it the reply
    would be given up); another exception is transient, and unpaid when it is OverBudget."""
    said = str(exc) if text is None else text
    if isinstance(exc, PlatformError):
        return SendError(said, exc.transient, exc.unpaid, exc.no_access, exc.fix)
    return SendError(said, unpaid=isinstance(exc, OverBudget))


class ThreadCut(list[str]):
    """The ids of the posts a reply thread made before its next post was refused
    (`error`, a SendError as a whole refusal would raise): they stay, and the rest of the
    planned posts is owed, sent later under the last of them (whynot.thread_rest)."""

    def __init__(self, ids: Iterable[str], error: SendError) -> None:
        super().__init__(ids)
        self.error = error


def thread_broken(exc: Exception, sent: list[str], parent: str, log: logging.Logger) -> list[str]:
    """A reply thread whose next post failed with `exc`: the posts already made, as a
    ThreadCut (the desk records them, owes the rest and tells the owner: one line, not
    this debug one), or, when none was, a SendError (transient unless the platform said
    otherwise; `unpaid` when X or the budget refused it for money). Call it from the
    `except` around the post."""
    error = send_error(exc)  # revoked credentials: the message waits for new ones
    if sent:
        log.debug("thread under %s stopped after %d posts: %s", parent, len(sent), exc)
        return ThreadCut(sent, error)
    raise error from None


def thread_of(posts: Sequence[tuple[str, str | None]], root: str) -> tuple[str, ...]:
    """The ids of the posts, given as (id, the id it replies to), that hang under `root`
    directly or through one another, parents first: our reply's thread among our posts."""
    under, found = {root}, []
    grew = True
    while grew:
        grew = False
        for post, parent in posts:
            if parent in under and post not in under:
                under.add(post)
                found.append(post)
                grew = True
    return tuple(found)


@dataclass(frozen=True, slots=True)
class FollowerPage:
    ids: tuple[str, ...]
    next_cursor: str | None  # None: this was the last page


@dataclass(frozen=True, slots=True)
class AccountStatus:
    """Whether an account can still be seen: "active", "protected" or "gone" (suspended,
    deleted or deactivated)."""

    status: str
    who: Identity | None = None


@runtime_checkable
class Platform(Protocol):
    name: str  # "x", "discord", "demo", ...
    reply_format: str  # how replies are laid out: "x" (280, threads) or "discord" (2,000)

    async def me(self) -> Identity:
        """The owner's own account on this platform."""
        ...

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        """Profile and up to `max_posts` recent posts, or None if gone or hidden."""
        ...

    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        """Messages addressed to the owner after `since_id`, oldest first. An author may
        come with only an id (X: profiles are paid, and most messages are not answered).
        Without `since_id`, older than `not_before` (POSIX seconds) are not wanted: a
        platform that pays per message read leaves them out (the desk skips any sent)."""
        ...

    async def identify(self, who: Identity) -> Identity:
        """The author of a message the bot will answer, with handle and name; `who` itself
        when the platform sent them with the message or cannot tell more."""
        ...

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        """One page of the owner's follower ids."""
        ...

    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:
        """Post the reply (a thread when several posts); returns the new ids, a ThreadCut
        when a later post was refused (`thread_broken`). `under`: one of our posts to go
        on from instead of the mention (the rest of a thread cut earlier)."""
        ...

    async def direct_message(self, to: Identity, text: str) -> bool:
        """Send a private message where the platform allows it; False when it does not."""
        ...

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        """The status of up to 100 accounts (the unfollow watch checks before it speaks)."""
        ...

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        """The ids of our reply's posts under this message (empty: there is none), or None
        when the platform cannot tell (used after a crash between claim and mark-sent: the
        ids found are stored, so a review asked under that reply is known as ours)."""
        ...
