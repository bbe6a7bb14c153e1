"""Moderators' overrides (approve or deny an account, with a reason) and the moderation log:
every decision, reset and setting change a person or the bot made that others must be able
to review (table `audit_log`, kept under that name so old files need no migration). Used by
the core moderation service; nothing else writes overrides (but `Accounts.save`, which only
pins an account's id on a decision made by its handle before the bot met it: `pin_account`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import aiosqlite

from whynot.models import Override
from whynot.store.db import Connection
from whynot.store.sightings import handle_then, handles_seen


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
# Parameters (as placeholders): the id, the handle, the id again (`known` is written twice).
def about(table: str = "", known: str = "?", handle: str = "?") -> str:
    """The condition "this override (or log entry) is about the account": columns of
    `table` (an alias, or "" for none), the account's id and handle given by the SQL
    expressions `known` and `handle` (a placeholder, or another table's column)."""
    t = f"{table}." if table else ""
    return (
        f"(({t}account_id != '' AND {t}account_id = {known}) "
        f"OR ({t}handle = {handle} COLLATE NOCASE AND ({t}account_id = '' OR {known} = '')))"
    )


ABOUT = about()


class HandleHeldBefore(ValueError):
    """A decision on a handle whose standing decision is about another account that had
    the handle before, and whose new handle the bot does not know: it cannot be kept. Or
    a clear on a handle whose only decision is such an account's: not removed unasked."""


def clear_on_purpose(platform: str, handle: str, other: str) -> str:
    """The commands that clear the decision about account `other` on purpose (its id said:
    `bot.py override clear --id`, `/override clear id:`)."""
    return (
        f"`bot.py override clear {platform}:{handle} --id {other}`, on Discord "
        f"`/override clear handle:{platform}:{handle} id:{other}`"
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


async def pin_account(
    db: Connection, platform: str, account_id: str, handle: str, now: float
) -> None:
    """The account met with `handle` is `account_id`: the decision and log entries made by
    that handle alone get its id (not config entries), but not one made when the bot's
    last sighting of this account (its snapshot read before this save, its messages, follow
    events, review requests: `handles_seen`) was under another handle: that was about the
    handle's holder then, another account. One account holds one decision: if it had
    another, under any handle, the newest of them stands and the older goes, logged as a
    reset by the bot, as deciding on the account by its id replaces any before."""
    seen: list[tuple[float, str]] | None = None  # read only when a row by handle is there
    for table, when, key, extra in (
        ("overrides", "created_at", "handle", ""),
        ("audit_log", "at", "id", " AND action != 'config'"),
    ):
        found = await db.execute_fetchall(
            f"SELECT {key}, {when} FROM {table} WHERE platform = ? AND handle = ? "
            f"COLLATE NOCASE AND account_id = ''{extra}",
            (platform, handle),
        )
        for row_key, at in found:
            seen = await handles_seen(db, platform, account_id) if seen is None else seen
            then = handle_then(seen, float(at))  # by handle while it held it, or unseen then
            if then is None or then.lower() == handle.lower():
                await db.execute(
                    f"UPDATE {table} SET account_id = ? WHERE platform = ? AND {key} = ?",
                    (account_id, platform, row_key),
                )
    rows = await db.execute_fetchall(  # also mends two left by an earlier version
        "SELECT * FROM overrides WHERE platform = ? AND account_id = ? ORDER BY created_at DESC",
        (platform, account_id),
    )
    if not rows:
        return
    kept, *older = rows
    for row in older:  # each older one goes, said in the log
        old = _override(row)
        await db.execute(
            "DELETE FROM overrides WHERE platform = ? AND handle = ?", (platform, old.handle)
        )
        detail = (
            f"the {old.decision} by {old.moderator} gave way to the account's newer "
            f"{kept['decision']} by {kept['moderator']} under @{kept['handle']} "
            "(one decision per account)"
        )
        entry = LogEntry(now, "bot", "reset", platform, old.handle, detail, "bot", account_id)
        await write_log(db, entry)


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
        what theirs replaced). Another account's decision at this handle (it had the
        handle before) is moved to its new handle, or this one refused (`_make_room`)."""
        db = self._db
        platform, handle, account_id = override.platform, override.handle, override.account_id
        async with db.transaction():
            await self._make_room(platform, handle, account_id)
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

    async def _make_room(self, platform: str, handle: str, account_id: str) -> None:
        """The decision at this handle about another account (one that had the handle
        before) moves to the handle the bot last saw on that account. Raises
        HandleHeldBefore, changing nothing, when it cannot move and the new decision is
        about a known account (by handle alone, it replaces it, as the caller reports)."""
        db = self._db
        row = await db.row(
            "SELECT o.account_id, o.decision, o.moderator, a.handle FROM overrides AS o "
            "LEFT JOIN accounts AS a ON a.platform = o.platform AND a.account_id = o.account_id "
            "WHERE o.platform = ? AND o.handle = ? AND o.account_id NOT IN ('', ?)",
            (platform, handle, account_id),
        )
        if row is None:
            return
        other, decision, moderator, now_handle = row
        if now_handle and now_handle.lower() != handle.lower():
            taken = await db.row(
                "SELECT 1 FROM overrides WHERE platform = ? AND handle = ?", (platform, now_handle)
            )
            if taken is None:
                await db.execute(
                    "UPDATE overrides SET handle = ? WHERE platform = ? AND handle = ?",
                    (now_handle, platform, handle),
                )
                return
        if not account_id:
            return
        raise HandleHeldBefore(
            f"not recorded: @{handle} has the {decision} by {moderator} about another account "
            f"(id {other}) that had this handle before, and the bot has not seen its new "
            f"handle yet, so that decision cannot move with it; decide on @{handle} again "
            "once the bot has met that account again (when it next asks), or clear that "
            f"decision first ({clear_on_purpose(platform, handle, other)})"
        )

    async def clear_override(
        self,
        platform: str,
        handle: str,
        actor: str,
        reason: str,
        source: str,
        now: float,
        account_id: str = "",
        exact: bool = False,
    ) -> Override | None:
        """Remove the decision about the account ("reset"); logged. The decision removed,
        or None when there was none. With none about this account, the one at this handle
        about another account (it had the handle before, and `_make_room` could not move
        it) is not removed: HandleHeldBefore names its id and the command that clears it on
        purpose (by that id), and nothing changes. `exact` (an id a person typed: `override
        clear --id`, `/override clear id:`): only a decision tied to that id is removed, never
        one made by handle alone (maybe about the handle's new holder)."""
        db = self._db
        async with db.transaction():
            removed = await self._about(platform, handle, account_id)
            if removed is not None and exact and removed.account_id != account_id:
                removed = None  # by handle alone: not known to be that account's
            if removed is not None:  # that one alone, the one named and logged (another at
                # the handle by handle alone, maybe its new holder's, is not removed unsaid)
                await db.execute(
                    "DELETE FROM overrides WHERE platform = ? AND handle = ?",
                    (platform, removed.handle),
                )
                whose = removed.account_id or account_id
                entry = LogEntry(now, actor, "reset", platform, handle, reason, source, whose)
                await write_log(db, entry)
            elif account_id and not exact:  # the former holder's, maybe: said, never removed
            # unasked (an id typed names its account: another's decision is not its to name)
                row = await db.row(
                    "SELECT account_id, decision, moderator FROM overrides WHERE platform = ? "
                    "AND handle = ? COLLATE NOCASE AND account_id NOT IN ('', ?)",
                    (platform, handle, account_id),
                )
                if row is not None:
                    other, decision, moderator = row
                    raise HandleHeldBefore(
                        f"not cleared: @{handle} has no decision about the account that holds "
                        f"it now (id {account_id}); the {decision} by {moderator} there is about "
                        f"another account (id {other}) that had this handle before: to clear "
                        f"that one on purpose, {clear_on_purpose(platform, handle, other)}"
                    )
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
        self,
        platform: str | None = None,
        handle: str | None = None,
        account_id: str = "",
        exact: bool = False,
    ) -> list[LogEntry]:
        """The moderation log, oldest first; with platform and handle, that account's only
        (under any handle it had, where its id is known); `exact`, with an id: the entries
        tied to that id only (as `clear_override` reads an id a person typed)."""
        sql, params = "SELECT * FROM audit_log", []
        if platform is not None and handle is not None and exact and account_id:
            sql += " WHERE platform = ? AND account_id = ?"
            params = [platform, account_id]
        elif platform is not None and handle is not None:
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
