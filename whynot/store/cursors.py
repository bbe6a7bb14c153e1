"""Where each platform's polling left off (e.g. X's `since_id` for mentions), by name."""

from __future__ import annotations

from whynot.store.db import Connection


class Cursors:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def get(self, platform: str, name: str) -> str | None:
        row = await self._db.row(
            "SELECT value FROM cursors WHERE platform = ? AND name = ?", (platform, name)
        )
        return row[0] if row else None

    async def set(self, platform: str, name: str, value: str, now: float) -> None:
        await self._db.execute(
            "INSERT INTO cursors (platform, name, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform, name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (platform, name, value, now),
        )
