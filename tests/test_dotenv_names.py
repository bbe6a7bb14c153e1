"""`run` names a credential misnamed in .env (DISCORD_BOT_TOKEN for DISCORD_TOKEN), which
left its platform off without a word, and tells an owner with no platform the one step:
copy the .env.example that init wrote, naming the free platforms before X's paid ones."""

from __future__ import annotations

import logging

import pytest
from cli_capture import bot

import whynot.config
import whynot.dotenv_names


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A config whose owner file is missing (so `run` stops before any network)."""
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\nowner_config = "owner.toml"\n')
    monkeypatch.setenv("WHYNOT_CONFIG", str(config))
    for name in whynot.config.SECRET_NAMES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_a_misnamed_token_alone_is_named_with_its_right_name(checkout, monkeypatch):
    dotenv = checkout / ".env"
    dotenv.write_text("DISCORD_BOT_TOKEN=MTA0.GA.abc\nDISCORD_GUILD_ID=123\nTZ=UTC\n")
    monkeypatch.setenv("WHYNOT_DOTENV", str(dotenv))
    code, out, err = bot("run")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "DISCORD_BOT_TOKEN" in err and "did you mean DISCORD_TOKEN?" in err
    assert "GUILD" not in err and "TZ" not in err
    assert "MTA0" not in err  # never the value


def test_a_misnamed_token_beside_a_working_platform_is_a_warning(checkout, monkeypatch, caplog):
    dotenv = checkout / ".env"
    dotenv.write_text(
        "BLUESKY_HANDLE=me.bsky.social\nBLUESKY_APP_PASSWORD=abcd-efgh-ijkl-mnop\n"
        "discord_token=MTA0.GA.abc\nMASTODON_URL=https://mastodon.social\n"
    )
    monkeypatch.setenv("WHYNOT_DOTENV", str(dotenv))
    with caplog.at_level(logging.WARNING):
        code, _, err = bot("run", "--once")
    assert code == 2 and "owner file" in err  # stopped before any network
    said = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "discord_token" in said and "did you mean DISCORD_TOKEN?" in said
    assert "MASTODON_URL" in said and "did you mean MASTODON_BASE_URL?" in said


def test_an_owner_who_never_copied_env_example_is_told_to(checkout, monkeypatch):
    monkeypatch.delenv("WHYNOT_DOTENV")
    dotenv = checkout / ".env"  # not there; init wrote .env.example beside it
    (checkout / ".env.example").write_text("DISCORD_TOKEN=\nBLUESKY_HANDLE=\n")
    monkeypatch.setattr(whynot.config, "DEFAULT_DOTENV", dotenv)
    monkeypatch.setattr(whynot.dotenv_names, "DEFAULT_DOTENV", dotenv)
    code, _, err = bot("run")
    assert code == 2 and err.count("\n") == 1
    assert "cp .env.example .env" in err
    # The free platforms come before X's five paid variables.
    assert err.index("DISCORD_TOKEN") < err.index("BLUESKY_HANDLE") < err.index("X_*")


def test_an_apps_other_credential_is_not_taken_for_a_misspelling(checkout, monkeypatch):
    # X_CLIENT_SECRET (X's OAuth 2.0 client secret) is not X_API_SECRET, nor is Mastodon's
    # client key its access token: "did you mean" them would send the wrong secret.
    dotenv = checkout / ".env"
    dotenv.write_text("X_CLIENT_SECRET=abc\nMASTODON_CLIENT_KEY=def\n")
    monkeypatch.setenv("WHYNOT_DOTENV", str(dotenv))
    assert whynot.dotenv_names.misnamed() == []
    line = whynot.dotenv_names.no_platform_line()
    assert "did you mean" not in line and "DISCORD_TOKEN" in line


def test_in_the_container_the_line_names_docker_run_env_file():
    # Sixth walkthrough: in the container (no .env in the image) the line said "set the
    # variables of at least one in .env or the environment"; the owner's .env was there, on
    # the host, and only `docker run --env-file .env` gives it to the bot.
    env = {"WHYNOT_ON_SETUP_MISTAKE": "wait", "WHYNOT_DOTENV": ""}
    line = whynot.dotenv_names.no_platform_line(env)
    assert line.startswith(
        "no platform is configured: give the container your filled-in .env: docker run "
        "--env-file .env ... (DISCORD_TOKEN;"
    )
