"""A claim is on disk before its send (fourth walkthrough: a power cut on the server). The
database runs WAL with synchronous=NORMAL: a commit reaches the disk at a later
checkpoint, so a power cut can take the last commits with it. When one of those is the
claim of a reply already posted, the message is new again after the reboot and the next
poll posts a second reply. The claims (a reply's, an unfollow note's) now commit with
synchronous=FULL, the rest of the writes as before."""

from __future__ import annotations

from typing import Any

from whynot.models import Identity, Mention
from whynot.store import Store

CLAIMS = ("INSERT INTO messages", "UPDATE follow_events SET notified_at")
FULL, NORMAL = 2, 1


async def levels_of_claims(store: Store) -> list[tuple[str, int]]:
    """Records, for every claim statement run from now on, the synchronous level it ran at."""
    raw, seen = store.db.raw, []
    run = raw.execute_fetchall

    async def watched(sql: str, params: Any = ()) -> Any:
        claim = next((c for c in CLAIMS if sql.startswith(c)), None)
        if claim is not None:
            [(level,)] = await run("PRAGMA synchronous")
            seen.append((claim, int(level)))
        return await run(sql, params)

    raw.execute_fetchall = watched  # type: ignore[method-assign]
    return seen


async def test_a_reply_claim_and_a_note_claim_are_written_through(tmp_path):
    store = await Store.open(tmp_path / "w.db")
    try:
        seen = await levels_of_claims(store)
        ana = Identity("x", "42", "ana")
        claim = await store.messages.claim(Mention("x", "1", ana, "why?"), "why", "en", 100.0)
        assert claim.won
        event = await store.followers.add_event("x", ana, "unfollow", 100.0)
        assert await store.followers.mark_notified(event, 200.0)
        assert not await store.followers.mark_notified(event, 300.0)  # still once only
        assert seen == [(CLAIMS[0], FULL), (CLAIMS[1], FULL), (CLAIMS[1], FULL)]
        [(level,)] = await store.db.raw.execute_fetchall("PRAGMA synchronous")
        assert level == NORMAL  # every other write as before
    finally:
        await store.close()
