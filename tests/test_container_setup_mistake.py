"""A set-up mistake in the container. systemd leaves `run` stopped on one (exit status 2,
RestartPreventExitStatus=2); Docker's restart policies cannot tell it from a crash, so
with the guide's `--restart unless-stopped` the container exited and was started again
forever, saying the same line each time (and asking X again). Now the Dockerfile asks
`run` to wait for `docker stop` after that one line, which says so."""

from __future__ import annotations

import re
import signal
import threading
from pathlib import Path

import pytest
from cli_capture import bot

from whynot.cli import errors

ROOT = Path(__file__).resolve().parent.parent



def test_in_the_container_a_set_up_mistake_waits_after_one_line(no_platform, monkeypatch):
    monkeypatch.setenv(errors.ON_MISTAKE, "wait")
    code, out, err = bot("run")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "no platform is configured" in err and err.rstrip().endswith(errors.WAITS)
    assert no_platform == [True]


def test_a_fix_in_dotenv_is_not_told_to_docker_restart(no_platform, monkeypatch):
    # The line asks for the container's .env (`docker run --env-file .env`), then said
    # "fix it, then `docker restart` it": a restart keeps the environment the container was
    # made with, and the owner who filled in .env met the same line again, forever.
    monkeypatch.setenv(errors.ON_MISTAKE, "wait")
    _, _, err = bot("run")
    assert "docker run --env-file .env" in err
    assert "`docker rm -f whynot` and the same `docker run`: only it reads --env-file" in err


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (("run",), ""),
        (("run", "--once"), "wait"),
        (("migrate", "--db", "/nonexistent/x.db"), "wait"),
    ],
)
def test_elsewhere_a_mistake_exits_at_once(no_platform, monkeypatch, argv, env):
    monkeypatch.setenv(errors.ON_MISTAKE, env)  # systemd and cron, or a one-off command
    code, _, err = bot(*argv)
    assert code == 2 and err.count("\n") == 1 and errors.WAITS not in err
    assert no_platform == []


def test_the_wait_ends_with_docker_stop():
    main = threading.main_thread().ident
    assert main is not None
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # never the default
    try:
        timer = threading.Timer(0.05, signal.pthread_kill, (main, signal.SIGTERM))
        timer.start()
        errors.wait_for_stop()  # returns: SIGTERM taken
        timer.join()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def test_the_dockerfile_asks_for_the_wait():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(rf"^ENV {errors.ON_MISTAKE}=wait$", dockerfile, re.M)
