"""`bot.py` under a Python older than 3.11 (a Mac's own `python3` is 3.9, so `python3 -m
venv .venv` there makes a 3.9 environment) says so in one line, exit 2, instead of a
traceback from the first import (`cannot import name 'UTC' from 'datetime'`)."""

from __future__ import annotations

import ast
import importlib.util
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def entry():
    spec = importlib.util.spec_from_file_location("bot_entry", ROOT / "bot.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not __main__: nothing runs
    return module


def test_an_old_python_is_one_line_naming_the_fix():
    line = entry().too_old((3, 9, 6, "final", 0), "/usr/bin/python3")
    assert line is not None and "\n" not in line
    assert "/usr/bin/python3 is 3.9.6" in line and "Python 3.11" in line
    assert "python3.11 -m venv .venv" in line


def test_this_python_passes():
    assert entry().too_old((3, 11, 7), "python") is None
    assert entry().too_old((3, 13, 0), "python") is None


def test_bot_py_itself_reads_in_old_pythons():
    source = (ROOT / "bot.py").read_text()
    ast.parse(source, feature_version=(3, 8))  # a syntax error there would be the traceback


def test_the_line_comes_before_any_import_of_the_bot(monkeypatch, capsys):
    # Under 3.9 the first import of `whynot` is the traceback: bot.py run as a script says
    # its line and exits 2 before importing any of it (an import tidied to the top would not).
    monkeypatch.setattr(sys, "version_info", (3, 9, 6, "final", 0))
    for name in [n for n in sys.modules if n == "whynot" or n.startswith("whynot.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "whynot", None)  # any import of it fails, as on 3.9
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(ROOT / "bot.py"), run_name="__main__")
    assert stopped.value.code == 2
    assert "bot.py: needs Python 3.11 or newer" in capsys.readouterr().err
