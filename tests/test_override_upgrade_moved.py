"""Migration 017 re-ties only a decision still at the handle it was made under, and not
made on Discord: one `_make_room` moved to its account's new handle keeps its id."""

from __future__ import annotations

import sqlite3

import pytest
from factories import Clock, account

from whynot.models import Identity
from whynot.moderation import ModerationService
from whynot.store import Store

DAY = 86400.0


@pytest.mark.parametrize("source", ["discord", "cli"])
async def test_017_keeps_a_decision_moved_to_its_accounts_new_handle(tmp_path, source):
    """At version 16: A (42) denied by id at @promo; @promo_deals read as 5's, then as A's
    (5 renamed away); tom approves @promo by handle alone, which moves A's deny to
    @promo_deals. The upgrade keeps it A's, not 5's (the first read of @promo_deals)."""
    path = tmp_path / "v16.db"
    clock = Clock()
    store = await Store.open(path, upto=16)
    try:
        moderation = ModerationService(store, clock)
        await store.accounts.save("x", account("promo", id="42"), clock() - 10, DAY)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", source)
        clock.now += DAY
        await store.accounts.save("x", account("promo_deals", id="5"), clock(), DAY)
        clock.now += DAY
        await store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        clock.now += DAY
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a real shop", "tom", "cli")
    finally:
        await store.close()
    with sqlite3.connect(path) as con:
        before = con.execute("SELECT handle, account_id FROM overrides ORDER BY handle").fetchall()
    assert before == [("promo", ""), ("promo_deals", "42")]
    store = await Store.open(path)
    try:
        assert await store.version() >= 17
        rows = [(o.handle, o.account_id) for o in await store.moderation.overrides()]
        assert sorted(rows) == before
    finally:
        await store.close()
