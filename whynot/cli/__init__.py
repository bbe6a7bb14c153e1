"""The command line: one module per command, each with `add_parser` and `run`.

`bot.py` only assembles them. A user mistake ends in one clear line on stderr and a
non-zero exit (`UsageError`), never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
from collections.abc import Sequence

from whynot.cli import (
    audit,
    cost,
    demo,
    import_archive,
    intent,
    migrate,
    override,
    preview,
    run,
    score,
    sync_commands,
)

COMMANDS = (
    run,
    demo,
    score,
    intent,
    preview,
    audit,
    override,
    cost,
    import_archive,
    sync_commands,
    migrate,
)


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Answers 'why didn't you follow me back?' for one account owner, "
        "with the open letter's reasons and evidence.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def _replace_unencodable(exc: UnicodeError) -> tuple[bytes, int]:
    """Codec error handler: a lone surrogate (or anything the stream cannot encode) is
    written as U+FFFD, or "?" where even that cannot be encoded. Bytes, because the UTF-8
    encoder takes only ASCII text back from a handler."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    try:
        mark = "\ufffd".encode(exc.encoding)
    except (UnicodeError, LookupError):
        mark = b"?"
    return mark * (exc.end - exc.start), exc.end


codecs.register_error("whynot.replace", _replace_unencodable)


def safe_streams() -> None:
    """Every line the bot prints or logs goes through these streams: made safe once, here,
    so a lone surrogate in an account's text (an emoji cut in half by an API) can never
    stop the output half way."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="whynot.replace")


def _quiet_broken_pipe() -> int:
    """The reader went away (`bot.py score FILE | head`): stop quietly. Python would
    otherwise complain again while flushing stdout at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, as a shell reports a command ended by a closed pipe


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # No command: the main job. `run` when credentials are set, else the demo.
        from whynot.config import ConfigError, load_settings

        try:
            settings = load_settings()
            # A half-done X set-up goes to `run` too, which names what is missing.
            configured = settings.x_enabled or settings.discord_enabled or bool(settings.x_missing)
        except ConfigError:
            configured = False
        args = parser.parse_args(["run" if configured else "demo"])
    try:
        return int(args.run(args) or 0)
    except UsageError as exc:
        print(f"bot.py {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
