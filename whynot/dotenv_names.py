"""What `run` says about the credentials it did not find: a name in `.env` the bot does
not read but that looks like one it does (`DISCORD_BOT_TOKEN`, `discord_token`,
`BLUESKY_PASSWORD`) would leave that platform off without a word, and an owner who never
copied `.env.example` to `.env` is told to, with the free platforms named before X's
five paid variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from difflib import get_close_matches

from whynot.config import (
    DEFAULT_DOTENV,
    SECRET_NAMES,
    ConfigError,
    dotenv_path,
    read_dotenv,
)

CLOSE = 0.7  # DISCORD_BOT_TOKEN (0.87), MASTODON_URL (0.83), TWITTER_BEARER_TOKEN (0.76)
# Another credential of the same developer page, not a misspelling of one the bot reads:
# X's OAuth 2.0 client secret is not X_API_SECRET, Mastodon's client key not the access
# token, and renaming it would only trade this line for a refused sign-in.
OTHER_CREDENTIAL = "CLIENT"  # X_CLIENT_ID, X_CLIENT_SECRET, MASTODON_CLIENT_KEY


def misnamed(env: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(name written in .env, the credential it looks like) for each name in `.env` that
    the bot does not read, close to a credential that is set nowhere."""
    env = os.environ if env is None else env
    try:
        path = dotenv_path(env)
        written = read_dotenv(path) if path is not None else {}
    except ConfigError:  # load_settings says it, in its own words
        return []
    found = []
    for name in written:
        if name in SECRET_NAMES or OTHER_CREDENTIAL in name.upper():
            continue
        meant = get_close_matches(name.upper(), SECRET_NAMES, n=1, cutoff=CLOSE)
        if meant and not written.get(meant[0]) and not env.get(meant[0]):
            found.append((name, meant[0]))
    return found


def never_copied(env: Mapping[str, str]) -> bool:
    """`bot.py init` wrote .env.example next to bot.py, and no .env is there yet."""
    if env.get("WHYNOT_DOTENV") is not None:
        return False
    return DEFAULT_DOTENV.with_suffix(".example").exists() and not DEFAULT_DOTENV.exists()


def rename_line(found: list[tuple[str, str]]) -> str:
    """One clause naming each misnamed variable and its right name."""
    return "; ".join(
        f".env sets {name}, a name the bot does not read: did you mean {meant}?"
        for name, meant in found
    )


def no_platform_line(env: Mapping[str, str] | None = None) -> str:
    """Why `run` has nothing to serve, and the one step that fixes it."""
    env = os.environ if env is None else env
    found = misnamed(env)
    if found:
        return f"no platform is configured: {rename_line(found)}"
    step = "set the variables of at least one in .env or the environment"
    if env.get("WHYNOT_ON_SETUP_MISTAKE") == "wait":  # the Dockerfile's: no .env in the image
        step = "give the container your filled-in .env: docker run --env-file .env ..."
    elif never_copied(env):
        step = "copy .env.example to .env (cp .env.example .env) and fill in its values"
    return (
        f"no platform is configured: {step} (DISCORD_TOKEN; BLUESKY_HANDLE and "
        "BLUESKY_APP_PASSWORD; MASTODON_BASE_URL and MASTODON_ACCESS_TOKEN; or X's five X_* "
        "variables, paid per use); `python bot.py demo` needs none"
    )
