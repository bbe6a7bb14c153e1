"""Commands that write files say so in one line when they cannot, never a traceback:
`init --dir` over a checkout the user cannot write, `import-archive --out` a folder it
cannot write (checked before the follower snapshot is seeded, so a failed import leaves
nothing behind), `backup` into a folder it cannot write (SQLite said only "unable to open
database file"). As root nothing is read-only, so a file stands where a folder should be
(the same OSError path), and for backup the access check itself is made to refuse."""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_archive import make_archive

import whynot.cli.backup
from whynot.cli import main
from whynot.store import Store


def test_init_into_a_folder_it_cannot_write_is_one_line(tmp_path, capsys):
    (tmp_path / "data").write_text("a file, not a folder")
    assert main(["init", "--handle", "ana", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bot.py init: cannot write {tmp_path / 'data'} (File exists): ")
    assert err.endswith("or choose another --dir\n")


def test_import_archive_out_it_cannot_write_seeds_nothing(tmp_path, capsys):
    folder = tmp_path / "archive"
    for name, text in make_archive(tmp_path).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    out, db = tmp_path / "out", tmp_path / "bot.db"
    out.write_text("a file, not a folder")
    argv = ["import-archive", str(folder), "--db", str(db), "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        err == f"bot.py import-archive: cannot write in {out} (File exists): choose another --out\n"
    )

    async def snapshots() -> float | None:
        store = await Store.open(db)
        try:
            return await store.followers.last_crawl_finished("x", "783214")
        finally:
            await store.close()

    assert not db.exists() or asyncio.run(snapshots()) is None


def test_backup_into_a_folder_it_cannot_write_is_one_line(tmp_path, capsys, monkeypatch):
    db = tmp_path / "bot.db"
    assert main(["migrate", "--db", str(db), "--create"]) == 0
    target: Path = tmp_path / "ro" / "copy.db"
    target.parent.mkdir()
    monkeypatch.setattr(whynot.cli.backup.os, "access", lambda path, mode: False)
    assert main(["backup", str(target), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"bot.py backup: cannot write in {target.parent}: choose a folder you can write to\n"
    )
