"""`bot.py COMMAND ...` run in-process for a test: the exit code, standard output and
standard error it printed."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from whynot.cli import main


def bot(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()
