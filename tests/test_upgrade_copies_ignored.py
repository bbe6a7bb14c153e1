"""The copies an upgrade leaves beside the database (`whynot.db.v11.bak`, and the part file
of one killed while copying, `whynot.db.v11.bak.PID.TID.part`) hold askers' messages and a
saved Bluesky session: never committed by `git add`, never copied into the image."""

from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIES = ["data/whynot.db.v11.bak", "data/whynot.db.v11.bak.4242.139.part"]


@pytest.mark.parametrize("name", COPIES)
def test_an_upgrade_copy_is_kept_out_of_the_image(name: str) -> None:
    patterns = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


@pytest.mark.parametrize("name", COPIES)
def test_an_upgrade_copy_is_ignored_by_git(name: str) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False)
    assert ignored.returncode == 0


@pytest.mark.parametrize("name", [".env.save", ".env.bak", "data/owner.toml.20261202-055651.bak"])
def test_a_copy_of_env_or_a_replaced_owner_file_is_kept_out_of_the_image(name: str) -> None:
    # nano's .env.save or a hand-made .env.bak hold the tokens; COPY . . baked them in.
    patterns = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
