"""`bot.py import-archive PATH`: seed the follower snapshot, the followed accounts and the
owner's own posts from X's data archive, without spending API money."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from dataclasses import replace
from pathlib import Path

from whynot.archive import ArchiveError, read_archive
from whynot.cli.errors import UsageError
from whynot.config import DEFAULT_OWNER, ROOT, ConfigError, load_settings
from whynot.owner_config import OwnerConfigError, read_owner_context
from whynot.store import Store, StoreError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-archive",
        help="seed followers, followed accounts and your own posts from X's data archive",
        description="Reads the archive X lets you download (the zip, or its unpacked "
        "folder): data/account.js, data/follower.js, data/following.js and data/tweets.js. "
        "Followers become the first follower snapshot (the unfollow watch diffs the next "
        "crawl against it); followed accounts and your own posts are written as JSON Lines "
        "for the owner config (`following` and `own_posts` in owner.toml).",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="the archive zip or folder")
    p.add_argument(
        "--out",
        type=Path,
        default=ROOT / "data" / "archive",
        help="folder for following.jsonl and own_posts.jsonl (default data/archive)",
    )
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument(
        "--force",
        action="store_true",
        help="seed even over the watch's own snapshot, or for another handle than the owner file's",
    )
    p.set_defaults(run=run)


async def seed(
    db: Path, owner_id: str, followers: list[str], now: float, force: bool = False
) -> int:
    store = await Store.open(db)
    try:
        last = await store.followers.last_crawl_finished("x", owner_id)
        if last is not None and not force:
            # An archive is older than any crawl: compared with the next crawl, everyone who
            # followed since would be taken for an unfollow, looked up and announced.
            when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(last))
            raise UsageError(
                f"{db} already holds a follower snapshot of this account ({when}): an "
                "archive only seeds the first one, before the watch's first crawl (those "
                "who followed since the archive would read as unfollows); --force seeds anyway"
            )
        if not force and await store.followers.open_crawl("x", owner_id) is not None:
            # Its crawl, once finished, would be compared with nothing and the next crawl
            # with the archive (the newer snapshot id): the same false unfollows.
            raise UsageError(
                f"{db}: the watch's first crawl of this account is under way: an archive only "
                "seeds the first snapshot, before that crawl (those who followed since the "
                "archive would read as unfollows); --force seeds anyway"
            )
        snapshot = await store.followers.start_crawl("x", owner_id, now)
        await store.followers.add_page(snapshot, followers, None, now)
        return snapshot
    finally:
        await store.close()


def writable(folder: Path) -> None:
    """`folder` exists (made now if need be) and files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".whynot-write-check"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise UsageError(
            f"cannot write in {folder} ({exc.strerror or exc}): choose another --out"
        ) from None


def check_handle(owner_config: Path | None, handle: str, force: bool) -> None:
    """The archive must be the owner's own: another account's followers and posts would
    seed the watch and judge the audience by someone else's topics."""
    if force or owner_config is None or not owner_config.exists() or not handle:
        return
    if owner_config.resolve() == DEFAULT_OWNER.resolve():
        return  # the demo owner's file: `run` refuses it anyway, naming `init`
    owner = read_owner_context(owner_config).handle
    if owner and owner.lower() != handle.lower():
        raise UsageError(
            f"this archive is @{handle}'s, but {owner_config} is for @{owner}: download "
            "your own archive, or fix handle there (--force imports it anyway)"
        )


def owner_hint(owner_config: Path | None, following: Path, own: Path) -> str:
    """The exact lines to add to the owner file, with paths relative to it (as it reads
    them)."""
    if owner_config is None:
        return (
            "To use them, set in your owner.toml under [owner]: "
            f'following = "{following.resolve()}" and own_posts = "{own.resolve()}"'
        )
    base = owner_config.parent.resolve()
    rel = [Path(os.path.relpath(p.resolve(), base)).as_posix() for p in (following, own)]
    return (
        f'To use them, set in {owner_config} under [owner]: following = "{rel[0]}" and '
        f'own_posts = "{rel[1]}"'
    )


def run(args: argparse.Namespace) -> int:
    try:
        archive = read_archive(args.path)
        settings = load_settings(args.config)
        if args.db is not None:
            settings = replace(settings, db_path=args.db)
        check_handle(settings.owner_config, archive.handle, args.force)
        writable(args.out)  # before the snapshot is seeded, not after
        snapshot = asyncio.run(
            seed(settings.db_path, archive.account_id, archive.followers, time.time(), args.force)
        )
    except (ArchiveError, ConfigError, StoreError, OwnerConfigError) as exc:
        raise UsageError(str(exc)) from None
    following = args.out / "following.jsonl"
    with following.open("w", encoding="utf-8") as fh:
        for account_id in archive.following:
            # The archive names followed accounts by id only.
            fh.write(json.dumps({"id": account_id, "handle": account_id, "platform": "x"}) + "\n")
    own = args.out / "own_posts.jsonl"
    owner = {
        "id": archive.account_id,
        "handle": archive.handle or archive.account_id,
        "display_name": archive.display_name,
        "platform": "x",
        "posts": archive.posts,
    }
    own.write_text(json.dumps(owner, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"@{archive.handle}: {len(archive.followers):,} followers -> follower snapshot "
        f"{snapshot} in {settings.db_path}"
    )
    print(f"{len(archive.following):,} followed accounts -> {following}")
    print(f"{len(archive.posts):,} of your posts -> {own}")
    print(owner_hint(settings.owner_config, following, own))
    return 0
