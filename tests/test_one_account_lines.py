"""`preview --account FILE --handle H` on a JSON Lines file of several accounts: its lines
are split where JSON Lines splits them (at "\\n"), not at every Unicode line boundary. A
post copied from the web may hold U+2028 (a line separator), which JSON leaves unescaped
(Python's json.dumps with ensure_ascii=False writes it as is), as `score` already read."""

from __future__ import annotations

import io
import json

from whynot.cli.score import score_stream
from whynot.jsonl import read_one_account

ANA = {"id": "1", "platform": "x", "handle": "ana", "posts": [{"text": "uno\u2028dos\x85"}]}
BOB = {"id": "2", "platform": "x", "handle": "bob"}


def test_a_line_separator_inside_a_post_does_not_split_its_account(tmp_path):
    # Before, read_one_account split the file with str.splitlines: "line 1: not valid
    # JSON: Unterminated string", and the asker named by --handle was never reached.
    data = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in (ANA, BOB))
    path = tmp_path / "accounts.jsonl"
    path.write_text(data, encoding="utf-8")
    assert read_one_account(path, "bob").id == "2"
    assert read_one_account(path, "@Ana").posts[0].text == "uno\u2028dos\x85"
    out = io.StringIO()  # as score reads the same file
    score_stream(io.BytesIO(data.encode("utf-8")), out, None)
    assert [json.loads(line).get("id") for line in out.getvalue().splitlines()] == ["1", "2"]
