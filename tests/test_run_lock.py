"""whynot.cli.run_lock: one run per database, and what the run refused is told."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from whynot.cli.run_lock import (
    STUCK_AFTER,
    CycleStillBusy,
    Holder,
    RunLockError,
    single_instance,
)


def hold(db: Path, text: str):
    handle = db.with_name(db.name + ".lock").open("a")
    fcntl.flock(handle, fcntl.LOCK_EX)
    handle.write(text)
    handle.flush()
    return handle


def test_the_holder_writes_its_mode_pid_and_start_and_clears_them_after(tmp_path):
    db = tmp_path / "bot.db"
    lock = tmp_path / "bot.db.lock"
    with single_instance(db, once=True, clock=lambda: 1000.0):
        mode, pid, since = lock.read_text().split()
        assert (mode, since) == ("once", "1000") and int(pid) > 0
    assert lock.read_text() == ""
    with single_instance(db, once=False, clock=lambda: 5.0):  # free again
        assert lock.read_text().split()[0] == "service"


def test_a_cycle_finding_the_last_cycle_busy_is_skipped_not_refused(tmp_path):
    db = tmp_path / "bot.db"
    clock = lambda: 1000.0 + 150  # noqa: E731
    with (
        hold(db, "once 77 1000\n"),
        pytest.raises(CycleStillBusy) as busy,
        single_instance(db, once=True, clock=clock),
    ):
        pytest.fail("the lock was taken twice")
    assert busy.value.holder == Holder(True, 77, 1000.0)
    assert str(busy.value) == (
        "the previous `bot.py run --once` (pid 77) is still at work (for 2 min); "
        "this cycle is skipped"
    )
    assert not busy.value.stuck


def test_a_cycle_busy_for_hours_is_stuck(tmp_path):
    db = tmp_path / "bot.db"
    clock = lambda: STUCK_AFTER + 3 * 3600 + 120  # noqa: E731
    with (
        hold(db, "once 77 0\n"),
        pytest.raises(CycleStillBusy) as busy,
        single_instance(db, once=True, clock=clock),
    ):
        pass
    assert busy.value.stuck and "(for 4 h 2 min)" in str(busy.value)


@pytest.mark.parametrize(
    ("held", "once", "told"),
    [
        ("service 9 1\n", True, "already serves"),  # cron beside a service
        ("service 9 1\n", False, "stop it first"),  # two services
        ("once 9 1\n", False, "start the service when it has finished"),
        ("", True, "another `bot.py run` is already using"),  # a lock from an older version
        ("garbage here\n", False, "another `bot.py run` is already using"),
    ],
)
def test_any_other_overlap_is_a_set_up_mistake_told_in_one_line(tmp_path, held, once, told):
    db = tmp_path / "bot.db"
    with hold(db, held), pytest.raises(RunLockError) as refused, single_instance(db, once):
        pass
    assert told in str(refused.value) and "\n" not in str(refused.value)
    assert str(db) in str(refused.value)


def test_holder_text_round_trips():
    for holder in (Holder(True, 1, 2.0), Holder(False, 31337, 1.7e9)):
        assert Holder.read(holder.text()) == holder
    assert Holder.read("once x y") == Holder()


def test_a_full_disk_does_not_turn_the_note_into_a_crash_after_the_run(tmp_path, monkeypatch):
    # The note was buffered: its write failing (no space left) left it in the buffer, and
    # closing the lock file after the run raised OSError over the run's own result.
    import errno

    real_open = Path.open

    def no_space(data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def open_on_a_full_disk(self: Path, *args: object, **kwargs: object):
        handle = real_open(self, *args, **kwargs)
        raw = handle
        while hasattr(raw, "buffer") or hasattr(raw, "raw"):
            raw = getattr(raw, "buffer", None) or raw.raw
        raw.write = no_space  # what the kernel says of every write
        return handle

    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    db = tmp_path / "bot.db"
    ran = []
    with single_instance(db, once=True):
        ran.append(True)
    assert ran and (tmp_path / "bot.db.lock").read_bytes() == b""
    with single_instance(db, once=False):  # the lock was let go
        pass
