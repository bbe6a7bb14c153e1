"""The account cache: each account's last fetched snapshot (profile and recent posts) with
its time to live, parsed once per fetch and kept in memory for reuse. The desk reads it
before judging an asker; the owner's follower audit reads it as one of its sources."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from scoring import Account, parse_account
from whynot.models import Override
from whynot.snapshots import account_to_dict
from whynot.store.db import Connection
from whynot.store.moderation import about, pin_account
from whynot.store.sightings import SIGHTINGS

PARSED_CACHE = 2048  # parsed account snapshots kept in memory


class Accounts:
    def __init__(self, db: Connection) -> None:
        self._db = db
        self._parsed: dict[tuple[str, str], tuple[float, Account]] = {}

    def _snapshot(self, platform: str, account_id: str, fetched_at: float, raw: str) -> Account:
        # Parsed snapshots are remembered by fetch time: the same row is parsed once.
        key = (platform, account_id)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] == fetched_at:
            return hit[1]
        account = parse_account(json.loads(raw))
        if len(self._parsed) >= PARSED_CACHE:
            self._parsed.pop(next(iter(self._parsed)))
        self._parsed[key] = (fetched_at, account)
        return account

    async def cached(self, platform: str, account_id: str, now: float) -> Account | None:
        """The fresh cached snapshot, or None when missing or stale."""
        account, _ = await self.lookup(platform, account_id, "", now)
        return account

    async def lookup(
        self, platform: str, account_id: str, handle: str, now: float
    ) -> tuple[Account | None, Override | None]:
        """In one round trip: the account's fresh cached snapshot (None when missing or
        stale) and any moderator decision about it. Without an id (an account asked about
        by handle alone) the snapshot is found by handle."""
        match = "a.account_id = ?" if account_id else "a.handle = ? COLLATE NOCASE"
        # The decision follows the account's id (its own, else the snapshot's), or its
        # handle where no id is known on either side (whynot.store.moderation.about).
        known = "COALESCE(NULLIF(?, ''), a.account_id, '')"
        handle = handle.lstrip("@")
        params = (platform, account_id or handle, now, platform, account_id, handle)
        row = await self._db.row(
            "SELECT a.fetched_at, a.snapshot, o.decision, o.reason, o.moderator, o.created_at, "
            "o.handle, a.account_id, o.account_id FROM (SELECT 1) LEFT JOIN accounts a "
            f"ON a.platform = ? AND {match} AND a.fetched_at + a.ttl_seconds > ? "
            f"LEFT JOIN overrides o ON o.platform = ? AND {about('o', known)} "
            f"ORDER BY o.account_id = {known} DESC LIMIT 1",
            (*params, account_id, account_id),
        )
        assert row is not None  # the outer SELECT 1 always yields a row
        account = self._snapshot(platform, row[7], row[0], row[1]) if row[1] is not None else None
        override = (
            Override(platform, row[6], row[2], row[3], row[4], row[5], row[8])
            if row[2] is not None
            else None
        )
        return account, override

    async def id_of(self, platform: str, handle: str, now: float) -> str:
        """The id of the account last seen with this handle (case ignored) while its
        snapshot is fresh (as `cached` decides), or "": a stale one may be a former holder
        of the handle, renamed since (`save` pins a decision made by handle to the account
        when the bot next meets whoever holds it)."""
        row = await self._db.row(
            "SELECT account_id FROM accounts WHERE platform = ? AND handle = ? COLLATE NOCASE "
            "AND fetched_at + ttl_seconds > ? ORDER BY fetched_at DESC LIMIT 1",
            (platform, handle.lstrip("@"), now),
        )
        return str(row[0]) if row is not None else ""

    async def held_at(self, platform: str, handle: str, at: float) -> str:
        """The id of the account that had `handle` at `at` and has it still, as far as the
        bot can tell, else "". Every sighting of an account with a handle counts (its cached
        snapshot, a message it wrote, a follow event, a review request about it): the holder
        is the last seen with the handle at or before `at`, and none may be seen after that
        sighting with the handle under another id, nor with the id under another handle.
        Each source is read by handle and by that id through its indexes (migration 018)."""
        handle = handle.lstrip("@")
        row = await self._db.row(HELD_AT, held_at_params(platform, handle, at))
        return str(row[0]) if row is not None else ""

    async def handle_of(self, platform: str, account_id: str) -> str:
        """The handle the bot last saw on the account with this id, whatever the age of its
        snapshot (an id is never another account's), or "" when it never met it."""
        row = await self._db.row(
            "SELECT handle FROM accounts WHERE platform = ? AND account_id = ?",
            (platform, account_id),
        )
        return str(row[0]) if row is not None and row[0] else ""

    async def save(self, platform: str, account: Account, now: float, ttl: float) -> None:
        """Cache a freshly fetched snapshot for `ttl` seconds. A moderator's decision made
        by this handle before the bot knew the account (and its log entries) is given the
        account's id, so it follows the account if the handle changes later (as migration
        016 did for those made before ids were kept); the account's older decision under
        another handle, if any, goes (`pin_account`: one decision per account)."""
        if account.id:
            await pin_account(self._db, platform, account.id, account.handle, now)
        await self._db.execute(
            "INSERT INTO accounts (platform, account_id, handle, fetched_at, ttl_seconds, "
            "snapshot) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, account_id) DO UPDATE SET "
            "handle = excluded.handle, fetched_at = excluded.fetched_at, "
            "ttl_seconds = excluded.ttl_seconds, snapshot = excluded.snapshot",
            (platform, account.id, account.handle, now, ttl, json.dumps(account_to_dict(account))),
        )

    async def every(
        self, platform: str, after: str = "", page: int = 500
    ) -> AsyncIterator[Account]:
        """Every cached snapshot of `platform` (stale ones too), in account_id order, after
        `after`; read a page at a time (keyset), so memory stays one page."""
        while True:
            rows = await self._db.execute_fetchall(
                "SELECT account_id, snapshot FROM accounts WHERE platform = ? AND account_id > ? "
                "ORDER BY account_id LIMIT ?",
                (platform, after, page),
            )
            for row in rows:
                yield parse_account(json.loads(row[1]))
            if len(rows) < page:
                return
            after = rows[-1][0]

    async def known(self, platform: str, handle: str) -> bool:
        """Whether the bot has met `handle` on `platform`: an account it read, or a message
        whose author it named (an X mention that asked nothing is never named)."""
        row = await self._db.row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE platform = ? AND handle = ? "
            "COLLATE NOCASE) OR EXISTS (SELECT 1 FROM messages WHERE platform = ? AND "
            "author_handle = ? COLLATE NOCASE)",
            (platform, handle, platform, handle),
        )
        return bool(row and row[0])

    async def count(self, platform: str) -> int:
        row = await self._db.row("SELECT COUNT(*) FROM accounts WHERE platform = ?", (platform,))
        return int(row[0]) if row is not None else 0


