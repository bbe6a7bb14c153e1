"""Account files saved by Notepad or Excel start with a UTF-8 byte-order mark: their first
account is read like the others (it was "line 1: not valid JSON: Unexpected UTF-8 BOM")."""

from __future__ import annotations

import json

from factories import account_dict, posts
from test_preview import preview_json

from whynot.cli import main

ONE = account_dict("lucia", posts=posts(["Hola a todos, buen día"] * 5))
TWO = account_dict("lou", posts=posts(["Hello everyone, good day"] * 5))


def test_score_reads_the_first_line_after_a_byte_order_mark(tmp_path, capsys):
    path = tmp_path / "accounts.jsonl"
    path.write_text("\ufeff" + json.dumps(ONE) + "\n" + json.dumps(TWO) + "\n", encoding="utf-8")
    assert main(["score", str(path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("handle") for line in lines] == ["lucia", "lou"]


def test_preview_reads_an_account_file_with_a_byte_order_mark(tmp_path, capsys):
    for name, text in (("one.json", json.dumps(ONE)), ("many.jsonl", json.dumps(ONE) + "\n")):
        path = tmp_path / name
        path.write_bytes(("\ufeff" + text).encode("utf-8"))
        data = preview_json(capsys, "follow back?", "--account", str(path))
        assert data["asker"]["handle"] == "lucia"
