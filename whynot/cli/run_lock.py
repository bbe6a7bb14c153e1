"""One `bot.py run` per database: the lock beside it, and what a second run is told.

A second `run` on the same database (say cron starting `--once` while the last cycle is
still busy) would recover the first one's claims as if it had died, and could reply
twice: an exclusive lock on `DB.lock` prevents that. The holder writes into the lock file
whether it is a single cycle (`--once`) or a service, its pid and when it started, so that
the one refused can tell the owner what is going on:
- a cron cycle finding the previous cycle still at work is routine, not a failure: it
  skips quietly (exit 0; cron mails nothing) unless that cycle has been at it for over
  `STUCK_AFTER` seconds, which is worth a line;
- anything else (a service and a cron job on one database, two services) is a set-up
  mistake, told in one line.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whynot.backoff import duration

STUCK_AFTER = 3600.0  # seconds: a cycle busy longer than this is told, not skipped quietly


class RunLockError(Exception):
    """The lock cannot be taken: a set-up mistake the owner must fix (exit 2)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """What the lock file says of the run holding it (an old, empty file says nothing)."""

    once: bool | None = None
    pid: int | None = None
    since: float | None = None

    def text(self) -> str:  # written by the holder, which knows its mode, pid and start
        return f"{'once' if self.once else 'service'} {self.pid} {self.since:.0f}\n"

    @classmethod
    def read(cls, text: str) -> Holder:
        parts = text.split()
        if len(parts) != 3 or parts[0] not in ("once", "service"):
            return cls()
        try:
            return cls(parts[0] == "once", int(parts[1]), float(parts[2]))
        except ValueError:
            return cls()


class CycleStillBusy(Exception):
    """A `--once` cycle found the previous `--once` cycle still at work: skip this one."""

    def __init__(self, holder: Holder, now: float) -> None:
        self.holder = holder
        self.busy_for = 0.0 if holder.since is None else max(0.0, now - holder.since)
        super().__init__(
            f"the previous `bot.py run --once` (pid {holder.pid}) is still at work "
            f"(for {duration(self.busy_for)}); this cycle is skipped"
        )

    @property
    def stuck(self) -> bool:
        return self.busy_for > STUCK_AFTER


def _refusal(db_path: Path, holder: Holder, once: bool) -> RunLockError:
    if holder.once is False and once:
        return RunLockError(
            f"a long-running `bot.py run` (pid {holder.pid}) already serves {db_path}: "
            "it runs every cycle itself, so remove the cron line that starts `run --once`"
        )
    if holder.once is False:
        return RunLockError(
            f"another `bot.py run` (pid {holder.pid}) already serves {db_path}; stop it "
            "first (one bot per database), or give this one its own db_path"
        )
    if holder.once is True:
        return RunLockError(
            f"a `bot.py run --once` cycle (pid {holder.pid}) is using {db_path}; start "
            "the service when it has finished (a few seconds to minutes), and remove the "
            "cron line that starts it"
        )
    return RunLockError(f"another `bot.py run` is already using {db_path}; wait for it to finish")


@contextlib.contextmanager
def single_instance(
    db_path: Path, once: bool, clock: Callable[[], float] = time.time
) -> Iterator[None]:
    """Hold the database's run lock for the block; raise CycleStillBusy or RunLockError
    when another run holds it."""
    # Beside the file itself: a symlink to it (a database moved to a bigger disk) or
    # another spelling of its path is the same database, and must find the same lock.
    real = db_path.resolve()
    lock_path = real.with_name(real.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        # Unbuffered: a note that cannot be written (a full disk) is not left in a buffer
        # for the close after the run to fail on.
        handle = lock_path.open("a+b", buffering=0)
    except OSError as exc:  # a read-only data folder, a file where the folder should be
        raise RunLockError(
            f"cannot write {lock_path} ({exc.strerror or exc}): the bot must be able to "
            f"write in {lock_path.parent}, where the database lives; check that folder's "
            "owner and permissions (systemd: ReadWritePaths), or set db_path in the config"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = Holder.read(handle.read(200).decode("utf-8", "replace"))
            if once and holder.once is True:
                raise CycleStillBusy(holder, clock()) from None
            raise _refusal(db_path, holder, once) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(Holder(once, os.getpid(), clock()).text().encode())
        except OSError:
            pass  # the lock itself is what matters; the note only words a refusal better
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
