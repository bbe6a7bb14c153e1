"""The one exception a command raises for a mistake the user can fix (`UsageError`): the
command line prints it as one line on stderr and exits with status 2, and the check every
command reading the bot's database makes first (`require_database`). In a container
(`WHYNOT_ON_SETUP_MISTAKE=wait`, the Dockerfile's) a long `run` that ends so waits instead
of exiting (`held`, `wait_for_stop`): Docker's restart policies have nothing like
systemd's RestartPreventExitStatus=2, and would start it again, forever. It lives alone
here so every command can import it at the top without importing the others."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

ON_MISTAKE = "WHYNOT_ON_SETUP_MISTAKE"  # "wait": the Dockerfile's; "wait-launchd": a Mac's
WAITS = (  # `docker restart` keeps the environment `docker run --env-file` gave the container
    "; the container waits, not restarted: fix it, then `docker restart whynot` (after a change"
    " to .env, `docker rm -f whynot` and the same `docker run`: only it reads --env-file)"
)
LAUNCHD = "wait-launchd"  # the plist of docs/operations.md ("macOS") sets it
WAITS_LAUNCHD = (  # KeepAlive would start it again every ThrottleInterval, forever
    "; launchd leaves it waiting, not restarted: fix it, then `launchctl kickstart -k "
    "gui/$(id -u)/local.whynot` (your plist's Label)"
)


def waits_line(environ: Mapping[str, str] | None = None) -> str:
    """What the one line of a held mistake ends with: how to start the bot after the fix."""
    env = os.environ if environ is None else environ
    return WAITS_LAUNCHD if env.get(ON_MISTAKE) == LAUNCHD else WAITS


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def require_database(path: Path, why: str) -> None:
    """Refuse a database that is not there: opening it would create a new, empty one, and
    a mistyped --db would read as "nothing yet". `why`: what that means for the command.
    A bot in a container keeps its database in its volume: the command typed on the host
    finds none, so the line says where to run it."""
    if not path.exists():
        raise UsageError(f"no database at {path}: {why}{container_hint()}")


IN_CONTAINER = (
    "; with the bot in a container, run this there: docker exec whynot .venv/bin/python bot.py ..."
)


def container_hint() -> str:
    """IN_CONTAINER, or "" when this command runs in the bot's container already (the
    Dockerfile's WHYNOT_ON_SETUP_MISTAKE=wait)."""
    return "" if os.environ.get(ON_MISTAKE) == "wait" else IN_CONTAINER


def held(command: str | None, once: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a set-up mistake ending this command waits for a stop instead of exiting: a
    long `bot.py run` (not `--once`, not another command) in a container, or under launchd,
    that asks it."""
    env = os.environ if environ is None else environ
    return command == "run" and not once and env.get(ON_MISTAKE, "") in ("wait", LAUNCHD)


def wait_for_stop() -> None:
    """Block until `docker stop` (SIGTERM) or Ctrl-C (SIGINT): the mistake's line stays the
    container's last, and its restart policy does not start it again every few seconds."""
    sys.stderr.flush()
    stops = {signal.SIGTERM, signal.SIGINT}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        signal.sigwait(stops)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
