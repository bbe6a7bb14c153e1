"""`bot.py run --once` when Mastodon cannot start: one line that says what is wrong and
what to do (the token, or the address), no traceback, no secret, exit status 1."""

from __future__ import annotations

from tests.masto.test_mastodon_run import environment, run_once


def started_line(out: str) -> str:
    [line] = [x for x in out.splitlines() if "Mastodon did not start" in x]
    return line


async def test_a_refused_token_names_the_token_to_check(fake, tmp_path):
    env = environment(fake, tmp_path / "bot.db")
    env["MASTODON_ACCESS_TOKEN"] = "revoked-SECRET-token"
    code, out = await run_once(env)
    assert code == 1, out
    line = started_line(out)
    assert "The access token is invalid" in line
    assert "check MASTODON_ACCESS_TOKEN in .env" in line
    assert "revoked-SECRET-token" not in out and "Traceback" not in out


async def test_an_unreachable_instance_names_the_address_to_check(fake, tmp_path):
    env = environment(fake, tmp_path / "bot.db")
    env["MASTODON_BASE_URL"] = "http://127.0.0.1:9"  # nothing listens there
    code, out = await run_once(env)
    assert code == 1, out
    line = started_line(out)
    assert "cannot connect (connection refused)" in line
    assert "check MASTODON_BASE_URL and that the service is up; the next run tries" in line
    assert "HTTPConnectionPool" not in line and "Traceback" not in out


def test_a_rate_limit_is_waited_out_not_blamed_on_the_address(tmp_path):
    from whynot.config import load_settings
    from whynot.platforms.mastodon.platform import RateLimited
    from whynot.platforms.side import sign_in_fix

    (tmp_path / "config.toml").write_text("")
    settings = load_settings(tmp_path / "config.toml", env={}, dotenv=None)
    fix = sign_in_fix("mastodon", RateLimited(0.0), settings, "then audit again")
    assert fix == "nothing to fix, only to wait; then audit again"


def test_a_failure_that_is_not_the_sign_in_is_not_blamed_on_the_credentials(tmp_path):
    # The start also reads the store (the saved Bluesky session) and opens streams: a
    # locked database there told the owner to check the token or app password.
    from whynot.config import load_settings
    from whynot.platforms.side import sign_in_fix
    from whynot.store.db import StoreError

    (tmp_path / "config.toml").write_text("")
    settings = load_settings(tmp_path / "config.toml", env={}, dotenv=None)
    for name in ("mastodon", "bluesky"):
        fix = sign_in_fix(name, StoreError("database is locked"), settings)
        assert "ACCESS_TOKEN" not in fix and "APP_PASSWORD" not in fix
        assert "the next run tries again" in fix


async def test_in_loop_mode_a_platform_that_did_not_start_waits_for_a_restart(tmp_path, caplog):
    # A long-running `run` leaves a platform that failed for good out until it is started
    # again: there is no "next run" to try again (under --once there is).
    import asyncio

    from whynot.config import load_settings
    from whynot.platforms.side import SidePlatforms
    from whynot.store.db import StoreError

    (tmp_path / "config.toml").write_text("")
    settings = load_settings(tmp_path / "config.toml", env={}, dotenv=None)

    async def locked() -> None:
        raise StoreError("database is locked")

    for once, said in ((False, "restart the bot to try again"), (True, "the next run tries")):
        side = SidePlatforms(settings, store=None, desk=None, once=once)  # type: ignore[arg-type]
        side.tasks["mastodon"] = task = asyncio.create_task(locked())
        await asyncio.wait([task])
        caplog.clear()
        await side.join({}, [], late=False)
        [line] = [r.getMessage() for r in caplog.records if "did not start" in r.getMessage()]
        assert said in line and side.failed
