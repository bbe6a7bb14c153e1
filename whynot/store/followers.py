"""The owner's followers over time: resumable snapshot crawls (a page of ids at a time), the
diff between two snapshots computed inside SQLite (never as Python sets), and the follow
events it yields (follow, unfollow, refollow) with their status until a notice is sent.
Owned by `whynot.watch`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from whynot.models import Identity
from whynot.store.cursors import RESTORED_AT_SQL
from whynot.store.db import Connection


class Followers:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def add_event(self, platform: str, account: Identity, kind: str, at: float) -> int:
        cur = await self._db.execute(
            "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (platform, account.id, account.handle, kind, at),
        )
        return int(cur.lastrowid or 0)

    async def mark_notified(self, event_id: int, now: float) -> bool:
        """Claim the right to send an event's notice: True once, False ever after. The
        status is 'sending' until `set_event_status(..., 'notified')` says the message went
        out: a crash in between never sends it twice, nor claims the person was asked."""
        row = await self._db.durable_row(  # on disk before the note is sent
            "UPDATE follow_events SET notified_at = ?, status = 'sending' "
            "WHERE id = ? AND notified_at IS NULL RETURNING id",
            (now, event_id),
        )
        return row is not None

    async def open_crawl(self, platform: str, owner_id: str) -> tuple[int, str | None] | None:
        """The unfinished snapshot to resume: (id, next cursor), or None."""
        row = await self._db.row(
            "SELECT id, next_cursor FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
            (platform, owner_id),
        )
        return (int(row[0]), row[1]) if row else None

    async def start_crawl(self, platform: str, owner_id: str, now: float) -> int:
        cur = await self._db.execute(
            "INSERT INTO follower_snapshots (platform, owner_id, started_at) VALUES (?, ?, ?)",
            (platform, owner_id, now),
        )
        return int(cur.lastrowid or 0)

    async def progress(self, snapshot_id: int) -> tuple[int, float]:
        """How many follower ids the snapshot holds, and when its crawl began (the count
        `add_page` kept once it finished, else a count of its ids so far)."""
        row = await self._db.row(
            "SELECT CASE WHEN finished_at IS NULL THEN (SELECT COUNT(*) FROM follower_ids "
            "WHERE snapshot_id = s.id) ELSE count END, started_at "
            "FROM follower_snapshots s WHERE id = ?",
            (snapshot_id,),
        )
        if row is None:  # start_crawl or open_crawl named it, and snapshots are never deleted
            raise LookupError(f"no follower snapshot {snapshot_id}")
        return int(row[0]), float(row[1])

    async def last_crawl_finished(self, platform: str, owner_id: str) -> float | None:
        row = await self._db.row(
            "SELECT MAX(finished_at) FROM follower_snapshots WHERE platform = ? AND owner_id = ?",
            (platform, owner_id),
        )
        return float(row[0]) if row and row[0] is not None else None

    async def add_page(
        self, snapshot_id: int, ids: Sequence[str], next_cursor: str | None, now: float
    ) -> None:
        """Store one page, then where to resume. No transaction is needed: if the process
        dies between the two, the page is fetched again on resume and INSERT OR IGNORE
        makes that harmless. The page travels as one JSON array (json_each), three times
        cheaper than binding a thousand rows from Python."""
        await self._db.execute(
            "INSERT OR IGNORE INTO follower_ids (snapshot_id, account_id) "
            "SELECT ?, value FROM json_each(?)",
            (snapshot_id, json.dumps(list(ids))),
        )
        if next_cursor is not None:
            await self._db.execute(
                "UPDATE follower_snapshots SET next_cursor = ? WHERE id = ?",
                (next_cursor, snapshot_id),
            )
        else:
            await self._db.execute(
                "UPDATE follower_snapshots SET next_cursor = NULL, finished_at = ?, count = "
                "(SELECT COUNT(*) FROM follower_ids WHERE snapshot_id = ?) WHERE id = ?",
                (now, snapshot_id, snapshot_id),
            )

    async def undiffed_snapshot(self, platform: str, owner_id: str) -> int | None:
        """The latest finished snapshot not yet compared with the one before it."""
        row = await self._db.row(
            "SELECT MAX(id) FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NOT NULL AND diffed_at IS NULL",
            (platform, owner_id),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def mark_diffed(self, snapshot_id: int, now: float) -> None:
        await self._db.execute(
            "UPDATE follower_snapshots SET diffed_at = ? WHERE id = ?", (now, snapshot_id)
        )

    async def previous_snapshot(self, platform: str, owner_id: str, before: int) -> int | None:
        row = await self._db.row(
            "SELECT MAX(id) FROM follower_snapshots WHERE platform = ? AND owner_id = ? "
            "AND finished_at IS NOT NULL AND id < ?",
            (platform, owner_id, before),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def diff(
        self, platform: str, old: int, new: int, now: float, most: float = float("inf")
    ) -> dict[str, int]:
        """Follow events between two finished snapshots, computed inside SQLite (set
        difference over the sorted primary key), never as Python sets. A new follower who
        unfollowed before is a refollow. The older snapshot is then dropped. More than
        `most` unfollows are a list gone wrong, not people (whynot.watch): they are kept
        as 'bulk' (never checked nor shown; counted under "bulk"), in the same transaction,
        so no stop between can leave them to be announced."""
        db = self._db
        async with db.transaction():
            # Anti-joins on the (snapshot_id, account_id) primary key: each id is one
            # index probe into the other snapshot (faster here than EXCEPT's temp b-tree).
            gone = await db.execute(
                "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
                "SELECT ?, o.account_id, '', 'unfollow', ? FROM follower_ids o "
                "WHERE o.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM follower_ids n "
                "WHERE n.snapshot_id = ? AND n.account_id = o.account_id)",
                (platform, now, old, new),
            )
            if gone.rowcount > most:
                await db.execute(
                    "UPDATE follow_events SET status = 'bulk' WHERE platform = ? "
                    "AND kind = 'unfollow' AND at = ? AND status = 'new'",
                    (platform, now),
                )
            came = await db.execute(
                "INSERT INTO follow_events (platform, account_id, handle, kind, at) "
                "SELECT ?, n.account_id, '', CASE WHEN EXISTS (SELECT 1 FROM follow_events e "
                "WHERE e.platform = ? AND e.account_id = n.account_id AND e.kind = 'unfollow' "
                "AND e.status <> 'bulk') "
                "THEN 'refollow' ELSE 'follow' END, ? FROM follower_ids n "
                "WHERE n.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM follower_ids o "
                "WHERE o.snapshot_id = ? AND o.account_id = n.account_id)",
                (platform, platform, now, new, old),
            )
            await db.execute("DELETE FROM follower_ids WHERE snapshot_id = ?", (old,))
            await db.execute("UPDATE follower_snapshots SET diffed_at = ? WHERE id = ?", (now, new))
        counts = await self._db.execute_fetchall(
            "SELECT CASE WHEN status = 'bulk' THEN 'bulk' ELSE kind END, COUNT(*) "
            "FROM follow_events WHERE platform = ? AND at = ? GROUP BY 1",
            (platform, now),
        )
        result = {r[0]: int(r[1]) for r in counts}
        result.setdefault("unfollow", 0)  # a set-aside mass counts as "bulk" only
        result.setdefault("follow", 0)
        return {**result, "new_total": came.rowcount}

    async def count(self, snapshot_id: int) -> int:
        row = await self._db.row(
            "SELECT count FROM follower_snapshots WHERE id = ?", (snapshot_id,)
        )
        return int(row[0]) if row else 0

    async def settle_unfollows(self, platform: str, settled_before: float) -> list[tuple[int, str]]:
        """Unfollows at least a day old: those followed by a refollow within a day become
        'flap' (no notice); the rest are returned as (event id, account id) to check, with
        those a crash left 'confirmed' but neither notified nor shown, and those whose
        notice a crash cut off ('sending', claimed before `settled_before`: no send is
        still in flight), for `cut_off` to show in the owner's feed."""
        await self._db.execute(
            "UPDATE follow_events SET status = 'flap' WHERE platform = ? AND kind = 'unfollow' "
            "AND status = 'new' AND at <= ? AND EXISTS (SELECT 1 FROM follow_events r "
            "WHERE r.platform = follow_events.platform "
            "AND r.account_id = follow_events.account_id "
            "AND r.kind = 'refollow' AND r.at >= follow_events.at "
            "AND r.at <= follow_events.at + 86400)",
            (platform, settled_before),
        )
        rows = await self._db.execute_fetchall(
            "SELECT id, account_id FROM follow_events WHERE platform = ? AND kind = 'unfollow' "
            "AND (status = 'sending' AND notified_at <= ? "
            "OR status IN ('new', 'confirmed') AND at <= ?) ORDER BY at, id",
            (platform, settled_before, settled_before),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def cut_off(self, event_id: int) -> bool:
        """An event taken again after its notice was claimed (`settle_unfollows`): a crash
        cut the send off, and it may or may not have reached them. Now 'shown' (never sent
        again, never said to be asked); True once for such an event, else False."""
        cur = await self._db.execute(
            "UPDATE follow_events SET status = 'shown' WHERE id = ? AND status = 'confirmed' "
            "AND notified_at IS NOT NULL",
            (event_id,),
        )
        return cur.rowcount == 1

    async def was_cut_off(self, event_id: int) -> bool:
        """Whether `cut_off` would take the event (its notice claimed, the send cut off),
        changing nothing: the watch marks it 'shown' only when it is told (`mark_shown`)."""
        row = await self._db.row(
            "SELECT 1 FROM follow_events WHERE id = ? AND status = 'confirmed' "
            "AND notified_at IS NOT NULL",
            (event_id,),
        )
        return row is not None

    async def mark_shown(self, events: Sequence[tuple[int, str]]) -> None:
        """Mark events (id, handle) 'shown' in one transaction: right before the one feed
        post that shows them all (whynot.follow_feed)."""
        async with self._db.transaction():
            await self._db.executemany(
                "UPDATE follow_events SET status = 'shown', "
                "handle = CASE WHEN ? = '' THEN handle ELSE ? END WHERE id = ?",
                [(handle, handle, event_id) for event_id, handle in events],
            )

    async def noted_before_restore(self, event_id: int) -> bool:
        """Whether an unfollow's note may have gone out before `bot.py restore` put back an
        older copy of the database (`cursors.mark_restored`), so that sending it now could
        send it twice: the event was found before the restore (it was in the backup, still
        to be sent, and the replaced file may have sent it), or since, but before a crawl
        begun after the restore was compared (found against the backup's follower list: the
        replaced file may have found and noted it)."""
        row = await self._db.row(
            f"SELECT 1 FROM follow_events e WHERE e.id = ? AND {RESTORED_AT_SQL} IS NOT NULL "
            f"AND (e.at < {RESTORED_AT_SQL} OR NOT EXISTS (SELECT 1 FROM follower_snapshots s "
            f"WHERE s.platform = e.platform AND s.started_at >= {RESTORED_AT_SQL} "
            "AND s.diffed_at < e.at))",
            (event_id,),
        )
        return row is not None

    async def set_event_status(self, event_id: int, status: str, handle: str = "") -> None:
        await self._db.execute(
            "UPDATE follow_events SET status = ?, handle = CASE WHEN ? = '' THEN handle ELSE ? END "
            "WHERE id = ?",
            (status, handle, handle, event_id),
        )

    async def events(
        self, platform: str, kinds: Sequence[str] = ()
    ) -> list[tuple[str, str, str, float]]:
        """(account id, kind, status, at) of follow events, oldest first."""
        sql = "SELECT account_id, kind, status, at FROM follow_events WHERE platform = ?"
        params: list[object] = [platform]
        if kinds:
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            params += list(kinds)
        rows = await self._db.execute_fetchall(sql + " ORDER BY at, id", params)
        return [(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    async def was_asked(self, platform: str, account_id: str, since: float, until: float) -> bool:
        """Did the account get the "was it an oversight?" notice (a direct message sent)
        between `since` and `until`? An unfollower's reply says "I only asked..." only then."""
        row = await self._db.row(
            "SELECT 1 FROM follow_events WHERE platform = ? AND account_id = ? "
            "AND status = 'notified' AND notified_at BETWEEN ? AND ? LIMIT 1",
            (platform, account_id, since, until),
        )
        return row is not None

    async def notices_since(self, platform: str, since: float) -> int:
        row = await self._db.row(
            "SELECT COUNT(*) FROM follow_events WHERE platform = ? "
            "AND status IN ('sending', 'notified') AND notified_at >= ?",
            (platform, since),
        )
        return int(row[0]) if row is not None else 0

    async def new_events(self, platform: str, kind: str) -> list[tuple[int, str]]:
        rows = await self._db.execute_fetchall(
            "SELECT id, account_id FROM follow_events WHERE platform = ? AND kind = ? "
            "AND status = 'new' ORDER BY at, id",
            (platform, kind),
        )
        return [(int(r[0]), str(r[1])) for r in rows]
