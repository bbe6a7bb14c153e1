"""The one exception a command raises for a mistake the user can fix (`UsageError`): the
command line prints it as one line on stderr and exits with status 2. It lives alone here
so every command can import it at the top without importing the others."""

from __future__ import annotations


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""
