"""The demo a newcomer runs first: real pipeline, store and templates on data/demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_capture import bot

from scoring import CRITERION_IDS
from whynot.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_demo_runs_the_whole_world(tmp_path):
    # Speed is measured in bench/ (pipeline.py, cli_startup.py), not here: a loaded machine
    # made a wall-clock limit on the demo fail for nothing.
    # In this process (cli_capture.bot): the transcript, not the process, is the point;
    # test_no_command_runs_the_demo_without_credentials runs the demo as a real process.
    code, out, err = bot("demo", "--db", str(tmp_path / "demo.db"))
    assert code == 0, err
    # every answered intent, both languages, both platforms, every reason of the letter
    for needle in (
        "intent: follow_back_request (en)",
        "intent: why_not_followed (es)",
        "intent: unfollow_excuse",
        "intent: why_unfollowed",
        "reply on X",
        "reply on Discord",
        "oversight notice (direct message)",
        "skipped: sent by a bot",
        "skipped: our own message",
        "(cooldown)",
        "moderator decision: approve",
        "not enough to review yet",
        # a review request from ask to decision (issue 18)
        "intent: review_request (en)",
        "I've asked a person on my team to look; you'll hear back here.",
        "review #1 decided: the asker is told",
        "reviewed your account and approved a follow",
    ):
        assert needle in out, needle
    for criterion in CRITERION_IDS:
        assert f"{criterion} " in out, criterion
    assert "passes every criterion" in out
    assert (tmp_path / "demo.db").exists()


def test_no_command_runs_the_demo_without_credentials(tmp_path):
    result = subprocess.run(
        [sys.executable, "bot.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "WHYNOT_DOTENV": "",
            "WHYNOT_CONFIG": os.environ["WHYNOT_CONFIG"],  # not a set-up checkout's own
        },
    )
    assert result.returncode == 0, result.stderr
    assert "whynot demo" in result.stdout
    assert result.stderr == ""  # the transcript is all: no line for a running bot's owner


def test_migrate_reports_the_version(tmp_path):
    result = run("migrate", "--db", str(tmp_path / "m.db"), "--create")
    assert result.returncode == 0
    assert f"schema version {SCHEMA_VERSION} of {SCHEMA_VERSION}" in result.stdout
    bad = tmp_path / "not.db"
    bad.write_text("hello")
    result = run("migrate", "--db", str(bad))
    assert result.returncode == 2 and "not a usable whynot database" in result.stderr


def _said(lines: list[str]) -> str:
    return " ".join(line.split("│", 1)[1].strip() for line in lines if "│" in line)


async def test_the_demo_shows_one_excuse_reply_on_x_and_on_discord(tmp_path):
    # flood_fred got the "was it an oversight?" notice before his excuse: the reply says the
    # owner asked, on X and in its Discord rendering alike (that one was rendered as if no
    # notice had been sent).
    from whynot.cli.demo import play

    lines = await play(tmp_path / "demo.db", "polite", None)
    start = next(i for i, line in enumerate(lines) if "intent: unfollow_excuse" in line)
    block = lines[start : lines.index("", start)]
    split = next(i for i, line in enumerate(block) if "reply on Discord" in line)
    on_x, on_discord = _said(block[:split]), _said(block[split:])
    assert "I only asked in case it was an oversight" in on_x
    assert "I only asked in case it was an oversight" in on_discord
