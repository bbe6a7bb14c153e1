"""Moderators' overrides (approve or deny an account, with a reason) and the moderation log:
every decision, reset and setting change a person or the bot made that others must be able
to review (table `audit_log`, kept under that name so old files need no migration). Used by
the core moderation service; nothing else writes overrides (but `Accounts.save`, which only
pins an account's id on a decision made by its handle before the bot met it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import aiosqlite

from whynot.models import Override
from whynot.store.db import Connection


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the moderation log."""

    at: float
    actor: str
    action: str
    platform: str
    handle: str
    detail: str
    source: str
    account_id: str = ""  # the account's id where it was known


# A decision (or log entry) about an account: by its id where both sides know it, else by
# handle (one decided by handle before the bot met the account, or an account asked about
# by handle alone). A row with another id is another account that once had this handle.
# Parameters: the id, the handle, the id again.
ABOUT = (
    "((account_id != '' AND account_id = ?) "
    "OR (handle = ? COLLATE NOCASE AND (account_id = '' OR ? = '')))"
)


def _override(row: aiosqlite.Row) -> Override:
    return Override(
        row["platform"],
        row["handle"],
        row["decision"],
        row["reason"],
        row["moderator"],
        row["created_at"],
        row["account_id"],
    )


async def write_log(db: Connection, entry: LogEntry) -> None:
    """Append to the moderation log (inside the caller's transaction when there is one)."""
    await db.execute(
        "INSERT INTO audit_log (at, actor, action, platform, handle, detail, source, "
        "account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.at,
            entry.actor,
            entry.action,
            entry.platform,
            entry.handle,
            entry.detail,
            entry.source,
            entry.account_id,
        ),
    )


class Moderation:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def override(self, platform: str, handle: str, account_id: str = "") -> Override | None:
        """The decision in force about the account (by id where known, see ABOUT)."""
        return await self._about(platform, handle.lstrip("@"), account_id)

    async def _about(self, platform: str, handle: str, account_id: str) -> Override | None:
        row = await self._db.row(
            f"SELECT * FROM overrides WHERE platform = ? AND {ABOUT} "
            "ORDER BY account_id = ? DESC LIMIT 1",
            (platform, account_id, handle, account_id, account_id),
        )
        return _override(row) if row is not None else None

    async def set_override(self, override: Override, source: str) -> Override | None:
        """Set (or replace) a decision and log it, in one transaction; the decision it
        replaced, if any (read in the same transaction: two moderators at once each learn
        what theirs replaced)."""
        db = self._db
        platform, handle, account_id = override.platform, override.handle, override.account_id
        async with db.transaction():
            replaced = await self._about(platform, handle, account_id)
            if account_id:  # one decision per account: the one under its old handle goes
                await db.execute(
                    "DELETE FROM overrides WHERE platform = ? AND account_id = ? AND handle != ?",
                    (platform, account_id, handle),
                )
            await db.execute(
                "INSERT INTO overrides (platform, handle, decision, reason, moderator, "
                "created_at, account_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (platform, handle) DO UPDATE SET "
                "decision = excluded.decision, reason = excluded.reason, "
                "moderator = excluded.moderator, created_at = excluded.created_at, "
                "account_id = excluded.account_id",
                (
                    platform,
                    handle,
                    override.decision,
                    override.reason,
                    override.moderator,
                    override.created_at,
                    account_id,
                ),
            )
            await write_log(
                db,
                LogEntry(
                    override.created_at,
                    override.moderator,
                    override.decision,
                    override.platform,
                    override.handle,
                    override.reason,
                    source,
                    account_id,
                ),
            )
        return replaced

    async def clear_override(
        self,
        platform: str,
        handle: str,
        actor: str,
        reason: str,
        source: str,
        now: float,
        account_id: str = "",
    ) -> Override | None:
        """Remove the decision about the account ("reset"); logged. The decision removed,
        or None when there was none."""
        db = self._db
        async with db.transaction():
            removed = await self._about(platform, handle, account_id)
            if removed is not None:
                await db.execute(
                    f"DELETE FROM overrides WHERE platform = ? AND {ABOUT}",
                    (platform, account_id, handle, account_id),
                )
                entry = LogEntry(now, actor, "reset", platform, handle, reason, source, account_id)
                await write_log(db, entry)
        return removed

    async def overrides(self) -> list[Override]:
        """Every decision in force, oldest first, each with the handle the bot last saw on
        its account when that is another (`now_handle`: a member renamed since)."""
        rows = await self._db.execute_fetchall(
            "SELECT o.*, a.handle AS seen FROM overrides AS o LEFT JOIN accounts AS a "
            "ON o.account_id != '' AND a.platform = o.platform AND a.account_id = o.account_id "
            "ORDER BY o.created_at"
        )
        return [
            replace(_override(r), now_handle=r["seen"])
            if r["seen"] and r["seen"].lower() != r["handle"].lower()
            else _override(r)
            for r in rows
        ]

    async def log(
        self,
        action: str,
        actor: str,
        platform: str,
        handle: str,
        detail: str,
        source: str,
        now: float,
        account_id: str = "",
    ) -> None:
        """Record something a person or the bot did that others must be able to review
        (`account_id`: the account's, where known: found under a later handle too)."""
        entry = LogEntry(now, actor, action, platform, handle, detail, source, account_id)
        await write_log(self._db, entry)

    async def history(
        self, platform: str | None = None, handle: str | None = None, account_id: str = ""
    ) -> list[LogEntry]:
        """The moderation log, oldest first; with platform and handle, that account's only
        (under any handle it had, where its id is known)."""
        sql, params = "SELECT * FROM audit_log", []
        if platform is not None and handle is not None:
            sql += f" WHERE platform = ? AND {ABOUT}"
            params = [platform, account_id, handle, account_id]
        rows = await self._db.execute_fetchall(sql + " ORDER BY at, id", params)
        return [
            LogEntry(
                r["at"],
                r["actor"],
                r["action"],
                r["platform"],
                r["handle"],
                r["detail"],
                r["source"],
                r["account_id"],
            )
            for r in rows
        ]
