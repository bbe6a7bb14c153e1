"""The command line: one module per command, each with `add_parser(sub)` and `run(args)`,
imported only when that command is chosen (so `bot.py score --help` does not pay for the
Discord, X or audit imports of the others). Four modules are helpers, not commands:
`errors` (UsageError), `run_report` (what `run` logs of each step), `run_lock` (one run
per database) and `init_cost` (what `init` says an X answer costs).

Adding a command is one line in `COMMANDS` below: its name, its module and the one-line
help `bot.py --help` lists (the same line the module's `add_parser` gives; a test checks
they agree). A user mistake ends in one clear line on stderr and a non-zero exit
(`whynot.cli.errors.UsageError`), never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any, NoReturn, TypeVar, overload

from whynot.cli import errors
from whynot.cli.errors import UsageError

__all__ = ["COMMANDS", "UsageError", "build_parser", "command_module", "main"]

# name -> (module, the help line of `bot.py --help`), in the order the help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("whynot.cli.run", "answer mentions and watch followers on the configured platforms"),
    "demo": (
        "whynot.cli.demo",
        "run the bundled demo world through the real pipeline and print a transcript",
    ),
    "score": ("whynot.cli.score", "judge accounts (JSON Lines) against the letter's reasons"),
    "intent": (
        "whynot.cli.intent",
        "classify messages (follow-back request, why not followed, ...)",
    ),
    "preview": (
        "whynot.cli.preview",
        "show the reply the bot would give to a mention, sending nothing",
    ),
    "audit": (
        "whynot.cli.audit",
        "judge every follower you do not follow back (or any account list) into "
        "audit.csv and audit.html",
    ),
    "override": (
        "whynot.cli.override",
        "approve or deny an account by hand (logged); list and review decisions",
    ),
    "reviews": (
        "whynot.cli.reviews",
        "list the askers waiting for a person to review the bot's answer, and show one",
    ),
    "cost": (
        "whynot.cli.cost",
        "show this month's X spend, the budget left and the cost per answer",
    ),
    "import-archive": (
        "whynot.cli.import_archive",
        "seed followers, followed accounts and your own posts from X's data archive",
    ),
    "sync-commands": (
        "whynot.cli.sync_commands",
        "publish /whynot, /override and /whynot-config to Discord (needs DISCORD_TOKEN)",
    ),
    "migrate": (
        "whynot.cli.migrate",
        "upgrade the database schema in place and show its version",
    ),
    "init": (
        "whynot.cli.init",
        "set the bot up for your account: writes data/owner.toml, data/config.toml and "
        ".env.example",
    ),
    "backup": (
        "whynot.cli.backup",
        "copy the database safely while the bot runs (SQLite online backup)",
    ),
    "restore": (
        "whynot.cli.restore",
        "put a backup back in place of the database (stop the bot first)",
    ),
}


def command_module(name: str) -> ModuleType:
    """The module of command `name` (imported now, once)."""
    return importlib.import_module(COMMANDS[name][0])


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named in argv: its first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


_N = TypeVar("_N")  # a namespace object given to parse_args


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line on stderr (argparse prints
    its usage block first), naming the --help that explains; exit status 2 as argparse.
    Sub-commands' parsers are of this class too (add_subparsers takes the parent's)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    @overload
    def parse_args(
        self, args: Iterable[str] | None = None, namespace: None = None
    ) -> argparse.Namespace: ...
    @overload
    def parse_args(self, args: Iterable[str] | None, namespace: _N) -> _N: ...
    @overload
    def parse_args(self, *, namespace: _N) -> _N: ...
    def parse_args(self, args: Iterable[str] | None = None, namespace: Any = None) -> Any:
        # argparse leaves a sub-command's unknown words to the top parser; they are the
        # chosen sub-command's mistake, and its --help is the one that lists its options.
        ns, extras = self.parse_known_args(args, namespace)
        if extras:
            _deepest(self, ns).error(f"unrecognized arguments: {' '.join(extras)}")
        return ns


def _deepest(parser: argparse.ArgumentParser, ns: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost sub-command parser that `ns` chose, from `parser` down."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(ns, subs[0].dest, None) if subs else None
        chosen = subs[0].choices.get(name) if name is not None else None
        if not isinstance(chosen, argparse.ArgumentParser):
            return parser
        parser = chosen


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Only the command `argv` chooses is imported and given its full parser;
    the others are listed by name and help line. Without argv, every command is built."""
    parser = OneLineParser(
        prog="bot.py",
        description="Answers 'why didn't you follow me back?' for one account owner, "
        "with the open letter's reasons and evidence.",
    )
    from whynot.version import VersionAction  # the text is made only when asked

    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen(argv) if argv is not None else None
    for name, (_, help_line) in COMMANDS.items():
        if argv is None or name == chosen:
            command_module(name).add_parser(sub)
        else:
            sub.add_parser(name, help=help_line)
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
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    if args.command is None:
        # No command: the main job. `run` when credentials are set, else the demo.
        from whynot.config import ConfigError, load_settings

        try:
            settings = load_settings()
            # A half-done X set-up goes to `run` too, which names what is missing; so does
            # a config file (`init` has run) without credentials: in the container (an
            # --env-file forgotten or left empty) the demo would end, be restarted, forever.
            configured = (
                settings.config_path.is_file()
                or bool(settings.served or settings.x_missing or settings.half_configured)
            )
        except ConfigError:  # set up, but wrongly: `run` says what to fix (not the demo)
            configured = True
        command = ["run" if configured else "demo"]
        args = build_parser(command).parse_args(command)
    try:
        return int(args.run(args) or 0)
    except UsageError as exc:
        hold = errors.held(args.command, getattr(args, "once", False))
        print(f"bot.py {args.command}: {exc}{errors.waits_line() if hold else ''}", file=sys.stderr)
        if hold:  # in a container: restarted, it would only say this again, forever
            errors.wait_for_stop()
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
