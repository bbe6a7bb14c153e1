"""Issue 17 against the local X server: what a real owner's first `run --once` meets."""

from __future__ import annotations

import contextlib

from tests.x.conftest import SECRETS
from tests.x.fake_x import Fault
from tests.x.test_run_once import cycle_here, run_once, world


async def test_a_403_is_not_called_rejected_credentials(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [
        Fault(403, '{"title": "Forbidden", "status": 403, "detail": "not permitted"}')
    ]
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 2, out
    assert "403" in out and "Project" in out
    assert "did not accept the credentials" not in out and "Traceback" not in out
    assert fake_x.posted == []


# --- calm failures --------------------------------------------------------------------
async def test_x_unreachable_under_cron_is_one_line_and_exit_1(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(503)] * 3
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 1, out
    assert "Traceback" not in out
    failures = [line for line in out.splitlines() if "X did not start" in line]
    assert len(failures) == 1 and "/2/users/me" in failures[0]
    assert "running for no platform this cycle" in out  # not "yet": this process ends
    assert fake_x.posted == []
    assert await cycle_here(fake_x, tmp_path / "bot.db") == 0  # X is back: the next cron run
    assert len(fake_x.posted) >= 1


class Stop(Exception):
    pass


async def test_x_unreachable_at_start_is_retried_and_does_not_stop_discord(
    fake_x, tmp_path, caplog
):
    import asyncio
    import logging

    from whynot.cli.run import serve
    from whynot.config import load_settings

    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(503)] * 3
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    env = {k: v.reveal() for k, v in SECRETS.items()}
    env |= {"DISCORD_TOKEN": "discord-token", "WHYNOT_X_API_BASE": fake_x.base}
    settings = load_settings(config, env=env, dotenv=None)
    events: list[str] = []
    waits: list[float] = []

    async def discord_runner(_settings, _desk) -> None:
        events.append("discord started")
        await asyncio.Event().wait()

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if seconds == settings.x.poll_seconds and fake_x.posted:
            raise Stop
        await asyncio.sleep(0)

    caplog.set_level(logging.WARNING, logger="whynot.run")
    with contextlib.suppress(Stop):
        await asyncio.wait_for(
            serve(settings, once=False, dry_run=False, discord_runner=discord_runner, sleep=sleep),
            timeout=60,
        )
    assert events == ["discord started"]
    attempts = [r.getMessage() for r in caplog.records if "X cannot start" in r.getMessage()]
    assert len(attempts) == 3 and all(r.exc_info is None for r in caplog.records)
    assert "attempt 1" in attempts[0] and "attempt 3" in attempts[2]
    assert waits[:3] == [5.0, 10.0, 20.0]  # backoff between attempts
    assert any(p["reply"]["in_reply_to_tweet_id"] == "5001" for p in fake_x.posted)


async def test_run_refuses_an_owner_file_for_another_account(fake_x, tmp_path):
    world(fake_x)
    fake_x.owner = {"id": "783214", "name": "Someone Else", "username": "someone_else"}
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 2, out
    line = [x for x in out.splitlines() if "owner file" in x]
    assert len(line) == 1 and "@fsalas" in line[0] and 'handle = "someone_else"' in line[0]
    assert fake_x.posted == [] and "Traceback" not in out
