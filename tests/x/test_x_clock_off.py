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
