"""Where the store keeps sightings of an account with a handle, each with its time: its
cached snapshot (the last only), the messages it wrote (when the bot saw them, not when
their reply was last tried), follow events, and review requests about it. Read by
`Accounts.held_at` (a feed button by handle alone) and `pin_account` (a decision by handle
alone tied to the account met), each source by handle or id through its index (018)."""

from __future__ import annotations

from whynot.store.db import Connection

# (table, id column, handle column, when it was seen)
SIGHTINGS = (
    ("accounts", "account_id", "handle", "fetched_at"),
    ("messages", "author_id", "author_handle", "COALESCE(seen_at, updated_at)"),  # not a retry
    ("follow_events", "account_id", "handle", "at"),
    ("review_requests", "subject_id", "subject_handle", "created_at"),
)
_BY_ID = " UNION ALL ".join(
    f"SELECT {w} AS at, {h} AS handle FROM {t} WHERE platform = ?1 AND {i} = ?2 AND {h} != ''"
    for t, i, h, w in SIGHTINGS
)


async def handles_seen(db: Connection, platform: str, account_id: str) -> list[tuple[float, str]]:
    """Every (time, handle) the store has seen the account with, oldest first."""
    rows = await db.execute_fetchall(f"{_BY_ID} ORDER BY at", (platform, account_id))
    return [(float(r[0]), str(r[1])) for r in rows]


def handle_then(seen: list[tuple[float, str]], at: float) -> str | None:
    """The handle of the last of `seen` (oldest first) at or before `at`, or None."""
    before = [handle for when, handle in seen if when <= at]
    return before[-1] if before else None
