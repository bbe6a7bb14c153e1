"""`bot.py COMMAND ...` run in-process for a test: the exit code, standard output and
standard error it printed; and one `bot.py run --once` cycle in-process (`once_here`)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout

from whynot.cli import main


def bot(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


async def once_here(env: Mapping[str, str], dry_run: bool = False) -> int:
    """One `bot.py run --once` cycle in this process, started as `run` starts it from `env`
    (the config and database it names, the platforms' variables; no .env): the settings,
    the owner file's check, then serve(once=True; `dry_run` as `--dry-run`), with a store
    and clients of its own as a new process has; its exit code. For a test whose process
    is not the point (a run after a killed one, a review's cycles, a line `run` logs at
    INFO or above, read with caplog); `run`'s exit paths and log format need the real one."""
    from whynot.cli.run import check_owner_file, serve
    from whynot.config import load_settings

    settings = load_settings(env=env, dotenv=None)
    check_owner_file(settings)
    return await asyncio.wait_for(serve(settings, once=True, dry_run=dry_run), timeout=60)
