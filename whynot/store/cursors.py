"""Where each platform's polling left off (e.g. X's `since_id` for mentions), by name; what
a restored copy of the database forgets of it (`forget_mention_positions`), and when it was
put back (`mark_restored`: the sends it may not know of)."""

from __future__ import annotations

import sqlite3

from whynot.store.db import Connection

FIRST_POLL = "first_poll_at"  # when mentions were first polled (POSIX seconds)
MENTIONS = "mentions"  # the cursor of each platform's mentions (`Desk.poll`)
POLLED = "polled_at"  # when each platform's mentions were last read (this clock's time)
LISTENED = "listened_at"  # when the Discord bot was last connected (whynot.platforms.discord)
RESTORED = "restored_at"  # when `bot.py restore` put this file back (platform "": all)
# The same, as an SQL value (NULL when never restored), for the tables that ask it.
RESTORED_AT_SQL = (
    f"(SELECT CAST(value AS REAL) FROM cursors WHERE platform = '' AND name = '{RESTORED}')"
)


def forget_mention_positions(db: sqlite3.Connection) -> list[str]:
    """In a copy about to be put back in place of the database (`bot.py restore`): forget
    where each platform's mentions were read up to, and when they were first polled. The
    copy does not know the replies sent after it was made; from its own cursor the next
    poll would answer each of those questions again. Without one, that poll is a new
    database's first poll: the last `first_run_lookback_hours` of mentions, each answered
    only when no reply of the owner's is found under it. Returns the platforms whose
    position was forgotten (a file without the table: none)."""
    tables = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cursors'")
    if tables.fetchone() is None:
        return []
    rows = db.execute(
        "SELECT DISTINCT platform FROM cursors WHERE name = ? ORDER BY platform", (MENTIONS,)
    ).fetchall()
    with db:
        db.execute("DELETE FROM cursors WHERE name IN (?, ?)", (MENTIONS, FIRST_POLL))
    return [str(r[0]) for r in rows]


def mark_restored(db: sqlite3.Connection, now: float) -> None:
    """In a copy about to be put back (`bot.py restore`): remember when. What it holds as
    still to send (a question due again, an unfollow note, a review's follow-up) may have
    gone out after the backup was made; the desk, the watch and the review queue read this
    before sending such. A message is "untouched since" while its last change is not after
    it: a deferred row's, which `Messages.defer` dates at its due time, is brought back to
    the restore (the copy holds no change made after it)."""
    tables = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cursors'")
    if tables.fetchone() is None:
        return  # a file older than the cursors: nothing in it was waiting to be sent
    with db:
        db.execute(
            "INSERT INTO cursors (platform, name, value, updated_at) VALUES ('', ?, ?, ?) "
            "ON CONFLICT (platform, name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (RESTORED, repr(now), now),
        )
        db.execute("UPDATE messages SET updated_at = ? WHERE updated_at > ?", (now, now))


class Cursors:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def get(self, platform: str, name: str) -> str | None:
        row = await self._db.row(
            "SELECT value FROM cursors WHERE platform = ? AND name = ?", (platform, name)
        )
        return row[0] if row else None

    async def restored_at(self) -> float | None:
        """When `bot.py restore` last put this database back, or None (`mark_restored`)."""
        kept = await self.get("", RESTORED)
        return None if kept is None else float(kept)

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
