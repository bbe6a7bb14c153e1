"""Everything the bot remembers, in one SQLite file (aiosqlite, WAL); every SQL statement of
the project lives in this package, parameterised.

`Store` is a thin front: it opens the file (`db.py`: the connection wrapper, open, the
numbered migrations in `migrations/NNN_name.sql`) and holds one repository per concern,
each used by the one part of the core that owns it:

    store.accounts    the account cache (accounts.py)             desk, audit source
    store.messages    messages, claims, reply state, cooldowns     desk
    store.cursors     where each platform's polling left off       desk
    store.moderation  overrides and the moderation log             whynot.moderation
    store.guilds      Discord per-server settings                  Discord bot
    store.followers   follower snapshots and follow events         whynot.watch
    store.spend       the spend ledger                             whynot.spend
    store.reviews     review requests, our answers' posts          whynot.reviews
    store.bluesky     Bluesky follow record keys (bluesky.py)      Bluesky's follow stream
    store.reads       what was read (and paid) today               whynot.spend
    store.modes       the history of spend modes                   whynot.spend

Adding a concern: a module here with a class taking the `Connection` (its SQL only), a
migration file with the next number if it needs tables, and one line in `Store.__init__`.
"""

from __future__ import annotations

from pathlib import Path

from whynot.store.accounts import Accounts
from whynot.store.billing import Modes, Reads
from whynot.store.bluesky import BlueskyFollows
from whynot.store.cursors import Cursors
from whynot.store.db import SCHEMA_VERSION, Connection, StoreError, connect, version
from whynot.store.followers import Followers
from whynot.store.guilds import Guilds
from whynot.store.messages import Claim, MessageRow, Messages
from whynot.store.moderation import LogEntry, Moderation
from whynot.store.reviews import Reviews
from whynot.store.spend import Spend

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "LogEntry",
    "MessageRow",
    "Store",
    "StoreError",
]


class Store:
    """The open database and its repositories."""

    def __init__(self, db: Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.accounts = Accounts(db)
        self.messages = Messages(db)
        self.cursors = Cursors(db)
        self.moderation = Moderation(db)
        self.guilds = Guilds(db)
        self.followers = Followers(db)
        self.spend = Spend(db)
        self.reviews = Reviews(db)
        self.bluesky = BlueskyFollows(db)
        self.reads = Reads(db, self.spend)
        self.modes = Modes(db)

    @classmethod
    async def open(cls, path: Path | str, upto: int = SCHEMA_VERSION) -> Store:
        """Open (creating if needed) and migrate to `upto` (tests make old files with it)."""
        path = Path(path)
        return cls(await connect(path, upto), path)

    async def close(self) -> None:
        await self.db.close()

    async def version(self) -> int:
        return await version(self.db)

    async def integrity(self) -> str:
        row = await self.db.row("PRAGMA integrity_check")
        return str(row[0]) if row is not None else ""
