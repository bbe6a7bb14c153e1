"""A credential holding a space is refused in one line naming the variable (never its
value): no X, Discord, Bluesky or Mastodon token has one, and the usual paste mistakes
put one there ("Bearer AAAA..." copied from a curl example, "Bot MTk..." from Discord's
docs). Before, the value went to X as it was and the owner read "X did not accept the
credentials", then regenerated tokens that were right."""

from __future__ import annotations

from pathlib import Path

import pytest

from whynot.config import ConfigError, load_settings

X = {
    "X_BEARER_TOKEN": "AAAAbearer",
    "X_API_KEY": "key",
    "X_API_SECRET": "secret",
    "X_ACCESS_TOKEN": "1-token",
    "X_ACCESS_TOKEN_SECRET": "token-secret",
}


def empty_config(folder: Path) -> Path:
    config = folder / "config.toml"
    config.write_text("", encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X_BEARER_TOKEN", "Bearer AAAAbearer"),
        ("X_ACCESS_TOKEN", "1-token  # mine"),
        ("DISCORD_TOKEN", "Bot MTk4NjIy.discord"),
        ("BLUESKY_APP_PASSWORD", "abcd efgh ijkl mnop"),
    ],
)
def test_a_secret_with_a_space_is_refused_by_name(tmp_path, name, value):
    env = {**X, name: value}
    with pytest.raises(ConfigError) as caught:
        load_settings(empty_config(tmp_path), env=env, dotenv=None)
    message = str(caught.value)
    assert message == (
        f"{name} holds a space: paste the value alone (no 'Bearer ' or 'Bot ' before it, "
        "nothing after it)"
    )
    assert value not in message and value.split()[-1] not in message


def test_tokens_without_spaces_load(tmp_path):
    env = {**X, "DISCORD_TOKEN": "MTk4NjIy.discord"}
    settings = load_settings(empty_config(tmp_path), env=env, dotenv=None)
    assert settings.x_enabled and settings.discord_enabled
