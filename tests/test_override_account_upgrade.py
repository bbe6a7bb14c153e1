"""A decision taken before the upgrade that keeps account ids (015) follows its account
too: 016 gives each decision and log entry made by handle the id of the account the bot
last saw with that handle (eighth walkthrough: a team's standing decisions, made before
the upgrade, were the ones a rename would lose)."""

from __future__ import annotations

import sqlite3

from factories import account

from whynot.moderation import ModerationService
from whynot.store import Store


async def test_a_decision_made_before_the_upgrade_gets_its_account_id(tmp_path):
    path = tmp_path / "old.db"
    store = await Store.open(path, upto=14)
    await store.close()
    with sqlite3.connect(path) as con:  # as version 14 wrote them
        con.execute(
            "INSERT INTO accounts (platform, account_id, handle, fetched_at, ttl_seconds, "
            "snapshot) VALUES ('x', '42', 'Promo', 5.0, 60.0, '{}')"
        )
        con.execute("INSERT INTO overrides VALUES ('x', 'promo', 'deny', 'only ads', 'rosa', 10.0)")
        con.execute(
            "INSERT INTO overrides VALUES ('x', 'never_met', 'approve', 'a friend', 'tom', 11.0)"
        )
        con.execute(
            "INSERT INTO audit_log (at, actor, action, platform, handle, detail, source) "
            "VALUES (10.0, 'rosa', 'deny', 'x', 'promo', 'only ads', 'cli')"
        )
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, lambda: 20.0)
        await store.accounts.save("x", account("promo_deals", id="42"), 30.0, 60.0)  # renamed
        assert (await moderation.current("x", "promo_deals")).reason == "only ads"
        [entry] = await moderation.history("x", "promo_deals")
        assert (entry.action, entry.actor, entry.account_id) == ("deny", "rosa", "42")
        never = await moderation.current("x", "never_met")
        assert never is not None and never.account_id == ""  # by handle, as before
    finally:
        await store.close()


async def test_the_upgrade_ties_a_decision_only_to_a_snapshot_fresh_when_it_was_made(tmp_path):
    # @promo read at 5 (for 60 s) then renamed unseen; @promo decided at 1000 by handle: that
    # snapshot may be a former holder. @shop: read at 900 (fresh at the decision, 950), and
    # another account read with the handle at 2000, after it: the decision was about the first
    path = tmp_path / "old.db"
    store = await Store.open(path, upto=14)
    await store.close()
    with sqlite3.connect(path) as con:  # as version 14 wrote them
        con.executemany(
            "INSERT INTO accounts (platform, account_id, handle, fetched_at, ttl_seconds, "
            "snapshot) VALUES ('x', ?, ?, ?, 60.0, '{}')",
            [("42", "promo", 5.0), ("7", "shop", 900.0), ("8", "shop", 2000.0)],
        )
        con.execute("INSERT INTO overrides VALUES ('x', 'promo', 'deny', 'only ads', 'rosa', 1e3)")
        con.execute("INSERT INTO overrides VALUES ('x', 'shop', 'approve', 'a shop', 'tom', 950.0)")
        con.execute(
            "INSERT INTO audit_log (at, actor, action, platform, handle, detail, source) "
            "VALUES (1000.0, 'rosa', 'deny', 'x', 'promo', 'only ads', 'cli')"
        )
    store = await Store.open(path)
    try:
        ids = {o.handle: o.account_id for o in await store.moderation.overrides()}
        assert ids == {"promo": "", "shop": "7"}
        [entry] = await store.moderation.history()
        assert entry.account_id == ""
    finally:
        await store.close()