_LAST = " UNION ALL ".join(  # the last sighting with the handle at or before the time
    f"SELECT {i} AS id, {w} AS at FROM {t} WHERE platform = ?1 AND {h} = ?2 COLLATE NOCASE "
    f"AND {i} != '' AND {w} <= ?3"
    for t, i, h, w in SIGHTINGS
)
_LATER = " AND ".join(  # none later: the handle under another id, or the id under another
    f"NOT EXISTS (SELECT 1 FROM {t} WHERE platform = ?1 AND {h} = ?2 COLLATE NOCASE "
    f"AND {i} != '' AND {i} != c.id AND {w} > c.at) AND NOT EXISTS (SELECT 1 FROM {t} "
    f"WHERE platform = ?1 AND {i} = c.id AND {h} != '' AND {h} != ?2 COLLATE NOCASE "
    f"AND {w} > c.at)"
    for t, i, h, w in SIGHTINGS
)
HELD_AT = (
    f"SELECT c.id FROM (SELECT id, at FROM ({_LAST}) ORDER BY at DESC LIMIT 1) AS c WHERE {_LATER}"
)


def held_at_params(platform: str, handle: str, at: float) -> tuple[str, str, float]:
    """The parameters of HELD_AT (?1, ?2, ?3)."""
    return (platform, handle, at)
