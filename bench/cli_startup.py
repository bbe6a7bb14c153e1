"""How long the command line takes to start: `python bot.py score --help` (and a few other
`--help`s) as a user runs it, the median of several runs each.

    python bench/cli_startup.py [--runs 7]

Baselines in the same run: a bare interpreter (`python -c pass`, the floor) and the eager
parser every command used to pay for (`build_parser()` with no argv imports all the
command modules, as `whynot.cli` did before commands were imported when chosen). Target:
`score --help` under 0.3 s. For where the time goes: `python -X importtime bot.py score
--help`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EAGER = (
    "from whynot.cli import build_parser\ntry:\n build_parser().parse_args({argv!r})\n"
    "except SystemExit:\n pass\n"
)


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    py = sys.executable
    floor = timed([py, "-c", "pass"], runs)
    print(f"bare interpreter (python -c pass): {floor:.3f} s")
    for argv in (["score", "--help"], ["intent", "--help"], ["run", "--help"], ["--help"]):
        lazy = timed([py, "bot.py", *argv], runs)
        eager = timed([py, "-c", EAGER.format(argv=argv)], runs)
        print(
            f"bot.py {' '.join(argv):<14} {lazy:.3f} s (eager parser {eager:.3f} s: "
            f"{eager / lazy:.1f}x slower; {lazy - floor:.3f} s above the bare interpreter)"
        )
    target = timed([py, "bot.py", "score", "--help"], runs)
    print(f"score --help: {target:.3f} s, target < 0.300 s: {'met' if target < 0.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
