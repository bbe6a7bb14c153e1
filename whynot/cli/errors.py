"""The one exception a command raises for a mistake the user can fix (`UsageError`): the
command line prints it as one line on stderr and exits with status 2, and the check every
command reading the bot's database makes first (`require_database`). It lives alone here
so every command can import it at the top without importing the others."""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def require_database(path: Path, why: str) -> None:
    """Refuse a database that is not there: opening it would create a new, empty one, and
    a mistyped --db would read as "nothing yet". `why`: what that means for the command."""
    if not path.exists():
        raise UsageError(f"no database at {path}: {why}")
