"""A credential holding a space is refused in one line naming the variable (never its
value) by the commands that sign in: no X, Discord, Bluesky or Mastodon token has one, and
the usual paste mistakes put one there ("Bearer AAAA..." copied from a curl example, "Bot
MTk..." from Discord's docs). Before, the value went to X as it was and the owner read "X
did not accept the credentials", then regenerated tokens that were right. The demo and
the offline commands need no credential, so they are not refused for one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from whynot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parent.parent
X = {
    "X_BEARER_TOKEN": "AAAAbearer",
    "X_API_KEY": "key",
    "X_API_SECRET": "secret",
    "X_ACCESS_TOKEN": "1-token",
    "X_ACCESS_TOKEN_SECRET": "token-secret",
}
SAID = "holds a space: paste the value alone (no 'Bearer ' or 'Bot ' before it, nothing after it)"


def empty_config(folder: Path) -> Path:
    config = folder / "config.toml"
    config.write_text("", encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X_BEARER_TOKEN", "Bearer AAAAbearer"),
        # (a trailing " # comment" is dropped, as from .env: tests/test_env_pasted.py)
        ("X_ACCESS_TOKEN", "1-token 2-token"),
        ("DISCORD_TOKEN", "Bot MTk4NjIy.discord"),
        ("BLUESKY_APP_PASSWORD", "abcd efgh ijkl mnop"),
    ],
)
def test_a_secret_with_a_space_is_refused_by_name(tmp_path, name, value):
    settings = load_settings(empty_config(tmp_path), env={**X, name: value}, dotenv=None)
    with pytest.raises(ConfigError) as caught:
        settings.check_pasted()
    assert str(caught.value) == f"{name} {SAID}"
    assert value.split()[-1] not in str(caught.value)


def test_tokens_without_spaces_pass(tmp_path):
    env = {**X, "DISCORD_TOKEN": "MTk4NjIy.discord"}
    settings = load_settings(empty_config(tmp_path), env=env, dotenv=None)
    settings.check_pasted()
    assert settings.x_enabled and settings.discord_enabled


def bot(*argv: str, token: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **X, "X_BEARER_TOKEN": token, "WHYNOT_DOTENV": ""}
    return subprocess.run(
        [sys.executable, "bot.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_run_refuses_in_one_line_and_the_demo_still_plays(tmp_path, monkeypatch):
    config = empty_config(tmp_path)
    done = bot("run", "--once", "--config", str(config), token="Bearer AAAAbearer")
    assert done.returncode == 2
    assert done.stderr == f"bot.py run: X_BEARER_TOKEN {SAID}\n"
    # the demo in this process (cli_capture.bot) with the same variables: a second process
    # only to see it play cost ~5 s
    from cli_capture import bot as bot_here

    for name, value in {**X, "X_BEARER_TOKEN": "Bearer AAAAbearer", "WHYNOT_DOTENV": ""}.items():
        monkeypatch.setenv(name, value)
    code, out, err = bot_here("demo", "--db", str(tmp_path / "demo.db"))
    assert code == 0, err
    assert "whynot demo" in out
