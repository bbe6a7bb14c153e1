"""The SQLite file itself: opening it (aiosqlite, WAL), the shared connection wrapper every
repository writes through, and the forward migrations in `migrations/NNN_name.sql`.

Migrations: file `NNN_name.sql` takes the schema from version NNN-1 to NNN (`PRAGMA
user_version`), in its own transaction; numbers start at 001 and leave no gap. A file made
by any earlier version opens with its data intact, and a copy of it as it was is kept
beside it first (`keep_copy`). A new migration is a new file with the next number; a
shipped file is never edited.

Durability: WAL with synchronous=NORMAL survives a crash or kill of the process; a power
cut may lose the last commits. The claims made before a send (a reply, a review's
follow-up, an unfollow note) are written with `Connection.durable_row`, on disk before
the send: a claim lost to a power cut after its reply went out would be answered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import logging
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from whynot.safe_text import clean_params

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class StoreError(RuntimeError):
    """The database cannot be used (newer than this code, unreadable, corrupt)."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def split_statements(script: str) -> tuple[str, ...]:
    """The complete SQL statements of a script, in order (a trigger's body stays whole)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and line.strip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise StoreError(f"unfinished SQL statement in a migration: {pending.strip()[:60]!r}")
    return tuple(statements)


def load_migrations(folder: Path = MIGRATIONS_DIR) -> tuple[Migration, ...]:
    """Every migration file, checked to be numbered 1, 2, 3 ... without a gap."""
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise StoreError(f"migration file {path.name} is not named NNN_name.sql")
        statements = split_statements(path.read_text(encoding="utf-8"))
        found.append(Migration(int(match.group(1)), path.stem, statements))
    numbers = [m.version for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise StoreError(f"migration numbers must run 1, 2, 3 ... without a gap: {numbers}")
    return tuple(found)


MIGRATIONS = load_migrations()
SCHEMA_VERSION = len(MIGRATIONS)


class Connection:
    """The aiosqlite connection, shared by every task of the process (the X loop, the
    Discord bot) and by every repository, made safe for that:

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

    async def row(self, sql: str, params: Sequence[object] = ()) -> aiosqlite.Row | None:
        """The first row or None. execute_fetchall is one hop to the database thread;
        cursor.fetchone would be three."""
        rows = await self.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def durable_row(self, sql: str, params: Sequence[object] = ()) -> aiosqlite.Row | None:
        """As `row`, for one statement whose commit must be on disk before anything is
        sent on its word (a claim): synchronous=FULL for it alone. Under NORMAL a commit
        reaches the disk at a later checkpoint, and a power cut before it loses the claim
        of a reply already posted, which the next poll then posts again."""
        if self._owner is not None and self._owner is asyncio.current_task():
            return await self.row(sql, params)  # inside a transaction: its commit decides
        async with self._lock:
            await self.raw.execute("PRAGMA synchronous=FULL")
            try:
                rows = await self.raw.execute_fetchall(sql, clean_params(tuple(params)))
            finally:
                await self.raw.execute("PRAGMA synchronous=NORMAL")
        return next(iter(rows), None)

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


async def connect(path: Path, upto: int = SCHEMA_VERSION) -> Connection:
    """Open (creating if needed) and migrate to `upto` (tests make old files with it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # askers' messages, a saved Bluesky session: the owner's only
            with contextlib.suppress(FileExistsError):  # made by another command meanwhile
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        # Probe synchronously first: when aiosqlite's connect fails, its worker thread
        # outlives the event loop and prints a traceback at exit.
        sqlite3.connect(path).close()
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from None
    raw = aiosqlite.connect(path, isolation_level=None)
    try:
        await raw
        raw.row_factory = aiosqlite.Row
        db = Connection(raw)
        await raw.execute("PRAGMA journal_mode=WAL")
        await raw.execute("PRAGMA synchronous=NORMAL")
        await raw.execute("PRAGMA foreign_keys=ON")
        await raw.execute("PRAGMA busy_timeout=5000")
        await migrate(db, path, upto)
    except sqlite3.DatabaseError as exc:
        await raw.close()
        raise unusable(path, exc) from None
    except StoreError:
        await raw.close()
        raise
    except BaseException:  # cancelled half way (Ctrl-C while opening or migrating)
        await _abandon(raw)
        raise
    return db


# What to do about a full disk (said at a start by `unusable`, mid-run by the run's report).
FREE_SPACE = "free some space there (old backups, logs, unused Docker images)"


def full(exc: BaseException) -> bool:
    """Whether `exc` is SQLite's "database or disk is full"."""
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc)


