"""X refusing the credentials when this machine's clock is off. OAuth 1.0a signs the time,
and X answers 401 to a signature made minutes away from its own clock, as it answers
revoked tokens. Before (sixth walkthrough: a VPS whose clock drifted, a container on such
a host), the line sent the owner to check or regenerate the keys, and new keys were
refused alike. X's `Date` header says its time: minutes away, the line says to set the
clock instead."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from tests.x.fake_x import Fault
from tests.x.test_run_once import cycle_here, world
from whynot.cli.run import StartupError

BODY = '{"title": "Unauthorized", "status": 401, "detail": "Unauthorized"}'


def refusal(x_time: float) -> Fault:
    return Fault(401, BODY, {"Date": formatdate(x_time, usegmt=True)})


async def test_a_clock_an_hour_ahead_is_named_not_the_keys(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [refusal(time.time() - 3600)]
    with pytest.raises(StartupError) as caught:
        await cycle_here(fake_x, tmp_path / "bot.db")
    said = str(caught.value)
    assert said.startswith("X did not accept the credentials: X refused /2/users/me: ")
    assert "this machine's clock is 60 min ahead of X's" in said
    assert "set the clock right" in said and "check X_API_KEY" not in said


async def test_a_clock_behind_mid_run_and_a_right_clock(x, fake_x):
    from whynot.platforms.x_http import ClockOff, Unauthorized

    fake_x.faults[r"/2/users/me"] = [refusal(time.time() + 900), refusal(time.time())]
    with pytest.raises(ClockOff) as caught:
        await x.me()
    assert "clock is 15 min behind X's" in caught.value.fix
    with pytest.raises(Unauthorized) as caught:  # the keys, as before: X's time agrees
        await x.me()
    assert not isinstance(caught.value, ClockOff)
    assert caught.value.fix.startswith("the X tokens were revoked or regenerated")


def test_a_date_without_a_zone_is_read_as_utc_not_this_machines_time(monkeypatch):
    # HTTP allows the asctime form ("Wed Dec  2 09:00:00 2026"), which carries no zone: read
    # as local time, a right clock in Lisbon's summer or Berlin was "60 min ahead of X's",
    # and a revoked token's 401 sent the owner to set a clock that was right.
    from types import SimpleNamespace

    from whynot.platforms.x_http import skew_of

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        now = 1_796_000_000.0
        said = time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(now))
        assert abs(skew_of(SimpleNamespace(headers={"Date": said}), now)) < 1
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_a_clock_a_month_ahead_counts_the_budget_by_x_date(x, store):
    # Reads need no signed time (the bearer token): a clock set a month ahead read on a
    # fresh month's budget. X's answers' Date says the month the money is spent in.
    from whynot.spend import Mode

    await store.spend.record("x", "post_read", 1, 50.0, "the month's money", time.time())
    ahead = 31 * 86_400.0
    x.clock = x.session.limits.clock = lambda: time.time() + ahead
    await x.me()
    assert await x.budget.mode(x.clock()) is Mode.EXHAUSTED
