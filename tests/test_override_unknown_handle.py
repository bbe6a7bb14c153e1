"""`bot.py override set` for a handle the bot has never met says so in its line. Sixth
walkthrough: an owner without Discord typed `override set joanas approve` for @joana_s;
"approved x @joanas ... (written to the moderation log)" read as done, and Joana went on
being answered by the verdict. A decision for someone yet to ask is still made (an owner
may decide ahead), with a word to check the spelling."""

from __future__ import annotations

import asyncio

from factories import account

from whynot.cli import main
from whynot.store import Store

HINT = "no question from @{} has reached the bot yet: if the handle is mistyped"


def met(db, handle: str) -> None:
    async def go() -> None:
        store = await Store.open(db)
        try:
            await store.accounts.save("x", account(handle), 0.0, 60.0)  # stale: met all the same
        finally:
            await store.close()

    asyncio.run(go())


def test_a_handle_never_met_is_said_and_one_met_is_not(tmp_path, capsys):
    db = tmp_path / "whynot.db"
    met(db, "joana_s")
    decide = ["override", "set", "--db", str(db), "--reason", "a regular", "--platform", "x"]
    assert main([*decide, "joanas", "approve"]) == 0
    typo = capsys.readouterr().out
    assert typo.startswith("approved x @joanas by ") and typo.count("\n") == 1
    # x:joanas, which a bot serving two platforms takes as typed (not "which platform ...?")
    assert HINT.format("joanas") in typo and "`bot.py override clear x:joanas`" in typo
    assert main([*decide, "Joana_S", "approve"]) == 0  # case as the owner typed it
    right = capsys.readouterr().out
    assert right.startswith("approved x @Joana_S by ") and "no question from" not in right