def unusable(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """Why a database cannot be used, in words an owner can act on: a file or folder this
    user may not write is not a broken database."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_READONLY" or "readonly" in str(exc):
        return StoreError(
            f"cannot write {path} or its folder (read-only for this user): the bot keeps its "
            "state there; fix the permissions, or choose another path with --db or db_path"
        )
    if full(exc) or ("I/O error" in str(exc) and disk_full(path.parent)):
        return StoreError(  # "disk I/O error": SQLite could not make its -shm file
            f"the disk holding {path.parent} is full ({exc}): {FREE_SPACE}, then try again; "
            "a full disk is not a broken database"
        )
    if name == "SQLITE_CANTOPEN" or "unable to open" in str(exc):
        return StoreError(
            f"cannot open {path} ({exc}): this user must be able to read and write it and "
            "its folder (SQLite writes files beside it); run as the bot's user, or fix the "
            "permissions"
        )
    return StoreError(f"{path} is not a usable whynot database: {exc}")


def disk_full(folder: Path) -> bool:
    """Less than a megabyte free where the database lives (SQLite needs room for its
    journal and shared-memory files even to read)."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


async def _abandon(raw: aiosqlite.Connection) -> None:
    """Close and let aiosqlite's worker thread end while the event loop still runs: left
    behind, it answers into the closed loop and prints a traceback at exit. A cancelled
    connect has already queued the thread's stop (aiosqlite's `_connect`)."""
    with contextlib.suppress(Exception):
        await raw.close()
    worker = getattr(raw, "_thread", None)
    for _ in range(500):  # at most 5 s: the statement running, then the stop
        if worker is None or not worker.is_alive():
            return
        await asyncio.sleep(0.01)


async def version(db: Connection) -> int:
    row = await db.row("PRAGMA user_version")
    return int(row[0]) if row is not None else 0


async def migrate(db: Connection, path: Path, upto: int = SCHEMA_VERSION) -> None:
    """Run the migrations after the file's version, up to `upto`, one transaction each."""
    current = await version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {current}, newer than this code "
            f"({SCHEMA_VERSION}); upgrade whynot"
        )
    if 0 < current < upto and path.is_file():
        await asyncio.to_thread(keep_copy, path, current, upto)
    for migration in MIGRATIONS[current:upto]:
        async with db.transaction():
            if await version(db) >= migration.version:  # another command upgraded it since
                continue
            for statement in migration.statements:
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {migration.version:d}")


def keep_copy(path: Path, current: int, upto: int) -> Path:
    """Before a file made by an older version is upgraded (by whichever command opens it
    first, not only `migrate`): a copy of it as it was, `NAME.vN.bak` beside it, so the
    upgrade can always be undone. Written at every upgrade: a `.vN.bak` left by an earlier
    one (restored, then used) is older than the file; the upgrade stops if it fails."""
    target = path.with_name(f"{path.name}.v{current}.bak")
    part = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:  # a part of its own: two commands opening the file at once each keep a copy
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:  # the copy is as private as the file (askers' messages), whatever the umask
            os.close(os.open(part, os.O_CREAT | os.O_WRONLY, path.stat().st_mode & 0o777))
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                copied = dst.execute("PRAGMA user_version").fetchone()[0]
                dst.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
            finally:
                dst.close()
        finally:
            src.close()
        if copied != current:  # another command upgraded it since: its copy is the one
            part.unlink()
            return target
        part.replace(target)
        _drop_dead_parts(target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        if not os.access(path.parent, os.W_OK):  # sqlite says only "unable to open"
            raise StoreError(
                f"cannot write in {path.parent} (read-only for this user): {path} comes "
                f"from an older version and is upgraded only after a copy of it is kept "
                "there; fix the folder's permissions, or run the bot as its owner"
            ) from None
        raise StoreError(
            f"{path} was not upgraded: could not first keep a copy as {target}: {exc}"
        ) from None
    log.warning(
        "upgrading %s from schema %d to %d; the file as it was is kept as %s", path, current,
        upto, target,
    )  # fmt: skip
    return target


def _drop_dead_parts(target: Path) -> None:
    """The part files of commands killed while copying (`NAME.vN.bak.PID.TID.part`): each
    a whole copy of the database, with the askers' messages, left there for good."""
    for old in target.parent.glob(f"{glob.escape(target.name)}.*.part"):
        pid = old.name.removeprefix(f"{target.name}.").split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                old.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
