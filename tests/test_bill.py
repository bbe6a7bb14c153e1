"""The true bill in the ledger (issue 17): a resource read twice in one UTC day is charged
once, as X bills it; each change of spend mode is kept, said once, and shown by `cost`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from whynot.cli.cost import report
from whynot.spend import PRICES, Budget, Mode
from whynot.store import Store

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC).timestamp()
DAY = 86_400.0


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "bill.db")
    yield s
    await s.close()


async def test_a_resource_read_twice_in_one_utc_day_is_charged_once(store):
    budget = Budget(store, 100.0)
    assert await budget.charge_reads("post_read", ["1", "2", "2"], "a", NOW) == 2
    assert await budget.charge_reads("post_read", ["2", "3"], "b", NOW + 3600) == 1
    assert await budget.charge_reads("user_read", ["2"], "c", NOW) == 1  # another kind
    midnight = datetime(2026, 11, 16, 0, 0, tzinfo=UTC).timestamp()
    assert await budget.charge_reads("post_read", ["1"], "d", midnight) == 1  # a new day
    assert await budget.charge_reads("post_read", ["1"], "e", midnight + 60) == 0
    spent = await store.spend.since("x", 0.0)
    assert spent["post_read"] == (4, pytest.approx(4 * PRICES["post_read"]))
    assert spent["user_read"] == (1, pytest.approx(PRICES["user_read"]))


async def test_mode_changes_are_kept_said_once_and_shown_by_cost(store, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="whynot.spend")
    budget = Budget(store, 10.0)
    assert await budget.mode(NOW) is Mode.NORMAL
    await store.spend.record("x", "post_read", 1, 8.0, "t", NOW)
    assert await budget.mode(NOW + 60) is Mode.LEAN
    assert await budget.mode(NOW + 120) is Mode.LEAN
    restarted = Budget(store, 10.0)  # a new process (cron): the change is not news again
    assert await restarted.mode(NOW + 180) is Mode.LEAN
    await store.spend.record("x", "post_read", 1, 2.5, "t", NOW + 200)
    assert await restarted.mode(NOW + 240) is Mode.EXHAUSTED
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "now lean" in said[0] and "now exhausted" in said[1]
    assert [m for _, m, _ in await store.modes.since("x", 0.0)] == ["lean", "exhausted"]
    lines = await report(tmp_path / "bill.db", 10.0, NOW + 300)
    history = lines[lines.index("mode changes this month:") + 1 :]
    assert len(history) == 2
    assert "12:01 UTC  lean" in history[0] and "$2.00 left" in history[0]
    assert "exhausted" in history[1] and "no paid call" in history[1]
    # `cost` only looks: running it records nothing
    assert len(await store.modes.since("x", 0.0)) == 2


async def test_yesterdays_reads_are_pruned(store):
    budget = Budget(store, 100.0)
    await budget.charge_reads("own_follower_read", [str(i) for i in range(50)], "page", NOW)
    await budget.charge_reads("own_follower_read", ["1"], "page", NOW + DAY)
    rows = await store.db.execute_fetchall("SELECT day, COUNT(*) FROM spend_reads GROUP BY day")
    assert [tuple(r) for r in rows] == [("2026-11-16", 1)]


async def test_cost_per_answer_leaves_the_follower_watch_out_and_waits_a_day_to_project(
    store, tmp_path
):
    from whynot.models import Identity, Mention

    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC).timestamp()
    budget = Budget(store, 20.0)
    await budget.charge_reads("own_follower_read", [str(i) for i in range(1500)], "p", start)
    await budget.charge_reads("post_read", [str(i) for i in range(10)], "posts", start)
    mention = Mention("x", "1", Identity("x", "9", "asker"), "why?")
    await store.messages.claim(mention, "why_not_followed", "en", start)
    await store.messages.mark_sent(mention, ["r1"], "why_not_followed", start + 1)
    lines = await report(tmp_path / "bill.db", 20.0, start + 900)  # 15 minutes in
    assert "  too early in the month to project its end" in lines
    [answers] = [line for line in lines if line.startswith("answered mentions")]
    assert "about $0.050 each" in answers and "follower watch's $1.50 apart" in answers
    later = await report(tmp_path / "bill.db", 20.0, start + 2 * DAY)
    # $1.55 in 2 days of December's 31
    assert any("at this pace the month would take $24.0" in line for line in later)


async def test_cost_counts_the_questions_waiting_for_money(store, tmp_path):
    # A question the budget or X's credits refused is kept, tried hourly (whynot.desk):
    # `cost` says how many there are, so the owner sees nothing was dropped.
    from whynot.models import Identity, Mention

    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC).timestamp()
    for mid in ("1", "2"):
        mention = Mention("x", mid, Identity("x", "9" + mid, "asker" + mid), "why?")
        await store.messages.claim(mention, "why_not_followed", "en", now)
        await store.messages.wait(mention, "waiting for money: 1 user_read", now + 3600, now)
    given_up = Mention("x", "3", Identity("x", "93", "asker3"), "why?")
    await store.messages.claim(given_up, "why_not_followed", "en", now)
    await store.messages.mark_failed(given_up, "attempt 4: X forbade (giving up)", None, now)
    lines = await report(tmp_path / "bill.db", 20.0, now)
    [waiting] = [line for line in lines if line.startswith("questions waiting for money")]
    assert waiting.startswith("questions waiting for money: 2 (tried hourly")


async def test_cost_counts_the_questions_waiting_for_write_access(store, tmp_path):
    # A read-only X token: questions kept for write access (whynot.desk) are counted apart
    # from those waiting for money, with the fix (review of 8ef3b6b: cost showed neither).
    from whynot.models import Identity, Mention

    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC).timestamp()
    for mid, why in (("1", "waiting for write access: X forbade"), ("2", "waiting for money")):
        mention = Mention("x", mid, Identity("x", "9" + mid, "asker" + mid), "why?")
        await store.messages.claim(mention, "why_not_followed", "en", now)
        await store.messages.wait(mention, why, now + 3600, now)
    lines = await report(tmp_path / "bill.db", 20.0, now)
    [access] = [line for line in lines if line.startswith("questions waiting for write access")]
    assert access.startswith("questions waiting for write access: 1 (the access token is read")
    [money] = [line for line in lines if line.startswith("questions waiting for money")]
    assert money.startswith("questions waiting for money: 1 (")


async def test_cost_counts_the_questions_waiting_for_new_credentials(store, tmp_path):
    # X's tokens revoked mid-run (a 401 on a reply): kept, tried hourly (tests/x/
    # test_x_revoked_reply.py); cost counts them apart, with the revoked tokens' fix.
    from whynot.models import WAITING_FOR_CREDENTIALS, Identity, Mention
    from whynot.platforms.revoked import X_FIX

    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC).timestamp()
    for mid in ("1", "2"):
        mention = Mention("x", mid, Identity("x", "9" + mid, "asker" + mid), "why?")
        await store.messages.claim(mention, "why_not_followed", "en", now)
        await store.messages.wait(mention, f"{WAITING_FOR_CREDENTIALS}: X refused", now + 3600, now)
    lines = await report(tmp_path / "bill.db", 20.0, now)
    [revoked] = [line for line in lines if line.startswith("questions waiting for new cred")]
    assert revoked == f"questions waiting for new credentials: 2 ({X_FIX})"
    assert not [line for line in lines if "write access" in line or "for money" in line]
