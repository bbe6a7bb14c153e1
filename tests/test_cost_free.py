"""`bot.py cost` for an owner who answers on Mastodon and Bluesky: their answers are
counted (free), not reported as "0 answered" beside the X bill."""

from __future__ import annotations

from datetime import UTC, datetime

from whynot.cli.cost import report
from whynot.models import Identity, Mention
from whynot.store import Store


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
