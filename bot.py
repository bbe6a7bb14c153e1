#!/usr/bin/env python3
"""Entry point: `python bot.py COMMAND ...` (see `python bot.py --help`)."""

from __future__ import annotations

import sys

MINIMUM = (3, 11)  # pyproject.toml's requires-python


def too_old(version: tuple[int, ...], executable: str) -> str | None:
    """The one line for a Python older than the bot needs (a Mac's own python3 is 3.9),
    which would otherwise end in a traceback from the first import. This file stays
    readable by old Pythons for that (tests/test_python_too_old.py)."""
    if tuple(version[:2]) >= MINIMUM:
        return None
    have = ".".join(str(n) for n in version[:3])
    return (
        f"bot.py: needs Python 3.11 or newer, and {executable} is {have}: install Python "
        "3.11 (python.org, or brew install python@3.11 on a Mac), then make the virtual "
        "environment again with it: rm -rf .venv && python3.11 -m venv .venv && "
        ".venv/bin/pip install -q -r requirements.txt"
    )


if __name__ == "__main__":
    old = too_old(sys.version_info[:3], sys.executable)
    if old:
        print(old, file=sys.stderr)
        sys.exit(2)
    try:
        from whynot.cli import main

        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before a command handles it (while importing)
        sys.exit(130)
