"""What `bot.py run` says after a restart (fourth walkthrough: kill -9 in the middle of a
reply, then start again). The reply was settled (found on X, marked sent) without a word
in the log, and the next poll, reading that mention again, said "1 done (1 sent)" though
nothing was sent: the owner could not tell a restart that took something up from a
second reply."""

from __future__ import annotations

import logging

from test_desk import OWNER, PROMO, ask, crash_mid_reply, make_desk

from whynot.cli.run import _step
from whynot.cli.run_report import recover
from whynot.platforms.memory import MemoryPlatform


async def test_a_restart_says_what_it_settled_and_a_reread_is_not_called_sent(tmp_path, caplog):
    path = tmp_path / "w.db"
    crashing = await crash_mid_reply(path, after_post=True)  # posted, then the process died
    healthy = MemoryPlatform(owner=OWNER, name="x", accounts={PROMO.id: PROMO}, sent=crashing.sent)
    healthy.inbox = [ask("1")]  # the cursor never moved past it: read again
    desk = await make_desk(path, healthy)
    caplog.set_level(logging.INFO, logger="whynot.run")
    try:
        await recover(desk, _step)
        await _step("x mentions", lambda: desk.poll(healthy))
    finally:
        await desk.store.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "whynot.run"]
    assert len(healthy.sent) == 1  # one reply, as before
    assert lines[0].startswith("recovery: 1 reply a previous run left cut off mid-send settled")
    assert "bot.py override history" in lines[0]
    assert lines[1:] == ["x mentions: 1 done (1 already handled)"]


async def test_a_start_with_nothing_cut_off_says_nothing_of_it(tmp_path, caplog):
    platform = MemoryPlatform(owner=OWNER, name="x", accounts={PROMO.id: PROMO})
    desk = await make_desk(tmp_path / "w.db", platform)
    caplog.set_level(logging.INFO, logger="whynot.run")
    try:
        await recover(desk, _step)
    finally:
        await desk.store.close()
    assert [r for r in caplog.records if r.name == "whynot.run"] == []
