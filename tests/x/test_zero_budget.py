"""Nothing costs money the owner did not allow: with no money left this month (a budget of
$0, or the month spent), X is not called at all, not even to check who the owner is, and
cron's `run --once` exits 0 (a wait, not a failure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.x.conftest import SECRETS
from tests.x.test_run_once import cycle_here, run_once, world
from whynot.cli.run import MONEY_WAIT, X_PAUSED, start_x
from whynot.models import Identity
from whynot.spend import Budget, OverBudget

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC).timestamp()


def budget_config(folder, usd: str) -> None:
    (folder / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    (folder / "config.toml").write_text(
        f'[whynot]\nowner_config = "owner.toml"\n[x]\nmonthly_budget_usd = {usd}\n'
    )


async def test_a_zero_budget_pauses_x_without_a_call_or_a_cron_mail(fake_x, tmp_path, caplog):
    world(fake_x)
    budget_config(tmp_path, "0")
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--log-level", "warning")
    assert (code, out, fake_x.hits) == (0, "", [])  # not even GET /2/users/me ($0.001)
    with caplog.at_level("INFO"):  # the INFO log, from a cycle in this process (cycle_here)
        code = await cycle_here(fake_x, tmp_path / "bot.db")
    assert code == 0 and X_PAUSED in caplog.text and fake_x.hits == []


async def test_a_month_without_money_left_for_the_owner_check_is_a_wait(fake_x, tmp_path, caplog):
    # A cycle in this process (cycle_here), its INFO log captured: the lines and the exit
    # code are serve's (the test above runs the real process under cron's log level)
    world(fake_x)
    budget_config(tmp_path, "0.0005")  # less than the owner check's $0.001
    with caplog.at_level("INFO"):
        code = await cycle_here(fake_x, tmp_path / "bot.db")
    out = caplog.text
    assert code == 0, out
    assert fake_x.hits == []
    assert "x: waiting for money: 1 own_user_read ($0.001) would pass the monthly budget" in out
    assert "X is not read this cycle" in out and "Traceback" not in out


async def test_the_owner_read_again_the_same_day_is_let_through(store):  # tests/x/conftest
    budget = Budget(store, monthly_usd=0.0005)
    with pytest.raises(OverBudget):
        await budget.allow_read("own_user_read", NOW)
    await store.spend.record("x", "post_read", 1, 0.0, "t", NOW)  # not the same kind
    with pytest.raises(OverBudget):
        await budget.allow_read("own_user_read", NOW)
    await budget.charge_reads("own_user_read", ["42"], "me", NOW - 3600)  # this morning
    await budget.allow_read("own_user_read", NOW)  # free again today: X bills it once
    with pytest.raises(OverBudget):
        await budget.allow_read("own_user_read", NOW + 86_400)  # tomorrow it is paid again


async def test_a_service_waits_for_money_then_starts():
    class Broke:
        calls = 0

        async def me(self, retries=None):
            self.calls += 1
            if self.calls < 3:
                raise OverBudget("1 own_user_read ($0.001) would pass the monthly budget")
            return Identity("x", "1", "fsalas")

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    me = await start_x(Broke(), once=False, sleep=sleep)
    assert me.handle == "fsalas" and slept == [MONEY_WAIT, MONEY_WAIT]


async def test_a_cron_cycle_hands_the_wait_to_its_caller():
    class Broke:
        async def me(self, retries=None):
            raise OverBudget("no money")

    with pytest.raises(OverBudget):
        await start_x(Broke(), once=True, sleep=None)  # type: ignore[arg-type]


async def test_with_x_not_up_for_want_of_money_an_old_snapshot_still_answers(x, fake_x, store):
    # A service started in a month out of money leaves X out of its platforms until money
    # comes: Discord's /whynot about an X account read before was told "not reviewed",
    # where a service started before the money ran out answers from the old snapshot.
    from tests.x.test_identify import make_desk, read_then_stale

    who, clock, _ = await read_then_stale(store, x, fake_x)
    waiting = make_desk(store, x)
    del waiting.platforms["x"]  # start_x still waiting for money
    waiting.clock = lambda: clock[0]
    verdict = await waiting.verdict_for(Identity("x", "", who.handle))
    assert verdict is not None and verdict.id == "687"


async def test_a_service_waiting_weeks_then_finding_x_down_keeps_waiting():
    # Each hour waiting for money is an attempt, and each counts in the backoff's
    # exponent: past 1,024 attempts (X unreachable for a week, or less after a month's
    # wait for money) 5.0 * 2 ** n overflowed, and the service ended with a traceback.
    from whynot.backoff import STARTUP_CAP
    from whynot.platform import PlatformError

    class Away:
        calls = 0

        async def me(self, retries=None):
            self.calls += 1
            if self.calls <= 700:  # a month spent on its 2nd: 700 hours to the next
                raise OverBudget("1 own_user_read ($0.001) would pass the monthly budget")
            if self.calls <= 1_100:  # then X unreachable for three days (10 min apart)
                raise PlatformError("X is unreachable", transient=True)
            return Identity("x", "1", "fsalas")

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    me = await start_x(Away(), once=False, sleep=sleep)
    assert me.handle == "fsalas" and slept[-1] == STARTUP_CAP


async def test_a_service_out_of_money_starts_the_other_platforms_at_once(fake_x, tmp_path):
    # The first cycle gave X's first attempt up to 35 s (STARTUP_FIRST_WAIT), and an
    # attempt refused for money sleeps an hour: Discord's first cycle (its recovery, its
    # reviews) waited the whole 35 s for X's money sleep.
    import asyncio
    import time

    from whynot.cli.run import serve
    from whynot.config import load_settings

    world(fake_x)
    budget_config(tmp_path, "0.0005")  # less than the owner check's $0.001
    env = {k: v.reveal() for k, v in SECRETS.items()}
    env |= {"DISCORD_TOKEN": "discord-token", "WHYNOT_X_API_BASE": fake_x.base}
    env["WHYNOT_DB"] = str(tmp_path / "bot.db")
    settings = load_settings(tmp_path / "config.toml", env=env, dotenv=None)
    began = time.monotonic()
    cycle: list[float] = []

    async def discord_runner(_settings, _desk) -> None:
        await asyncio.Event().wait()

    async def sleep(seconds: float) -> None:
        if seconds == MONEY_WAIT:  # X's hour without money: it really waits
            await asyncio.Event().wait()
        cycle.append(time.monotonic() - began)  # the loop's pause: its first cycle is over
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(
            serve(settings, once=False, dry_run=False, discord_runner=discord_runner, sleep=sleep),
            timeout=60,
        )
    assert len(cycle) == 1 and cycle[0] < 10, cycle  # was 35 s
    assert fake_x.hits == []  # X was not called: the month's money is spent
