"""`bot.py --version`: the release (pyproject.toml) and, in a git checkout, the commit, for
bug reports and for checking an upgrade took. Worked out only when asked."""

from __future__ import annotations

import argparse
import subprocess
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # not whynot.config: --help stays fast


def version_text() -> str:
    try:
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        release = str(project["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        release = "unknown"
    commit = ""
    if (ROOT / ".git").exists():
        try:
            done = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            commit = done.stdout.strip() if done.returncode == 0 else ""
        except (OSError, subprocess.SubprocessError):
            commit = ""
    return f"whynot {release}" + (f" (commit {commit})" if commit else "")


class VersionAction(argparse.Action):
    """Like argparse's "version" action, but the text is made only when --version is given."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(version_text())
        parser.exit()
