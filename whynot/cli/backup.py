"""`bot.py backup PATH`: a consistent copy of the database while the bot runs.

The database is SQLite in WAL mode: recent changes live in `whynot.db-wal` until a
checkpoint, so copying the file alone can give a broken or stale copy. SQLite's online
backup API copies every page as one consistent snapshot, a few pages at a time so the
running bot is never held up. The copy is written beside PATH first, checked
(`PRAGMA integrity_check`), switched to a self-contained single file (journal_mode
DELETE), and only then renamed to PATH (`checked_copy`: `bot.py restore` copies so too).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from whynot.cli.errors import UsageError, require_database
from whynot.config import ConfigError, load_settings

PAGES_PER_STEP = 256  # pages copied between pauses (the bot may write in between)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="copy the database safely while the bot runs (SQLite online backup)",
        description="Writes a consistent, checked copy of the database to PATH using "
        "SQLite's online backup API (a plain copy of a WAL database is unsafe). Refuses an "
        "existing PATH unless --force. Restore: stop the bot, then `bot.py restore PATH` "
        "(never a copy by hand: it would answer again what was answered since).",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="where to write the copy")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.set_defaults(run=run)


def backup(source: Path, target: Path) -> tuple[int, int]:
    """Copy `source` to `target`, as private as `source` (it holds the askers' messages
    and the saved Bluesky session); returns (schema version, bytes written)."""
    part = target.with_name(target.name + ".part")
    version = checked_copy(source, part, stat.S_IMODE(source.stat().st_mode))
    part.replace(target)
    return version, target.stat().st_size


def checked_copy(
    source: Path, part: Path, mode: int, prepare: Callable[[sqlite3.Connection], None] | None = None
) -> int:
    """`source` copied into `part` (replaced) by SQLite's online backup, checked, then
    `prepare`d (`bot.py restore` forgets in it what a restored file must not know) and made
    one file: its schema version. `part` is removed when anything fails."""
    part.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # Made empty and private first (SQLite would make it by the umask, often 0644);
        # SQLite gives its journal the same permissions.
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.chmod(part, mode)
        dst = sqlite3.connect(part)
        try:
            src.backup(dst, pages=PAGES_PER_STEP, sleep=0.01)
            (check,) = dst.execute("PRAGMA integrity_check").fetchone()
            if check != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its integrity check: {check}")
            if prepare is not None:
                prepare(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
            (version,) = dst.execute("PRAGMA user_version").fetchone()
        finally:
            dst.close()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return int(version)


def run(args: argparse.Namespace) -> int:
    try:
        source = args.db or load_settings(args.config).db_path
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    target: Path = args.path
    require_database(source, "nothing to back up (check --db or the config)")
    if target.is_dir():
        example = target / "whynot-YYYY-MM-DD.db"
        raise UsageError(f"{target} is a folder: give the backup a file name, such as {example}")
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists: pass --force to replace it")
    with contextlib.suppress(FileNotFoundError):
        if target.resolve() == source.resolve():
            raise UsageError("the backup must go to another file than the database")
    if not target.parent.is_dir():
        raise UsageError(
            f"no folder {target.parent} to write the backup into: make it first "
            f"(mkdir -p {shlex.quote(str(target.parent))}), or give another path"
        )
    if not os.access(target.parent, os.W_OK):  # SQLite would only say "unable to open"
        raise UsageError(f"cannot write in {target.parent}: choose a folder you can write to")
    try:
        version, size = backup(source, target)
    except sqlite3.Error as exc:
        raise UsageError(f"could not back up {source}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"could not write {target}: {exc.strerror}") from None
    print(f"{source} -> {target}: {size:,} bytes, schema version {version}, integrity ok")
    return 0
