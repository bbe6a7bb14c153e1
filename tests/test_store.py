"""The store: migrations on a file made by the first schema, claims, overrides and audit."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from whynot.models import Identity, Mention, Override
from whynot.store import SCHEMA_VERSION, Store, StoreError

V1 = Path(__file__).resolve().parent / "fixtures" / "whynot-v1.db"


def mention(mid: str = "m1", author: str = "u1") -> Mention:
    return Mention("x", mid, Identity("x", author, f"h{author}", "Name"), "follow back?")


async def test_a_first_version_file_upgrades_in_place_with_no_data_lost(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    store = await Store.open(path)
    try:
        assert await store.version() == SCHEMA_VERSION
        sent = await store.messages.rows(["sent"])
        assert [(r.mention.id, r.reply_ids, r.intent) for r in sent] == [
            ("1001", ("r1",), "why_not_followed")
        ]
        assert (await store.moderation.override("x", "LEO")).reason == "great peer"
        history = await store.moderation.history("x", "leo")
        assert [(h.actor, h.action, h.source) for h in history] == [("mod_rosa", "approve", "cli")]
        assert await store.cursors.get("x", "mentions") == "1001"
        assert (await store.messages.precheck(mention("new", "u1"), 0.0, 1))[1] == 1700000001
        assert await store.integrity() == "ok"
    finally:
        await store.close()
    with sqlite3.connect(path) as con:  # the new columns exist with their defaults
        assert con.execute("SELECT language FROM messages").fetchone() == ("en",)


async def test_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this code"):
        await Store.open(path)


async def test_claim_is_won_once(tmp_path):
    store = await Store.open(tmp_path / "s.db")
    try:
        m = mention()
        first = await store.messages.claim(m, "why_not_followed", "en", 100.0)
        second = await store.messages.claim(m, "why_not_followed", "en", 101.0)
        assert first.won and not second.won and second.state == "claimed"
        await store.messages.mark_failed(m, "boom", retry_at=200.0, now=102.0)
        assert not (
            await store.messages.claim(m, "why_not_followed", "en", 150.0)
        ).won  # not due yet
        retry = await store.messages.claim(m, "why_not_followed", "en", 200.0)
        assert retry.won and retry.attempt == 2
        await store.messages.mark_sent(m, ["r9"], "why_not_followed", 201.0)
        assert not (await store.messages.claim(m, "why_not_followed", "en", 999.0)).won
        assert (await store.messages.precheck(mention("new", "u1"), 0.0, 1))[1] == 201.0
        assert (await store.messages.precheck(m, 200.0, 10))[2] == 1
    finally:
        await store.close()


async def test_a_claim_counts_replies_in_flight_against_the_hourly_cap(tmp_path):
    store = await Store.open(tmp_path / "s.db")
    try:
        cap = (0.0, 2)  # at most two replies sent or being sent since t=0
        a, b, c = mention("a", "u1"), mention("b", "u2"), mention("c", "u3")
        assert (await store.messages.claim(a, "why_not_followed", "en", 10.0, hourly=cap)).won
        assert (await store.messages.claim(b, "why_not_followed", "en", 11.0, hourly=cap)).won
        full = await store.messages.claim(c, "why_not_followed", "en", 12.0, hourly=cap)
        assert not full.won and full.capped and await store.messages.state("x", "c") is None
        await store.messages.mark_sent(a, ["r1"], "t", 13.0)
        assert (await store.messages.claim(c, "why_not_followed", "en", 14.0, hourly=cap)).capped
        # a retry that is due is held back by the cap too; one not yet due is not "capped"
        await store.messages.mark_failed(b, "boom", retry_at=20.0, now=15.0)
        await store.messages.defer(c, "why_not_followed", "en", "cap", retry_at=20.0, now=10.0)
        waiting = await store.messages.claim(c, "why_not_followed", "en", 16.0, hourly=cap)
        assert not waiting.won and not waiting.capped
        assert (await store.messages.claim(b, "why_not_followed", "en", 21.0, hourly=cap)).won
        due = await store.messages.claim(c, "why_not_followed", "en", 22.0, hourly=cap)
        assert due.capped and due.state == "failed"
        assert (await store.messages.claim(c, "why_not_followed", "en", 22.0, hourly=(14.0, 2))).won
    finally:
        await store.close()


async def test_a_claim_left_behind_long_ago_does_not_hold_a_place_in_the_cap(tmp_path):
    """A claim a dead process left (its platform not loaded to recover it) counts only
    while recent; older, it must not lower the cap for ever."""
    store = await Store.open(tmp_path / "s.db")
    try:
        stuck = Mention("discord", "d1", Identity("discord", "u9", "h", "N"), "follow back?")
        assert (await store.messages.claim(stuck, "why_not_followed", "en", 0.0)).won
        later = 5 * 86_400.0
        fresh = await store.messages.claim(
            mention("x1"), "why_not_followed", "en", later, (later - 3600, 1)
        )
        assert fresh.won and not fresh.capped
        recent = Mention("discord", "d2", Identity("discord", "u8", "h", "N"), "follow back?")
        assert (await store.messages.claim(recent, "why_not_followed", "en", later)).won
        blocked = await store.messages.claim(
            mention("x2"), "why_not_followed", "en", later, (later - 3600, 2)
        )
        assert blocked.capped  # x1 and d2, both recent, fill a cap of two
    finally:
        await store.close()


async def test_overrides_are_audited_and_reset(tmp_path):
    store = await Store.open(tmp_path / "s.db")
    try:
        await store.moderation.set_override(
            Override("x", "Pete", "deny", "spam", "rosa", 10.0), "discord"
        )
        await store.moderation.set_override(
            Override("x", "pete", "approve", "changed", "li", 20.0), "cli"
        )
        assert (await store.moderation.override("x", "PETE")).decision == "approve"
        assert await store.moderation.clear_override("x", "pete", "li", "mistake", "cli", 30.0)
        assert not await store.moderation.clear_override("x", "pete", "li", "again", "cli", 31.0)
        assert await store.moderation.override("x", "pete") is None
        actions = [
            (h.action, h.actor, h.source) for h in await store.moderation.history("x", "pete")
        ]
        assert actions == [
            ("deny", "rosa", "discord"),
            ("approve", "li", "cli"),
            ("reset", "li", "cli"),
        ]
    finally:
        await store.close()


async def test_guild_settings_are_audited(tmp_path):
    store = await Store.open(tmp_path / "s.db")
    try:
        await store.guilds.set("g1", "feed_channel", "555", "owner#1", 5.0)
        await store.guilds.set("g1", "feed_channel", None, "owner#1", 6.0)
        await store.guilds.set("g1", "tone", "letter", "owner#1", 7.0)
        assert await store.guilds.settings("g1") == {"tone": "letter"}
        assert await store.guilds.settings("g2") == {}
        details = [h.detail for h in await store.moderation.history()]
        assert details == ["feed_channel = 555", "feed_channel = (unset)", "tone = letter"]
    finally:
        await store.close()


async def test_a_task_writing_during_another_tasks_transaction_waits_its_turn(tmp_path):
    """The X loop and the Discord bot share one connection: a moderator's setting written
    while the watcher's diff transaction is open must neither fail nor be rolled back."""
    import asyncio

    store = await Store.open(tmp_path / "s.db")
    try:
        started = asyncio.Event()

        async def long_transaction():
            async with store.db.transaction():
                await store.db.execute("INSERT INTO cursors VALUES ('x', 'a', '1', 0)")
                started.set()
                await asyncio.sleep(0.05)
                raise RuntimeError("the diff fails")

        async def moderator():
            await started.wait()
            await store.guilds.set("g", "tone", "letter", "rosa", 1.0)
            await store.spend.record("x", "post_read", 1, 0.005, "note", 1.0)

        results = await asyncio.gather(long_transaction(), moderator(), return_exceptions=True)
        assert isinstance(results[0], RuntimeError) and results[1] is None
        assert await store.guilds.settings("g") == {"tone": "letter"}
        assert await store.spend.since("x", 0.0) == {"post_read": (1, 0.005)}
        assert await store.cursors.get("x", "a") is None  # the failed transaction left nothing
    finally:
        await store.close()


