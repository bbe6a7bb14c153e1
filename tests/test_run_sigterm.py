"""`bot.py run` stops on SIGTERM as on Ctrl-C: `docker stop` sends SIGTERM (the Dockerfile
has no STOPSIGNAL), and Python's default was to die at once, closing nothing; as a
container's PID 1 it ignored the signal and was killed 10 s later. Now the run loop is
cancelled, the store and the platforms are closed, one line says so, exit status 143."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from test_run_data_dir import ROOT, offline_x


@pytest.mark.parametrize(
    ("sig", "code", "said"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")]
)
def test_a_stop_signal_stops_the_long_running_bot_cleanly(tmp_path, sig, code, said):
    config, env = offline_x(tmp_path)  # the loop keeps trying X with backoff, as a service would
    db = tmp_path / "w.db"
    args = [sys.executable, "bot.py", "run", "--config", str(config), "--db", str(db)]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # up and in its retry loop
            if "X cannot start (attempt 1)" in line:
                break
        started = time.monotonic()
        proc.send_signal(sig)
        rest = proc.communicate(timeout=20)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - started < 10
    assert proc.returncode == code, rest
    assert "Traceback" not in rest
    assert rest.splitlines()[-1].endswith(f"INFO whynot.run: stopped ({said})")


async def test_a_second_sigterm_does_not_cut_the_closing_short():
    import asyncio
    import contextlib
    import os

    from whynot.cli.run import until_stopped

    closed: list[str] = []

    async def serve() -> int:
        try:
            await asyncio.sleep(30)
        finally:  # as serve() closes the platforms and the store
            os.kill(os.getpid(), signal.SIGTERM)  # an impatient second `docker stop`
            await asyncio.sleep(0.1)
            closed.append("store")
        return 0

    asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)
    with contextlib.suppress(asyncio.CancelledError):  # run's own task, as asyncio.run has
        await asyncio.create_task(until_stopped(serve()))
    assert closed == ["store"]
