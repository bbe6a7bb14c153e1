"""The tests never read the owner's own set-up (second walkthrough): after `bot.py init`
(data/config.toml with the owner's tone, naming data/owner.toml with their handle), five
tests failed (preview's tone, the demo's thread lengths, import-archive's handle check).
Every test and every process it starts reads the defaults unless it names a config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from whynot.config import DEFAULT_CONFIG, DEFAULT_OWNER, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_checkouts_config_file_is_not_the_one_read():
    settings = load_settings()
    assert settings.config_path != DEFAULT_CONFIG
    assert not settings.config_path.exists()
    assert settings.owner_config == DEFAULT_OWNER


def test_a_process_a_test_starts_reads_no_config_file_either():
    code = "from whynot.config import load_settings; print(load_settings().config_path)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=os.environ
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) != DEFAULT_CONFIG
