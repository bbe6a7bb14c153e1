"""Service addresses and the .env WHYNOT_DOTENV names (review of 3dcea5b and 5a9388f): an
address the clients accept is not refused, one they would only fail on later is refused by
name, a password inside an address is never printed, and a WHYNOT_DOTENV that names no
file is refused rather than read as an empty .env."""

from __future__ import annotations

from pathlib import Path

import pytest

from whynot.config import ConfigError, load_settings
from whynot.platform import PlatformError
from whynot.platforms.side import sign_in_fix


def config(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def masto(tmp_path: Path, base: str):
    env = {"MASTODON_BASE_URL": base, "MASTODON_ACCESS_TOKEN": "tok-SECRET"}
    return load_settings(config(tmp_path), env=env, dotenv=None)


def test_addresses_with_a_capitalised_scheme_are_accepted(tmp_path):
    # httpx (Bluesky) and aiohttp (Jetstream) read the scheme in any case.
    text = "[bluesky]\nservice = 'HTTPS://pds.example'\njetstream = 'Wss://js.example/subscribe'\n"
    settings = load_settings(config(tmp_path, text), env={}, dotenv=None)
    assert settings.bluesky.service == "HTTPS://pds.example"
    env = {"WHYNOT_BLUESKY_SERVICE": "Http://127.0.0.1:2583"}
    assert load_settings(config(tmp_path), env=env, dotenv=None).bluesky.service.endswith(":2583")


async def test_a_capitalised_mastodon_scheme_reaches_mastodon_py_in_lower_case(tmp_path):
    from whynot.platforms.mastodon.platform import MastodonPlatform

    # Mastodon.py adds "https://" to anything not starting with a lower-case scheme:
    # "HTTPS://social.example" became "https://HTTPS://social.example", unreachable.
    for base, api in (
        ("HTTPS://Social.Example/", "https://Social.Example"),
        ("Http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("social.example", "https://social.example"),
    ):
        settings = masto(tmp_path, base)
        made = await MastodonPlatform.from_settings(settings.secrets)
        try:
            assert made.api.api_base_url == api
        finally:
            await made.close()


@pytest.mark.parametrize(
    ("base", "has"),
    [
        ("htps://social.example", "another scheme than https://"),
        ("ftp://social.example", "another scheme than https://"),
        ("https://social.example/?lang=en", "a query"),
        ("https://", "no host name"),  # was taken, then "unknown host" at every call
        ("https:///@fsalas", "no host name"),
    ],
)
def test_a_mastodon_address_mastodon_py_would_mangle_is_refused(tmp_path, base, has):
    with pytest.raises(ConfigError, match="MASTODON_BASE_URL must be your instance") as info:
        masto(tmp_path, base)
    assert str(info.value).endswith(f": this one has {has}")
    assert "tok-SECRET" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "[bluesky]\nservice = 'ana:hunter2@pds.example'\n",
        "[bluesky]\njetstream = 'ana:hunter2@js.example/subscribe'\n",
        "[bluesky]\njetstream = 'https://ana:hunter2@js.example/subscribe'\n",
    ],
)
def test_a_password_in_a_refused_address_is_not_printed(tmp_path, text):
    with pytest.raises(ConfigError) as info:
        load_settings(config(tmp_path, text), env={}, dotenv=None)
    assert "hunter2" not in str(info.value)
    assert "js.example" in str(info.value) or "pds.example" in str(info.value)


def test_the_unreachable_line_does_not_print_a_password_in_the_service(tmp_path):
    text = "[bluesky]\nservice = 'https://ana:hunter2@pds.example'\n"
    settings = load_settings(config(tmp_path, text), env={}, dotenv=None)
    fix = sign_in_fix("bluesky", PlatformError("NetworkError"), settings)
    assert "hunter2" not in fix and "pds.example" in fix


def test_a_whynot_dotenv_naming_no_file_is_refused(tmp_path):
    # A typo here read no credentials at all: `bot.py` then played the demo (exit 0)
    # instead of running, and `run` said nothing was configured.
    for named in (tmp_path / "absent.env", tmp_path):
        env = {"WHYNOT_DOTENV": str(named)}
        with pytest.raises(ConfigError, match="WHYNOT_DOTENV names") as info:
            load_settings(config(tmp_path), env=env)
        assert str(named) in str(info.value)
    present = tmp_path / "owner.env"
    present.write_text("MASTODON_BASE_URL=https://social.example\nMASTODON_ACCESS_TOKEN=t\n")
    assert load_settings(config(tmp_path), env={"WHYNOT_DOTENV": str(present)}).mastodon_enabled
    assert not load_settings(config(tmp_path), env={"WHYNOT_DOTENV": ""}).mastodon_enabled
