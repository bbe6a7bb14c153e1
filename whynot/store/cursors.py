"""Where each platform's polling left off (e.g. X's `since_id` for mentions), by name."""

from __future__ import annotations

from whynot.store.db import Connection

FIRST_POLL = "first_poll_at"  # when mentions were first polled (POSIX seconds)


class Cursors:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def get(self, platform: str, name: str) -> str | None:
        row = await self._db.row(
            "SELECT value FROM cursors WHERE platform = ? AND name = ?", (platform, name)
        )
        return row[0] if row else None

    async def first_poll(self, platform: str, now: float, keep: bool = True) -> float:
        """When `platform`'s mentions were first polled: `now` the first time, then kept
        (not with `keep` False: a dry run). The first poll's look-back counts from it, not
        from each poll while no mention has set the cursor: a question asked after the
        first poll, but longer ago than the look-back (the bot was down), would otherwise
        never be read."""
        kept = await self.get(platform, FIRST_POLL)
        if kept is None:
            if keep:
                await self.set(platform, FIRST_POLL, repr(now), now)
            return now
        return float(kept)

    async def set(self, platform: str, name: str, value: str, now: float) -> None:
        await self._db.execute(
            "INSERT INTO cursors (platform, name, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform, name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (platform, name, value, now),
        )
