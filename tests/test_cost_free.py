"""`bot.py cost` for an owner who answers on Mastodon and Bluesky: their answers are
counted (free), not reported as "0 answered" beside the X bill."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from whynot.cli.cost import report
from whynot.models import Identity, Mention
from whynot.store import Store


async def one_question(
    db: Path, platform: str, at: float, settle: Callable[[Store, Mention], Awaitable[object]]
) -> None:
    """One question on `platform`, claimed at `at` in the database `db`, then `settle`d."""
    store = await Store.open(db)
    try:
        mention = Mention(platform, "1", Identity(platform, "91", "asker"), "why?")
        await store.messages.claim(mention, "why_not_followed", "en", at)
        await settle(store, mention)
    finally:
        await store.close()


async def test_answers_on_free_platforms_are_counted_apart_from_x(tmp_path):
    db = tmp_path / "bill.db"
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC).timestamp()
    store = await Store.open(db)
    try:
        for platform, mid in (("mastodon", "1"), ("mastodon", "2"), ("bluesky", "3")):
            mention = Mention(platform, mid, Identity(platform, "9" + mid, "asker"), "why?")
            await store.messages.claim(mention, "why_not_followed", "en", start)
            await store.messages.mark_sent(mention, ["r" + mid], "why_not_followed", start + 1)
    finally:
        await store.close()
    lines = await report(db, 20.0, start + 900)
    assert "answered mentions on X this month: 0" in lines
    assert "answered mentions elsewhere this month (free): Mastodon 2, Bluesky 1" in lines


async def test_an_owner_without_x_is_told_nothing_costs_money_not_shown_an_x_budget(tmp_path):
    # An owner on Discord, Bluesky and Mastodon only was shown "$0.000 of $20.00 ($20.00
    # left; mode: normal)": a bill and a budget for a service they never signed up to.
    db = tmp_path / "bill.db"
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC).timestamp()

    async def sent(store: Store, mention: Mention) -> None:
        await store.messages.mark_sent(mention, ["r1"], "why_not_followed", start + 1)

    await one_question(db, "bluesky", start, sent)
    lines = await report(db, 20.0, start + 900, x_chosen=False)
    assert lines[0].startswith("X is not set up here") and "nothing is spent" in lines[0]
    assert not any("$" in line for line in lines), lines
    assert "answered mentions elsewhere this month (free): Bluesky 1" in lines
    # Once X spent this month, the bill is shown whatever the credentials now say.
    store = await Store.open(db)
    try:
        await store.spend.record("x", "post_read", 2, 0.01, "mentions", start + 5)
    finally:
        await store.close()
    assert (await report(db, 20.0, start + 900, x_chosen=False))[0].startswith("X spend since")


async def test_x_questions_still_waiting_keep_the_bill_without_x_credentials(tmp_path):
    # X's tokens revoked and taken out of .env: the questions kept for new ones are still
    # counted (with the fix), not hidden behind "X is not set up here".
    from whynot.models import WAITING_FOR_CREDENTIALS

    db = tmp_path / "bill.db"
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC).timestamp()
    why = f"{WAITING_FOR_CREDENTIALS}: X refused"
    await one_question(db, "x", now, lambda s, m: s.messages.wait(m, why, now + 3600, now))
    lines = await report(db, 20.0, now, x_chosen=False)
    assert any(line.startswith("questions waiting for new credentials: 1") for line in lines)


def test_a_half_done_x_set_up_is_not_told_it_has_no_x_credentials(tmp_path, monkeypatch, capsys):
    # Four of X's five variables set, the bearer token forgotten: "no X_* credentials"
    # was false, and hid the budget from an owner setting X up (`run` names the missing).
    from whynot.cli import main
    from whynot.config import X_SECRETS

    db = str(tmp_path / "bill.db")
    assert main(["migrate", "--db", db, "--create"]) == 0
    for name in X_SECRETS:
        monkeypatch.setenv(name, "set")
    monkeypatch.delenv("X_BEARER_TOKEN")
    capsys.readouterr()
    assert main(["cost", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "X is not set up here" not in out and out.startswith("X spend since"), out
