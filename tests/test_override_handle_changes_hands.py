"""A handle that changes hands keeps each decision with its own account (b4f6365's
decisions by account id, read again): a decision made by handle is tied to an account only
through a fresh snapshot, never a stale one whose holder may have renamed since; and a
decision on a handle's new holder never overwrites the former holder's decision there."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import pytest
from factories import Clock, account
from test_desk import PROMO, make_desk, make_platform, who

from whynot.cli import main
from whynot.models import Identity, Mention
from whynot.moderation import ModerationError, ModerationService
from whynot.store import Store

ASK = "why didn't you follow me back?"
DAY = 86400.0


async def test_a_decision_by_handle_is_not_tied_to_a_stale_snapshots_account(tmp_path):
    platform = make_platform()
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", platform, clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        await desk.handle(Mention("x", "1", who(PROMO), ASK))  # A cached as @promo
        renamed = replace(PROMO, handle="promo_deals")  # A renames; the bot never re-reads it
        platform.accounts[PROMO.id] = renamed
        heir = replace(PROMO, id="id-heir")  # B takes up @promo, the same ads
        platform.accounts[heir.id] = heir
        clock.now += 30 * DAY  # A's snapshot is long stale
        # a moderator denies whoever is @promo now, by handle (bot.py override set, the feed)
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "deny", "only ads", "rosa", "cli")
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == ""  # by handle until the holder is met, not A's id
        assert (await desk.handle(Mention("x", "2", who(heir), ASK))).template == (
            "moderator_denied"
        )
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == heir.id  # pinned to the real holder when met (edc65c5)
        former = await desk.handle(Mention("x", "3", who(renamed), ASK))
        assert former.template != "moderator_denied"  # A is not told publicly of B's deny
    finally:
        await desk.store.close()


async def test_a_fresh_snapshot_still_gives_the_decision_its_account(tmp_path):
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", make_platform(), clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        await desk.handle(Mention("x", "1", who(PROMO), ASK))
        await moderation.decide(Identity("x", "", "promo", "promo"), "deny", "ads", "rosa", "cli")
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == PROMO.id
    finally:
        await desk.store.close()


async def test_deciding_on_a_handles_new_holder_moves_the_former_holders_decision(tmp_path):
    desk = await make_desk(tmp_path / "w.db", make_platform())
    moderation = ModerationService(desk.store, desk.clock)
    try:
        a = Identity("x", "42", "promo", "A")
        await moderation.decide(a, "deny", "only ads", "rosa", "cli")
        now = desk.clock()
        await desk.store.accounts.save("x", account("promo_deals", id="42"), now, DAY)  # renamed
        change = await moderation.decide(
            Identity("x", "99", "promo", "B"), "approve", "a person", "tom", "discord"
        )
        assert change.replaced is None  # B had no decision; A's was not replaced
        kept = await moderation.current("x", "promo_deals", "42")
        assert kept is not None and (kept.decision, kept.reason) == ("deny", "only ads")
        rows = {(o.handle, o.account_id, o.decision) for o in await moderation.in_force()}
        assert rows == {("promo_deals", "42", "deny"), ("promo", "99", "approve")}
        assert [e.action for e in await moderation.history("x", "promo_deals", "42")] == ["deny"]
    finally:
        await desk.store.close()


async def test_a_decision_by_handle_alone_moves_a_renamed_accounts_decision_too(tmp_path):
    desk = await make_desk(tmp_path / "w.db", make_platform())
    moderation = ModerationService(desk.store, desk.clock)
    try:
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await desk.store.accounts.save("x", account("promo_deals", id="42"), desk.clock(), DAY)
        typed = Identity("x", "", "promo", "promo")  # never met: no id
        change = await moderation.decide(typed, "approve", "a person", "tom", "cli")
        assert change.replaced is None
        rows = {(o.handle, o.account_id, o.decision) for o in await moderation.in_force()}
        assert rows == {("promo_deals", "42", "deny"), ("promo", "", "approve")}
    finally:
        await desk.store.close()


@pytest.mark.parametrize("seen", [True, False])
async def test_a_former_holders_decision_that_cannot_move_is_refused_not_lost(tmp_path, seen):
    desk = await make_desk(tmp_path / "w.db", make_platform())
    moderation = ModerationService(desk.store, desk.clock)
    try:
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        if seen:  # the bot last saw account 42 as @promo: its new handle is unknown
            await desk.store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)
        before = await moderation.history()
        with pytest.raises(ModerationError) as refused:
            await moderation.decide(
                Identity("x", "99", "promo", "B"), "approve", "a person", "tom", "cli"
            )
        said = str(refused.value)
        assert "\n" not in said and "deny by rosa" in said and "id 42" in said
        assert "decide on @promo again once the bot has met that account" in said
        [row] = await moderation.in_force()
        assert (row.handle, row.account_id, row.decision) == ("promo", "42", "deny")
        assert await moderation.history() == before  # nothing logged: nothing changed
    finally:
        await desk.store.close()


async def a_former_holder_in_the_way(path) -> None:
    """A (id 42) denied at @promo, cached as @promo long ago (stale); B (id 99) holds
    @promo now (fresh): a database for `bot.py override` to meet them in."""
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, time.time)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)  # stale
        await store.accounts.save("x", account("promo", id="99"), time.time(), DAY)  # fresh
    finally:
        await store.close()


def test_bot_py_override_set_says_the_refusal_in_one_line(tmp_path, capsys):
    path = tmp_path / "whynot.db"

    asyncio.run(a_former_holder_in_the_way(path))
    argv = ["override", "set", "--db", str(path), "--platform", "x", "promo", "approve"]
    assert main([*argv, "--reason", "a person", "--by", "tom"]) != 0
    captured = capsys.readouterr()
    said = (captured.err + captured.out).strip()
    assert "not recorded: @promo has the deny by rosa" in said and said.count("\n") == 0
    assert "Traceback" not in said


def test_the_owner_refused_clears_the_former_holders_decision_then_decides(tmp_path, capsys):
    """A (id 42) denied at @promo, cached as @promo (stale); B (id 99) holds @promo now.
    The refusal names the way out, `override clear --id 42` removes A's decision (a plain
    clear does not: it is not B's), and the decision on B is then recorded; A's history has
    the reset."""
    path = tmp_path / "whynot.db"

    asyncio.run(a_former_holder_in_the_way(path))
    common = ["--db", str(path), "--platform", "x", "promo"]
    setting = ["override", "set", *common, "approve", "--reason", "a person", "--by", "tom"]
    assert main(setting) != 0
    refused = capsys.readouterr()
    assert "`bot.py override clear x:promo --id 42`" in refused.err + refused.out
    clearing = ["override", "clear", *common, "--reason", "former holder", "--by", "tom"]
    assert main(clearing) != 0  # B has no decision; A's is not removed unasked
    refused = capsys.readouterr()
    said = (refused.err + refused.out).strip()
    assert said.count("\n") == 0 and "not cleared: @promo has no decision" in said
    assert "(id 42)" in said and "`bot.py override clear x:promo --id 42`" in said
    assert main([*clearing, "--id", "42"]) == 0
    said = capsys.readouterr().out
    assert "cleared the decision on x @promo" in said and "the deny by rosa" in said
    assert main(setting) == 0

    async def check() -> None:
        store = await Store.open(path)
        try:
            moderation = ModerationService(store, time.time)
            [row] = await moderation.in_force()
            assert (row.handle, row.account_id, row.decision) == ("promo", "99", "approve")
            actions = [(e.action, e.actor) for e in await moderation.history("x", "promo", "42")]
            assert actions == [("deny", "rosa"), ("reset", "tom")]
        finally:
            await store.close()

    asyncio.run(check())


async def test_one_account_never_holds_two_decisions_after_a_rename(tmp_path):
    """A (id 42) denied as @promo by id, seen renamed @promo_deals; days later (stale) a
    moderator approves @promo_deals by handle alone; the bot meets A again: the approve,
    the newest, is A's one decision (the deny under @promo goes; both stay in the log)."""
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", make_platform(), clock)
    moderation = ModerationService(desk.store, clock)
    try:
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await desk.store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        clock.now += 3 * DAY
        typed = Identity("x", "", "promo_deals", "promo_deals")
        await moderation.decide(typed, "approve", "a person now", "tom", "cli")
        await desk.store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        rows = [(o.handle, o.account_id, o.decision) for o in await moderation.in_force()]
        assert rows == [("promo_deals", "42", "approve")]
        current = await moderation.current("x", "promo_deals", "42")
        assert (current.decision, current.moderator) == ("approve", "tom")
        logged = [e.action for e in await moderation.history("x", "promo_deals", "42")]
        assert logged == ["deny", "approve", "reset"]  # the deny's removal is said (the bot)
    finally:
        await desk.store.close()


async def test_a_clear_removes_the_one_decision_it_names_and_logs(tmp_path):
    """A (id 42) moved to @promo_deals with its deny; @promo's new holder, never met, is
    approved by handle. Clearing A's by its id at @promo (`override clear x:promo --id 42`)
    removes A's deny, named and logged, and never the approve beside it unsaid."""
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", make_platform(), clock)
    moderation = ModerationService(desk.store, clock)
    try:
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await desk.store.accounts.save("x", account("promo_deals", id="42"), clock(), 60.0)
        clock.now += DAY
        await moderation.decide(
            Identity("x", "", "promo", "promo"), "approve", "a person", "tom", "cli"
        )
        change = await moderation.clear(Identity("x", "42", "promo", "A"), "again", "tom", "cli")
        assert (change.replaced.account_id, change.replaced.decision) == ("42", "deny")
        rows = [(o.handle, o.account_id, o.decision) for o in await moderation.in_force()]
        assert rows == [("promo", "", "approve")]
        resets = [e.account_id for e in await moderation.history() if e.action == "reset"]
        assert resets == ["42"]
    finally:
        await desk.store.close()
