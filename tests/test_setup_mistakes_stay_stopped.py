"""A set-up mistake under systemd (fourth walkthrough: months of running). `run` ends a
mistake it cannot fix itself (rejected credentials, a config typo) with one line and exit
status 2; the guide's unit restarted it every 30 seconds, forever (systemd's start limit
never trips at that pace), each time calling X again. And a `.env` made by root or the
owner's login and kept private (chmod 600), unreadable for the service's user, was a
traceback (exit 1: restarted too), not a line saying whose file it must be."""

from __future__ import annotations

import pathlib
from pathlib import Path

import pytest
from cli_capture import bot
from test_operations import systemd_unit

from whynot.config import ConfigError, load_settings


def test_the_unit_leaves_a_set_up_mistake_stopped():
    service = systemd_unit()["Service"]
    assert service["Restart"] == "on-failure"
    assert "2" in service["RestartPreventExitStatus"].split()


@pytest.fixture
def unreadable(monkeypatch):
    """Files this user may not read (the tests run as root, who reads everything)."""
    denied: set[Path] = set()
    read_text = pathlib.Path.read_text

    def guarded(self: Path, *args, **kwargs) -> str:
        if self in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_text", guarded)
    return denied


def test_an_unreadable_env_is_one_line_and_exit_2(tmp_path, monkeypatch, unreadable):
    dotenv, config = tmp_path / ".env", tmp_path / "config.toml"
    dotenv.write_text("X_API_KEY=k\n")
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    unreadable.add(dotenv)
    monkeypatch.setenv("WHYNOT_DOTENV", str(dotenv))
    monkeypatch.setenv("WHYNOT_CONFIG", str(config))
    code, _, err = bot("run", "--once")
    assert code == 2 and err.count("\n") == 1, err
    assert f"cannot read {dotenv}: permission denied for user" in err and "chown" in err
    assert "Traceback" not in err and not (tmp_path / "bot.db").exists()


def test_an_unreadable_config_is_a_config_error(tmp_path, unreadable):
    config = tmp_path / "config.toml"
    config.write_text("[whynot]\n")
    unreadable.add(config)
    with pytest.raises(ConfigError, match=f"cannot read {config}: permission denied"):
        load_settings(config, env={}, dotenv=None)


def test_a_user_without_a_name_is_told_by_number(tmp_path, monkeypatch, unreadable):
    # `docker run --user 1000` (or compose's user:) has no passwd entry: getpwuid raised
    # KeyError, a traceback (exit 1, restarted) instead of the line.
    import pwd

    def unnamed(uid: int):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unnamed)
    config = tmp_path / "config.toml"
    config.write_text("[whynot]\n")
    unreadable.add(config)
    with pytest.raises(ConfigError, match=r"permission denied for user \d+, .*sudo chown \d+ "):
        load_settings(config, env={}, dotenv=None)
