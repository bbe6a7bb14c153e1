"""`bot.py restore BACKUP`: put a backup (or the `NAME.vN.bak` an upgrade kept) back in
place of the database, without answering twice what was answered since it was made.

A backup does not know the replies sent after it: copied back by hand, the bot goes on
from the backup's cursor and answers each of those questions again, in public. `restore`
copies the file in with SQLite's backup API (checked), has it forget where each
platform's mentions were read up to (`whynot.store.cursors.forget_mention_positions`), so
the next poll is a new database's first poll (the last look-back's mentions, each answered
only when no reply of the owner's is under it), remembers when it was put back
(`mark_restored`: the unfollow notes and review follow-ups it holds as still to send are
not sent twice), and keeps the file it replaces beside it (`NAME-replaced`). It refuses
while a `bot.py run` holds the database.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import stat
import time
from pathlib import Path

from whynot.cli.backup import checked_copy
from whynot.cli.errors import UsageError
from whynot.cli.run_lock import CycleStillBusy, RunLockError, single_instance
from whynot.config import ConfigError, load_settings
from whynot.store.cursors import forget_mention_positions, mark_restored
from whynot.store.db import SCHEMA_VERSION


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "restore",
        help="put a backup back in place of the database (stop the bot first)",
        description="Replaces the database with BACKUP (a `bot.py backup` copy, or the "
        "NAME.vN.bak an upgrade kept), checked, and keeps the replaced file as NAME-replaced "
        "(-2, -3... beside an earlier one). "
        "The restored file forgets where mentions were read up to: its first poll reads the "
        "last [replies] first_run_lookback_hours of mentions again (on X each is a paid "
        "read) and answers only those with no reply of yours under them, so nothing "
        "answered after the backup is answered twice. Refused while `bot.py run` uses the "
        "database.",
    )
    p.add_argument("backup", type=Path, metavar="BACKUP", help="the copy to put back")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.set_defaults(run=run)


def _copy(backup: Path, part: Path, mode: int) -> tuple[int, list[str]]:
    """`backup` into `part` (`checked_copy`: checked, a single file), refused when newer than
    this code, with the mention positions forgotten and the restore remembered: (schema
    version, platforms whose position was forgotten)."""
    forgotten: list[str] = []

    def prepare(dst: sqlite3.Connection) -> None:
        (version,) = dst.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"its schema version {version} is newer than this code's "
                f"({SCHEMA_VERSION}): restore it with the version that made it"
            )
        forgotten.extend(forget_mention_positions(dst))
        mark_restored(dst, time.time())  # its notes and follow-ups still to send: checked

    return checked_copy(backup, part, mode, prepare), forgotten


def _set_aside(db: Path) -> Path | None:
    """The database being replaced, whole (its -wal folded in when it can be read), as
    `NAME-replaced` (`NAME-replaced-2`, ... beside one a previous restore kept); its -wal
    and -shm are removed, so none is applied to the restored file."""
    if not db.exists():
        return None
    with contextlib.suppress(sqlite3.Error):  # a broken file is kept as it is
        con = sqlite3.connect(db)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    kept = db.with_name(db.name + "-replaced")
    number = 1  # a second restore must not overwrite what the first one kept
    while kept.exists():
        number += 1
        kept = db.with_name(f"{db.name}-replaced-{number}")
    os.replace(db, kept)
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    return kept


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    db: Path = args.db or settings.db_path
    backup: Path = args.backup
    if not backup.is_file():
        raise UsageError(f"no backup at {backup}: give the file `bot.py backup` wrote")
    real = db.resolve()  # a database linked to another disk is replaced there, link kept
    if backup.resolve() == real:
        raise UsageError(f"{backup} is the database itself: give a backup of it")
    part = real.with_name(real.name + "-restore.part")
    try:
        with single_instance(db, once=False):
            mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else 0o600
            try:
                version, forgotten = _copy(backup, part, mode)
            except sqlite3.Error as exc:  # (checked_copy removed the part file)
                raise UsageError(f"{backup} was not restored: {exc}") from None
            if real.exists() and os.geteuid() == 0:  # `sudo bot.py restore`: the service's
                owner = real.stat()  # user must write it
                os.chown(part, owner.st_uid, owner.st_gid)
            kept = _set_aside(real)
            os.replace(part, real)
    except (RunLockError, CycleStillBusy):
        raise UsageError(
            f"a `bot.py run` is using {db}: stop it first (sudo systemctl stop whynot, or "
            "let cron's `run --once` finish), then restore"
        ) from None
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise UsageError(f"could not restore {db}: {exc.strerror or exc}") from None
    hours = settings.replies.first_run_lookback_hours
    again = (
        f"its first poll reads the last {hours:g} hours of mentions on {', '.join(forgotten)} "
        "again (on X each is a paid read) and answers only those with no reply of yours"
        if forgotten
        else "no mention had been read in it yet"
    )
    print(
        f"{backup} -> {db}: schema version {version}, integrity ok; "
        f"{f'the file it replaced is kept as {kept}; ' if kept else ''}{again}"
    )
    return 0
