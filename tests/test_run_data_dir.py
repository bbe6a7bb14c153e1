"""`bot.py run` with a data folder it cannot write (a read-only mount, a folder owned by
another user, a file where the folder should be): one line naming the folder and what to
check, exit status 2, never a traceback. Before, opening the lock file beside the database
raised PermissionError (or IsADirectoryError) through `main`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
X_VARS = ("X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")


def offline_x(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An owner, a config and an environment whose X credentials reach nothing (a closed
    port on 127.0.0.1): the config's path and the environment to run bot.py with."""
    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "ana"\ninterests = ["cx"]\n')
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\nowner_config = "owner.toml"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "DISCORD", "WHYNOT"))}
    env |= {name: "never-used" for name in X_VARS}
    env |= {"WHYNOT_DOTENV": "", "WHYNOT_X_API_BASE": "http://127.0.0.1:9"}
    return config, env


def _run(tmp_path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    config, env = offline_x(tmp_path)
    args = [sys.executable, "bot.py", "run", "--once", "--config", str(config), "--db", str(db)]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_a_lock_file_that_cannot_be_opened_is_one_line(tmp_path):
    db = tmp_path / "whynot.db"
    (tmp_path / "whynot.db.lock").mkdir()  # opening it for writing fails, even as root
    done = _run(tmp_path, db)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"bot.py run: cannot write {db}.lock (Is a directory)")
    assert f"write in {tmp_path}, where the database lives" in line


def test_a_data_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    done = _run(tmp_path, tmp_path / "data" / "whynot.db")
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert "cannot write" in line and "check that folder's owner and permissions" in line
