"""A clear by an account's id (`bot.py override clear x:promo --id 42`, `/override clear
id:`) removes only the decision tied to that id: never one at the handle made by handle
alone, maybe about the handle's new holder, and never a reset logged under that id for it."""

from __future__ import annotations

import asyncio
import time

from factories import Clock, account

from whynot.cli import main
from whynot.models import Identity
from whynot.moderation import ModerationService
from whynot.store import Store

DAY = 86400.0


async def a_moved_deny_and_a_new_holders_approve(path, clock=None) -> None:
    """A (id 42) denied at @promo, seen renamed @promo_deals (its deny moves with it when
    @promo is decided on); @promo's new holder, never met, approved by handle alone."""
    clock = clock or Clock(time.time() - DAY)
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, clock)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await store.accounts.save("x", account("promo_deals", id="42"), clock(), 60.0)
        clock.now += 600
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a person", "tom", "cli")
    finally:
        await store.close()


async def _state(path) -> tuple[list[tuple[str, str, str]], list[str]]:
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, time.time)
        rows = [(o.handle, o.account_id, o.decision) for o in await moderation.in_force()]
        resets = [e.account_id for e in await moderation.history() if e.action == "reset"]
        return rows, resets
    finally:
        await store.close()


def test_a_second_clear_by_id_keeps_the_new_holders_decision(tmp_path, capsys):
    """rosa and tom both run the command a refusal named: the first clears A's deny; the
    second finds no decision about 42 and says so, and the approve by handle stays."""
    path = tmp_path / "whynot.db"
    asyncio.run(a_moved_deny_and_a_new_holders_approve(path))
    clearing = ["override", "clear", "--db", str(path), "x:promo", "--id", "42"]
    assert main([*clearing, "--reason", "again", "--by", "rosa"]) == 0
    assert "the deny by" in capsys.readouterr().out
    assert main([*clearing, "--reason", "again", "--by", "tom"]) != 0
    said = capsys.readouterr()
    assert "there is no decision on x @promo (id 42) to clear" in said.err + said.out
    rows, resets = asyncio.run(_state(path))
    assert rows == [("promo", "", "approve")]
    assert resets == ["42"]


async def test_a_clear_by_id_of_another_account_never_takes_a_by_handle_decision(tmp_path):
    """Only an approve by handle alone at @promo: a clear typed with id 42 removes nothing
    and logs nothing; a plain clear (the handle's holder) still removes it."""
    clock = Clock()
    store = await Store.open(tmp_path / "w.db")
    try:
        moderation = ModerationService(store, clock)
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a person", "tom", "cli")
        by_id = Identity("x", "42", "promo", "promo")
        assert await moderation.clear(by_id, "again", "tom", "cli", by_id=True) is None
        assert [o.decision for o in await moderation.in_force()] == ["approve"]
        assert [e.action for e in await moderation.history()] == ["approve"]
        assert (await moderation.clear(typed, "again", "tom", "cli")) is not None
        assert await moderation.in_force() == []
    finally:
        await store.close()


async def a_former_holder_and_the_new_one(path) -> None:
    """A (id 42) denied at @promo, cached as @promo long ago (stale); B (id 99) holds @promo
    now (fresh), with no decision."""
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, time.time)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)  # stale
        await store.accounts.save("x", account("promo", id="99"), time.time(), DAY)  # fresh
    finally:
        await store.close()


def test_a_clear_by_id_says_the_id_and_its_log_is_read_by_it(tmp_path, capsys):
    """The reply to `override clear x:promo --id 42` names 42, not @promo's holder now (99),
    and `override history x:promo --id 42` reads the log it points to (the plain history
    of @promo is 99's, with nothing in it)."""
    path = tmp_path / "whynot.db"
    asyncio.run(a_former_holder_and_the_new_one(path))
    common = ["--db", str(path), "x:promo"]
    assert main(["override", "clear", *common, "--id", "42", "--by", "tom"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("cleared the decision on x @promo (id 42) (written to"), said
    assert main(["override", "history", *common]) == 0
    assert capsys.readouterr().out.strip() == "nothing in the moderation log about x @promo"
    assert main(["override", "history", *common, "--id", "42"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[3] for line in lines] == ["deny", "reset"]
    assert main(["override", "history", *common, "--id", "7"]) == 0
    said = capsys.readouterr().out.strip()
    assert said == "nothing in the moderation log about x @promo (id 7)"
    assert main(["override", "history", "--db", str(path), "--id", "42"]) != 0
    assert "--id needs the handle" in capsys.readouterr().err


async def a_moved_deny_and_a_known_holders_approve(path) -> None:
    """As above, but @promo's new holder B (id 99) is met, so tom's approve is tied to 99."""
    clock = Clock(time.time() - DAY)
    store = await Store.open(path)
    try:
        moderation = ModerationService(store, clock)
        await store.accounts.save("x", account("promo", id="42"), clock(), DAY)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        clock.now += 100
        await store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        await store.accounts.save("x", account("promo", id="99"), clock() + 1, DAY)
        clock.now += 600
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a person", "tom", "cli")
    finally:
        await store.close()


def test_a_second_clear_by_id_never_names_the_new_holders_decision(tmp_path, capsys):
    """The last read: run again after A's deny was cleared, `clear x:promo --id 42` said the
    approve at @promo was 'about another account (id 99) that had this handle before' and
    named `--id 99`, which clears the holder's own decision. It says there is none for 42."""
    path = tmp_path / "whynot.db"
    asyncio.run(a_moved_deny_and_a_known_holders_approve(path))
    before, _ = asyncio.run(_state(path))
    assert ("promo", "99", "approve") in before
    clearing = ["override", "clear", "--db", str(path), "x:promo", "--id", "42"]
    main([*clearing, "--reason", "done", "--by", "rosa"])
    capsys.readouterr()
    assert main([*clearing, "--reason", "again", "--by", "tom"]) != 0
    said = capsys.readouterr()
    assert "there is no decision on x @promo (id 42) to clear" in said.err + said.out
    assert "--id 99" not in said.err + said.out
    rows, _ = asyncio.run(_state(path))
    assert ("promo", "99", "approve") in rows
