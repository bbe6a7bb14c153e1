"""Throughput of `bot.py score`'s work: accounts per second on realistic input, against the
cost of just parsing the same JSON lines, measured in the same process and run.

    python bench/score_throughput.py [--accounts 2000] [--rounds 5]

Input: the twibot-20 sample (real timelines, ~170 posts each) repeated to --accounts.
Figures: accounts/s for parse only and for the whole judgement (parse + validate +
judge + serialise the verdict), their ratio (target <= 10x), and the peak memory. Each
figure is the best of --rounds, the two taking turns within a round.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import cycle, islice

from _data import ROOT, TWIBOT, need

from scoring import judge, parse_account
from whynot.owner_config import load_owner_config


def best_of(rounds: int, *works: Callable[[], None]) -> list[float]:
    """Best time of each work over `rounds`, the works taking turns within a round so
    that a noisy neighbour on the machine slows them alike."""
    best = [float("inf")] * len(works)
    for _ in range(rounds):
        for i, work in enumerate(works):
            start = time.perf_counter()
            work()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = need(TWIBOT / "accounts.jsonl").read_text(encoding="utf-8").splitlines()
    lines = list(islice(cycle(base), args.accounts))
    posts = sum(len(json.loads(line)["posts"]) for line in base) / len(base)
    owner = load_owner_config(ROOT / "data" / "demo" / "owner.toml")
    now = datetime(2020, 9, 1, tzinfo=UTC)

    def parse_only() -> None:
        for line in lines:
            json.loads(line)

    def full() -> None:
        for line in lines:
            json.dumps(judge(parse_account(json.loads(line)), owner, now).to_dict())

    parse_s, full_s = best_of(args.rounds, parse_only, full)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(lines)
    print(f"input: {n} accounts, {posts:.0f} posts each on average (twibot-20 sample repeated)")
    print(f"parse JSON only:   {n / parse_s:9.0f} accounts/s  ({parse_s * 1000 / n:.3f} ms each)")
    print(f"judge (end to end):{n / full_s:9.0f} accounts/s  ({full_s * 1000 / n:.3f} ms each)")
    print(
        f"ratio to parsing:  {full_s / parse_s:9.1f}x  (target <= 10x; target >= 1,000 accounts/s)"
    )
    print(f"peak memory (RSS): {peak_mb:9.1f} MiB")


if __name__ == "__main__":
    main()
