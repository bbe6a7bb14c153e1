"""The true bill: which resources were already read (and paid) today, and the history of
spend modes. Owned by `whynot.spend`.

X charges a resource (a post, a user, a follower entry) read twice in one UTC day once.
`Reads.charge` notes each resource read and writes to the ledger only the first reads of
the day, in one transaction, so the ledger and X's invoice count the same thing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from whynot.store.db import Connection
from whynot.store.spend import Spend


def utc_day(now: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(now))


class Reads:
    def __init__(self, db: Connection, spend: Spend) -> None:
        self._db = db
        self._spend = spend
        self._pruned: str = ""

    async def charge(
        self,
        platform: str,
        kind: str,
        resources: Sequence[str],
        price: float,
        note: str,
        now: float,
    ) -> int:
        """Record `resources` as read today and charge those not read yet today; returns
        how many were charged."""
        if not resources:
            return 0
        day = utc_day(now)
        async with self._db.transaction():
            if self._pruned != day:  # yesterday's reads can no longer save anything
                await self._db.execute(
                    "DELETE FROM spend_reads WHERE platform = ? AND day < ?", (platform, day)
                )
                self._pruned = day
            before = self._db.raw.total_changes
            await self._db.executemany(
                "INSERT OR IGNORE INTO spend_reads (platform, day, kind, resource) "
                "VALUES (?, ?, ?, ?)",
                [(platform, day, kind, str(r)) for r in dict.fromkeys(resources)],
            )
            new = self._db.raw.total_changes - before
            if new:
                await self._spend.record(platform, kind, new, price * new, note, now)
        return new

    async def read_today(self, platform: str, kind: str, now: float) -> bool:
        """Whether a resource of `kind` was read (and paid for) today."""
        row = await self._db.row(
            "SELECT 1 FROM spend_reads WHERE platform = ? AND day = ? AND kind = ? LIMIT 1",
            (platform, utc_day(now), kind),
        )
        return row is not None


class Modes:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def record(self, platform: str, mode: str, left_usd: float, now: float) -> None:
        await self._db.execute(
            "INSERT INTO spend_modes (at, platform, mode, left_usd) VALUES (?, ?, ?, ?)",
            (now, platform, mode, left_usd),
        )

    async def last(self, platform: str) -> str | None:
        row = await self._db.row(
            "SELECT mode FROM spend_modes WHERE platform = ? ORDER BY at DESC, id DESC LIMIT 1",
            (platform,),
        )
        return str(row[0]) if row is not None else None

    async def since(self, platform: str, since: float) -> list[tuple[float, str, float]]:
        """(time, mode, dollars left) of each change since `since`, oldest first."""
        rows = await self._db.execute_fetchall(
            "SELECT at, mode, left_usd FROM spend_modes WHERE platform = ? AND at >= ? "
            "ORDER BY at, id",
            (platform, since),
        )
        return [(float(r[0]), str(r[1]), float(r[2])) for r in rows]
