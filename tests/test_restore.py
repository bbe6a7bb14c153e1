"""`bot.py restore BACKUP` (fourth walkthrough: months of running). The guide's restore was
"copy the backup over data/whynot.db": the backup's cursor then sent the bot back to the
mentions it had read when the backup was made, and every question answered since was
answered again, in public. `restore` puts the copy in place forgetting that position, so
the next poll is a new database's first poll, which answers only what has no reply."""

from __future__ import annotations

import fnmatch
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_capture import bot
from factories import Clock, account, genuine_posts
from test_desk import PERSON, ask, make_desk, make_platform

from whynot.cli.backup import backup
from whynot.cli.run_lock import single_instance

LATER = "follow me back?"
ZOE = account("zoe", posts=genuine_posts(), followers_count=300, following_count=290)




async def answered_then_backed_up(tmp_path: Path, platform, clock) -> tuple[Path, Path]:
    """A database that answered "1", was backed up, then answered "2"."""
    db, copy = tmp_path / "whynot.db", tmp_path / "backup.db"
    platform.inbox = [ask("1")]
    desk = await make_desk(db, platform, clock)
    try:
        assert [o.state for o in await desk.poll(platform)] == ["sent"]
        backup(db, copy)
        platform.inbox.append(ask("2", PERSON, LATER))
        assert [o.state for o in await desk.poll(platform)] == ["sent"]
    finally:
        await desk.store.close()
    return db, copy


async def test_a_restored_backup_does_not_answer_again_what_was_answered_since(tmp_path):
    clock, platform = Clock(1_000_000.0), make_platform()
    db, copy = await answered_then_backed_up(tmp_path, platform, clock)
    code, out, err = bot("restore", str(copy), "--db", str(db))
    assert code == 0, err
    assert out.count("\n") == 1 and "integrity ok" in out and "paid read" in out
    platform.accounts[ZOE.id] = ZOE  # someone new asks after the restore
    platform.inbox.append(ask("3", ZOE, "why didn't you follow me back?"))
    desk = await make_desk(db, platform, clock)
    try:
        states = {o.mention.id: o.state for o in await desk.poll(platform)}
    finally:
        await desk.store.close()
    assert states == {"1": "sent", "2": "skipped", "3": "sent"}  # 1: in the backup
    assert sorted(s.to.id for s in platform.sent) == ["1", "2", "3"]  # each answered once


async def test_the_replaced_file_is_kept_and_a_running_bot_refuses_the_restore(tmp_path):
    clock, platform = Clock(1_000_000.0), make_platform()
    db, copy = await answered_then_backed_up(tmp_path, platform, clock)
    with single_instance(db, once=False):
        code, out, err = bot("restore", str(copy), "--db", str(db))
    assert code == 2 and out == "" and err.count("\n") == 1 and "stop it first" in err
    with sqlite3.connect(db) as con:  # untouched
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (2,)
    assert bot("restore", str(copy), "--db", str(db))[0] == 0
    with sqlite3.connect(tmp_path / "whynot.db-replaced") as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (2,)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (1,)
    assert not (tmp_path / "whynot.db-wal").exists()


async def test_a_second_restore_keeps_what_the_first_one_set_aside(tmp_path):
    # Fifth walkthrough: restoring twice (a second try, the wrong copy first) overwrote
    # whynot.db-replaced, the only file left with what was answered since the backup.
    clock, platform = Clock(1_000_000.0), make_platform()
    db, copy = await answered_then_backed_up(tmp_path, platform, clock)
    assert bot("restore", str(copy), "--db", str(db))[0] == 0
    code, out, err = bot("restore", str(copy), "--db", str(db))
    assert code == 0, err
    assert f"kept as {tmp_path / 'whynot.db-replaced-2'};" in out
    with sqlite3.connect(tmp_path / "whynot.db-replaced") as con:  # the original, whole
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (2,)
    with sqlite3.connect(tmp_path / "whynot.db-replaced-2") as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone() == (1,)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path):
    junk, db = tmp_path / "junk.db", tmp_path / "whynot.db"
    junk.write_text("not sqlite")
    code, _, err = bot("restore", str(junk), "--db", str(db))
    assert code == 2 and err.count("\n") == 1 and "was not restored" in err
    assert not db.exists() and not (tmp_path / "whynot.db-restore.part").exists()
    code, _, err = bot("restore", str(tmp_path / "none.db"), "--db", str(db))
    assert code == 2 and "no backup at" in err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
async def test_a_restore_run_with_sudo_leaves_the_file_to_the_bots_user(tmp_path):
    # Run as root, the restored file was root's: the service (User=whynot) could no longer
    # write its own database ("cannot write ... read-only for this user").
    clock, platform = Clock(1_000_000.0), make_platform()
    db, copy = await answered_then_backed_up(tmp_path, platform, clock)
    os.chown(db, 65534, 65534)  # the bot's user
    assert bot("restore", str(copy), "--db", str(db))[0] == 0
    assert (db.stat().st_uid, db.stat().st_gid) == (65534, 65534)


async def test_the_files_restore_leaves_in_data_stay_out_of_git_and_the_image(
    tmp_path, monkeypatch
):
    # They hold the askers' messages and the saved Bluesky session, as the database does:
    # named `.replaced` they showed in `git status` and went into `docker build`'s COPY.
    clock, platform = Clock(1_000_000.0), make_platform()
    db, copy = await answered_then_backed_up(tmp_path, platform, clock)
    moved: list[str] = []
    real_replace = os.replace

    def replace(src, dst):
        moved.extend([Path(src).name, Path(dst).name])
        real_replace(src, dst)

    monkeypatch.setattr("whynot.cli.restore.os.replace", replace)
    assert bot("restore", str(copy), "--db", str(db))[0] == 0
    made = set(moved) - {"whynot.db"}
    assert len(made) == 2  # the file set aside, the part copied in
    root = Path(__file__).resolve().parent.parent
    patterns = (root / ".dockerignore").read_text().split()
    for name in made:
        assert any(fnmatch.fnmatch(f"data/{name}", p) for p in patterns), name
        if (root / ".git").exists():
            ignored = subprocess.run(["git", "check-ignore", "-q", f"data/{name}"], cwd=root)
            assert ignored.returncode == 0, name


async def test_a_database_linked_to_another_disk_is_restored_there_and_stays_linked(tmp_path):
    # data/whynot.db -> ../big/whynot.db (a bigger disk, as run's lock supports): the link
    # stays, the restored file and the replaced one are beside the real file, and the real
    # file's -wal and -shm are the ones removed.
    clock, platform = Clock(1_000_000.0), make_platform()
    big = tmp_path / "big"
    big.mkdir()
    real, copy = await answered_then_backed_up(big, platform, clock)
    (big / "whynot.db-wal").write_bytes(b"")  # a stale -wal beside the real file
    data = tmp_path / "data"
    data.mkdir()
    link = data / "whynot.db"
    link.symlink_to(real)
    code, out, err = bot("restore", str(copy), "--db", str(link))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert (big / "whynot.db-replaced").is_file() and not (big / "whynot.db-replaced").is_symlink()
    assert not (big / "whynot.db-wal").exists()
    assert sorted(p.name for p in data.iterdir()) == ["whynot.db"]
    with sqlite3.connect(real) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
