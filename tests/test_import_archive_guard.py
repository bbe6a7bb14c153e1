"""`bot.py import-archive` seeds only what it should: the owner's own archive, and only the
first follower snapshot. An archive imported after the watch's first crawl became the
newest snapshot, so the next crawl was compared with it and everyone who followed since
the archive was made read as an unfollow (looked up at $0.010 each, and announced once
settled); another account's archive was taken without a word."""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_archive import make_archive

from whynot.cli import main
from whynot.store import Store


def _archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    for name, text in make_archive(tmp_path).items():  # @fsalas, account 783214
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def _config(tmp_path: Path, handle: str) -> str:
    (tmp_path / "owner.toml").write_text(f'[owner]\nhandle = "{handle}"\ninterests = ["cx"]\n')
    (tmp_path / "config.toml").write_text('[whynot]\nowner_config = "owner.toml"\n')
    return str(tmp_path / "config.toml")


def _import(tmp_path: Path, config: str, *extra: str) -> int:
    db, out = str(tmp_path / "bot.db"), str(tmp_path / "seed")
    argv = ["import-archive", str(_archive(tmp_path)), "--config", config, "--db", db]
    return main([*argv, "--out", out, *extra])


async def _crawled(db: Path) -> None:
    """The watch's own first crawl of account 783214, finished."""
    store = await Store.open(db)
    try:
        snapshot = await store.followers.start_crawl("x", "783214", 1_000.0)
        await store.followers.add_page(snapshot, ["1", "2"], None, 1_000.0)
    finally:
        await store.close()


def test_an_archive_over_the_watch_s_own_snapshot_is_refused(tmp_path, capsys):
    config = _config(tmp_path, "fsalas")
    asyncio.run(_crawled(tmp_path / "bot.db"))
    assert _import(tmp_path, config) == 2
    err = capsys.readouterr().err
    assert "already holds a follower snapshot of this account (1970-01-01 00:16 UTC)" in err
    assert err.endswith("--force seeds anyway\n") and len(err.splitlines()) == 1
    assert _import(tmp_path, config, "--force") == 0


def test_another_account_s_archive_is_refused(tmp_path, capsys):
    assert _import(tmp_path, _config(tmp_path, "ana_cx")) == 2
    err = capsys.readouterr().err
    assert err.startswith("bot.py import-archive: this archive is @fsalas's, but ")
    assert "owner.toml is for @ana_cx" in err
    assert not (tmp_path / "seed").exists()
    assert _import(tmp_path, _config(tmp_path, "FSalas")) == 0  # handles ignore case


async def _crawl_begun(db: Path) -> None:
    """The watch's first crawl of account 783214, one page in (a big account's crawl spans
    cycles, and months under [x] watch_budget_usd)."""
    store = await Store.open(db)
    try:
        snapshot = await store.followers.start_crawl("x", "783214", 1_000.0)
        await store.followers.add_page(snapshot, ["1", "2"], "next-page", 1_000.0)
    finally:
        await store.close()


def test_an_archive_during_the_watch_s_first_crawl_is_refused(tmp_path, capsys):
    # Seeded then, the archive's snapshot (the newer id) was what the next crawl was
    # compared with, the live first crawl compared with nothing: false unfollows again.
    config = _config(tmp_path, "fsalas")
    asyncio.run(_crawl_begun(tmp_path / "bot.db"))
    assert _import(tmp_path, config) == 2
    err = capsys.readouterr().err
    assert "the watch's first crawl of this account is under way" in err
    assert err.endswith("--force seeds anyway\n") and len(err.splitlines()) == 1
    assert _import(tmp_path, config, "--force") == 0
