"""`journalctl -u whynot` (fourth walkthrough: the systemd unit of docs/operations.md). The
bot stamped each line with the server's local time, and journald stamps it again, so every
line had two times; `run` now leaves its own out when its stderr is the journal (systemd
names the journal's stream in JOURNAL_STREAM), and keeps it everywhere else (a terminal,
cron's mail, docker logs)."""

from __future__ import annotations

import os
import sys

from whynot.cli.run_report import log_format

STAMPED = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def test_the_journal_gets_lines_without_the_bots_own_time(tmp_path, monkeypatch):
    with open(tmp_path / "journal", "w") as journal:
        monkeypatch.setattr(sys, "stderr", journal)
        stat = os.fstat(journal.fileno())
        assert log_format({"JOURNAL_STREAM": f"{stat.st_dev}:{stat.st_ino}"}) == (
            "%(levelname)s %(name)s: %(message)s"
        )
        # inherited by a process whose stderr went elsewhere (a pipe, a file): stamped
        assert log_format({"JOURNAL_STREAM": f"{stat.st_dev}:{stat.st_ino + 1}"}) == STAMPED
        assert log_format({}) == STAMPED
        assert log_format({"JOURNAL_STREAM": "garbage"}) == STAMPED