# --- the account cache: what saves money on X ------------------------------------------
async def test_a_refetched_account_is_fresh_again_for_its_whole_ttl(tmp_path):
    from dataclasses import replace

    from factories import account

    store = await Store.open(tmp_path / "cache.db")
    try:
        first = account("pete", followers_count=10)
        await store.accounts.save("x", first, 1000.0, 3600.0)
        assert (await store.accounts.cached("x", first.id, 1000.0 + 3599)).followers_count == 10
        assert await store.accounts.cached("x", first.id, 1000.0 + 3601) is None  # stale
        # fetched again (paid for again) at t=5000: fresh until 8600, with the new counts
        await store.accounts.save("x", replace(first, followers_count=99), 5000.0, 3600.0)
        again = await store.accounts.cached("x", first.id, 5000.0 + 3500)
        assert again is not None and again.followers_count == 99
        assert await store.accounts.cached("x", first.id, 5000.0 + 3601) is None
    finally:
        await store.close()


# --- follow events: notices once, flaps within a day -----------------------------------
DAY = 86_400.0
HOUR = 3600.0


async def _unfollow_then_refollow(store: Store, after: float | None) -> list[tuple[int, str]]:
    who = Identity("x", "42", "pete")
    await store.followers.add_event("x", who, "unfollow", 10 * DAY)
    if after is not None:
        await store.followers.add_event("x", who, "refollow", 10 * DAY + after)
    return await store.followers.settle_unfollows("x", 13 * DAY - DAY)


