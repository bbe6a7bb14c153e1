"""One pretty-printed account file (the kind `preview --account` takes) given to `score`
or `audit --source jsonl`: it was read as JSON Lines, so `score` wrote one error per line
of the file (73 for one account) and `audit` found "no readable account line". It is now
judged as the one account it is."""

from __future__ import annotations

import io
import json

from whynot.audit.sources import JsonlSource
from whynot.cli.score import score_stream
from whynot.jsonl import read_accounts, read_one_account

ACCOUNT = {
    "id": "b1",
    "platform": "bluesky",
    "handle": "lupita.bsky.social",
    "display_name": "Lupita Hernández",
    "posts": [{"text": "¿Alguien sabe de un buen editor de vectores libre?"}],
}
PRETTY = json.dumps(ACCOUNT, ensure_ascii=False, indent=1).encode("utf-8")


def scored(data: bytes) -> list[dict]:
    out = io.StringIO()
    score_stream(io.BytesIO(data), out, None)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_score_judges_a_pretty_printed_account_as_one():
    verdicts = scored(b"\xef\xbb\xbf" + PRETTY + b"\n")  # a BOM, as Notepad writes it
    assert [v.get("handle") for v in verdicts] == ["lupita.bsky.social"]


def test_a_broken_pretty_printed_file_is_one_error_and_json_lines_stay_lines():
    broken = b'{\n "id": "1",\n "handle": \n}\n'
    assert [list(v) for v in scored(broken)] == [["line", "error"]]
    lines = b"\n".join(json.dumps(ACCOUNT).encode() for _ in range(3)) + b"\n{\n"
    assert [v.get("id", v.get("line")) for v in scored(lines)] == ["b1", "b1", "b1", 4]
    assert scored(b"") == []


def test_audit_reads_a_pretty_printed_account_as_one(tmp_path):
    path = tmp_path / "lupita.json"
    path.write_bytes(PRETTY)
    with JsonlSource(path) as source:
        assert source.total() == 1
        items = list(source.items(None))
    assert [(n, type(a).__name__) for n, a in read_accounts(line for _, line in items)] == [
        (1, "Account")
    ]
    assert [n for n, _ in items] == [1]


def test_several_pretty_printed_accounts_as_jq_writes_them_are_each_judged(tmp_path):
    # `jq . accounts.jsonl > accounts.json` writes each account pretty-printed, one after
    # another: `score` said only "not valid JSON: Extra data" for the whole file.
    other = {**ACCOUNT, "id": "b2", "handle": "ana.bsky.social"}
    several = PRETTY + b"\n" + json.dumps(other, indent=2).encode() + b"\n"
    assert [v.get("handle") for v in scored(several)] == ["lupita.bsky.social", "ana.bsky.social"]
    broken = several + b'{\n "id": "3",\n'  # the last one cut short: one error for it
    assert [v.get("id", v.get("line")) for v in scored(broken)] == ["b1", "b2", 3]
    path = tmp_path / "accounts.json"
    path.write_bytes(several)
    with JsonlSource(path) as source:  # audit --source jsonl reads them alike
        assert source.total() == 2
        assert [n for n, _ in source.items(None)] == [1, 2]


def test_preview_finds_its_asker_among_several_pretty_printed_accounts(tmp_path):
    # `preview --account accounts.json --handle ana.bsky.social` on what `jq .` wrote said
    # "line 1: not valid JSON": the file was read as JSON Lines.
    other = {**ACCOUNT, "id": "b2", "handle": "ana.bsky.social"}
    path = tmp_path / "accounts.json"
    path.write_bytes(PRETTY + b"\n" + json.dumps(other, indent=2).encode() + b"\n")
    assert read_one_account(path, "@Ana.bsky.social").id == "b2"
    try:
        read_one_account(path)
    except ValueError as exc:
        assert "holds 2 accounts; name the asker with --handle" in str(exc)
    else:
        raise AssertionError("two accounts and no --handle must be refused")
