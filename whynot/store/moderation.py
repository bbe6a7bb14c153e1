"""Moderators' overrides (approve or deny an account, with a reason) and the moderation log:
every decision, reset and setting change a person or the bot made that others must be able
to review (table `audit_log`, kept under that name so old files need no migration). Used by
the core moderation service; nothing else writes overrides."""

from __future__ import annotations

from dataclasses import dataclass

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


def _override(row: aiosqlite.Row) -> Override:
    return Override(
        row["platform"],
        row["handle"],
        row["decision"],
        row["reason"],
        row["moderator"],
        row["created_at"],
    )


async def write_log(db: Connection, entry: LogEntry) -> None:
    """Append to the moderation log (inside the caller's transaction when there is one)."""
    await db.execute(
        "INSERT INTO audit_log (at, actor, action, platform, handle, detail, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            entry.at,
            entry.actor,
            entry.action,
            entry.platform,
            entry.handle,
            entry.detail,
            entry.source,
        ),
    )


class Moderation:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def override(self, platform: str, handle: str) -> Override | None:
        row = await self._db.row(
            "SELECT * FROM overrides WHERE platform = ? AND handle = ?",
            (platform, handle.lstrip("@")),
        )
        return _override(row) if row is not None else None

    async def set_override(self, override: Override, source: str) -> Override | None:
        """Set (or replace) a decision and log it, in one transaction; the decision it
        replaced, if any (read in the same transaction: two moderators at once each learn
        what theirs replaced)."""
        db = self._db
        async with db.transaction():
            row = await db.row(
                "SELECT * FROM overrides WHERE platform = ? AND handle = ?",
                (override.platform, override.handle),
            )
            replaced = _override(row) if row is not None else None
            await db.execute(
                "INSERT INTO overrides (platform, handle, decision, reason, moderator, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, handle) DO UPDATE SET "
                "decision = excluded.decision, reason = excluded.reason, "
                "moderator = excluded.moderator, created_at = excluded.created_at",
                (
                    override.platform,
                    override.handle,
                    override.decision,
                    override.reason,
                    override.moderator,
                    override.created_at,
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
                ),
            )
        return replaced

    async def clear_override(
        self, platform: str, handle: str, actor: str, reason: str, source: str, now: float
    ) -> bool:
        """Remove a decision ("reset"); logged. False when there was none."""
        db = self._db
        async with db.transaction():
            cur = await db.execute(
                "DELETE FROM overrides WHERE platform = ? AND handle = ?", (platform, handle)
            )
            removed = cur.rowcount == 1
            if removed:
                await write_log(db, LogEntry(now, actor, "reset", platform, handle, reason, source))
        return removed

    async def overrides(self) -> list[Override]:
        rows = await self._db.execute_fetchall("SELECT * FROM overrides ORDER BY created_at")
        return [_override(r) for r in rows]

    async def log(
        self,
        action: str,
        actor: str,
        platform: str,
        handle: str,
        detail: str,
        source: str,
        now: float,
    ) -> None:
        """Record something a person or the bot did that others must be able to review."""
        await write_log(self._db, LogEntry(now, actor, action, platform, handle, detail, source))

    async def history(
        self, platform: str | None = None, handle: str | None = None
    ) -> list[LogEntry]:
        """The moderation log, oldest first; with platform and handle, that account's only."""
        sql, params = "SELECT * FROM audit_log", []
        if platform is not None and handle is not None:
            sql += " WHERE platform = ? AND handle = ? COLLATE NOCASE"
            params = [platform, handle]
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
            )
            for r in rows
        ]
