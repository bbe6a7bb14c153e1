"""A database the bot creates is the owner's alone: it holds askers' messages and the
saved Bluesky session. Made by the umask, it was 0644 (readable by every user)."""

from __future__ import annotations

import os
import stat

from whynot.store import Store


async def test_a_new_database_and_its_journal_are_readable_by_the_owner_only(tmp_path):
    old = os.umask(0o022)  # the usual umask, which made it 0644
    try:
        store = await Store.open(tmp_path / "data" / "w.db")
        try:
            await store.spend.record("x", "post_read", 1, 0.005, "t", 1.0)
            for name in ("w.db", "w.db-wal"):
                mode = stat.S_IMODE((tmp_path / "data" / name).stat().st_mode)
                assert mode & 0o077 == 0, f"{name} is {oct(mode)}"
        finally:
            await store.close()
    finally:
        os.umask(old)


async def test_an_existing_database_keeps_the_mode_its_owner_gave_it(tmp_path):
    path = tmp_path / "w.db"
    await (await Store.open(path)).close()
    path.chmod(0o640)  # shared with a group on purpose
    await (await Store.open(path)).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


async def test_the_copy_kept_before_an_upgrade_is_as_private_as_the_file(tmp_path):
    import shutil

    from test_migrations import V1

    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    path.chmod(0o600)
    old = os.umask(0o022)
    try:
        await (await Store.open(path)).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "old.db.v1.bak").stat().st_mode) == 0o600


async def test_a_database_another_command_creates_meanwhile_is_opened(tmp_path, monkeypatch):
    # Two commands starting on a new path at once: the second's exclusive create found the
    # file the first had just made, and said "cannot open database".
    path = tmp_path / "w.db"
    real_exists = type(path).exists
    monkeypatch.setattr(
        type(path), "exists", lambda p: False if p == path else real_exists(p)
    )
    path.touch()  # the other command's file, made after our look
    await (await Store.open(path)).close()
