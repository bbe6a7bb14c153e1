"""A set-up mistake under launchd (a Mac at home, docs/operations.md "macOS"). launchd's
KeepAlive cannot spare one exit status either: it started `run` again every ten seconds,
forever, asking X each time. The guide's plist sets WHYNOT_ON_SETUP_MISTAKE=wait-launchd:
`run` writes its one line and waits for a stop, and the line says how to restart the job
after the fix. Before, only `wait` (the Dockerfile's) held, and its line and its fix for a
missing .env spoke of `docker restart` and `docker run --env-file`, which a Mac owner
does not use."""

from __future__ import annotations

from cli_capture import bot

from whynot.cli import errors


def test_under_launchd_a_set_up_mistake_waits_and_names_launchctl(no_platform, monkeypatch):
    monkeypatch.setenv(errors.ON_MISTAKE, "wait-launchd")
    code, out, err = bot("run")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert no_platform == [True]
    assert "launchctl kickstart -k" in err and "docker" not in err


def test_under_launchd_run_once_still_exits(no_platform, monkeypatch):
    monkeypatch.setenv(errors.ON_MISTAKE, "wait-launchd")
    code, _, err = bot("run", "--once")
    assert code == 2 and no_platform == [] and "launchctl" not in err


def test_init_names_the_macs_launchd_job(tmp_path):
    from tests.test_init import init

    code, out, err = init(tmp_path, "--handle", "streamqueen")
    assert code == 0, err
    [step] = [line for line in out.splitlines() if "python bot.py run   (" in line]
    assert "launchd job for a Mac" in step
