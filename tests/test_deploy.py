"""A real owner deploys it (issue 17, "smaller things"): each rough edge met while setting
the bot up for a real account, run the way the owner ran into it."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

import pytest

from tests.test_archive import make_archive
from tests.test_replies import VERDICT
from whynot.config import X_SECRETS, load_settings
from whynot.owner_config import load_owner_config
from whynot.replies import ANSWERED_INTENTS, LANGUAGES, REPLY_TEMPLATES, TONES, ReplyRenderer

ROOT = Path(__file__).resolve().parent.parent


def bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No credentials at all (not even the checkout's .env), and a config of the test's own
    (never data/config.toml)."""
    config = tmp_path / "config.toml"
    if not config.exists():
        config.write_text('[whynot]\ndb_path = "bot.db"\n')
    home = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "WHYNOT_DOTENV": ""}
    return {**home, "WHYNOT_CONFIG": str(config), **extra}


def test_the_run_lock_file_is_not_committed():
    result = subprocess.run(
        ["git", "check-ignore", "-q", "data/whynot.db.lock"], cwd=ROOT, check=False
    )
    assert result.returncode == 0


def test_migrate_refuses_a_database_that_is_not_there(tmp_path):
    typo = tmp_path / "typo.db"
    result = bot("migrate", "--db", str(typo))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no database at" in result.stderr
    assert "--create" in result.stderr
    assert not typo.exists()  # nothing created
    result = bot("migrate", "--db", str(typo), "--create")
    assert result.returncode == 0 and typo.exists()


