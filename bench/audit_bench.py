"""`bot.py audit` end to end on 10,000 accounts: seconds, accounts/s, peak memory at 1,000
vs 10,000 accounts (it must stay flat), and the ratio to just parsing the same lines.

    python bench/audit_bench.py [--accounts 10000] [--small 1000] [--workers N]

Input: the twibot-20 sample (100 real timelines, ~170 posts each), read in place and
repeated with distinct ids into a temporary file outside the repository. Each audit runs
in a fresh process (so its peak RSS is its own) through `whynot.audit.run_audit`, the
command's code path: read lines, judge in worker processes, write audit.csv, render
audit.html. Wall time includes starting Python and the workers. Target: under 30 s for
10,000 accounts on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import ROOT, TWIBOT, need

OWNER = ROOT / "data" / "demo" / "owner.toml"


def child(source: Path, out: Path, workers: int) -> None:
    """Run one audit in this process and print its figures as JSON."""
    from whynot.audit import JsonlSource, run_audit
    from whynot.audit.report import write_report

    with JsonlSource(source) as accounts:
        result = run_audit(
            accounts, out, owner_config=OWNER, workers=workers, progress=False, fresh=True
        )
    started = time.perf_counter()
    write_report(out)  # the page is part of an audit's cost, as `bot.py audit` writes it
    result.seconds += time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "rows": result.rows,
                "errors": result.errors,
                "seconds": result.seconds,
                "rss_main_mib": me.ru_maxrss / 1024,
                "rss_worker_mib": workers_usage.ru_maxrss / 1024,
                "cpu_main": me.ru_utime + me.ru_stime,
                "cpu_workers": workers_usage.ru_utime + workers_usage.ru_stime,
                "csv_mib": (out / "audit.csv").stat().st_size / 2**20,
                "html_mib": (out / "audit.html").stat().st_size / 2**20,
            }
        )
    )


def make_input(path: Path, n: int) -> float:
    """n account lines: the sample repeated, ids made distinct. Returns posts per account."""
    base = need(TWIBOT / "accounts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            account = json.loads(base[k % len(base)])
            account["id"] = f"{account['id']}-{k // len(base)}"
            posts += len(account.get("posts") or ())
            fh.write(json.dumps(account, ensure_ascii=False) + "\n")
    return posts / n


def audit(source: Path, out: Path, workers: int) -> dict[str, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(source), str(out), str(workers)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"audit failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    return figures


def parse_only(source: Path) -> float:
    start = time.perf_counter()
    with source.open("rb") as fh:
        for line in fh:
            json.loads(line)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--child", nargs=3, metavar=("SOURCE", "OUT", "WORKERS"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return
    from whynot.audit import default_workers

    workers = args.workers or default_workers()
    with tempfile.TemporaryDirectory(prefix="whynot-audit-bench-") as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        posts = make_input(big, args.accounts)
        make_input(small, args.small)
        parse_s = min(parse_only(big) for _ in range(3))
        runs = {
            args.small: audit(small, Path(tmp) / "out-small", workers),
            args.accounts: audit(big, Path(tmp) / "out-big", workers),
        }
    n = args.accounts
    print(
        f"input: {n:,} accounts (twibot-20 sample repeated, distinct ids), "
        f"{posts:.0f} posts each on average; {workers} worker processes"
    )
    print(
        f"baseline, parse the same lines as JSON: {parse_s:6.2f} s  {n / parse_s:8.0f} accounts/s"
    )
    for size, r in runs.items():
        print(
            f"audit {size:>6,} accounts: {r['wall']:6.2f} s wall ({r['seconds']:.2f} s in "
            f"run_audit)  {size / r['wall']:6.0f} accounts/s  peak RSS main "
            f"{r['rss_main_mib']:5.1f} MiB, largest worker {r['rss_worker_mib']:5.1f} MiB  "
            f"(csv {r['csv_mib']:.1f} MiB, html {r['html_mib']:.1f} MiB)"
        )
        print(
            f"    CPU: main process {r['cpu_main']:.1f} s, workers {r['cpu_workers']:.1f} s "
            f"({size / max(r['cpu_workers'], 1e-9):.0f} accounts per worker-CPU-second)"
        )
    big_run, small_run = runs[args.accounts], runs[args.small]
    verdict = "PASS" if big_run["wall"] < 30 else "FAIL"
    print(f"{n:,} accounts in {big_run['wall']:.1f} s: target < 30 s: {verdict}")
    print(f"ratio audit / parse at {n:,}: {big_run['wall'] / parse_s:.1f}x (wall time)")
    print(f"load average while measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"memory {n:,} vs {args.small:,} accounts: main {big_run['rss_main_mib']:.1f} vs "
        f"{small_run['rss_main_mib']:.1f} MiB "
        f"({big_run['rss_main_mib'] / small_run['rss_main_mib']:.2f}x), largest worker "
        f"{big_run['rss_worker_mib']:.1f} vs {small_run['rss_worker_mib']:.1f} MiB "
        f"({big_run['rss_worker_mib'] / small_run['rss_worker_mib']:.2f}x) for "
        f"{n / args.small:.0f}x the accounts"
    )


if __name__ == "__main__":
    main()
