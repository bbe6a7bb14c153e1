"""A secret from the environment is read as one from `.env`. docs/operations.md's container
runs `docker run --env-file .env`, and Docker passes each value exactly as written after
`=`: quotes, a trailing space and a ` # comment` included (only a CRLF's `\\r` is dropped).
Before, an owner's `X_API_KEY="abc123"` reached X with its quotes, X refused the signature,
and the bot sent the owner to regenerate keys that were right, again and again."""

from __future__ import annotations

import pytest

from whynot.config import ConfigError, load_settings

FIVE = {
    "X_BEARER_TOKEN": "AAAAbearer",
    "X_API_KEY": "abc123",
    "X_API_SECRET": "apisecret",
    "X_ACCESS_TOKEN": "1234-access",
    "X_ACCESS_TOKEN_SECRET": "accesssecret",
}


def settings_with(tmp_path, **pasted: str):
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    return load_settings(config, env={**FIVE, **pasted}, dotenv=None)


@pytest.mark.parametrize(
    "pasted",
    ['"abc123"', "'abc123'", "abc123 ", " abc123", "abc123\r", '"abc123" ', "abc123  # mine"],
)
def test_an_env_file_value_reaches_x_without_its_quotes_or_spaces(tmp_path, pasted):
    settings = settings_with(tmp_path, X_API_KEY=pasted)
    assert settings.secrets["X_API_KEY"].reveal() == "abc123"
    assert settings.x_enabled
    settings.check_pasted()  # nothing left to refuse


def test_what_is_not_a_paste_around_the_value_is_still_refused(tmp_path):
    settings = settings_with(tmp_path, X_BEARER_TOKEN="Bearer AAAAbearer")
    with pytest.raises(ConfigError, match="X_BEARER_TOKEN holds a space"):
        settings.check_pasted()
    assert settings_with(tmp_path, X_API_KEY='""').x_missing == ("X_API_KEY",)


@pytest.mark.parametrize("written", ["'pa55word\"'", '"pa55 #1"'])
def test_a_value_read_from_dotenv_is_not_read_a_second_time(tmp_path, written):
    # A password quoted in .env because it holds a quote or ' #' was read there, then read
    # again as if written so: 'pa55word"' lost its '"' and "pa55 #1" became "pa55", silently.
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"BLUESKY_APP_PASSWORD={written}\n", encoding="utf-8")
    (config := tmp_path / "config.toml").write_text("", encoding="utf-8")
    settings = load_settings(config, env={"BLUESKY_HANDLE": "ana.bsky.social"}, dotenv=dotenv)
    assert settings.secrets["BLUESKY_APP_PASSWORD"].reveal() == written[1:-1]
