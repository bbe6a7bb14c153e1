"""`bot.py run --once` when the month's X budget cannot pay for reading the mentions: a
wait, said in one warning line, not a failed cycle. A question waiting for money already
left cron's exit status at 0 (996fa24), but the mentions read refused for money failed
the step, so every cron run exited 1 (and cron mailed) until the month turned."""

from __future__ import annotations

from tests.x.test_run_once import run_once, world


async def test_no_money_for_the_mentions_is_a_wait_not_a_failure(fake_x, tmp_path):
    world(fake_x)
    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["cx"]\n')
    (tmp_path / "config.toml").write_text(
        # enough for the owner check ($0.001; with $0 X is not called at all:
        # tests/x/test_zero_budget.py), not for reading mentions
        '[whynot]\nowner_config = "owner.toml"\n[x]\nmonthly_budget_usd = 0.001\n'
    )
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 0, out
    (line,) = [line for line in out.splitlines() if "x mentions" in line]
    assert " WARNING whynot.run: x mentions: waiting for money: " in line
    assert "would pass the monthly budget of $0.00" in line
    assert line.endswith("; tried again next cycle")
    assert not [h for h in fake_x.hits if "/mentions" in h]  # nothing was read
