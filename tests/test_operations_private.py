"""docs/operations.md keeps the owner's secrets private (second walkthrough): the systemd
unit makes the bot's files readable by its user only (the database holds the saved
Bluesky session), and the first set-up makes .env private."""

from __future__ import annotations

import re
from pathlib import Path

from test_operations import systemd_unit

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "operations.md"


def test_the_systemd_unit_makes_the_bots_files_private():
    parser = systemd_unit()
    assert parser["Service"]["UMask"] == "0077"


def test_the_first_set_up_makes_env_private():
    setup = re.search(r"## 1\. First set-up\n\n```sh\n(.+?)\n```", GUIDE.read_text(), re.S)
    assert setup is not None
    assert "cp .env.example .env && chmod 600 .env" in setup.group(1)


def test_init_says_to_make_env_private_too(tmp_path, capsys):
    from whynot.cli import main

    code = main(["init", "--dir", str(tmp_path), "--handle", "cmgr", "--platforms", "mastodon"])
    out = capsys.readouterr().out
    assert code == 0
    assert "1. cp .env.example .env && chmod 600 .env, then fill in the tokens" in out
