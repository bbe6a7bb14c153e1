"""Bad input everywhere it can enter: X API payloads, archive files, command-line
arguments. Any input gives a result or one clear error; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import judge
from whynot.archive import ArchiveError, read_archive
from whynot.cli import build_parser, main
from whynot.platforms import x_payloads as xp

ROOT = Path(__file__).resolve().parents[2]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
# The fields the adapter asks X for, and the nested keys it reads.
FIELDS = sorted(
    {
        *xp.USER_FIELDS,
        *xp.TWEET_FIELDS,
        "id",
        "username",
        "name",
        "text",
        "followers_count",
        "like_count",
        "retweet_count",
        "urls",
        "expanded_url",
        "type",
        "hashtags",
        "tag",
    }
)
x_objects = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=10).map(
    lambda d: {"id": "1", **d}
)


@settings(max_examples=100, deadline=None)
@given(user=x_objects, tweets=st.lists(x_objects, max_size=6))
def test_any_x_payload_maps_to_an_account_or_a_clear_error(user, tweets):
    try:
        account = xp.account(user, tweets, 1e9)
    except xp.PayloadError as exc:
        assert "unexpected" in str(exc)  # a clear error, not a crash
        return
    verdict = judge(account)
    assert 0 <= verdict.fake_score <= 1


@settings(max_examples=150, deadline=None)
@given(
    page=st.dictionaries(
        st.sampled_from(["data", "includes", "meta", "errors"]), json_values, max_size=4
    )
)
def test_any_mentions_page_maps_or_is_ignored(page):
    try:
        mentions = xp.mentions(page)
    except xp.PayloadError as exc:
        assert "unexpected mentions page" in str(exc)
        return
    assert all(m.platform == "x" for m in mentions)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    account_js=st.text(max_size=200) | json_values.map(json.dumps),
    followers=st.text(max_size=200)
    | json_values.map(lambda v: "window.YTD.follower.part0 = " + json.dumps(v)),
)
def test_any_archive_reads_or_says_why(tmp_path_factory, account_js, followers):
    folder = tmp_path_factory.mktemp("archive")
    (folder / "data").mkdir()
    (folder / "data" / "account.js").write_text(account_js)
    (folder / "data" / "follower.js").write_text(followers)
    try:
        archive = read_archive(folder)
    except ArchiveError as exc:
        assert str(exc)
    else:
        assert isinstance(archive.followers, list)


COMMANDS = [
    "run",
    "demo",
    "score",
    "intent",
    "audit",
    "override",
    "cost",
    "import-archive",
    "sync-commands",
    "migrate",
]
words = st.sampled_from(
    [
        "--db",
        "--config",
        "--once",
        "--help",
        "-",
        "x",
        "set",
        "clear",
        "list",
        "history",
        "approve",
        "deny",
        "--platform",
        "--reason",
        "--source",
        "jsonl",
        "--guild",
        "abc",
        "/nonexistent",
        "",
        "--tone",
        "rude",
        "--out",
        "--workers",
        "-3",
    ]
)


@settings(max_examples=60, deadline=None)
@given(command=st.sampled_from(COMMANDS), argv=st.lists(words, max_size=5))
def test_random_arguments_never_end_in_a_traceback(command, argv):
    if "--help" in argv or command in ("run", "demo", "intent", "score", "sync-commands"):
        argv = [a for a in argv if a not in ("--help",)]
    parser = build_parser()
    try:
        args = parser.parse_args([command, *argv])
    except SystemExit as exc:  # argparse's own usage error: one message, status 2
        assert exc.code in (0, 2)
        return
    assert callable(args.run)


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "/nonexistent"],
        ["audit", "--source", "jsonl", "/nonexistent"],
        ["import-archive", "/nonexistent"],
        ["override", "set", "", "approve", "--reason", "x"],
        ["cost", "--config", "/nonexistent.toml"],
        ["demo", "--config", "/nonexistent.toml"],
    ],
)
def test_user_mistakes_are_one_line_with_status_2(argv, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "bot.py",
            *argv,
            *(["--db", str(tmp_path / "f.db")] if argv[0] in ("override", "cost") else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert main is not None
