"""`bot.py backup PATH` (issue 17): a consistent copy of a WAL database while it is in
use, where a plain file copy misses what still sits in the -wal file."""

from __future__ import annotations

import io
import shutil
import sqlite3
import sys
from pathlib import Path

from whynot.cli import main


def bot_backup(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(["backup", *argv])
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def busy_database(path: Path) -> sqlite3.Connection:
    """A WAL database whose latest rows are only in the -wal file (no checkpoint yet),
    held open as the running bot holds it."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("PRAGMA user_version=9")
    db.execute("CREATE TABLE replies (id INTEGER PRIMARY KEY, text TEXT)")
    db.executemany("INSERT INTO replies (text) VALUES (?)", [(f"r{i}",) for i in range(500)])
    db.commit()
    return db


def test_the_backup_holds_what_a_plain_copy_misses(tmp_path):
    live = tmp_path / "whynot.db"
    db = busy_database(live)
    try:
        plain = tmp_path / "plain.db"
        shutil.copyfile(live, plain)  # the unsafe way: the rows are still in whynot.db-wal
        with sqlite3.connect(plain) as copy:
            tables = copy.execute("SELECT name FROM sqlite_master").fetchall()
        assert tables == []
        code, out, err = bot_backup(str(tmp_path / "backup.db"), "--db", str(live))
        assert code == 0, err
        assert "schema version 9" in out and "integrity ok" in out
    finally:
        db.close()
    with sqlite3.connect(tmp_path / "backup.db") as copy:
        assert copy.execute("SELECT count(*) FROM replies").fetchone() == (500,)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert not (tmp_path / "backup.db.part").exists()


def test_mistakes_are_one_line_and_touch_nothing(tmp_path):
    code, out, err = bot_backup(str(tmp_path / "b.db"), "--db", str(tmp_path / "typo.db"))
    assert code == 2 and err.count("\n") == 1 and "no database at" in err
    assert not (tmp_path / "typo.db").exists() and not (tmp_path / "b.db").exists()
    live = tmp_path / "whynot.db"
    busy_database(live).close()
    (tmp_path / "b.db").write_text("an older backup")
    code, out, err = bot_backup(str(tmp_path / "b.db"), "--db", str(live))
    assert code == 2 and "--force" in err
    assert (tmp_path / "b.db").read_text() == "an older backup"
    code, out, err = bot_backup(str(tmp_path / "b.db"), "--db", str(live), "--force")
    assert code == 0, err
    code, out, err = bot_backup(str(live), "--db", str(live), "--force")
    assert code == 2 and "another file" in err


def test_a_missing_folder_is_named_with_the_command_that_makes_it(tmp_path):
    # The nightly line writes to /backups: on a new server that folder is not there yet.
    live = tmp_path / "whynot.db"
    busy_database(live).close()
    target = tmp_path / "my backups" / "whynot-2026-12-02.db"
    code, _, err = bot_backup(str(target), "--db", str(live))
    assert code == 2 and err.count("\n") == 1
    assert f"mkdir -p '{target.parent}'" in err and not target.parent.exists()
