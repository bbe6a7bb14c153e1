"""`[x] notices_enabled = true` with the follower watch off sends no note, since no
unfollow is ever found: `run` says so in a warning at start, which cron's `--log-level
warning` keeps. Before, the only line was an info one ("follower watch off ...: unfollows
on X are not noticed"), so an owner who turned the notes on believed they were going out."""

from __future__ import annotations

import logging

from tests.x.test_run_once import cycle_here, run_once, world


def _settings(folder, notices: str) -> None:
    (folder / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    (folder / "config.toml").write_text(
        '[whynot]\nowner_config = "owner.toml"\n'
        f"[x]\nwatch_followers = false\nnotices_enabled = {notices}\n"
    )


async def test_notices_on_with_the_watch_off_is_a_warning(fake_x, tmp_path):
    world(fake_x)
    _settings(tmp_path, "true")
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--dry-run", "--log-level", "warning")
    assert code == 0, out
    (line,) = [line for line in out.splitlines() if "follower watch off" in line]
    assert " WARNING whynot.run: " in line
    assert line.endswith(
        "unfollows on X are not noticed, so [x] notices_enabled = true sends no note (set "
        "watch_followers = true: its crawls are paid, see docs/operations.md)"
    )


async def test_notices_off_with_the_watch_off_stays_quiet_under_cron(fake_x, tmp_path, caplog):
    # The dry-run cycle in this process (cycle_here), what it logs at WARNING and above
    # (cron's `--log-level warning`) captured; the test above runs the real process
    world(fake_x)
    _settings(tmp_path, "false")
    with caplog.at_level("INFO"):
        assert await cycle_here(fake_x, tmp_path / "bot.db", dry_run=True) == 0
    assert "follower watch off" in caplog.text  # said, at INFO
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [line for line in warned if "follower watch off" in line]
