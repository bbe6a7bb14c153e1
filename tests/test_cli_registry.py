"""The command registry: every command module is registered with the help line its own
parser gives, and choosing one command imports that command only (`score --help` pays for
neither Discord, X, the audit nor the reply templates)."""

from __future__ import annotations

import argparse
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import whynot.cli
from whynot.cli import COMMANDS, build_parser, command_module
from whynot.cli.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
NOT_COMMANDS = {"errors", "run_report", "run_lock", "init_cost", "init_owner"}  # helpers


def subcommand_help(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {a.dest: a.help for a in sub._choices_actions}


def test_every_command_module_is_registered_once():
    modules = {m.name for m in pkgutil.iter_modules(whynot.cli.__path__)} - NOT_COMMANDS
    registered = [path.rsplit(".", 1)[1] for path, _ in COMMANDS.values()]
    assert sorted(registered) == sorted(modules)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_registry_help_line_is_the_command_s_own(name):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    command_module(name).add_parser(sub)
    assert subcommand_help(parser) == {name: COMMANDS[name][1]}


def test_the_listing_and_the_full_parser_agree():
    lazy = build_parser(["score", "--help"])
    full = build_parser()
    assert subcommand_help(lazy) == subcommand_help(full)
    assert list(subcommand_help(full)) == list(COMMANDS)


def test_usage_error_is_one_class_wherever_it_is_imported_from():
    assert whynot.cli.UsageError is UsageError


PROBE = """
import json, sys
from whynot.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["score", "--help"], ["intent", "--help"], ["--help"]])
def test_choosing_a_command_imports_that_command_only(argv):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    chosen = {COMMANDS[argv[0]][0]} if argv[0] in COMMANDS else set()
    others = {path for path, _ in COMMANDS.values()} - chosen
    assert loaded & others == set()
    heavy = {"discord", "tweepy", "aiohttp", "twitter_text", "jinja2", "atproto", "mastodon"}
    heavy |= {"scoring"}  # the scorer too: it is imported when a command runs, not for --help
    assert {m.split(".")[0] for m in loaded} & heavy == set()
    assert "usage: bot.py" in result.stdout


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["score", "--bogus"], "unrecognized arguments: --bogus"),
        (["nosuch"], "invalid choice: 'nosuch'"),
        (["cost", "--db"], "expected one argument"),
    ],
)
def test_a_command_line_mistake_is_one_line_and_exit_2(capsys, argv, says):
    # argparse prints its usage block before the error: the README promises one line
    with pytest.raises(SystemExit) as end:
        whynot.cli.main(argv)
    out, err = capsys.readouterr()
    assert end.value.code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err and "--help" in err, err


@pytest.mark.parametrize(
    ("argv", "prog"),
    [
        (["--bogus"], "bot.py"),
        (["score", "--bogus"], "bot.py score"),
        (["override", "list", "--bogus"], "bot.py override list"),
        (["cost", "--db"], "bot.py cost"),
    ],
)
def test_a_mistake_names_the_command_it_was_made_in(capsys, argv, prog):
    # argparse leaves a sub-command's unknown option to the top parser, which would send
    # the user to `bot.py --help`, where the sub-command's options are not listed
    with pytest.raises(SystemExit):
        whynot.cli.main(argv)
    err = capsys.readouterr().err
    assert err.startswith(f"{prog}: ") and err.endswith(f"(see {prog} --help)\n"), err
