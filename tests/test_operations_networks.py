"""docs/operations.md for a Mastodon and Bluesky owner (second walkthrough): section 3b
says how to sign in, and the one-line messages section 9 quotes for them are the bot's own
(the set-up ones produced by `bot.py run`, the sign-in ones found in its source)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "operations.md").read_text()
SOURCE = "\n".join(p.read_text() for p in (ROOT / "whynot").rglob("*.py"))
NETWORKS = re.compile(r"Mastodon|Bluesky|MASTODON|BLUESKY|the service is up")


def quoted_messages() -> list[str]:
    section = GUIDE.split("## 9. One-line messages and their fixes", 1)[1]
    return [m for m in re.findall(r"^\| `(.+?)`", section, re.M) if NETWORKS.search(m)]


def run_error(tmp_path: Path, **env: str) -> str:
    environ = {**os.environ, "WHYNOT_DOTENV": "", "WHYNOT_DB": str(tmp_path / "w.db"), **env}
    result = subprocess.run(
        [sys.executable, "bot.py", "run", "--once"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    return result.stderr


def test_section_3b_names_every_variable_the_two_networks_need():
    section = GUIDE.split("## 3b. Mastodon and Bluesky", 1)[1].split("\n## ", 1)[0]
    for name in ("MASTODON_BASE_URL", "MASTODON_ACCESS_TOKEN", "BLUESKY_HANDLE"):
        assert f"`{name}`" in section
    assert "`BLUESKY_APP_PASSWORD`" in section and "never your account password" in section
    assert "python bot.py run --once --dry-run" in section


def test_the_set_up_messages_in_the_table_are_what_run_says(tmp_path, monkeypatch):
    half, address, *_ = quoted_messages()
    assert half in run_error(tmp_path, MASTODON_ACCESS_TOKEN="t")
    # the second message from `run` in this process (cli_capture.bot), as the first is
    # from a real one: the same exit status and single line
    from cli_capture import bot

    monkeypatch.setenv("WHYNOT_DOTENV", "")
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "w.db"))
    monkeypatch.setenv("MASTODON_BASE_URL", "https://m.example/@me")
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "t")
    code, out, said = bot("run", "--once")
    assert code == 2 and said.count("\n") == 1, said
    assert address in said


def test_the_sign_in_messages_in_the_table_are_in_the_source():
    _, _, *sign_in = quoted_messages()
    assert len(sign_in) == 3
    for message in sign_in:
        for piece in (p.strip(" ;") for p in re.split(r"\.\.\.|: |; ", message)):
            if piece and piece not in ("Mastodon did not start", "Bluesky did not start"):
                assert piece in SOURCE, (message, piece)
    assert "%s did not start: %s; %s" in SOURCE  # the line they all begin with
