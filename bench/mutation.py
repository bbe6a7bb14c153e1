"""Mutation check: plant plausible bugs one at a time and see whether the tests catch them.

    python bench/mutation.py [--ref HEAD] [--only SUBSTRING] [--numbers 3,17] [--list] [--keep]

Each mutant is one small textual replacement in one file (a flipped comparison, a moved
limit, a dropped guard), listed in `bench/mutants.py` with what a user would feel. The
committed tree (`git archive REF`, HEAD by default) is unpacked into a throwaway directory,
so the working tree, where others may be editing, is never touched. For each mutant the
file is changed there, only the tests relevant to that file run (`pytest -x`, under
`nice -n 10`, with a time limit), and the file is restored. A mutant is killed when the
tests fail; it survives when they pass. Before the mutants, each test selection runs
once unmutated and must pass, or the score would mean nothing.

Prints one line per mutant, then the score and the survivors. Exit status 0 when at
least 90% are killed, 1 otherwise. A mutant whose text is no longer found exactly once
(the code moved on) is reported as stale and left out of the score.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from mutants import MUTANTS, Mutant  # the table of plausible bugs, beside this script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TARGET = 0.90
BASELINE_TIMEOUT = 1200  # seconds for an unmutated selection (a busy machine is slow)
# A mutant's tests may take this many times their unmutated run (at least 2 minutes); a
# mutant that makes them hang is counted as killed, and reported as timed out.
TIMEOUT_FACTOR = 5


def unpack(ref: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def run_tests(tree: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, float, str]:
    """(passed, seconds, last lines of output) for one selection of tests in `tree`."""
    start = time.monotonic()
    command = ["nice", "-n", "10", str(PYTHON), "-m", "pytest", "-x", "-q", "-n", "0", "-p",
               "no:cacheprovider", "-W", "ignore::DeprecationWarning", *tests]
    # No bytecode caches: a mutant of the same size written within the same second as the
    # original could otherwise be run from the original's cached bytecode.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - start, "timed out"
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-3:])
    return done.returncode == 0, time.monotonic() - start, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to mutate (default HEAD)")
    parser.add_argument("--only", default="", help="only mutants whose file contains this")
    parser.add_argument("--numbers", default="", help="only these mutants (numbers of --list)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--keep", action="store_true", help="keep the temporary tree")
    args = parser.parse_args()
    numbers = {int(n) for n in args.numbers.split(",") if n.strip()}
    chosen = [
        (i, m)
        for i, m in enumerate(MUTANTS, 1)
        if args.only in m.path and (not numbers or i in numbers)
    ]
    if args.list:
        for i, m in chosen:
            print(f"{i:3d} {m.path}: {m.what}")
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="whynot-mutation-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still clean up on kill
    try:
        return _run(args.ref, chosen, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(ref: str, chosen: list[tuple[int, Mutant]], tmp: Path) -> int:
    mutants = [m for _, m in chosen]
    tree = tmp / "tree"
    unpack(ref, tree)
    print(f"{len(mutants)} mutants of {ref} in {tree}", flush=True)
    # The selections must pass unmutated, or a "kill" would mean nothing.
    limits: dict[tuple[str, ...], float] = {}
    for tests in sorted({m.tests() for m in mutants}):
        ok, seconds, tail = run_tests(tree, tests, BASELINE_TIMEOUT)
        limits[tests] = max(120.0, TIMEOUT_FACTOR * seconds)
        print(f"baseline {'ok' if ok else 'FAILS'} ({seconds:.0f}s): {' '.join(tests)}", flush=True)
        if not ok:
            print(tail)
            return 2
    killed, survivors, stale, timeouts = 0, [], [], 0
    for i, m in chosen:
        target = tree / m.path
        original = target.read_text(encoding="utf-8")
        if original.count(m.old) != 1:
            stale.append(m)
            print(f"{i:3d} STALE    {m.path}: {m.what} (text found {original.count(m.old)}x)")
            continue
        target.write_text(original.replace(m.old, m.new), encoding="utf-8")
        try:
            ok, seconds, tail = run_tests(tree, m.tests(), limits[m.tests()])
        finally:
            target.write_text(original, encoding="utf-8")
        if ok:
            survivors.append(m)
        else:
            killed += 1
        state = "SURVIVED" if ok else "killed  "
        extra = " (timed out)" if tail == "timed out" else ""
        timeouts += bool(extra)
        print(f"{i:3d} {state} {m.path}: {m.what} [{seconds:.0f}s]{extra}", flush=True)
    scored = killed + len(survivors)
    score = killed / scored if scored else 0.0
    print(f"\nscore: {killed}/{scored} killed ({score:.0%}); target {TARGET:.0%}")
    if timeouts:
        print(f"of the killed, {timeouts} by a time-out rather than a failing test")
    if stale:
        print(f"stale (text not found once, not scored): {len(stale)}")
    if survivors:
        print("survivors:")
        for m in survivors:
            print(f"  - {m.path}: {m.what}\n      {m.old.strip()!r} -> {m.new.strip()!r}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
