"""Issue 17: every text field is made safe before any output, not only before SQLite. A
lone surrogate (an emoji cut in half, as real API data and archives hold) must never stop
a file being written: it is written as U+FFFD."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_archive import make_archive

ROOT = Path(__file__).resolve().parent.parent


def test_import_archive_writes_a_lone_surrogate_as_a_replacement(tmp_path):
    files = make_archive(tmp_path)
    # the display name and one post as an archive escapes them: a high surrogate alone
    files["data/account.js"] = files["data/account.js"].replace("Fernando", "Fernando \\ud83d")
    files["data/tweets.js"] = files["data/tweets.js"].replace("Customer care tip 0", "tip \\ud83d")
    folder = tmp_path / "archive"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    out = tmp_path / "seed"
    result = subprocess.run(
        [
            sys.executable,
            "bot.py",
            "import-archive",
            str(folder),
            "--config",
            str(config),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    owner = json.loads((out / "own_posts.jsonl").read_text(encoding="utf-8"))
    assert owner["display_name"] == "Fernando \ufffd"
    assert any(p["text"] == "tip \ufffd #cx #socialmedia" for p in owner["posts"])


def test_the_audit_files_write_a_lone_surrogate_as_a_replacement(tmp_path):
    from scoring import judge, parse_account
    from whynot.audit.files import CSV_NAME, ERRORS_NAME, Writer, verdict_row
    from whynot.jsonl import LineError

    verdict = judge(parse_account({"id": "1", "handle": "cut\ud83d", "platform": "x"}))
    with Writer(tmp_path, new=True) as writer:
        writer.write(verdict_row(1, verdict))
        writer.write(LineError(2, "bad handle 'x\ud83d'"))
    assert "cut\ufffd" in (tmp_path / CSV_NAME).read_text(encoding="utf-8")
    assert "x\ufffd" in (tmp_path / ERRORS_NAME).read_text(encoding="utf-8")
