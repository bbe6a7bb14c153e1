"""A running bot whose X tokens are revoked (401 on the mentions call after the start-up
check passed), and one whose X is unreachable, as the owner reads the log. Before: the
401 logged "x mentions failed: X refused /2/users/:id/mentions: Unauthorized" every cycle
with no word of what to do (the start-up check names the fix); an outage logged three
warnings a cycle (two "retrying in" lines, then the failure): ~90 an hour."""

from __future__ import annotations

import logging

from tests.serve_cycles import fix_once_then_quietly, said, serve_cycles
from tests.x.conftest import SECRETS
from tests.x.fake_x import Fault
from tests.x.test_run_once import world
from whynot.cli.run_report import FAILING, failing
from whynot.config import load_settings
from whynot.platforms.x_http import Unauthorized

MENTIONS = r"/2/users/\d+/mentions"
UNAUTHORIZED = Fault(401, '{"title": "Unauthorized", "status": 401, "detail": "Unauthorized"}')


async def run_cycles(fake_x, tmp_path, faults: list[Fault], cycles: int) -> None:
    """`bot.py run` (serve) against the local X server: a first cycle that answers, then
    `faults` on the mentions call, for `cycles` cycles in all."""
    world(fake_x)
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    env = {k: v.reveal() for k, v in SECRETS.items()} | {"WHYNOT_X_API_BASE": fake_x.base}
    settings = load_settings(config, env=env, dotenv=None)

    def fail() -> None:
        fake_x.faults[MENTIONS] = list(faults)

    await serve_cycles(settings, settings.x.poll_seconds, fail, cycles)


async def test_tokens_revoked_mid_run_say_the_fix_once_then_quietly(fake_x, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    await run_cycles(fake_x, tmp_path, [UNAUTHORIZED] * 4, cycles=6)
    first, *rest = fix_once_then_quietly(caplog, "x mentions", 4)
    assert "Unauthorized" in first and "X_ACCESS_TOKEN" in first
    assert "in .env, then restart `bot.py run`" in first
    back = [r.getMessage() for r in said(caplog) if "works again" in r.getMessage()]
    assert len(back) == 1 and "after 4 failed cycles" in back[0]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert all(secret.reveal() not in text for secret in SECRETS.values())


async def test_an_outage_is_one_line_a_cycle(fake_x, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("whynot.platforms.x.BACKOFF_BASE", 0.001)
    caplog.set_level(logging.INFO)
    await run_cycles(fake_x, tmp_path, [Fault(503)] * 9, cycles=5)  # 3 tries x 3 cycles
    warnings = [r.getMessage() for r in said(caplog, logging.WARNING)]
    assert len(warnings) == 4, warnings  # 3 cycles failed, then the end of the outage
    assert all(w.startswith("x mentions failed: X unavailable") for w in warnings[:3])
    assert warnings[3].startswith("x mentions works again, after 3 failed cycles")
    assert not [r for r in said(caplog) if "retrying in" in r.getMessage()]


def test_the_fix_is_said_again_hourly(caplog):
    FAILING.clear()
    caplog.set_level(logging.INFO, logger="whynot.run")
    revoked = Unauthorized("X refused /2/users/:id/mentions: Unauthorized")
    for minute in (0, 2, 59, 60, 61):
        failing("x mentions", revoked, now=1_000_000.0 + minute * 60)
    levels = [logging.getLevelName(r.levelno) for r in caplog.records]
    assert levels == ["WARNING", "INFO", "INFO", "WARNING", "INFO"]
    FAILING.clear()


def test_a_full_disk_mid_run_says_what_to_do_then_quietly(caplog):
    # Sixth walkthrough: "x mentions failed: database or disk is full", a warning every
    # cycle (30 an hour), with no word of what to do, on a disk with no room for them.
    import sqlite3

    FAILING.clear()
    caplog.set_level(logging.INFO, logger="whynot.run")
    full = sqlite3.OperationalError("database or disk is full")
    for minute in (0, 2, 4, 61):
        failing("x mentions", full, now=1_000_000.0 + minute * 60)
    levels = [logging.getLevelName(r.levelno) for r in caplog.records]
    assert levels == ["WARNING", "INFO", "INFO", "WARNING"]
    assert caplog.records[0].getMessage() == (
        "x mentions failed: database or disk is full; the disk holding the database is full:"
        " free some space there (old backups, logs, unused Docker images), then restart the bot:"
        " a reply the full disk cut off is settled at a start"
    )
    FAILING.clear()
