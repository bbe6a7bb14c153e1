"""`bot.py backup` as an owner uses it (second walkthrough): the copy is as private as the
database (it holds the askers' messages and the saved Bluesky session), and a folder given
as PATH is named as the mistake it is, not offered --force."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from test_backup import bot_backup


def private_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE cursors (name TEXT, value TEXT)")
        db.execute("INSERT INTO cursors VALUES ('session', 'a refresh token')")
    db.close()
    path.chmod(0o600)
    return path


def test_the_copy_of_a_private_database_is_private(tmp_path):
    live = private_database(tmp_path / "whynot.db")
    code, _, err = bot_backup(str(tmp_path / "backup.db"), "--db", str(live))
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "backup.db").stat().st_mode) == 0o600


def test_a_replaced_backup_is_private_too(tmp_path):
    live = private_database(tmp_path / "whynot.db")
    old = tmp_path / "backup.db"
    old.write_bytes(b"")
    old.chmod(0o644)
    code, _, err = bot_backup(str(old), "--db", str(live), "--force")
    assert code == 0, err
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_a_shared_database_gives_a_copy_with_the_same_permissions(tmp_path):
    live = private_database(tmp_path / "whynot.db")
    live.chmod(0o640)
    code, _, err = bot_backup(str(tmp_path / "backup.db"), "--db", str(live))
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "backup.db").stat().st_mode) == 0o640


def test_a_folder_is_refused_with_what_to_give_instead(tmp_path):
    live = private_database(tmp_path / "whynot.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    for extra in ((), ("--force",)):
        code, out, err = bot_backup(str(folder), "--db", str(live), *extra)
        assert (code, out) == (2, "")
        assert err == (
            f"bot.py backup: {folder} is a folder: give the backup a file name, "
            f"such as {folder / 'whynot-YYYY-MM-DD.db'}\n"
        )
    assert list(folder.iterdir()) == []
