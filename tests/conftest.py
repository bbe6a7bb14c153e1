"""Puts the project root and tests/ on sys.path, so tests import the project and the
shared helpers (factories) alike; keeps the checkout's .env (the owner's credentials) and
data/config.toml (the owner's settings) out of every test and of every process a test
starts. Also the fixtures more than one test file uses."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Never the checkout's .env: an owner who runs the tests after setting the bot up would
# otherwise have every `bot.py run` the tests start sign in, read and post as them.
os.environ["WHYNOT_DOTENV"] = ""
# Nor its data/config.toml (and the owner file it names): after `bot.py init` the owner's
# tone, handle and interests would change what the tests expect. A config file that is not
# there means the defaults (the demo owner); a test that needs a config names its own.
os.environ["WHYNOT_CONFIG"] = str(ROOT / "tests" / "no-config.toml")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def no_platform(tmp_path, monkeypatch) -> list[bool]:
    """A config with no platform configured (a set-up mistake for `run`), and the waits
    for a stop made instead of exiting (tests/test_*_setup_mistake.py)."""
    from whynot.cli import errors

    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\n')
    monkeypatch.setenv("WHYNOT_CONFIG", str(config))
    monkeypatch.setenv("WHYNOT_DOTENV", "")
    waits: list[bool] = []
    monkeypatch.setattr(errors, "wait_for_stop", lambda: waits.append(True))
    return waits
