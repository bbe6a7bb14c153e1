"""`bot.py score [FILE|-] [--owner-config PATH]`: account JSON Lines in, verdicts out."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from whynot.cli.errors import UsageError

if TYPE_CHECKING:
    from scoring import OwnerIndex

HELP = """\
Read accounts as JSON Lines (docs/schema/account.schema.json), one per line, and write
one verdict per line (docs/schema/verdict.schema.json) in the same order. A line that
cannot be judged (not JSON, missing id/handle, wrong types) gives {"line": N, "error": ...}
and the run goes on. Pretty-printed accounts (a file whose first line is a lone "{": one
account, as `preview --account` takes it, or several one after another, as `jq .` writes
them) are judged one verdict each. Exit status 0 unless the input or the owner config
cannot be read.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "score",
        help="judge accounts (JSON Lines) against the letter's reasons",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE|-",
        help="account JSON Lines file; '-' or nothing reads standard input",
    )
    p.add_argument(
        "--owner-config",
        type=Path,
        metavar="PATH",
        help="owner context TOML (interests, news outlets, followed accounts); "
        "without it off_topic and redundant cannot judge",
    )
    p.set_defaults(run=run)


def score_stream(source: BinaryIO, out: TextIO, owner: OwnerIndex | None) -> int:
    """Write one output line per input line; returns how many lines were judged."""
    # The scorer is imported when the command runs, not when it is chosen: `score --help`
    # stays fast (bench/cli_startup.py).
    from scoring import Account, judge
    from whynot.jsonl import account_lines, read_accounts

    now = datetime.now(UTC)
    judged = 0
    # a pretty-printed account as one, not a line error for each of its lines
    for _, item in read_accounts(account_lines(source), skip_blank=False):
        if isinstance(item, Account):
            out.write(json.dumps(judge(item, owner, now).to_dict(), ensure_ascii=False) + "\n")
            judged += 1
        else:
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    return judged


def run(args: argparse.Namespace) -> int:
    from whynot.owner_config import OwnerConfigError, load_owner_config

    owner = None
    if args.owner_config is not None:
        try:
            owner = load_owner_config(args.owner_config)
        except OwnerConfigError as exc:
            raise UsageError(str(exc)) from None
    if args.file == "-":
        if sys.stdin.isatty():  # `bot.py score` typed alone would wait without a word
            print(
                "bot.py score: reading accounts typed here, one JSON object a line (Ctrl-D "
                "ends); to judge a file: bot.py score FILE",
                file=sys.stderr,
            )
        score_stream(sys.stdin.buffer, sys.stdout, owner)
        return 0
    try:
        with open(args.file, "rb") as source:
            score_stream(source, sys.stdout, owner)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    return 0