def test_whynot_db_is_relative_to_the_working_directory_like_db(tmp_path, monkeypatch):
    folder = tmp_path / "conf"
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text('[whynot]\ndb_path = "from-config.db"\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings(config, env={"WHYNOT_DB": "shell.db"}, dotenv=None)
    assert settings.db_path == tmp_path / "shell.db"
    # the config file's own db_path stays relative to the config file
    assert load_settings(config, env={}, dotenv=None).db_path == folder / "from-config.db"


@pytest.mark.parametrize("command", [("run", "--once"), ()])
def test_four_of_five_x_variables_name_the_missing_one(tmp_path, command):
    env = bare_env(tmp_path, **{name: "set" for name in X_SECRETS[:-1]})
    result = bot(*command, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "X_ACCESS_TOKEN_SECRET" in result.stderr and "X_API_KEY" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "bot.db").exists()


def test_import_archive_prints_the_lines_to_paste(tmp_path):
    folder = tmp_path / "archive"
    for name, text in make_archive(tmp_path).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (tmp_path / "owner").mkdir()
    owner = tmp_path / "owner" / "owner.toml"
    owner.write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\nowner_config = "owner/owner.toml"\n')
    out = tmp_path / "seed"
    result = bot("import-archive", str(folder), "--config", str(config), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "..." not in result.stdout
    hint = result.stdout.strip().splitlines()[-1]
    assert str(owner) in hint
    lines = re.findall(r'(following = "[^"]+"|own_posts = "[^"]+")', hint)
    assert len(lines) == 2
    # pasted as printed, the owner file reads both files
    owner.write_text(owner.read_text() + "\n".join(lines) + "\n")
    index = load_owner_config(owner)
    assert set(index.followed) == {"42", "43"}
    assert {t.label for t in index.topics} >= {"#cx"}


def test_an_empty_audit_says_why_and_exits_1(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = bot(
        "audit",
        "--source",
        "jsonl",
        str(empty),
        "--owner-config",
        str(ROOT / "data" / "demo" / "owner.toml"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 1
    assert "nothing to audit" in result.stderr and str(empty) in result.stderr
    db = tmp_path / "bot.db"
    assert bot("migrate", "--db", str(db), "--create").returncode == 0
    result = bot(
        "audit",
        "--db",
        str(db),
        "--owner-config",
        str(ROOT / "data" / "demo" / "owner.toml"),
        "--out",
        str(tmp_path / "out2"),
    )
    assert result.returncode == 1
    assert "no cached x accounts" in result.stderr and "--source archive" in result.stderr


def test_no_voice_warning_at_start():
    code = (
        "import logging; logging.basicConfig()\n"
        "import whynot.platforms.discord.bot, discord\n"
        "discord.Client(intents=discord.Intents.none())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "PyNaCl" not in result.stderr and "voice" not in result.stderr


@cache
def renderer_for(tone: str) -> ReplyRenderer:
    """One renderer a tone for the many cases below: a renderer builds each language's
    templates once, and a new one per case built them again (~0.1 s a case)."""
    return ReplyRenderer(tone)


CASES = [
    (template, language, tone, platform)
    for template in REPLY_TEMPLATES
    for language in LANGUAGES
    for tone in TONES
    for platform in ("x", "discord")
]


@pytest.mark.parametrize(("template", "language", "tone", "platform"), CASES)
def test_a_name_ending_in_a_stop_gets_no_second_one(template, language, tone, platform):
    reply = renderer_for(tone).render(
        template, platform=platform, language=language, asker="Kai T.", verdict=VERDICT
    )
    assert "Kai T." in reply.text
    assert "Kai T.." not in reply.text and "\ue0a5" not in reply.text


def test_a_stop_after_a_name_without_one_stays():
    reply = ReplyRenderer("letter").render(
        "why_unfollowed", platform="x", asker="Kai", verdict=None
    )
    assert "Good question, Kai." in reply.text


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", ANSWERED_INTENTS)
def test_an_x_thread_never_ends_on_the_closing_line_alone(template, language, tone):
    reply = renderer_for(tone).render(
        template, platform="x", language=language, asker="Pete", verdict=VERDICT
    )
    if len(reply.posts) > 1:
        last = re.sub(r" \(\d/\d\)$", "", reply.posts[-1])
        assert "\n\n" in last or last.startswith("- "), reply.posts


# --- calm failures --------------------------------------------------------------------
async def test_discord_unreachable_is_retried_with_one_line_per_attempt(caplog):
    import logging

    import aiohttp

    from whynot.platforms.discord import DiscordError
    from whynot.platforms.discord.keep import keep_discord

    calls: list[int] = []
    waits: list[float] = []

    async def start() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")
        if len(calls) == 2:
            raise OSError("Network is unreachable")

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    caplog.set_level(logging.WARNING, logger="whynot.run")
    await keep_discord(start, sleep)
    assert len(calls) == 3 and waits == [5.0, 10.0]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("Discord cannot start (attempt" in line for line in lines)
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in caplog.records)

    async def rejected() -> None:
        raise DiscordError("Discord rejected DISCORD_TOKEN")

    with pytest.raises(DiscordError):  # a rejected token is not retried
        await keep_discord(rejected, sleep)


def test_run_once_with_only_discord_says_it_needs_a_long_running_process(tmp_path):
    result = bot("run", "--once", env=bare_env(tmp_path, DISCORD_TOKEN="token"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Discord needs a long-running process" in result.stderr
    assert not (tmp_path / "bot.db").exists()


def many_accounts(path: Path, count: int = 3000) -> Path:
    path.write_text(
        "".join(
            f'{{"id": "{i}", "handle": "h{i}", "platform": "x", "posts": []}}\n'
            for i in range(count)
        )
    )
    return path


@pytest.mark.parametrize("command", ["score", "intent"])
def test_a_closed_pipe_ends_quietly(tmp_path, command):
    accounts = many_accounts(tmp_path / "many.jsonl")
    args = [accounts.as_posix()] if command == "score" else []
    stdin = None if command == "score" else subprocess.PIPE
    proc = subprocess.Popen(
        [sys.executable, "bot.py", command, *args],
        cwd=ROOT,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if stdin is not None:  # `... | bot.py intent | head -1`: lines keep coming
        feed = proc.stdin
        assert feed is not None

        def write() -> None:  # from a thread: the child may stop reading at any time
            with contextlib.suppress(BrokenPipeError, OSError):
                feed.write(b"why didn't you follow me back?\n" * 20000)
                feed.close()

        threading.Thread(target=write, daemon=True).start()
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode in (0, 141)


def test_a_lone_surrogate_never_stops_the_output(tmp_path):
    path = tmp_path / "surrogate.jsonl"
    path.write_text(
        '{"id": "1", "handle": "cut\\ud83d", "display_name": "Kai \\udcff", "platform": "x",'
        ' "posts": [{"id": "9", "text": "half an emoji \\ud83d", "created_at":'
        ' "2026-11-01T10:00:00Z"}]}\n'
        '{"id": "2", "handle": "next", "platform": "x", "posts": []}\n'
    )
    result = subprocess.run(
        [sys.executable, "bot.py", "score", str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()  # strict: every byte is valid UTF-8
    assert len(lines) == 2 and "cut\ufffd" in lines[0] and '"next"' in lines[1]


# --- a true bill ----------------------------------------------------------------------
def test_the_price_table_is_x_pay_per_use_list_with_its_source():
    from whynot.spend import PRICES, PRICES_SOURCE

    # docs.x.com, "Credit consumption details": written here, not imported
    assert PRICES["post_read"] == 0.005
    assert PRICES["user_read"] == 0.010
    assert PRICES["follower_read"] == 0.010
    assert PRICES["post_create"] == 0.015
    assert PRICES["post_create_link"] == 0.200  # a post holding a URL
    assert PRICES["owned_read"] == 0.001  # your own posts and followers
    assert "docs.x.com" in PRICES_SOURCE and "Credit consumption details" in PRICES_SOURCE
    assert re.search(r"\d{4}-\d{2}-\d{2}", PRICES_SOURCE)


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reply_on_x_names_a_tool_not_a_domain(tone, language):
    """X links a bare domain ("buffer.com") and prices the post at $0.200, not $0.015."""
    from twitter_text.extract_urls import extract_urls_with_indices

    from scoring import Verdict
    from scoring.models import CriterionResult

    verdict = Verdict(
        "1",
        "floods",
        0.2,
        False,
        (CriterionResult("unstaggered", False, 0.9, 1.0, (), (("unstaggered", 0.9),), ()),),
    )
    renderer = ReplyRenderer(tone)
    for template in ANSWERED_INTENTS:
        x = renderer.render(template, platform="x", language=language, verdict=verdict)
        assert "Buffer" in x.text
        assert not any(extract_urls_with_indices(post) for post in x.posts), x.posts
    discord = renderer.render(
        "why_not_followed", platform="discord", language=language, verdict=verdict
    )
    assert "buffer.com" in discord.text


async def test_a_change_of_spend_mode_is_one_warning_line(tmp_path, caplog):
    import logging

    from whynot.spend import Budget, Mode
    from whynot.store import Store

    store = await Store.open(tmp_path / "spend.db")
    try:
        budget = Budget(store, 10.0)
        now = 1_790_000_000.0
        caplog.set_level(logging.WARNING, logger="whynot.spend")
        assert await budget.mode(now) is Mode.NORMAL
        assert caplog.records == []  # normal at start: nothing to say
        await store.spend.record("x", "post_read", 1, 8.0, "test", now)
        assert await budget.mode(now) is Mode.LEAN
        assert await budget.mode(now) is Mode.LEAN  # said once, not at every call
        await store.spend.record("x", "post_read", 1, 2.0, "test", now)
        assert await budget.mode(now) is Mode.EXHAUSTED
    finally:
        await store.close()
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(lines) == 2
    assert "mode is now lean" in lines[0] and "$2.00 of the $10.00" in lines[0]
    assert "mode is now exhausted" in lines[1]
