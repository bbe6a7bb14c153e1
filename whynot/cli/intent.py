"""`bot.py intent [TEXT ...]`: what a message asks of the owner, one JSON line per text."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from whynot.intents import INTENTS, classify
from whynot.textnorm import normalise

_SURROGATE = re.compile("[\ud800-\udfff]")

HELP = f"""\
Classify messages addressed to the account owner into one intent:
{", ".join(INTENTS)}.
Each TEXT argument is one message; with no TEXT, every line of standard input is one
message (blank lines included, so output lines match input lines). Output is one JSON
line per message, in order:
  {{"text": ..., "intent": ..., "confidence": 0..1, "language": "en|es|pt", "rule": ...}}
"rule" names the pattern that decided (null for other). The classifier prefers "other"
when unsure: a false reply is worse than a missed one. review_request is only given to a
message about the bot's answer: one that names it, or, with --reply, every message (read
as a reply to one of the bot's answers, as the platforms tell the bot).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "intent",
        help="classify messages (follow-back request, why not followed, ...)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "texts",
        nargs="*",
        metavar="TEXT",
        help="message to classify; none reads one message per line from standard input",
    )
    p.add_argument(
        "--reply",
        action="store_true",
        help="read each message as a reply to one of the bot's answers",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="also print the normalised text the patterns read",
    )
    p.set_defaults(run=run)


def _printable(text: str) -> str:
    """The text as valid UTF-8: undecodable argv bytes and lone surrogates become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def classify_lines(
    texts: Iterable[str], out: TextIO, explain: bool = False, reply: bool = False
) -> int:
    """Write one JSON line per text; returns how many were written."""
    count = 0
    for text in texts:
        result = classify(text, about_answer=reply)
        line = {
            "text": _printable(text),
            "intent": result.intent,
            "confidence": result.confidence,
            "language": result.language,
            "rule": result.rule,
        }
        if explain:
            line["normalised"] = normalise(text).text
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    out.flush()
    return count


def _stdin_lines() -> Iterable[str]:
    stream = getattr(sys.stdin, "buffer", None)
    source = io.TextIOWrapper(stream, encoding="utf-8", errors="replace") if stream else sys.stdin
    for line in source:
        yield line.rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    if not args.texts and sys.stdin.isatty():  # alone at a prompt: say what it waits for
        print(
            "bot.py intent: type one message a line (Ctrl-D ends), or give them: "
            'bot.py intent "..."',
            file=sys.stderr,
        )
    texts = args.texts if args.texts else _stdin_lines()
    classify_lines(
        texts,
        sys.stdout,
        explain=getattr(args, "explain", False),
        reply=getattr(args, "reply", False),
    )
    return 0
