"""Per-server settings for Discord (feed channel, moderator role, tone, cooldown), each
change written to the moderation log in the same transaction. Owned by the Discord bot."""

from __future__ import annotations

from whynot.store.db import Connection
from whynot.store.moderation import LogEntry, write_log


class Guilds:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def settings(self, guild_id: str) -> dict[str, str]:
        rows = await self._db.execute_fetchall(
            "SELECT key, value FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return {r[0]: r[1] for r in rows}

    async def set(self, guild_id: str, key: str, value: str | None, actor: str, now: float) -> None:
        """Set (or, with None, remove) one setting; logged like a moderator action."""
        db = self._db
        async with db.transaction():
            if value is None:
                await db.execute(
                    "DELETE FROM guild_settings WHERE guild_id = ? AND key = ?", (guild_id, key)
                )
            else:
                await db.execute(
                    "INSERT INTO guild_settings (guild_id, key, value, updated_by, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, key) DO UPDATE SET "
                    "value = excluded.value, updated_by = excluded.updated_by, "
                    "updated_at = excluded.updated_at",
                    (guild_id, key, value, actor, now),
                )
            shown = value if value is not None else "(unset)"
            await write_log(
                db,
                LogEntry(now, actor, "config", "discord", guild_id, f"{key} = {shown}", "discord"),
            )
