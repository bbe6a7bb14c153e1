"""The one way a moderator's decision is made or cleared: `ModerationService.decide` and
`clear`. It owns the rules (a decision is approve or deny; a reason says why in 3 to 300
characters on one line; a handle typed by a person is read by `target_handle`, by the rules
of `whynot.handles`),
the moderation log entry (written in the same transaction as the override, by the store's
moderation repository; both keep the account's id where known, so a decision follows an
account whose handle changes) and the change event its listeners hear (the Discord bot turns it
into the feed's announcement).

Every entrance calls it: the `/override` commands and the feed's approve/deny buttons
(cogs), `bot.py override` (whynot/cli/override.py) and the demo; they read what is in
force and the log through it too (`current`, `in_force`, `history`). Adapters phrase a refusal
their own way (`BadReason`, `BadHandle` carry what was wrong), the rule is checked here.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from whynot.handles import HANDLE_PATTERNS, PLATFORM_LABELS, clean_handle
from whynot.models import Identity, Override
from whynot.store.moderation import HandleHeldBefore

if TYPE_CHECKING:
    from whynot.store import Store
    from whynot.store.moderation import LogEntry

log = logging.getLogger(__name__)

DECISIONS: tuple[str, ...] = ("approve", "deny")
RESET = "reset"  # the log's action for a cleared decision
REASON_MIN, REASON_MAX = 3, 300
HANDLE_RULES = {
    "x": "letters, digits and _, up to 15",
    "discord": "a-z, 0-9, _ and ., 2-32",
    "bluesky": "a domain name, such as ana.bsky.social",
    "mastodon": "user or user@instance, such as ana@mastodon.social",
}

Decision = Literal["approve", "deny"]


class ModerationError(ValueError):
    """A decision that cannot be recorded as given; nothing was changed."""


class BadReason(ModerationError):
    """The reason is not 3 to 300 characters once on one line."""


class BadHandle(ModerationError):
    """The handle is not a valid one on its platform."""

    def __init__(self, platform: str, raw: str) -> None:
        self.platform, self.raw = platform, raw
        self.label = PLATFORM_LABELS.get(platform, platform)
        self.rule = HANDLE_RULES.get(platform, "")
        super().__init__(f"{raw!r} is not a valid {self.label} handle ({self.rule})")


def clean_reason(raw: str) -> str:
    """One line, trimmed; refused unless REASON_MIN to REASON_MAX characters."""
    reason = " ".join(raw.split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise BadReason(f"a reason must say why in {REASON_MIN} to {REASON_MAX} characters")
    return reason


def target_handle(platform: str, raw: str) -> str:
    """The handle without "@", checked against its platform's rule where one is known."""
    if platform in HANDLE_PATTERNS:
        handle = clean_handle(platform, raw)
    else:
        handle = raw.strip().lstrip("@") or None
    if handle is None:
        raise BadHandle(platform, raw)
    return handle


@dataclass(frozen=True, slots=True)
class OverrideChange:
    """What listeners hear after a decision is recorded or cleared."""

    actor: str
    target: Identity
    decision: str  # "approve", "deny" or "reset"
    reason: str
    source: str  # "discord", "cli", "demo", ...
    guild_id: int | None = None  # the Discord server it was made in, if any
    replaced: Override | None = None  # the decision it replaced or cleared
    by_id: bool = False  # a clear by the id a person typed: said with it, "(id 42)"


Listener = Callable[[OverrideChange], Awaitable[None] | None]