async def test_a_refollow_within_24_hours_is_a_flap(tmp_path):
    # README: "an unfollow and refollow within a day is a flap: nothing is said"
    store = await Store.open(tmp_path / "flap.db")
    try:
        assert await _unfollow_then_refollow(store, 23 * HOUR + 50 * 60) == []
        assert [s for _, k, s, _ in await store.followers.events("x") if k == "unfollow"] == [
            "flap"
        ]
    finally:
        await store.close()


async def test_a_refollow_after_24_hours_leaves_the_unfollow_to_be_spoken_of(tmp_path):
    store = await Store.open(tmp_path / "noflap.db")
    try:
        settled = await _unfollow_then_refollow(store, 24 * HOUR + 10 * 60)
        assert [account for _, account in settled] == ["42"]
    finally:
        await store.close()


async def test_an_unfollow_settles_only_after_a_day(tmp_path):
    store = await Store.open(tmp_path / "settle.db")
    try:
        await store.followers.add_event("x", Identity("x", "7", "ana"), "unfollow", 100 * DAY)
        assert await store.followers.settle_unfollows("x", 100 * DAY - 1) == []
        assert [a for _, a in await store.followers.settle_unfollows("x", 100 * DAY)] == ["7"]
    finally:
        await store.close()


async def test_a_notice_can_be_claimed_only_once(tmp_path):
    store = await Store.open(tmp_path / "notice.db")
    try:
        event = await store.followers.add_event("x", Identity("x", "7", "ana"), "unfollow", 0.0)
        assert await store.followers.mark_notified(event, 10.0) is True
        assert await store.followers.mark_notified(event, 20.0) is False
        assert await store.followers.notices_since("x", 0.0) == 1
        assert await store.followers.notices_since("x", 11.0) == 0  # counted from its first claim
    finally:
        await store.close()


async def test_a_skip_never_overwrites_a_message_already_answered(tmp_path):
    # Second line of defence behind the desk's "already handled" check.
    store = await Store.open(tmp_path / "skip.db")
    try:
        m = mention("m9")
        assert (await store.messages.claim(m, "why_not_followed", "en", 1.0)).won
        await store.messages.mark_sent(m, ["r1"], "why_not_followed", 2.0)
        assert await store.messages.record_skip(m, "other", "en", "not a question", 3.0) is False
        assert await store.messages.state("x", "m9") == "sent"
    finally:
        await store.close()


async def test_language_of_is_the_latest_message_read_not_the_latest_row_touched(tmp_path):
    # An older English question still retried (failed, due again) was touched after a newer
    # Portuguese one was answered: the oversight note then spoke English to @maria_pt.
    store = await Store.open(tmp_path / "w.db")
    try:
        old, new = mention("m1", "u1"), mention("m2", "u1")
        await store.messages.claim(old, "why_not_followed", "en", 10.0)
        await store.messages.claim(new, "why_not_followed", "pt", 50.0)
        await store.messages.mark_sent(new, ["r2"], "verdict", 51.0)
        await store.messages.mark_failed(old, "boom", retry_at=300.0, now=200.0)
        assert await store.messages.language_of("x", "u1") == "pt"
    finally:
        await store.close()


async def test_language_of_passes_over_a_message_with_no_words_to_read(tmp_path):
    # "🙏🙏" after a Spanish question read as English ("nothing tells"), and the
    # oversight note then spoke English to a Spanish speaker.
    store = await Store.open(tmp_path / "w.db")
    try:
        spanish = Mention("x", "m1", Identity("x", "u1", "hu1"), "¿por qué no me sigues?")
        emoji = Mention("x", "m2", Identity("x", "u1", "hu1"), "🙏🙏 @owner")
        await store.messages.claim(spanish, "why_not_followed", "es", 10.0)
        await store.messages.record_skip(emoji, "other", "en", "not a question", 20.0)
        assert await store.messages.language_of("x", "u1") == "es"
        assert await store.messages.language_of("x", "nobody") is None
    finally:
        await store.close()
