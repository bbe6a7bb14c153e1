"""`bot.py migrate [--db PATH] [--create]`: bring the database up to date and show its
version. A path that holds no file is refused unless --create says a new one is wanted."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from whynot.cli.errors import UsageError, require_database
from whynot.config import ConfigError, load_settings
from whynot.store import SCHEMA_VERSION, Store, StoreError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "migrate",
        help="upgrade the database schema in place and show its version",
        description="Applies any pending forward migrations (each in its own transaction; "
        "no data is lost) and prints the schema version. Safe to run at any time.",
    )
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.add_argument(
        "--create", action="store_true", help="create the database if the file does not exist"
    )
    p.set_defaults(run=run)


async def migrate(path: Path) -> tuple[int, int]:
    store = await Store.open(path, upto=0)  # read the version before upgrading
    before = await store.version()
    await store.close()
    store = await Store.open(path)
    after = await store.version()
    await store.close()
    return before, after


def run(args: argparse.Namespace) -> int:
    try:
        path = args.db or load_settings(args.config).db_path
        if not args.create:  # a typo in --db must not leave a new, empty database behind
            require_database(path, "check the path, or add --create")
        before, after = asyncio.run(migrate(path))
    except (ConfigError, StoreError) as exc:
        raise UsageError(str(exc)) from None
    change = "already up to date" if before == after else f"upgraded from version {before}"
    print(f"{path}: schema version {after} of {SCHEMA_VERSION} ({change})")
    return 0
