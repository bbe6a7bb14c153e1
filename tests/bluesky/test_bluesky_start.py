"""`bot.py run --once` when Bluesky cannot start: one line that says what is wrong and
what to do (the handle and app password, or the service), no traceback, no secret."""

from __future__ import annotations

import asyncio
import sys

from tests.bluesky.test_bluesky_run import ROOT, environment


async def run_once(env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "run", "--once",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=90)
    return proc.returncode or 0, out.decode()


def started_line(out: str) -> str:
    [line] = [x for x in out.splitlines() if "Bluesky did not start" in x]
    return line


async def test_a_wrong_app_password_names_what_to_check(fake, tmp_path):
    env = environment(fake, tmp_path / "bot.db")
    env["BLUESKY_APP_PASSWORD"] = "wrong-SECRET-pass"
    code, out = await run_once(env)
    assert code == 1, out
    line = started_line(out)
    assert "Invalid identifier or password" in line
    assert "check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD in .env" in line
    assert "wrong-SECRET-pass" not in out and "Traceback" not in out


async def test_an_unreachable_service_names_the_setting(fake, tmp_path):
    env = environment(fake, tmp_path / "bot.db")
    env["WHYNOT_BLUESKY_SERVICE"] = "http://127.0.0.1:9"  # nothing listens there
    code, out = await run_once(env)
    assert code == 1, out
    line = started_line(out)
    assert "check [bluesky] service (http://127.0.0.1:9) and that the service is up" in line


async def test_audit_with_a_wrong_app_password_says_what_to_check(fake, tmp_path):
    owner = tmp_path / "owner.toml"
    owner.write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    env = environment(fake, tmp_path / "bot.db")
    env["BLUESKY_APP_PASSWORD"] = "wrong-SECRET-pass"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "audit", "--source", "bluesky", "--out", str(tmp_path / "o"),
        "--owner-config", str(owner),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(proc.communicate(), timeout=90)
    [line] = err.decode().strip().splitlines()
    assert proc.returncode == 2
    assert "Invalid identifier or password" in line
    assert "check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD in .env" in line
    assert "wrong-SECRET-pass" not in line
