"""The spend ledger: what each paid API call cost (X charges per read and per post), summed
by kind for the budget. Owned by `whynot.spend`."""

from __future__ import annotations

from whynot.store.db import Connection


class Spend:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def record(
        self, platform: str, kind: str, units: int, usd: float, note: str, now: float
    ) -> None:
        await self._db.execute(
            "INSERT INTO spend (at, platform, kind, units, usd, note) VALUES (?, ?, ?, ?, ?, ?)",
            (now, platform, kind, units, usd, note),
        )

    async def since(self, platform: str, since: float) -> dict[str, tuple[int, float]]:
        """Units and dollars per kind of call since `since`."""
        rows = await self._db.execute_fetchall(
            "SELECT kind, SUM(units), SUM(usd) FROM spend WHERE platform = ? AND at >= ? "
            "GROUP BY kind ORDER BY kind",
            (platform, since),
        )
        return {r[0]: (int(r[1]), float(r[2])) for r in rows}
