"""A decision taken before the upgrade that keeps account ids (015) follows its account
too: 016 gives each decision and log entry made by handle the id of the account the bot
last saw with that handle (eighth walkthrough: a team's standing decisions, made before
the upgrade, were the ones a rename would lose). 017 repairs a file the first 016 (since
corrected) upgraded: its ties to a snapshot already stale at the decision."""

from __future__ import annotations

import sqlite3

from factories import account

from whynot.moderation import ModerationService
from whynot.store import Store
from whynot.store.db import MIGRATIONS


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


# Migration 016 as first committed (506edbf), which files already at version 16 ran: each
# decision by handle tied to the account last seen with it, however long before.
FIRST_016 = """
UPDATE overrides SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    ORDER BY a.fetched_at DESC LIMIT 1), '')
WHERE account_id = '';
UPDATE audit_log SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    ORDER BY a.fetched_at DESC LIMIT 1), '')
WHERE account_id = '' AND action != 'config';
"""


async def a_version_16_file(path, first_016: bool) -> None:
    """As the test above at version 14 (@promo read at 5 and stale at its decision, 1000;
    @shop read fresh at 900 for its decision at 950, then another @shop at 2000), upgraded
    to 16 by the first 016 or the corrected one; then decisions made at version 16 with an
    id: a Discord member picked (its snapshot long stale), and @fresh by a fresh snapshot."""
    store = await Store.open(path, upto=14)
    await store.close()
    with sqlite3.connect(path) as con:
        con.executemany(
            "INSERT INTO accounts (platform, account_id, handle, fetched_at, ttl_seconds, "
            "snapshot) VALUES (?, ?, ?, ?, 60.0, '{}')",
            [
                ("x", "42", "promo", 5.0),
                ("x", "7", "shop", 900.0),
                ("x", "8", "shop", 2000.0),
                ("discord", "555", "ana", 100.0),
                ("x", "61", "fresh", 3000.0),
            ],
        )
        decided = [
            ("x", "promo", "deny", "only ads", "rosa", 1000.0, "cli"),
            ("x", "shop", "approve", "a shop", "tom", 950.0, "cli"),
            ("x", "never_met", "approve", "a friend", "tom", 11.0, "cli"),
        ]
        con.executemany("INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?)", [d[:6] for d in decided])
        con.executemany(
            "INSERT INTO audit_log (platform, handle, action, detail, actor, at, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [*decided, ("x", "promo", "config", "tone polite", "rosa", 12.0, "discord")],
        )
    store = await Store.open(path, upto=15 if first_016 else 16)
    await store.close()
    with sqlite3.connect(path) as con:
        if first_016:
            con.executescript(FIRST_016 + "PRAGMA user_version = 16;")
        for row in [
            ("discord", "ana", "deny", "spam", "rosa", 5000.0, "555", "discord"),
            ("x", "fresh", "approve", "a person", "tom", 3010.0, "61", "cli"),
        ]:
            con.execute("INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?, ?)", row[:7])
            con.execute(
                "INSERT INTO audit_log (platform, handle, action, detail, actor, at, account_id, "
                "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )


def rows(path) -> tuple[list, list]:
    with sqlite3.connect(path) as con:
        return (
            con.execute("SELECT * FROM overrides ORDER BY handle").fetchall(),
            con.execute("SELECT * FROM audit_log ORDER BY id").fetchall(),
        )


def ties(path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return dict(con.execute("SELECT handle, account_id FROM overrides"))


async def test_017_repairs_a_file_the_first_016_upgraded_and_loses_nothing(tmp_path):
    path = tmp_path / "v16.db"
    await a_version_16_file(path, first_016=True)
    assert ties(path)["promo"] == "42" and ties(path)["shop"] == "8"  # the stale ties
    overrides, log = rows(path)
    store = await Store.open(path)
    await store.close()
    assert ties(path) == {"promo": "", "shop": "7", "never_met": "", "ana": "555", "fresh": "61"}
    after_overrides, after_log = rows(path)
    # every decision and log entry kept, nothing but account ids changed
    assert [r[:6] for r in after_overrides] == [r[:6] for r in overrides]
    assert [r[:8] for r in after_log] == [r[:8] for r in log]
    assert {r[1]: r[8] for r in after_log} == {  # each entry's tie, by its time
        1000.0: "",
        950.0: "7",
        11.0: "",
        12.0: "",
        5000.0: "555",
        3010.0: "61",
    }


async def test_017_changes_nothing_on_a_file_already_right(tmp_path):
    right, again = tmp_path / "right.db", tmp_path / "again.db"
    await a_version_16_file(right, first_016=False)
    before = rows(right)
    store = await Store.open(right)
    await store.close()
    assert rows(right) == before
    # and run twice on a repaired file: the second run changes nothing
    await a_version_16_file(again, first_016=True)
    store = await Store.open(again)
    await store.close()
    repaired = rows(again)
    [m017] = [m for m in MIGRATIONS if m.version == 17]
    with sqlite3.connect(again) as con:
        for statement in m017.statements:
            con.execute(statement)
    assert rows(again) == repaired
