"""The `bot.py score` contract, checked from outside as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from scoring import CRITERION_IDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "schema"
VERDICT = json.loads((SCHEMAS / "verdict.schema.json").read_text())


def bot(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def lines(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode().splitlines()]


def test_examples_give_one_valid_verdict_per_line_in_order():
    result = bot("score", "data/demo/accounts.jsonl", "--owner-config", "data/demo/owner.toml")
    assert result.returncode == 0, result.stderr
    inputs = [
        json.loads(line) for line in (ROOT / "data/demo/accounts.jsonl").read_text().splitlines()
    ]
    out = lines(result.stdout)
    assert [o["id"] for o in out] == [i["id"] for i in inputs]
    for verdict in out:
        jsonschema.validate(verdict, VERDICT)
    by_handle = {o["handle"]: o for o in out}
    assert by_handle["ana_cx"]["follow_back"] is True
    assert by_handle["dealsdaily_bot"]["follow_back"] is False
    failed = {c["id"] for o in out for c in o["criteria"] if not c["passed"]}
    assert failed == set(CRITERION_IDS)  # the bundled personas fail every criterion


def test_bad_lines_yield_errors_and_the_run_goes_on():
    good = json.dumps({"id": "7", "handle": "ok"})
    stdin = (
        "\n".join(
            ["not json", '{"id": "1"}', good, "", '{"id":"2","handle":"h","posts":"x"}', good]
        ).encode()
        + b"\n\xff\xfe\n"
    )
    result = bot("score", "-", stdin=stdin)
    assert result.returncode == 0
    out = lines(result.stdout)
    assert [o.get("line") for o in out] == [1, 2, None, 4, 5, None, 7]
    assert "not valid JSON" in out[0]["error"]
    assert "handle" in out[1]["error"]
    assert "posts must be a list" in out[4]["error"]
    assert "UTF-8" in out[6]["error"]
    for o in out:
        jsonschema.validate(o, VERDICT)


def test_stdin_is_the_default():
    result = bot("score", stdin=b'{"id": "1", "handle": "a"}\n')
    assert result.returncode == 0 and lines(result.stdout)[0]["handle"] == "a"


def test_without_owner_config_off_topic_and_redundant_cannot_judge():
    result = bot("score", "data/demo/accounts.jsonl")
    for verdict in lines(result.stdout):
        for c in verdict["criteria"]:
            if c["id"] in ("off_topic", "redundant"):
                assert c["confidence"] == 0 and c["passed"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("score", "no/such/file.jsonl"), "cannot read no/such/file.jsonl"),
        (("score", "data"), "cannot read data"),
        (("score", "-", "--owner-config", "no/such.toml"), "cannot read owner config"),
        (("score", "-", "--owner-config", "README.md"), "not valid TOML"),
    ],
)
def test_unreadable_input_is_one_clear_line_and_non_zero(args, message):
    result = bot(*args, stdin=b"")
    assert result.returncode != 0
    err = result.stderr.decode()
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert result.stdout == b""


def test_help_explains_the_contract():
    result = bot("score", "--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "--owner-config" in text and "JSON Lines" in text and '{"line": N' in text
