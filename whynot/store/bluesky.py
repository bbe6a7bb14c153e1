"""Bluesky's live follow bookkeeping: the record key (rkey) of each follow record naming the
owner, so that a Jetstream delete (author and rkey only) is recognised as an unfollow, and
the follow events those changes make. Every change is also mirrored into the owner's latest
finished follower snapshot and any crawl in progress, so the daily reconcile's diff reports
only what the stream missed. Owned by `whynot.platforms.bluesky.jetstream`."""

from __future__ import annotations

from collections.abc import AsyncIterator

from whynot.store.db import Connection

PLATFORM = "bluesky"
_LATEST = (
    "SELECT MAX(id) FROM follower_snapshots WHERE platform = 'bluesky' AND owner_id = ? "
    "AND finished_at IS NOT NULL"
)
# The snapshots that mirror live changes: the latest finished one and any still crawling.
_MIRRORED = (
    f"SELECT id FROM follower_snapshots WHERE platform = 'bluesky' AND owner_id = ? "
    f"AND (finished_at IS NULL OR id = ({_LATEST}))"
)


class BlueskyFollows:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def known_followers(self, owner: str, page: int = 5000) -> AsyncIterator[str]:
        """Every follower DID known (live records and the latest snapshot), in pages."""
        for sql in (
            "SELECT DISTINCT follower FROM bluesky_follows WHERE owner = ? AND follower > ? "
            "ORDER BY follower LIMIT ?",
            f"SELECT account_id FROM follower_ids WHERE snapshot_id = ({_LATEST}) "
            "AND account_id > ? ORDER BY account_id LIMIT ?",
        ):
            after = ""
            while True:
                rows = await self._db.execute_fetchall(sql, (owner, after, page))
                for row in rows:
                    yield str(row[0])
                if len(rows) < page:
                    break
                after = str(rows[-1][0])

    async def _is_follower(self, owner: str, follower: str) -> bool:
        row = await self._db.row(
            "SELECT EXISTS (SELECT 1 FROM bluesky_follows WHERE owner = ? AND follower = ?) "
            f"OR EXISTS (SELECT 1 FROM follower_ids WHERE snapshot_id = ({_LATEST}) "
            "AND account_id = ?)",
            (owner, follower, owner, follower),
        )
        return bool(row and row[0])

    async def _event(self, follower: str, kind: str, at: float) -> None:
        await self._db.execute(
            "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
            "VALUES (?, ?, '', ?, ?)",
            (PLATFORM, follower, kind, at),
        )

    async def follow_created(self, owner: str, follower: str, rkey: str, at: float) -> str:
        """A follow record naming the owner: "follow" or "refollow" when it makes a new
        follower, "" when already known (a replay, or a follower the reconcile found)."""
        async with self._db.transaction():
            known = await self._is_follower(owner, follower)
            await self._db.execute(
                "INSERT OR IGNORE INTO bluesky_follows (owner, follower, rkey, at) "
                "VALUES (?, ?, ?, ?)",
                (owner, follower, rkey, at),
            )
            if known:
                return ""
            before = await self._db.row(
                "SELECT 1 FROM follow_events WHERE platform = 'bluesky' AND account_id = ? "
                "AND kind = 'unfollow' LIMIT 1",
                (follower,),
            )
            kind = "refollow" if before else "follow"
            await self._event(follower, kind, at)
            await self._db.execute(
                f"INSERT OR IGNORE INTO follower_ids (snapshot_id, account_id) "
                f"SELECT id, ? FROM ({_MIRRORED})",
                (follower, owner, owner),
            )
            return kind

    async def follow_deleted(self, owner: str, follower: str, rkey: str, at: float) -> str:
        """A follow record deleted: "unfollow" when it was a kept record of the owner's
        follower and the last one; "ask" when the author is a known follower whose record
        was never seen (the caller asks the service); "" otherwise."""
        async with self._db.transaction():
            cur = await self._db.execute(
                "DELETE FROM bluesky_follows WHERE owner = ? AND follower = ? AND rkey = ?",
                (owner, follower, rkey),
            )
            if cur.rowcount == 0:
                return "ask" if await self._is_follower(owner, follower) else ""
            if await self._db.row(
                "SELECT 1 FROM bluesky_follows WHERE owner = ? AND follower = ?",
                (owner, follower),
            ):
                return ""  # another follow record of theirs still stands
            await self._gone(owner, follower, at)
            return "unfollow"

    async def confirm_unfollow(self, owner: str, follower: str, at: float) -> str:
        """The service says they no longer follow: record the unfollow once."""
        async with self._db.transaction():
            if not await self._is_follower(owner, follower):
                return ""
            await self._db.execute(
                "DELETE FROM bluesky_follows WHERE owner = ? AND follower = ?", (owner, follower)
            )
            await self._gone(owner, follower, at)
            return "unfollow"

    async def _gone(self, owner: str, follower: str, at: float) -> None:
        await self._event(follower, "unfollow", at)
        await self._db.execute(
            f"DELETE FROM follower_ids WHERE account_id = ? AND snapshot_id IN ({_MIRRORED})",
            (follower, owner, owner),
        )

    async def learn_rkey(self, owner: str, follower: str, rkey: str, at: float) -> None:
        """The service named their follow record: keep it for the next delete."""
        await self._db.execute(
            "INSERT OR IGNORE INTO bluesky_follows (owner, follower, rkey, at) VALUES (?, ?, ?, ?)",
            (owner, follower, rkey, at),
        )

    async def count(self, owner: str) -> int:
        row = await self._db.row("SELECT COUNT(*) FROM bluesky_follows WHERE owner = ?", (owner,))
        return int(row[0]) if row else 0