@dataclass(slots=True)
class ModerationService:
    """Decide and clear overrides over one store; `clock` gives the time of each change."""

    store: Store
    clock: Callable[[], float]
    listeners: list[Listener] = field(default_factory=list)

    async def decide(
        self,
        target: Identity,
        decision: str,
        reason: str,
        actor: str,
        source: str,
        guild_id: int | None = None,
    ) -> OverrideChange:
        """Record `decision` about `target` (replacing any before it) with its log entry,
        then tell the listeners. Raises ModerationError, changing nothing, on bad input."""
        if decision not in DECISIONS:
            raise ModerationError(f"a decision is approve or deny, not {decision!r}")
        reason = clean_reason(reason)
        handle = _resolved(target)
        actor = " ".join(actor.split()) or "unknown"
        known = await self._id(target.platform, handle, target.id)
        override = Override(target.platform, handle, decision, reason, actor, self.clock(), known)
        try:
            replaced = await self.store.moderation.set_override(override, source=source)
        except HandleHeldBefore as exc:  # another account's decision is in the way
            raise ModerationError(str(exc)) from None
        log.info("%s: %s %s/%s", actor, decision, target.platform, handle)
        change = OverrideChange(
            actor, _named(target, handle), decision, reason, source, guild_id, replaced
        )
        await self._tell(change)
        return change

    async def clear(
        self,
        target: Identity,
        reason: str,
        actor: str,
        source: str,
        guild_id: int | None = None,
        by_id: bool = False,
    ) -> OverrideChange | None:
        """Remove the decision about `target`, logged as a reset; None when there was none
        (nothing is logged then). Raises ModerationError, changing nothing, when the only
        decision at its handle is about another account (give that one's id to clear it).
        `by_id`: the id was typed to clear that account's decision on purpose: only one
        tied to that id is removed (not one at the handle by handle alone)."""
        reason = clean_reason(reason)
        handle = _resolved(target)
        actor = " ".join(actor.split()) or "unknown"
        known = await self._id(target.platform, handle, target.id)
        try:
            removed = await self.store.moderation.clear_override(
                target.platform, handle, actor, reason, source, self.clock(), known, by_id
            )
        except HandleHeldBefore as exc:  # only another account's decision is there
            raise ModerationError(str(exc)) from None
        if removed is None:
            return None
        log.info("%s: reset %s/%s", actor, target.platform, handle)
        named = _named(target, handle)
        change = OverrideChange(actor, named, RESET, reason, source, guild_id, removed, by_id)
        await self._tell(change)
        return change

    # --- reading: what is in force, and what was done -------------------------------
    async def current(self, platform: str, handle: str, account_id: str = "") -> Override | None:
        """The decision in force about an account, if any (see `_id`)."""
        known = await self._id(platform, handle, account_id)
        return await self.store.moderation.override(platform, handle, known)

    async def in_force(self) -> list[Override]:
        """Every decision in force, oldest first."""
        return await self.store.moderation.overrides()

    async def history(
        self,
        platform: str | None = None,
        handle: str | None = None,
        account_id: str = "",
        by_id: bool = False,
    ) -> list[LogEntry]:
        """The moderation log, oldest first; with platform and handle, that account's only
        (under every handle it had since the bot knew its id). `by_id`: the id a person
        typed (as a clear by id): the entries tied to it alone, not those by handle alone."""
        if platform is None or handle is None:
            return await self.store.moderation.history()
        known = await self._id(platform, handle, account_id)
        return await self.store.moderation.history(platform, handle, known, by_id)

    async def _id(self, platform: str, handle: str, account_id: str = "") -> str:
        """The account's id: the adapter's (a member picked on Discord), else that of the
        account the bot last met with this handle while its snapshot is fresh (a stale one may
        be a former holder, renamed since), else "" (then the handle alone is kept).
        With it a decision follows the account when its handle changes."""
        return account_id or await self.store.accounts.id_of(platform, handle, self.clock())

    async def _tell(self, change: OverrideChange) -> None:
        for listener in self.listeners:
            result = listener(change)
            if inspect.isawaitable(result):
                await result


def log_record(entry: LogEntry) -> dict[str, object]:
    """One moderation log entry as exported (`bot.py override history --json`, the file
    `/override history export:` attaches): one JSON object per line."""
    return {
        "at": entry.at,
        "when": datetime.fromtimestamp(entry.at, UTC).isoformat(timespec="seconds"),
        "action": entry.action,
        "platform": entry.platform,
        "handle": entry.handle,
        "account_id": entry.account_id,
        "actor": entry.actor,
        "source": entry.source,
        "detail": entry.detail,
    }


def replaced_words(
    change: OverrideChange,
    when: Callable[[float], str],
    escape: Callable[[str], str] = str,
    you: bool = True,
) -> str:
    """ "This replaces the deny by joao (<when>): “only ads”." when the decision replaced
    one (two moderators on one account at once each learn what the other did), "It was the
    deny by ..." for one cleared, else "". `you`: the same moderator is "you" (False: named,
    as the feed the whole team reads says it)."""
    old = change.replaced
    if old is None:
        return ""
    verb = "It was" if change.decision == RESET else "This replaces"
    by = "you" if you and old.moderator == change.actor else escape(old.moderator)
    return f"{verb} the {old.decision} by {by} ({when(old.created_at)}): “{escape(old.reason)}”."


def _resolved(target: Identity) -> str:
    """The handle of an account the adapter already resolved (a member, or a handle read
    through `target_handle`): kept as it is, only never blank."""
    handle = target.handle.strip().lstrip("@")
    if not handle:
        raise BadHandle(target.platform, target.handle)
    return handle


def _named(target: Identity, handle: str) -> Identity:
    if target.handle == handle:
        return target
    return Identity(target.platform, target.id, handle, target.display_name)
