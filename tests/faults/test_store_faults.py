"""The store failing: a read-only file, a database locked by another process, a full disk,
a corrupt file, clock jumps. Each gives a clear error or a skipped step, never a crash
loop, and nothing is half-written."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from factories import Clock, account, posts

from scoring import build_owner_index
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store, StoreError
from whynot.store.db import unusable

ROOT = Path(__file__).resolve().parents[2]
PROMO = account(
    "promo", posts=posts([f"Deal {i} https://shop.example/{i}" for i in range(20)], source="IFTTT")
)
OWNER = Identity("x", "0", "owner")


def ask(mid: str) -> Mention:
    return Mention("x", mid, Identity("x", PROMO.id, "promo", "Promo"), "why no follow back?")


async def desk_on(path: Path, clock: Clock | None = None, **replies) -> Desk:
    platform = MemoryPlatform(owner=OWNER, name="x", accounts={PROMO.id: PROMO})
    return Desk(
        await Store.open(path),
        {"x": platform},
        ReplyRenderer(),
        build_owner_index(None),
        Settings(replies=ReplySettings(**replies)),
        clock=clock or Clock(1e9),
    )


def bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
async def test_a_read_only_file_is_a_clear_error(tmp_path):
    path = tmp_path / "ro.db"
    await (await Store.open(path)).close()  # create it
    path.chmod(stat.S_IREAD)
    with pytest.raises(StoreError):
        await Store.open(path)


def test_a_read_only_database_is_not_called_broken():
    # "not a usable whynot database: attempt to write a readonly database" read as
    # corruption; the fix is the permissions (root, running these tests, ignores them).
    readonly = sqlite3.OperationalError("attempt to write a readonly database")
    said = str(unusable(Path("/srv/bot/whynot.db"), readonly))
    assert said.startswith("cannot write /srv/bot/whynot.db or its folder (read-only")
    assert "not a usable" not in said
    broken = str(unusable(Path("x.db"), sqlite3.DatabaseError("file is not a database")))
    assert broken == "x.db is not a usable whynot database: file is not a database"


def test_a_full_disk_or_a_folder_it_cannot_open_is_not_called_broken(tmp_path, monkeypatch):
    # Sixth walkthrough: on a full disk `run`, `cost` and `override` said "whynot.db is not
    # a usable whynot database: disk I/O error" (SQLite cannot make its -shm file), and on
    # a folder this user may not use "...: unable to open database file": an owner reading
    # that as a broken database would restore a backup over it, or delete it.
    import shutil

    from whynot.store import db

    io_error = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10, 10, 0))
    said = str(unusable(tmp_path / "whynot.db", io_error))
    assert said.startswith(f"the disk holding {tmp_path} is full (disk I/O error): free some")
    assert "not a usable" not in said and db.disk_full(tmp_path)
    full = str(unusable(Path("w.db"), sqlite3.OperationalError("database or disk is full")))
    assert full.startswith("the disk holding . is full")
    monkeypatch.undo()
    assert not db.disk_full(tmp_path)  # the tests' own disk has room: an I/O error it is
    assert "not a usable" in str(unusable(tmp_path / "whynot.db", io_error))
    cannot = sqlite3.OperationalError("unable to open database file")
    said = str(unusable(Path("/srv/bot/whynot.db"), cannot))
    assert said.startswith("cannot open /srv/bot/whynot.db (unable to open database file)")
    assert "permissions" in said and "not a usable" not in said


def test_a_database_path_that_cannot_be_written_is_one_clear_line(tmp_path):
    result = bot("migrate", "--db", str(tmp_path / "new-dir" / "x" / "y.db"), "--create")
    assert result.returncode == 0  # missing folders are created
    for impossible in ("/proc/whynot.db", str(tmp_path)):  # a kernel file system; a folder
        result = bot("migrate", "--db", impossible)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


async def test_a_corrupt_file_is_refused_with_one_line(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    result = bot("demo", "--db", str(path))
    assert result.returncode == 2
    assert "not a usable whynot database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


async def test_a_locked_database_fails_the_step_not_the_bot(tmp_path):
    path = tmp_path / "locked.db"
    desk = await desk_on(path)
    try:
        blocker = sqlite3.connect(path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        await desk.store.db.raw.execute("PRAGMA busy_timeout=100")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await desk.handle(ask("1"))
        assert desk.platforms["x"].sent == []  # nothing sent without a claim
        blocker.rollback()
        blocker.close()
        assert (await desk.handle(ask("1"))).state == "sent"  # the next cycle answers
        assert len(desk.platforms["x"].sent) == 1
    finally:
        await desk.store.close()


async def test_a_full_disk_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "full.db"
    desk = await desk_on(path, cooldown_hours=0)
    try:
        assert (await desk.handle(ask("1"))).state == "sent"
        pages = (await desk.store.db.raw.execute_fetchall("PRAGMA page_count"))[0][0]
        await desk.store.db.raw.execute(f"PRAGMA max_page_count = {pages}")  # no room left
        for i in range(2, 40):
            try:
                await desk.handle(ask(str(i)))
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break
        else:
            pytest.fail("the disk never filled")
        await desk.store.db.raw.execute("PRAGMA max_page_count = 1073741823")
        await desk.recover()  # a reply sent whose mark failed is settled, not resent
        counts = await desk.store.messages.state_counts()
        sent = len(desk.platforms["x"].sent)
        # every reply that went out is recorded as sent; no claim was lost halfway
        assert counts.get("sent", 0) == sent
        assert await desk.store.integrity() == "ok"
    finally:
        await desk.store.close()


async def test_clock_jumps_do_not_break_cooldowns_or_cursors(tmp_path):
    clock = Clock(2_000_000_000.0)
    desk = await desk_on(tmp_path / "c.db", clock, cooldown_hours=24)
    platform = desk.platforms["x"]
    try:
        platform.inbox = [ask("10")]
        await desk.poll(platform)
        clock.now -= 7 * 86_400  # the clock jumps a week back
        platform.inbox.append(ask("11"))
        out = await desk.poll(platform)
        assert [o.mention.id for o in out] == ["11"]  # the cursor is an id, not a time
        assert "cooldown" in out[0].reason  # a backwards jump never frees the asker early
        clock.now += 30 * 86_400  # and forwards
        platform.inbox.append(ask("12"))
        assert (await desk.poll(platform))[0].state == "sent"
        assert len(platform.sent) == 2
    finally:
        await desk.store.close()


async def test_a_question_cut_off_by_a_full_disk_waits_for_a_start(tmp_path, monkeypatch, caplog):
    # 85b0dd1's line said "the bot goes on by itself once there is": a question claimed
    # when the disk filled stays claimed (never answered twice), and only a start's recovery
    # takes it up again, so the line says to restart.
    from whynot.cli.run_report import FAILING, failing

    desk = await desk_on(tmp_path / "full.db", cooldown_hours=0)
    full = sqlite3.OperationalError("database or disk is full")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise full

    try:
        with monkeypatch.context() as filled:  # claimed, then the disk fills
            filled.setattr(desk, "_prepare", disk_full)
            filled.setattr(desk.store.messages, "mark_failed", disk_full)
            with pytest.raises(sqlite3.OperationalError):
                await desk.handle(ask("1"))
        assert (await desk.handle(ask("1"))).reason == "already handled"  # room, same run
        assert [r.mention.id for r in await desk.store.messages.stale_claims()] == ["1"]
        FAILING.clear()
        failing("x mentions", full, now=1e9)
        assert "then restart the bot" in caplog.records[-1].getMessage()
        assert await desk.recover() == 1 and not await desk.store.messages.stale_claims()
    finally:
        FAILING.clear()
        await desk.store.close()
