"""Settings: `data/config.toml` (or `--config PATH`) plus the environment -> typed, checked.

Secrets (X, Discord, Bluesky and Mastodon credentials) come only from the environment or
a git-ignored `.env` file, never from config.toml, and are never logged: `Secret` hides its
value in repr.
Every mistake is a `ConfigError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import math
import os
import pwd
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scoring.thresholds import ANALYSED_POSTS
from whynot.toml_errors import KIND_WORDS, toml_problem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "data" / "config.toml"
DEFAULT_DB = ROOT / "data" / "whynot.db"
DEFAULT_OWNER = ROOT / "data" / "demo" / "owner.toml"
DEFAULT_DOTENV = ROOT / ".env"
USUAL_DOTENV = Path("<WHYNOT_DOTENV, else .env next to bot.py>")  # load_settings' default
X_SECRETS = (
    "X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"
)  # fmt: skip
BLUESKY_SECRETS = ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")
MASTODON_SECRETS = ("MASTODON_BASE_URL", "MASTODON_ACCESS_TOKEN")
PLATFORMS = ("x", "discord", "bluesky", "mastodon")  # in this order (`Settings.served`)
REVIEW_CHANNELS = ("feed", "cli", "none")

SECTIONS = ("whynot", "replies", "accounts", "x", "discord", "bluesky", "mastodon")
SECRET_NAMES = (*X_SECRETS, "DISCORD_TOKEN", *BLUESKY_SECRETS, *MASTODON_SECRETS)


class ConfigError(ValueError):
    """The configuration cannot be used; the message says where and why."""


class Secret(str):
    """A string that never shows itself in logs, reprs or tracebacks."""

    def __repr__(self) -> str:
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)

    def __str__(self) -> str:
        return "***"


# Sends of one reply at most: past a dozen each waits retry_cap_seconds (whynot.backoff).
MOST_ATTEMPTS = 50


@dataclass(frozen=True, slots=True)
class ReplySettings:
    tone: str = "polite"  # "polite" or "letter"
    cooldown_hours: float = 24.0  # a repeat asker within this gets no second lecture
    max_per_hour: int = 30  # global cap on replies sent in any hour
    max_attempts: int = 4  # sends tried before a reply is left as failed
    retry_base_seconds: float = 30.0  # backoff: base * 2^(attempt-1), capped
    retry_cap_seconds: float = 3600.0
    first_run_lookback_hours: float = 24.0  # on the very first poll, older mentions wait
    max_wait_days: float = 7.0  # a question kept waiting (money, access) longer is given up
    # Where "a person on my team can review this" requests go: "feed" (the Discord feed,
    # with buttons, and `bot.py reviews`), "cli" (`bot.py reviews` only) or "none" (no
    # review is offered: the replies drop the promise, and requests are not taken).
    review_channel: str = "feed"
    review_reminder_hours: float = 48.0  # an undecided request is brought up again after


@dataclass(frozen=True, slots=True)
class AccountSettings:
    cache_hours: float = 24.0  # an asker's snapshot is reused this long
    posts_per_asker: int = 20  # posts fetched first; more only while the verdict is unsure
    posts_when_unsure: int = 100


@dataclass(frozen=True, slots=True)
class XSettings:
    api_base: str = "https://api.twitter.com"
    poll_seconds: float = 120.0
    monthly_budget_usd: float = 20.0
    first_posts: int = 5  # an asker's posts read first on X ($0.005 each), more if unsure
    reply_posts: int = 3  # the most posts an X reply takes ($0.015 each): 2 or 3 (replies)
    watch_followers: bool = False  # the follower crawl is paid per follower: opt-in
    watch_budget_usd: float = 5.0  # its monthly cap, part of monthly_budget_usd
    crawl_interval_hours: float = 24.0  # how often a new follower snapshot starts
    crawl_pages_per_cycle: int = 15  # X allows 15 follower pages per 15 minutes
    notices_enabled: bool = False  # X's automation rules restrict unsolicited messages
    notices_per_day: int = 5


@dataclass(frozen=True, slots=True)
class BlueskySettings:
    service: str = "https://bsky.social"  # the PDS or entryway that signs the owner in
    jetstream: str = "wss://jetstream2.us-east.bsky.network/subscribe"
    poll_seconds: float = 60.0  # notifications: free to read
    watch_followers: bool = True  # live from Jetstream, free; reconciled daily
    crawl_interval_hours: float = 24.0  # the getFollowers reconcile
    crawl_pages_per_cycle: int = 30  # 100 followers a page
    notices_enabled: bool = False  # no direct messages here: unfollows go to the feed
    notices_per_day: int = 5


@dataclass(frozen=True, slots=True)
class MastodonSettings:
    poll_seconds: float = 60.0
    watch_followers: bool = True  # the followers list, diffed daily
    crawl_interval_hours: float = 24.0
    crawl_pages_per_cycle: int = 40  # 80 a page; 300 requests per 5 minutes by default
    notices_enabled: bool = False
    notices_per_day: int = 5


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    # Servers whose moderators may make decisions. Decisions apply on every platform, so
    # with the bot in several servers, list the owner's own; empty: any server the bot is in.
    control_guilds: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path = DEFAULT_DB
    owner_config: Path | None = DEFAULT_OWNER
    dry_run: bool = False
    replies: ReplySettings = field(default_factory=ReplySettings)
    accounts: AccountSettings = field(default_factory=AccountSettings)
    x: XSettings = field(default_factory=XSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    bluesky: BlueskySettings = field(default_factory=BlueskySettings)
    mastodon: MastodonSettings = field(default_factory=MastodonSettings)
    secrets: Mapping[str, Secret] = field(default_factory=dict)
    config_path: Path = DEFAULT_CONFIG  # the file read, or looked for (it is optional)

    @property
    def bluesky_enabled(self) -> bool:
        return all(self.secrets.get(name) for name in BLUESKY_SECRETS)

    @property
    def mastodon_enabled(self) -> bool:
        return all(self.secrets.get(name) for name in MASTODON_SECRETS)

    @property
    def half_configured(self) -> dict[str, tuple[str, ...]]:
        """Bluesky or Mastodon with some of their variables set but not all: the missing."""
        found = {}
        for name, wanted in (("Bluesky", BLUESKY_SECRETS), ("Mastodon", MASTODON_SECRETS)):
            missing = tuple(v for v in wanted if not self.secrets.get(v))
            if 0 < len(missing) < len(wanted):
                found[name] = missing
        return found

    @property
    def x_enabled(self) -> bool:
        return all(self.secrets.get(name) for name in X_SECRETS)

    @property
    def x_missing(self) -> tuple[str, ...]:
        """The X variables not set when some are (a half-done set-up), else ()."""
        missing = tuple(name for name in X_SECRETS if not self.secrets.get(name))
        return missing if len(missing) < len(X_SECRETS) else ()

    def check_pasted(self) -> None:
        """ConfigError naming the first credential that holds a space (never its value):
        no token or app password has one, and the usual paste mistakes put one there
        ("Bearer AAAA..." from a curl example, "Bot MTk..." from Discord's docs). Asked by
        the commands that sign in (run, sync-commands), not by the demo or offline tools."""
        for name in SECRET_NAMES:
            value = self.secrets.get(name)
            if value is not None and len(value.reveal().split()) > 1:
                raise ConfigError(
                    f"{name} holds a space: paste the value alone (no 'Bearer ' or 'Bot ' "
                    "before it, nothing after it)"
                )

    @property
    def offers_review(self) -> bool:
        return self.replies.review_channel != "none"

    @property
    def discord_enabled(self) -> bool:
        return bool(self.secrets.get("DISCORD_TOKEN"))

    @property
    def served(self) -> tuple[str, ...]:
        """The platforms whose credentials are set (`<name>_enabled`), as PLATFORMS orders them."""
        return tuple(name for name in PLATFORMS if getattr(self, f"{name}_enabled"))


MUST_BE_POSITIVE = frozenset({"poll_seconds", "crawl_interval_hours", "crawl_pages_per_cycle"})


def _text(path: Path) -> str:
    """A settings file's text; a byte-order mark is allowed (Windows editors write one)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start}): save it as UTF-8 and try again"
        ) from None
    except PermissionError:  # made by another user (root, the owner's login) and kept private
        try:
            user = pwd.getpwuid(uid := os.geteuid()).pw_name
        except KeyError:  # a container's --user may have no name: the number, as chown takes
            user = str(uid)
        raise ConfigError(
            f"cannot read {path}: permission denied for user {user}, whom the bot runs as "
            f"(systemd's User=): give it the file, `sudo chown {user} {path}`, and keep it "
            "private (chmod 600)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None


def _section(cls: type, table: Any, where: str) -> Any:
    if table is None:
        return cls()
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        default = getattr(cls(), key)
        expected = type(default)
        if expected is tuple:  # lists of whole numbers (server ids)
            if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value
            ):
                raise ConfigError(f"{where}.{key} must be a list of whole numbers")
            values[key] = tuple(value)
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != isinstance(default, bool):
            raise ConfigError(f"{where}.{key} must be {KIND_WORDS[expected]}, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):  # TOML allows inf and nan
            raise ConfigError(f"{where}.{key} must be a finite number, got {value!r}")
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise ConfigError(f"{where}.{key} must not be negative")
        if key in MUST_BE_POSITIVE and value <= 0:  # 0 would poll or crawl without a pause
            raise ConfigError(f"{where}.{key} must be greater than 0, got {value!r}")
        values[key] = value
    return cls(**values)


def shown_address(url: str) -> str:
    """`url` as it may be printed: a user:password@ before the host is hidden."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, tail = rest.partition("/")
    if "@" in host:
        host = "***@" + host.rpartition("@")[2]
    return f"{scheme}{sep}{host}{slash}{tail}"


def _scheme(url: str) -> str:
    """The scheme in lower case, as httpx, aiohttp and urllib read it ("" without one)."""
    return url.partition("://")[0].lower() if "://" in url else ""


def _checked_addresses(settings: Settings, where: str) -> Settings:
    """Addresses a client would only reject later, as if the service were down, are
    refused; MASTODON_BASE_URL's scheme is lowered (Mastodon.py reads only lower case)."""
    bluesky = settings.bluesky
    if _scheme(bluesky.service) not in ("https", "http"):
        raise ConfigError(
            f"{where} [bluesky].service (or WHYNOT_BLUESKY_SERVICE) must start with https://,"
            f' such as "https://bsky.social", got {shown_address(bluesky.service)!r}'
        )
    if _scheme(bluesky.jetstream) not in ("wss", "ws"):
        raise ConfigError(
            f"{where} [bluesky].jetstream (or WHYNOT_BLUESKY_JETSTREAM) must start with wss://,"
            f" got {shown_address(bluesky.jetstream)!r}"
        )
    base = settings.secrets.get("MASTODON_BASE_URL")
    if base is None:
        return settings
    # Mastodon.py puts https:// before anything not starting with a lower-case http(s)://
    # and the API path after the whole value: a path, query or other scheme breaks every
    # call. The value is not echoed (a secret by name).
    raw = base.reveal()
    parts = urlsplit(raw if "://" in raw else f"//{raw}")
    wrong = (
        "another scheme than https://"
        if "://" in raw and parts.scheme not in ("https", "http")
        else "no host name"
        if not parts.hostname
        else "a path"
        if parts.path.strip("/")
        else "a query"
        if parts.query or parts.fragment
        else ""
    )
    if wrong:
        raise ConfigError(
            "MASTODON_BASE_URL must be your instance's address only, such as "
            f"https://mastodon.social: this one has {wrong}"
        )
    if "://" not in raw or raw.startswith(f"{parts.scheme}://"):
        return settings
    lowered = Secret(parts.scheme + raw[raw.index("://") :])
    return replace(settings, secrets={**settings.secrets, "MASTODON_BASE_URL": lowered})


def dotenv_value(raw: str) -> str:
    """A value as written after `=`, in .env or (a secret) the environment, which `docker
    run --env-file` fills with .env's values as written: inside its quotes when quoted, else
    up to a ` #` comment (`X_API_KEY="abc"  # mine` is `abc`, as python-dotenv reads it)."""
    value = raw.strip()
    if value[:1] in ("'", '"') and value[0] in value[1:]:
        return value[1 : value.index(value[0], 1)]
    return re.split(r"\s#", value, maxsplit=1)[0].strip().strip("'\"")


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; # comments and blank lines skipped; quotes around values removed,
    and a comment after an unquoted value."""
    if not path.exists():
        return {}
    values = {}
    for number, raw in enumerate(_text(path).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        values[key.strip()] = dotenv_value(value)
    return values


def dotenv_path(env: Mapping[str, str]) -> Path | None:
    """The .env next to bot.py, or the file WHYNOT_DOTENV names ("": none). The test suite
    sets it empty, so no test run in an owner's checkout reads (and posts with) the
    owner's real credentials."""
    named = env.get("WHYNOT_DOTENV")
    if named is None:
        return DEFAULT_DOTENV
    if not named:
        return None
    path = Path(named).expanduser()
    if not path.is_file():  # a typo would read no credentials: the demo, not the bot
        raise ConfigError(
            f"WHYNOT_DOTENV names {path}, which is not a file: point it at your .env, "
            "or unset it (the .env next to bot.py), or set it empty (none)"
        )
    return path


def load_settings(
    path: Path | None = None,
    env: Mapping[str, str] | None = None,
    dotenv: Path | None = USUAL_DOTENV,
) -> Settings:
    """Config file (default data/config.toml, optional), the environment, then .env (under it)."""
    env = dict(os.environ if env is None else env)
    if dotenv is USUAL_DOTENV:
        dotenv = dotenv_path(env)
    env = {k: dotenv_value(v) if k in SECRET_NAMES else v for k, v in env.items()}  # --env-file's
    if dotenv is not None:  # read once: a quoted 'pa55"' read again would lose its '"'
        env = {**read_dotenv(dotenv), **env}
    config_path = path or Path(env.get("WHYNOT_CONFIG", DEFAULT_CONFIG))
    data: dict[str, Any] = {}
    if config_path.exists():
        try:
            data = tomllib.loads(text := _text(config_path))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: {toml_problem(exc, text)}") from None
    elif path is not None:
        raise ConfigError(f"config file not found: {path}")
    where = str(config_path)
    strangers = [name for name in data if name not in SECTIONS]
    if strangers:  # a misspelt section would silently keep every default of the real one
        raise ConfigError(
            f"{where}: unknown section [{strangers[0]}] (known: {', '.join(SECTIONS)})"
        )
    core = data.get("whynot", {})
    if not isinstance(core, dict):
        raise ConfigError(f"{where}: [whynot] must be a table")
    unknown = set(core) - {"db_path", "owner_config", "dry_run"}
    if unknown:
        raise ConfigError(f"{where}: [whynot] has unknown settings: {', '.join(sorted(unknown))}")
    base = config_path.parent
    # WHYNOT_DB, like --db, is typed at the shell: relative to the working directory. Only
    # the config file's own db_path is relative to the config file's folder.
    env_db = env.get("WHYNOT_DB")
    db_path = Path(env_db).resolve() if env_db else Path(core.get("db_path") or DEFAULT_DB)
    owner = core.get("owner_config", str(DEFAULT_OWNER))
    if not isinstance(owner, str):
        raise ConfigError(f"{where}: [whynot] owner_config must be a path string")
    x = _section(XSettings, data.get("x"), f"{where} [x]")
    if env.get("WHYNOT_X_API_BASE"):
        x = replace(x, api_base=env["WHYNOT_X_API_BASE"])
    bluesky = _section(BlueskySettings, data.get("bluesky"), f"{where} [bluesky]")
    if env.get("WHYNOT_BLUESKY_SERVICE"):
        bluesky = replace(bluesky, service=env["WHYNOT_BLUESKY_SERVICE"])
    if env.get("WHYNOT_BLUESKY_JETSTREAM"):
        bluesky = replace(bluesky, jetstream=env["WHYNOT_BLUESKY_JETSTREAM"])
    dry_run = core.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise ConfigError(f"{where}: [whynot] dry_run must be true or false")
    settings = Settings(
        db_path=db_path if db_path.is_absolute() else (base / db_path).resolve(),
        owner_config=(base / owner).resolve() if owner else None,
        dry_run=dry_run,
        replies=_section(ReplySettings, data.get("replies"), f"{where} [replies]"),
        accounts=_section(AccountSettings, data.get("accounts"), f"{where} [accounts]"),
        x=x,
        discord=_section(DiscordSettings, data.get("discord"), f"{where} [discord]"),
        bluesky=bluesky,
        mastodon=_section(MastodonSettings, data.get("mastodon"), f"{where} [mastodon]"),
        secrets={k: Secret(v) for k, v in env.items() if k in SECRET_NAMES and v},
        config_path=config_path,
    )
    settings = _checked_addresses(settings, where)
    if settings.replies.tone not in ("polite", "letter"):
        raise ConfigError(f"{where} [replies].tone must be 'polite' or 'letter'")
    if settings.x.reply_posts not in (2, 3):
        raise ConfigError(f"{where} [x].reply_posts must be 2 or 3, got {settings.x.reply_posts}")
    # X serves 5 posts a page at the least; past the newest ANALYSED_POSTS (X dates every
    # post) the scorer judges none, so a larger first read would be paid for and unread.
    if not 5 <= settings.x.first_posts <= ANALYSED_POSTS:
        raise ConfigError(
            f"{where} [x].first_posts must be 5 to {ANALYSED_POSTS} (the newest posts the"
            f" scorer judges), got {settings.x.first_posts}"
        )
    if settings.replies.max_attempts > MOST_ATTEMPTS:  # each waits longer (base x 2^n)
        raise ConfigError(
            f"{where} [replies].max_attempts must be 1 to {MOST_ATTEMPTS}, got "
            f"{settings.replies.max_attempts}"
        )
    if settings.replies.review_channel not in REVIEW_CHANNELS:
        raise ConfigError(
            f"{where} [replies].review_channel must be one of {', '.join(REVIEW_CHANNELS)}"
        )
    return settings
