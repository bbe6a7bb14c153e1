"""Settings: a misconfigured bot refuses to start with a message naming the setting, and
secrets never show themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from whynot.config import ConfigError, Secret, load_settings, read_dotenv
from whynot.owner_config import read_owner_file

ROOT = Path(__file__).resolve().parent.parent
TOKENS = {
    "X_BEARER_TOKEN": "bearer-SECRET-1",
    "X_API_KEY": "key-SECRET-2",
    "X_API_SECRET": "secret-SECRET-3",
    "X_ACCESS_TOKEN": "access-SECRET-4",
    "X_ACCESS_TOKEN_SECRET": "accesssecret-SECRET-5",
}


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[replies]\ncooldown_hours = 'soon'\n", "[replies].cooldown_hours must be a number"),
        ("[replies]\nmax_per_hour = -1\n", "max_per_hour must not be negative"),
        ("[replies]\ntone = 'rude'\n", "tone must be 'polite' or 'letter'"),
        ("[replies]\ncooldwn_hours = 3\n", "unknown setting 'cooldwn_hours'"),
        ("[whynot]\nverbose = true\n", "unknown settings: verbose"),
        ("[x]\nnotices_enabled = 'yes'\n", "[x].notices_enabled must be true or false"),
        ("[x]\nmonthly_budget_usd = true\n", "monthly_budget_usd must be a number without"),
        # sixth walkthrough: "must be float, got '15'" named Python's type, not what to write
        ('[x]\nmonthly_budget_usd = "15"\n', "must be a number without quotes, such as 20 or"),
        ("[replies]\nmax_per_hour = 2.5\n", "max_per_hour must be a whole number without quo"),
        ("[replies]\ntone = 1\n", 'tone must be text in straight double quotes, such as "p'),
        ("[x]\nreply_posts = 4\n", "[x].reply_posts must be 2 or 3, got 4"),
        ("[x]\nreply_posts = 1\n", "[x].reply_posts must be 2 or 3, got 1"),
        ("[x]\nfirst_posts = 80\n", "[x].first_posts must be 5 to 50 (the newest posts"),
        ("[x]\nfirst_posts = 2\n", "[x].first_posts must be 5 to 50"),
        ("[blusky]\nservice = 'https://pds.example'\n", "unknown section [blusky] (known:"),
        ("[bluesky]\nservice = 'bsky.social'\n", "[bluesky].service (or WHYNOT_BLUESKY_SE"),
        ("[bluesky]\njetstream = 'jetstream2.example'\n", "[bluesky].jetstream (or WHYNOT_"),
        ("replies = 3\n", "must be a table"),
        ("[replies\n", "not valid TOML"),
        ("[x]\npoll_seconds = 0\n", "[x].poll_seconds must be greater than 0, got 0.0"),
        ("[mastodon]\ncrawl_interval_hours = 0\n", "crawl_interval_hours must be greater than 0"),
        ("[bluesky]\ncrawl_pages_per_cycle = 0\n", "crawl_pages_per_cycle must be greater than"),
        ("[x]\nmonthly_budget_usd = inf\n", "[x].monthly_budget_usd must be a finite number"),
        ("[x]\nwatch_budget_usd = nan\n", "[x].watch_budget_usd must be a finite number"),
    ],
)
def test_bad_settings_are_named(tmp_path, text, message):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text), env={}, dotenv=None)
    assert message in str(info.value)


def test_a_settings_file_not_in_utf8_is_one_line_and_a_bom_is_fine(tmp_path):
    # A config.toml saved in another encoding was a UnicodeDecodeError traceback in every
    # command; one with a UTF-8 byte-order mark was "not valid TOML ... line 1, column 1".
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe[replies]\n")
    with pytest.raises(ConfigError, match=r"config\.toml: not UTF-8 text \(byte 0\)"):
        load_settings(path, env={}, dotenv=None)
    (tmp_path / ".env").write_bytes(b"X_BEARER_TOKEN=caf\xe9\n")
    with pytest.raises(ConfigError, match=r"\.env: not UTF-8 text"):
        load_settings(write(tmp_path, ""), env={}, dotenv=tmp_path / ".env")
    path.write_bytes("\ufeff[replies]\ncooldown_hours = 3\n".encode())
    assert load_settings(path, env={}, dotenv=None).replies.cooldown_hours == 3.0
    owner = tmp_path / "owner.toml"  # the owner file too ("not valid TOML ... column 1")
    owner.write_bytes('\ufeff[owner]\nhandle = "ana"\ninterests = ["cx"]\n'.encode())
    assert read_owner_file(owner).context.handle == "ana"


def test_a_missing_config_file_given_explicitly_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", env={}, dotenv=None)


def test_environment_wins_over_dotenv_and_secrets_hide(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# tokens\nexport X_BEARER_TOKEN='from-dotenv'\nDISCORD_TOKEN=abc\n")
    settings = load_settings(write(tmp_path, ""), env={"X_BEARER_TOKEN": "from-env"}, dotenv=dotenv)
    token = settings.secrets["X_BEARER_TOKEN"]
    assert token.reveal() == "from-env"
    assert "from-env" not in repr(settings) and "from-env" not in str(token)
    assert settings.discord_enabled and not settings.x_enabled
    assert read_dotenv(tmp_path / "absent") == {}


def test_dotenv_lines_must_be_key_value(tmp_path):
    (tmp_path / ".env").write_text("JUSTAWORD\n")
    with pytest.raises(ConfigError, match=r"\.env:1: expected KEY=VALUE"):
        load_settings(write(tmp_path, ""), env={}, dotenv=tmp_path / ".env")


def test_secret_repr_and_format_never_leak():
    s = Secret("hunter2")
    assert "hunter2" not in f"{s} {s!r} {[s]} {dict(a=s)}"


def test_a_misconfigured_run_refuses_with_one_line_and_no_secret(tmp_path):
    bad = write(tmp_path, "[replies]\ntone = 'shouty'\n")
    env = {"PATH": "/usr/bin:/bin", "WHYNOT_DOTENV": "", **TOKENS}
    result = subprocess.run(
        [sys.executable, "bot.py", "run", "--once", "--config", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "tone must be 'polite' or 'letter'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for token in TOKENS.values():
        assert token not in result.stderr + result.stdout


def test_control_guilds_must_be_whole_numbers(tmp_path):
    settings = load_settings(
        write(tmp_path, "[discord]\ncontrol_guilds = [123, 456]\n"), env={}, dotenv=None
    )
    assert settings.discord.control_guilds == (123, 456)
    with pytest.raises(ConfigError, match="control_guilds must be a list of whole numbers"):
        load_settings(write(tmp_path, "[discord]\ncontrol_guilds = ['abc']\n"), env={}, dotenv=None)


def test_mastodon_base_url_is_the_instance_without_a_path(tmp_path):
    def load(base: str):
        env = {"MASTODON_BASE_URL": base, "MASTODON_ACCESS_TOKEN": "tok-SECRET"}
        return load_settings(write(tmp_path, ""), env=env, dotenv=None)

    for fine in ("https://social.example", "https://social.example/", "social.example"):
        assert load(fine).mastodon_enabled
    for pasted in ("https://social.example/@fsalas", "social.example/home"):
        with pytest.raises(ConfigError, match="MASTODON_BASE_URL must be your instance") as info:
            load(pasted)
        assert "tok-SECRET" not in str(info.value)


def test_the_dotenv_read_is_the_one_whynot_dotenv_names(tmp_path, monkeypatch):
    import whynot.config as config

    owners = tmp_path / ".env"
    owners.write_text("MASTODON_BASE_URL=https://social.example\nMASTODON_ACCESS_TOKEN=t\n")
    monkeypatch.setattr(config, "DEFAULT_DOTENV", owners)  # the owner's .env by bot.py
    assert load_settings(write(tmp_path, ""), env={}).mastodon_enabled
    assert not load_settings(write(tmp_path, ""), env={"WHYNOT_DOTENV": ""}).mastodon_enabled
    other = tmp_path / "other.env"
    other.write_text("BLUESKY_HANDLE=a.bsky.social\nBLUESKY_APP_PASSWORD=p\n")
    named = load_settings(write(tmp_path, ""), env={"WHYNOT_DOTENV": str(other)})
    assert named.bluesky_enabled and not named.mastodon_enabled


def test_no_test_reads_the_checkouts_dotenv():
    # tests/conftest.py: every `bot.py` a test starts inherits this, so a checkout where
    # the owner has filled in .env never signs in (or posts) as the owner from a test.
    import os

    assert os.environ.get("WHYNOT_DOTENV") == ""


def test_max_attempts_past_what_a_backoff_can_wait_is_refused(tmp_path):
    # 5,000 was taken, and the 1,025th try's wait (base x 2 ** 1,024) overflowed
    for wrong in (51, 5000):
        with pytest.raises(ConfigError, match=r"\[replies\].max_attempts must be 1 to 50"):
            load_settings(
                write(tmp_path, f"[replies]\nmax_attempts = {wrong}\n"), env={}, dotenv=None
            )
    fine = write(tmp_path, "[replies]\nmax_attempts = 50\n")
    assert load_settings(fine, env={}, dotenv=None).replies.max_attempts == 50
