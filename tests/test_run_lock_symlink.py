"""One run per database, whatever path names it (fourth walkthrough): the run lock was
`PATH.lock` beside the path given, so a service on `data/whynot.db`, a symlink to the
database moved to a bigger disk, and a cron `run --once --db /srv/whynot/whynot.db` each
took a lock of their own and served the same database at once (the second recovering the
first one's claims as if it had died: the double reply the lock exists to prevent)."""

from __future__ import annotations

import pytest

from whynot.cli.run_lock import RunLockError, single_instance


def test_a_symlink_to_the_database_finds_the_same_lock(tmp_path):
    moved = tmp_path / "srv" / "whynot.db"
    moved.parent.mkdir()
    moved.write_bytes(b"")
    (tmp_path / "data").mkdir()
    link = tmp_path / "data" / "whynot.db"
    link.symlink_to(moved)
    with (
        single_instance(link, once=False),
        pytest.raises(RunLockError) as refused,
        single_instance(moved, once=False),
    ):
        pytest.fail("two runs served one database")
    assert "already serves" in str(refused.value) and str(moved) in str(refused.value)
    assert (moved.parent / "whynot.db.lock").exists()
    assert not (link.parent / "whynot.db.lock").exists()
