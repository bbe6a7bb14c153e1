"""`Accounts.held_at` (the feed's buttons by handle alone): a message counts as a sighting
of its author when the bot saw it, not when its reply was last touched (sent, retried)."""

from __future__ import annotations

from factories import account

from whynot.store import Store

DAY = 86400.0
MESSAGE = (
    "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, text, "
    "state, updated_at, seen_at) VALUES ('x', ?, ?, 'promo', 'p', 'why?', ?, ?, ?)"
)


async def test_a_reply_sent_late_is_no_sighting_of_its_author_then(tmp_path):
    """A (42) asked as @promo days ago (its reply waited); B (99) holds @promo now, judged
    and answered, and the feed posted about B; in the same cycle A's old reply is sent
    (updated_at moves past B's sighting). A button on B's post decides on B."""
    store = await Store.open(tmp_path / "w.db")
    try:
        start = 1_000_000.0
        await store.db.execute(MESSAGE, ("m1", "42", "failed", start, start))
        await store.accounts.save("x", account("promo", id="42"), start, DAY)
        posted = start + 4 * DAY
        await store.accounts.save("x", account("promo", id="99"), posted - 5, DAY)
        await store.db.execute(MESSAGE, ("m2", "99", "sent", posted - 1, posted - 5))
        await store.db.execute(
            "UPDATE messages SET state = 'sent', updated_at = ? WHERE message_id = 'm1'",
            (posted + 10,),
        )
        assert await store.accounts.held_at("x", "promo", posted + 30) == "99"
    finally:
        await store.close()


async def test_held_at_reads_each_source_through_an_index(tmp_path, monkeypatch):
    """A feed button runs held_at before its form must open (Discord's 3 s): no source of
    sightings is read whole, nor all of a platform's (its query plan, not a timing: 300k
    follow events took 0.7 s when each was read)."""
    store = await Store.open(tmp_path / "w.db")
    try:
        asked: list[tuple[str, object]] = []
        row = store.db.row

        async def spy(sql, params=()):
            asked.append((sql, params))
            return await row(sql, params)

        monkeypatch.setattr(store.db, "row", spy)
        assert await store.accounts.held_at("x", "promo", 1_000_000.0) == ""
        assert asked
        for sql, params in asked:
            plan = await store.db.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)
            steps = [str(step[3]) for step in plan]
            assert not any(s.startswith("MATERIALIZE") for s in steps), steps  # all of them
            for table in ("accounts", "messages", "follow_events", "review_requests"):
                reads = [s for s in steps if s.split()[1:2] == [table]]
                assert reads, steps
                for step in reads:  # by handle or id, not every row of the platform
                    assert step.startswith("SEARCH") and "(platform=? AND " in step, steps
    finally:
        await store.close()
