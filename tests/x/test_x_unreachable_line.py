"""X unreachable under `run --once` (cron) says what to do in its one line, as Bluesky's
and Mastodon's do: before, "X did not start: X unavailable for /2/users/me: Cannot
connect to host api.twitter.com:443 ..." left the owner to guess whether the tokens, the
config or the network was at fault, and whether anything would try again."""

from __future__ import annotations

from tests.x.fake_x import Fault
from tests.x.test_run_once import run_once, world


async def test_x_unreachable_names_the_fix_and_the_next_try(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(503)] * 3
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--log-level", "warning")
    assert code == 1, out
    (line,) = [line for line in out.splitlines() if "X did not start" in line]
    assert line.endswith(
        "; check this machine's network and that X is up; the next run tries again"
    ), line
    assert "Traceback" not in out
