"""Everything the bot remembers, in one SQLite file (aiosqlite, WAL): every SQL statement of
the project lives here, parameterised.

Tables: cached account snapshots, processed messages and their reply state, cooldowns,
overrides and the moderators' audit log, cursors, follower snapshots and follow events.
The schema is versioned (`PRAGMA user_version`) and upgraded in place at start by the
forward migrations in `MIGRATIONS`, each in its own transaction: a file made by any
earlier version opens with its data intact.

Durability: WAL with synchronous=NORMAL survives a crash or kill of the process (the
case that matters for exactly-once replies); a power cut may lose the last commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from scoring import Account, parse_account
from whynot.models import Identity, Mention, Override, ReplyState
from whynot.safe_text import clean_params
from whynot.snapshots import account_to_dict

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema
    (
        """CREATE TABLE accounts (
            platform TEXT NOT NULL, account_id TEXT NOT NULL, handle TEXT NOT NULL,
            fetched_at REAL NOT NULL, ttl_seconds REAL NOT NULL, snapshot TEXT NOT NULL,
            PRIMARY KEY (platform, account_id))""",
        "CREATE INDEX accounts_by_handle ON accounts (platform, handle COLLATE NOCASE)",
        """CREATE TABLE messages (
            platform TEXT NOT NULL, message_id TEXT NOT NULL,
            author_id TEXT NOT NULL, author_handle TEXT NOT NULL, author_name TEXT NOT NULL,
            channel_id TEXT, text TEXT NOT NULL, intent TEXT,
            state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'skipped')),
            reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL, claimed_at REAL, sent_at REAL,
            reply_ids TEXT NOT NULL DEFAULT '[]', updated_at REAL NOT NULL,
            PRIMARY KEY (platform, message_id))""",
        "CREATE INDEX messages_by_state ON messages (state, next_attempt_at)",
        "CREATE INDEX messages_by_sent_at ON messages (sent_at) WHERE sent_at IS NOT NULL",
        """CREATE TABLE cooldowns (
            platform TEXT NOT NULL, user_id TEXT NOT NULL, last_reply_at REAL NOT NULL,
            PRIMARY KEY (platform, user_id))""",
        """CREATE TABLE overrides (
            platform TEXT NOT NULL, handle TEXT NOT NULL COLLATE NOCASE,
            decision TEXT NOT NULL CHECK (decision IN ('approve', 'deny')),
            reason TEXT NOT NULL, moderator TEXT NOT NULL, created_at REAL NOT NULL,
            PRIMARY KEY (platform, handle))""",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, actor TEXT NOT NULL,
            action TEXT NOT NULL, platform TEXT NOT NULL, handle TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX audit_by_account ON audit_log (platform, handle COLLATE NOCASE, at)",
        """CREATE TABLE cursors (
            platform TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            updated_at REAL NOT NULL, PRIMARY KEY (platform, name))""",
        """CREATE TABLE follower_snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL,
            owner_id TEXT NOT NULL, started_at REAL NOT NULL, finished_at REAL,
            next_cursor TEXT, count INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE follower_ids (
            snapshot_id INTEGER NOT NULL, account_id TEXT NOT NULL,
            PRIMARY KEY (snapshot_id, account_id)) WITHOUT ROWID""",
        """CREATE TABLE follow_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL,
            account_id TEXT NOT NULL, handle TEXT NOT NULL, kind TEXT NOT NULL,
            at REAL NOT NULL, notified_at REAL)""",
    ),
    # 2: remember each reply's language and template, and where a moderator acted from
    (
        "ALTER TABLE messages ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
        "ALTER TABLE messages ADD COLUMN template TEXT",
        "ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT 'cli'",
    ),
    # 3: a sent reply starts the asker's cooldown inside the same statement (a trigger),
    # and a person's last reply is found by index: one round trip each instead of four
    (
        """CREATE TRIGGER cooldown_on_sent AFTER UPDATE OF state ON messages
           WHEN NEW.state = 'sent' AND NEW.sent_at IS NOT NULL
           BEGIN
             INSERT INTO cooldowns (platform, user_id, last_reply_at)
             VALUES (NEW.platform, NEW.author_id, NEW.sent_at)
             ON CONFLICT (platform, user_id) DO UPDATE SET last_reply_at = excluded.last_reply_at;
           END""",
    ),
    # 4: per-server settings for Discord (feed channel, moderator role, tone, cooldown)
    (
        """CREATE TABLE guild_settings (
            guild_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            updated_by TEXT NOT NULL, updated_at REAL NOT NULL,
            PRIMARY KEY (guild_id, key))""",
    ),
    # 5: what paid API calls cost (X charges per read and per post)
    (
        """CREATE TABLE spend (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, platform TEXT NOT NULL,
            kind TEXT NOT NULL, units INTEGER NOT NULL, usd REAL NOT NULL,
            note TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX spend_by_time ON spend (platform, at)",
    ),
    # 6: follow events carry a status (new, confirmed, flap, gone, protected, notified,
    # shown) so an unfollow is only announced once it is sure and settled
    (
        "ALTER TABLE follow_events ADD COLUMN status TEXT NOT NULL DEFAULT 'new'",
        "CREATE INDEX follow_events_by_account ON follow_events (platform, account_id, at)",
        "CREATE INDEX follow_events_by_status ON follow_events (status, kind, at)",
    ),
    # 7: a finished snapshot remembers being compared, so a crash between the last page and
    # the diff is caught up on the next crawl instead of losing those unfollows
    (
        "ALTER TABLE follower_snapshots ADD COLUMN diffed_at REAL",
        "UPDATE follower_snapshots SET diffed_at = finished_at WHERE finished_at IS NOT NULL",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
PARSED_CACHE = 2048  # parsed account snapshots kept in memory


class StoreError(RuntimeError):
    """The database cannot be used (newer than this code, unreadable, corrupt)."""


@dataclass(frozen=True, slots=True)
class Claim:
    """The result of trying to claim a message: `won` means this worker must answer it."""

    won: bool
    attempt: int
    state: str  # the state found or set ("" when the message was not recorded)
    capped: bool = False  # refused only because the hourly cap is full


@dataclass(frozen=True, slots=True)
class MessageRow:
    mention: Mention
    state: str
    reason: str
    attempts: int
    next_attempt_at: float | None
    intent: str | None
    template: str | None
    reply_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: float
    actor: str
    action: str
    platform: str
    handle: str
    detail: str
    source: str


def _message_fields(mention: Mention, intent: str, language: str) -> tuple[object, ...]:
    """The columns platform .. language of a messages row, in that order."""
    a = mention.author
    return (
        mention.platform,
        mention.id,
        a.id,
        a.handle,
        a.display_name,
        mention.channel_id,
        mention.text,
        intent,
        language,
    )


class _CleanConnection:
    """The aiosqlite connection, shared by every task of the process (the X loop, the
    Discord bot), made safe for that:

    - every text parameter is made encodable first (see whynot.safe_text): hostile input
      must never make a write fail halfway;
    - statements and transactions take turns (one lock): a statement of another task must
      never run inside, and be rolled back with, someone else's open transaction.
    """

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.raw = db
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None

    async def _turn(self, call: Any, *args: Any) -> Any:
        if self._owner is not None and self._owner is asyncio.current_task():
            return await call(*args)  # inside this task's own transaction
        async with self._lock:
            return await call(*args)

    async def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return await self._turn(self.raw.execute, sql, clean_params(tuple(params)))

    async def execute_fetchall(self, sql: str, params: Sequence[object] = ()) -> Any:
        return await self._turn(self.raw.execute_fetchall, sql, clean_params(tuple(params)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> Any:
        cleaned = [clean_params(tuple(r)) for r in rows]
        return await self._turn(self.raw.executemany, sql, cleaned)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE .. COMMIT, or ROLLBACK on any exception, holding the turn."""
        async with self._lock:
            self._owner = asyncio.current_task()
            try:
                await self.raw.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    await self.raw.execute("ROLLBACK")
                    raise
                await self.raw.execute("COMMIT")
            finally:
                self._owner = None

    async def close(self) -> None:
        await self.raw.close()


class Store:
    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = _CleanConnection(db)
        self.path = path
        self._parsed: dict[tuple[str, str], tuple[float, Account]] = {}

    # --- life cycle -------------------------------------------------------------------
    @classmethod
    async def open(cls, path: Path | str, upto: int = SCHEMA_VERSION) -> Store:
        """Open (creating if needed) and migrate to `upto` (tests make old files with it)."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Probe synchronously first: when aiosqlite's connect fails, its worker thread
            # outlives the event loop and prints a traceback at exit.
            sqlite3.connect(path).close()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA busy_timeout=5000")
            await store._migrate(upto)
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(f"{path} is not a usable whynot database: {exc}") from None
        except StoreError:
            await db.close()
            raise
        return store

    async def _row(self, sql: str, params: Sequence[object] = ()) -> aiosqlite.Row | None:
        # execute_fetchall is one hop to the database thread; cursor.fetchone would be three.
        rows = await self._db.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def close(self) -> None:
        await self._db.close()

    async def version(self) -> int:
        row = await self._row("PRAGMA user_version")
        return int(row[0])

    async def _migrate(self, upto: int) -> None:
        current = await self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this code "
                f"({SCHEMA_VERSION}); upgrade whynot"
            )
        for version in range(current + 1, upto + 1):
            async with self._db.transaction():
                for statement in MIGRATIONS[version - 1]:
                    await self._db.execute(statement)
                await self._db.execute(f"PRAGMA user_version = {version:d}")

    async def integrity(self) -> str:
        row = await self._row("PRAGMA integrity_check")
        return str(row[0])

    # --- account snapshots ------------------------------------------------------------
    def _snapshot(self, platform: str, account_id: str, fetched_at: float, raw: str) -> Account:
        # Parsed snapshots are remembered by fetch time: the same row is parsed once.
        key = (platform, account_id)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] == fetched_at:
            return hit[1]
        account = parse_account(json.loads(raw))
        if len(self._parsed) >= PARSED_CACHE:
            self._parsed.pop(next(iter(self._parsed)))
        self._parsed[key] = (fetched_at, account)
        return account

    async def cached_account(self, platform: str, account_id: str, now: float) -> Account | None:
        account, _ = await self.lookup(platform, account_id, "", now)
        return account

    async def lookup(
        self, platform: str, account_id: str, handle: str, now: float
    ) -> tuple[Account | None, Override | None]:
        """In one round trip: the account's fresh cached snapshot (None when missing or
        stale) and any moderator decision about it. Without an id (an account asked about
        by handle alone) the snapshot is found by handle."""
        match = "a.account_id = ?" if account_id else "a.handle = ? COLLATE NOCASE"
        row = await self._row(
            "SELECT a.fetched_at, a.snapshot, o.decision, o.reason, o.moderator, o.created_at, "
            "o.handle, a.account_id FROM (SELECT 1) LEFT JOIN accounts a ON a.platform = ? "
            f"AND {match} AND a.fetched_at + a.ttl_seconds > ? "
            "LEFT JOIN overrides o ON o.platform = ? AND o.handle = ?",
            (platform, account_id or handle.lstrip("@"), now, platform, handle.lstrip("@")),
        )
        account = self._snapshot(platform, row[7], row[0], row[1]) if row[1] is not None else None
        override = (
            Override(platform, row[6], row[2], row[3], row[4], row[5])
            if row[2] is not None
            else None
        )
        return account, override

    async def cache_account(self, platform: str, account: Account, now: float, ttl: float) -> None:
        await self._db.execute(
            "INSERT INTO accounts (platform, account_id, handle, fetched_at, ttl_seconds, "
            "snapshot) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, account_id) DO UPDATE SET "
            "handle = excluded.handle, fetched_at = excluded.fetched_at, "
            "ttl_seconds = excluded.ttl_seconds, snapshot = excluded.snapshot",
            (platform, account.id, account.handle, now, ttl, json.dumps(account_to_dict(account))),
        )

    # --- messages and reply state -----------------------------------------------------
    async def precheck(
        self, mention: Mention, since: float, cap: int
    ) -> tuple[str | None, float | None, int]:
        """In one round trip: this message's state (None if new), when its author last got
        a reply, and how many replies were sent after `since`, counted up to `cap` only."""
        row = await self._row(
            "SELECT (SELECT state FROM messages WHERE platform = ? AND message_id = ?), "
            "(SELECT last_reply_at FROM cooldowns WHERE platform = ? AND user_id = ?), "
            "(SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE sent_at IS NOT NULL "
            "AND sent_at > ? LIMIT ?))",
            (mention.platform, mention.id, mention.platform, mention.author.id, since, cap),
        )
        return row[0], row[1], int(row[2])

    async def claim(
        self,
        mention: Mention,
        intent: str,
        language: str,
        now: float,
        hourly: tuple[float, int] | None = None,
    ) -> Claim:
        """Take a message for answering, atomically (one statement). A new message, or a
        failed one whose retry is due, is won; anything else (sent, skipped, claimed,
        failed and not yet due, failed for good) is not.

        `hourly` = (since, cap): the claim is also refused, with `capped` set, while `cap`
        replies were sent after `since` or are being sent (claimed). Counting in the same
        statement is what holds the cap when many askers are answered at once."""
        since, cap = hourly if hourly is not None else (0.0, -1)
        # Claims count only while recent: one left behind by a dead process (its platform
        # not loaded to recover it) must not hold a place for ever.
        room = (
            "(? < 0 OR (SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE (state = 'claimed' "
            "AND claimed_at > ?) OR (sent_at IS NOT NULL AND sent_at > ?) LIMIT ?)) < ?)"
        )
        row = await self._row(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, attempts, claimed_at, updated_at) "
            f"SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?, ? WHERE {room} "
            "ON CONFLICT (platform, message_id) DO UPDATE SET state = 'claimed', "
            "attempts = attempts + 1, claimed_at = excluded.claimed_at, "
            "updated_at = excluded.updated_at "
            "WHERE messages.state = 'failed' AND messages.next_attempt_at IS NOT NULL "
            f"AND messages.next_attempt_at <= excluded.claimed_at AND {room} "
            "RETURNING attempts",
            (
                *_message_fields(mention, intent, language),
                now,
                now,
                *(cap, since, since, max(cap, 0), cap),
                *(cap, since, since, max(cap, 0), cap),
            ),
        )
        if row is not None:
            return Claim(True, int(row[0]), ReplyState.CLAIMED)
        found = await self._row(
            "SELECT state, attempts, next_attempt_at FROM messages "
            "WHERE platform = ? AND message_id = ?",
            (mention.platform, mention.id),
        )
        if found is None:  # a new message is refused only by the cap
            return Claim(False, 0, "", capped=True)
        due = found[0] == "failed" and found[2] is not None and found[2] <= now
        return Claim(False, int(found[1]), found[0], capped=due and hourly is not None)

    async def mark_sent(
        self, mention: Mention, reply_ids: Sequence[str], template: str, now: float
    ) -> None:
        """Record the reply; the asker's cooldown starts in the same statement (trigger)."""
        await self._db.execute(
            "UPDATE messages SET state = 'sent', sent_at = ?, reply_ids = ?, template = ?, "
            "reason = '', next_attempt_at = NULL, updated_at = ? "
            "WHERE platform = ? AND message_id = ?",
            (now, json.dumps(list(reply_ids)), template, now, mention.platform, mention.id),
        )

    async def mark_failed(
        self, mention: Mention, reason: str, retry_at: float | None, now: float
    ) -> None:
        """A send failed: retry at `retry_at`, or never (None) and stay visible as failed."""
        await self._db.execute(
            "UPDATE messages SET state = 'failed', reason = ?, next_attempt_at = ?, updated_at = ? "
            "WHERE platform = ? AND message_id = ?",
            (reason, retry_at, now, mention.platform, mention.id),
        )

    async def record_skip(
        self, mention: Mention, intent: str, language: str, reason: str, now: float
    ) -> bool:
        """Remember a message deliberately not answered (also one that was waiting for a
        retry). False if it was already settled."""
        cur = await self._db.execute(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, reason, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'skipped', ?, ?) "
            "ON CONFLICT (platform, message_id) DO UPDATE SET state = 'skipped', "
            "reason = excluded.reason, next_attempt_at = NULL, updated_at = excluded.updated_at "
            "WHERE messages.state = 'failed'",
            (*_message_fields(mention, intent, language), reason, now),
        )
        return cur.rowcount == 1

    async def defer(
        self, mention: Mention, intent: str, language: str, reason: str, retry_at: float
    ) -> None:
        """Not now, later: a new message waits as failed-and-due-at `retry_at`; a waiting
        one keeps its attempts and moves its due time."""
        await self._db.execute(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, reason, next_attempt_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?) "
            "ON CONFLICT (platform, message_id) DO UPDATE SET reason = excluded.reason, "
            "next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at "
            "WHERE messages.state = 'failed'",
            (*_message_fields(mention, intent, language), reason, retry_at, retry_at),
        )

    async def message_state(self, platform: str, message_id: str) -> str | None:
        row = await self._row(
            "SELECT state FROM messages WHERE platform = ? AND message_id = ?",
            (platform, message_id),
        )
        return row[0] if row else None

    def _message(self, row: aiosqlite.Row) -> MessageRow:
        author = Identity(
            row["platform"], row["author_id"], row["author_handle"], row["author_name"]
        )
        mention = Mention(
            row["platform"], row["message_id"], author, row["text"], channel_id=row["channel_id"]
        )
        return MessageRow(
            mention,
            row["state"],
            row["reason"],
            row["attempts"],
            row["next_attempt_at"],
            row["intent"],
            row["template"],
            tuple(json.loads(row["reply_ids"])),
        )

    async def messages(self, states: Iterable[str] | None = None) -> list[MessageRow]:
        sql, params = "SELECT * FROM messages", ()
        if states is not None:
            states = tuple(states)
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
            params = states
        rows = await self._db.execute_fetchall(sql + " ORDER BY updated_at, message_id", params)
        return [self._message(r) for r in rows]

    async def due_retries(self, now: float) -> list[MessageRow]:
        rows = await self._db.execute_fetchall(
            "SELECT * FROM messages WHERE state = 'failed' AND next_attempt_at IS NOT NULL "
            "AND next_attempt_at <= ? ORDER BY next_attempt_at",
            (now,),
        )
        return [self._message(r) for r in rows]

    async def stale_claims(self) -> list[MessageRow]:
        """Messages claimed by a process that stopped before recording the outcome."""
        rows = await self._db.execute_fetchall("SELECT * FROM messages WHERE state = 'claimed'")
        return [self._message(r) for r in rows]

    async def state_counts(self) -> dict[str, int]:
        rows = await self._db.execute_fetchall(
            "SELECT state, COUNT(*) FROM messages GROUP BY state"
        )
        return {r[0]: r[1] for r in rows}

    # --- cursors ------------------------------------------------------------------------
    async def cursor(self, platform: str, name: str) -> str | None:
        row = await self._row(
            "SELECT value FROM cursors WHERE platform = ? AND name = ?", (platform, name)
        )
        return row[0] if row else None

    async def set_cursor(self, platform: str, name: str, value: str, now: float) -> None:
        await self._db.execute(
            "INSERT INTO cursors (platform, name, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform, name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (platform, name, value, now),
        )

    # --- overrides and the audit log ----------------------------------------------------
    async def override(self, platform: str, handle: str) -> Override | None:
        row = await self._row(
            "SELECT * FROM overrides WHERE platform = ? AND handle = ?",
            (platform, handle.lstrip("@")),
        )
        if row is None:
            return None
        return Override(
            row["platform"],
            row["handle"],
            row["decision"],
            row["reason"],
            row["moderator"],
            row["created_at"],
        )

    async def set_override(self, override: Override, source: str) -> None:
        """Set (or replace) a decision and audit it, in one transaction."""
        db = self._db
        async with self._db.transaction():
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
            await self._audit(
                override.created_at,
                override.moderator,
                override.decision,
                override.platform,
                override.handle,
                override.reason,
                source,
            )

    async def clear_override(
        self, platform: str, handle: str, actor: str, reason: str, source: str, now: float
    ) -> bool:
        """Remove a decision ("reset"); audited. False when there was none."""
        db = self._db
        async with self._db.transaction():
            cur = await db.execute(
                "DELETE FROM overrides WHERE platform = ? AND handle = ?", (platform, handle)
            )
            removed = cur.rowcount == 1
            if removed:
                await self._audit(now, actor, "reset", platform, handle, reason, source)
        return removed

    async def overrides(self) -> list[Override]:
        rows = await self._db.execute_fetchall("SELECT * FROM overrides ORDER BY created_at")
        return [
            Override(
                r["platform"],
                r["handle"],
                r["decision"],
                r["reason"],
                r["moderator"],
                r["created_at"],
            )
            for r in rows
        ]

    async def _audit(
        self,
        at: float,
        actor: str,
        action: str,
        platform: str,
        handle: str,
        detail: str,
        source: str,
    ) -> None:
        await self._db.execute(
            "INSERT INTO audit_log (at, actor, action, platform, handle, detail, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, actor, action, platform, handle, detail, source),
        )

    async def audit(
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
        await self._audit(now, actor, action, platform, handle, detail, source)

    async def history(
        self, platform: str | None = None, handle: str | None = None
    ) -> list[AuditEntry]:
        sql, params = "SELECT * FROM audit_log", []
        if platform is not None and handle is not None:
            sql += " WHERE platform = ? AND handle = ? COLLATE NOCASE"
            params = [platform, handle]
        rows = await self._db.execute_fetchall(sql + " ORDER BY at, id", params)
        return [
            AuditEntry(
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

    # --- follow events ------------------------------------------------------------------
    async def add_follow_event(self, platform: str, account: Identity, kind: str, at: float) -> int:
        cur = await self._db.execute(
            "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (platform, account.id, account.handle, kind, at),
        )
        return int(cur.lastrowid or 0)

    async def mark_notified(self, event_id: int, now: float) -> bool:
        """Claim the right to send an event's notice: True once, False ever after."""
        cur = await self._db.execute(
            "UPDATE follow_events SET notified_at = ?, status = 'notified' "
            "WHERE id = ? AND notified_at IS NULL",
            (now, event_id),
        )
        return cur.rowcount == 1

    # --- per-server settings (Discord) --------------------------------------------------
    async def guild_settings(self, guild_id: str) -> dict[str, str]:
        rows = await self._db.execute_fetchall(
            "SELECT key, value FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return {r[0]: r[1] for r in rows}

    async def set_guild_setting(
        self, guild_id: str, key: str, value: str | None, actor: str, now: float
    ) -> None:
        """Set (or, with None, remove) one setting; audited like a moderator action."""
        db = self._db
        async with self._db.transaction():
            if value is None:
                await db.execute(
                    "DELETE FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, key)
                )
            else:
                await db.execute(
                    "INSERT INTO guild_settings (guild_id, key, value, updated_by, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, key) DO UPDATE SET "
                    "value = excluded.value, updated_by = excluded.updated_by, "
                    "updated_at = excluded.updated_at",
                    (guild_id, key, value, actor, now),
                )
            await self._audit(
                now,
                actor,
                "config",
                "discord",
                guild_id,
                f"{key} = {value if value is not None else '(unset)'}",
                "discord",
            )

    # --- the spend ledger ----------------------------------------------------------------
    async def record_spend(
        self, platform: str, kind: str, units: int, usd: float, note: str, now: float
    ) -> None:
        await self._db.execute(
            "INSERT INTO spend (at, platform, kind, units, usd, note) VALUES (?, ?, ?, ?, ?, ?)",
            (now, platform, kind, units, usd, note),
        )

    async def spend_since(self, platform: str, since: float) -> dict[str, tuple[int, float]]:
        """Units and dollars per kind of call since `since`."""
        rows = await self._db.execute_fetchall(
            "SELECT kind, SUM(units), SUM(usd) FROM spend WHERE platform = ? AND at >= ? "
            "GROUP BY kind ORDER BY kind",
            (platform, since),
        )
        return {r[0]: (int(r[1]), float(r[2])) for r in rows}

    async def answered_since(self, platform: str, since: float) -> int:
        row = await self._row(
            "SELECT COUNT(*) FROM messages WHERE platform = ? AND sent_at >= ?", (platform, since)
        )
        return int(row[0])

    # --- follower snapshots ---------------------------------------------------------------
    async def open_crawl(self, platform: str, owner_id: str) -> tuple[int, str | None] | None:
        """The unfinished snapshot to resume: (id, next cursor), or None."""
        row = await self._row(
            "SELECT id, next_cursor FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
            (platform, owner_id),
        )
        return (int(row[0]), row[1]) if row else None

    async def start_crawl(self, platform: str, owner_id: str, now: float) -> int:
        cur = await self._db.execute(
            "INSERT INTO follower_snapshots (platform, owner_id, started_at) VALUES (?, ?, ?)",
            (platform, owner_id, now),
        )
        return int(cur.lastrowid or 0)

    async def last_crawl_finished(self, platform: str, owner_id: str) -> float | None:
        row = await self._row(
            "SELECT MAX(finished_at) FROM follower_snapshots WHERE platform = ? AND owner_id = ?",
            (platform, owner_id),
        )
        return float(row[0]) if row and row[0] is not None else None

    async def add_follower_page(
        self, snapshot_id: int, ids: Sequence[str], next_cursor: str | None, now: float
    ) -> None:
        """Store one page, then where to resume. No transaction is needed: if the process
        dies between the two, the page is fetched again on resume and INSERT OR IGNORE
        makes that harmless. The page travels as one JSON array (json_each), three times
        cheaper than binding a thousand rows from Python."""
        await self._db.execute(
            "INSERT OR IGNORE INTO follower_ids (snapshot_id, account_id) "
            "SELECT ?, value FROM json_each(?)",
            (snapshot_id, json.dumps(list(ids))),
        )
        if next_cursor is not None:
            await self._db.execute(
                "UPDATE follower_snapshots SET next_cursor = ? WHERE id = ?",
                (next_cursor, snapshot_id),
            )
        else:
            await self._db.execute(
                "UPDATE follower_snapshots SET next_cursor = NULL, finished_at = ?, count = "
                "(SELECT COUNT(*) FROM follower_ids WHERE snapshot_id = ?) WHERE id = ?",
                (now, snapshot_id, snapshot_id),
            )

    async def undiffed_snapshot(self, platform: str, owner_id: str) -> int | None:
        """The latest finished snapshot not yet compared with the one before it."""
        row = await self._row(
            "SELECT MAX(id) FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NOT NULL AND diffed_at IS NULL",
            (platform, owner_id),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def mark_diffed(self, snapshot_id: int, now: float) -> None:
        await self._db.execute(
            "UPDATE follower_snapshots SET diffed_at = ? WHERE id = ?", (now, snapshot_id)
        )

    async def previous_snapshot(self, platform: str, owner_id: str, before: int) -> int | None:
        row = await self._row(
            "SELECT MAX(id) FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NOT NULL AND id < ?",
            (platform, owner_id, before),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def diff_snapshots(self, platform: str, old: int, new: int, now: float) -> dict[str, int]:
        """Follow events between two finished snapshots, computed inside SQLite (set
        difference over the sorted primary key), never as Python sets. A new follower who
        unfollowed before is a refollow. The older snapshot is then dropped."""
        db = self._db
        async with self._db.transaction():
            # Anti-joins on the (snapshot_id, account_id) primary key: each id is one
            # index probe into the other snapshot (faster here than EXCEPT's temp b-tree).
            gone = await db.execute(
                "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
                "SELECT ?, o.account_id, '', 'unfollow', ? FROM follower_ids o "
                "WHERE o.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM follower_ids n "
                "WHERE n.snapshot_id = ? AND n.account_id = o.account_id)",
                (platform, now, old, new),
            )
            came = await db.execute(
                "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
                "SELECT ?, n.account_id, '', CASE WHEN EXISTS (SELECT 1 FROM follow_events e "
                "WHERE e.platform = ? AND e.account_id = n.account_id AND e.kind = 'unfollow') "
                "THEN 'refollow' ELSE 'follow' END, ? FROM follower_ids n "
                "WHERE n.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM follower_ids o "
                "WHERE o.snapshot_id = ? AND o.account_id = n.account_id)",
                (platform, platform, now, new, old),
            )
            await db.execute("DELETE FROM follower_ids WHERE snapshot_id = ?", (old,))
            await db.execute("UPDATE follower_snapshots SET diffed_at = ? WHERE id = ?", (now, new))
        counts = await self._db.execute_fetchall(
            "SELECT kind, COUNT(*) FROM follow_events WHERE platform = ? AND at = ? GROUP BY kind",
            (platform, now),
        )
        result = {r[0]: int(r[1]) for r in counts}
        result.setdefault("unfollow", gone.rowcount)
        result.setdefault("follow", 0)
        return {**result, "new_total": came.rowcount}

    async def follower_count(self, snapshot_id: int) -> int:
        row = await self._row("SELECT count FROM follower_snapshots WHERE id = ?", (snapshot_id,))
        return int(row[0]) if row else 0

    async def settle_unfollows(self, platform: str, settled_before: float) -> list[tuple[int, str]]:
        """Unfollows at least a day old: those followed by a refollow within a day become
        'flap' (no notice); the rest are returned as (event id, account id) to check."""
        await self._db.execute(
            "UPDATE follow_events SET status = 'flap' WHERE platform = ? AND kind = 'unfollow' "
            "AND status = 'new' AND at <= ? AND EXISTS (SELECT 1 FROM follow_events r "
            "WHERE r.platform = follow_events.platform "
            "AND r.account_id = follow_events.account_id "
            "AND r.kind = 'refollow' AND r.at >= follow_events.at "
            "AND r.at <= follow_events.at + 86400)",
            (platform, settled_before),
        )
        rows = await self._db.execute_fetchall(
            "SELECT id, account_id FROM follow_events WHERE platform = ? AND kind = 'unfollow' "
            "AND status = 'new' AND at <= ? ORDER BY at, id",
            (platform, settled_before),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def set_event_status(self, event_id: int, status: str, handle: str = "") -> None:
        await self._db.execute(
            "UPDATE follow_events SET status = ?, handle = CASE WHEN ? = '' THEN handle ELSE ? END "
            "WHERE id = ?",
            (status, handle, handle, event_id),
        )

    async def events(
        self, platform: str, kinds: Sequence[str] = ()
    ) -> list[tuple[str, str, str, float]]:
        """(account id, kind, status, at) of follow events, oldest first."""
        sql = "SELECT account_id, kind, status, at FROM follow_events WHERE platform = ?"
        params: list[object] = [platform]
        if kinds:
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            params += list(kinds)
        rows = await self._db.execute_fetchall(sql + " ORDER BY at, id", params)
        return [(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    async def notices_since(self, platform: str, since: float) -> int:
        row = await self._row(
            "SELECT COUNT(*) FROM follow_events WHERE platform = ? AND status = 'notified' "
            "AND notified_at >= ?",
            (platform, since),
        )
        return int(row[0])

    async def new_events(self, platform: str, kind: str) -> list[tuple[int, str]]:
        rows = await self._db.execute_fetchall(
            "SELECT id, account_id FROM follow_events WHERE platform = ? AND kind = ? "
            "AND status = 'new' ORDER BY at, id",
            (platform, kind),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    # --- the owner's audit ----------------------------------------------------------------
    async def cached_accounts(
        self, platform: str, after: str = "", page: int = 500
    ) -> AsyncIterator[Account]:
        """Every cached snapshot of `platform` (stale ones too), in account_id order, after
        `after`; read a page at a time (keyset), so memory stays one page."""
        while True:
            rows = await self._db.execute_fetchall(
                "SELECT account_id, snapshot FROM accounts WHERE platform = ? AND account_id > ? "
                "ORDER BY account_id LIMIT ?",
                (platform, after, page),
            )
            for row in rows:
                yield parse_account(json.loads(row[1]))
            if len(rows) < page:
                return
            after = rows[-1][0]

    async def count_cached_accounts(self, platform: str) -> int:
        row = await self._row("SELECT COUNT(*) FROM accounts WHERE platform = ?", (platform,))
        return int(row[0])
