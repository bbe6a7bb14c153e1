"""The numbered migration files: every older file upgrades to the same schema a new file gets,
statements are split whole (a trigger body too), and a gap or a stray name is refused."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from whynot.store import SCHEMA_VERSION, Store, StoreError
from whynot.store.db import MIGRATIONS, load_migrations, split_statements

V1 = Path(__file__).resolve().parent / "fixtures" / "whynot-v1.db"


def schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return sorted((t, n, re.sub(r"\s+", " ", s).strip()) for t, n, s in rows)


async def fresh_schema(tmp_path: Path) -> list[tuple[str, str, str]]:
    store = await Store.open(tmp_path / "fresh.db")
    await store.close()
    return schema(tmp_path / "fresh.db")


def test_the_files_are_numbered_from_one_without_a_gap():
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION >= 7  # the seven migrations of the single-file store


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
async def test_a_file_left_at_any_older_version_upgrades_to_the_fresh_schema(tmp_path, start):
    old = tmp_path / f"v{start}.db"
    store = await Store.open(old, upto=start)
    try:
        assert await store.version() == start
    finally:
        await store.close()
    if start >= 1:  # a row written by the old version (its own SQL) survives the upgrade
        with sqlite3.connect(old) as con:
            con.execute("INSERT INTO cursors VALUES ('x', 'mentions', '1001', 5.0)")
    store = await Store.open(old)
    try:
        assert await store.version() == SCHEMA_VERSION
        if start >= 1:
            assert await store.cursors.get("x", "mentions") == "1001"
        assert await store.integrity() == "ok"
    finally:
        await store.close()
    assert schema(old) == await fresh_schema(tmp_path)


async def test_the_first_release_file_upgrades_to_the_fresh_schema(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    store = await Store.open(path)
    await store.close()
    assert schema(path) == await fresh_schema(tmp_path)


async def test_an_upgrade_by_any_command_keeps_the_file_as_it_was_first(tmp_path):
    # Any command opening an old file upgraded it in place, so "back up, then migrate"
    # (docs/operations.md) held only when the owner ran them first, in that order.
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    kept = tmp_path / "old.db.v1.bak"
    kept.mkdir()  # the copy cannot be put in its place: no upgrade
    with pytest.raises(StoreError, match="was not upgraded: could not first keep a copy"):
        await Store.open(path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (1,)
    kept.rmdir()
    await (await Store.open(path)).close()
    with sqlite3.connect(kept) as copy, sqlite3.connect(V1) as original:
        assert list(copy.iterdump()) == list(original.iterdump())  # schema and rows
        assert copy.execute("PRAGMA user_version").fetchone() == (1,)
    stamp = kept.stat().st_mtime_ns
    await (await Store.open(path)).close()  # up to date: nothing copied again
    assert kept.stat().st_mtime_ns == stamp


async def test_an_old_file_in_a_read_only_folder_is_told_as_such(tmp_path, monkeypatch):
    # It said "could not first keep a copy as ...: unable to open database file", which
    # does not say the folder is the trouble (root, running the tests, ignores permissions:
    # the folder is made read-only by os.access's answer and a copy that cannot be made).
    import os

    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    (tmp_path / "old.db.v1.bak").mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if p == tmp_path else real_access(p, mode)
    )
    with pytest.raises(StoreError) as refused:
        await Store.open(path)
    assert str(refused.value).startswith(f"cannot write in {tmp_path} (read-only for this user)")
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (1,)  # not upgraded


async def test_an_upgrade_after_a_restore_keeps_the_file_as_it_is_now(tmp_path):
    # A .v1.bak left by an earlier upgrade (copied back, then used for a week by the old
    # version) was kept, and the log said it held "the file as it was": a week was lost.
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    kept = tmp_path / "old.db.v1.bak"
    shutil.copy(V1, kept)  # the earlier upgrade's copy
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        con.execute(f"CREATE TABLE used_since_{len(tables)} (x)")  # a week of the old version
        before = list(con.iterdump())
    await (await Store.open(path)).close()
    with sqlite3.connect(kept) as copy:
        assert list(copy.iterdump()) == before


def test_a_trigger_body_stays_one_statement_and_comments_are_dropped():
    script = (
        "-- a comment line\n"
        "CREATE TABLE t (a INTEGER);\n"
        "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET a = a + 1; DELETE FROM t WHERE a > 9;\n"
        "END;\n"
    )
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[0] == "CREATE TABLE t (a INTEGER);"
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_an_unfinished_statement_is_refused():
    with pytest.raises(StoreError, match="unfinished"):
        split_statements("CREATE TABLE t (a INTEGER)")


def test_a_gap_or_a_stray_name_is_refused(tmp_path):
    (tmp_path / "001_first.sql").write_text("CREATE TABLE a (x);\n")
    (tmp_path / "003_third.sql").write_text("CREATE TABLE c (x);\n")
    with pytest.raises(StoreError, match="without a gap"):
        load_migrations(tmp_path)
    (tmp_path / "003_third.sql").rename(tmp_path / "2-second.sql")
    with pytest.raises(StoreError, match="NNN_name"):
        load_migrations(tmp_path)


async def test_two_commands_upgrading_one_old_file_at_once_both_open_it(tmp_path, monkeypatch):
    # Both read the old version; the second then ran the migrations the first had already
    # run ("table ... already exists": "not a usable whynot database").
    import asyncio

    import whynot.store.db as db

    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    real_keep_copy, raced = db.keep_copy, []

    def keep_copy_while_another_command_upgrades(*args):
        kept = real_keep_copy(*args)
        if not raced:  # between our reading the version and our first migration
            raced.append(True)
            asyncio.run(other_command())
        return kept

    async def other_command():
        await (await Store.open(path)).close()

    monkeypatch.setattr(db, "keep_copy", keep_copy_while_another_command_upgrades)
    store = await Store.open(path)
    await store.close()
    assert raced and schema(path) == await fresh_schema(tmp_path)


async def test_a_command_copying_after_another_upgraded_keeps_the_first_copy(tmp_path, monkeypatch):
    # Both read version 1; the other command kept its copy and upgraded before this one
    # copied: this one's copy (of the upgraded file) replaced the true v1 copy, so the
    # upgrade could no longer be undone.
    import asyncio

    import whynot.store.db as db

    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    real_keep_copy, raced = db.keep_copy, []

    def keep_copy_after_another_command_upgraded(*args):
        if not raced:
            raced.append(True)
            asyncio.run(other_command())
        return real_keep_copy(*args)

    async def other_command():
        await (await Store.open(path)).close()

    monkeypatch.setattr(db, "keep_copy", keep_copy_after_another_command_upgraded)
    await (await Store.open(path)).close()
    assert raced and schema(path) == await fresh_schema(tmp_path)
    with sqlite3.connect(tmp_path / "old.db.v1.bak") as copy, sqlite3.connect(V1) as original:
        assert copy.execute("PRAGMA user_version").fetchone() == (1,)
        assert list(copy.iterdump()) == list(original.iterdump())
    assert not list(tmp_path.glob("*.part"))


async def test_a_part_file_of_a_command_killed_while_copying_is_cleared(tmp_path):
    # Each command copies through a part file of its own (PID.TID.part); one killed while
    # copying left its part, a whole copy of the database, there for good.
    import os

    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    dead = tmp_path / "old.db.v1.bak.4194399.140.part"  # above any pid_max: no such process
    shutil.copy(V1, dead)
    alive = tmp_path / f"old.db.v1.bak.{os.getpid()}.1.part"  # a command still copying
    alive.write_bytes(b"")
    await (await Store.open(path)).close()
    assert not dead.exists() and alive.exists()
    assert (tmp_path / "old.db.v1.bak").exists()
