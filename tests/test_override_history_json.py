"""The moderation log, exported (fourth walkthrough: months of moderator decisions). `override
history` printed text only, at the minute, for a person to read; `--json` gives every
entry as one JSON object per line (who, when, what, why, from where), as `override list
--json` and `reviews --json` do, so the audit trail can go to a spreadsheet or an archive."""

from __future__ import annotations

import json
from pathlib import Path

from cli_capture import bot


def test_history_json_is_one_object_per_entry_with_who_when_and_why(tmp_path: Path):
    db = str(tmp_path / "w.db")
    assert bot("override", "set", "promo", "deny", "--reason", "only ads", "--by", "rosa",
               "--db", db)[0] == 0  # fmt: skip
    assert bot("override", "clear", "promo", "--reason", "asked again", "--by", "li",
               "--db", db)[0] == 0  # fmt: skip
    code, out, _ = bot("override", "history", "--json", "--db", db)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["action"], r["actor"], r["detail"], r["source"]) for r in rows] == [
        ("deny", "rosa", "only ads", "cli"),
        ("reset", "li", "asked again", "cli"),  # a cleared decision
    ]
    assert all(r["platform"] == "x" and r["handle"] == "promo" for r in rows)
    assert rows[0]["when"].endswith("+00:00") and rows[0]["at"] <= rows[1]["at"]
    code, out, _ = bot("override", "history", "--json", "nobody", "--db", db)
    assert code == 0 and out == ""  # nothing to list prints nothing
