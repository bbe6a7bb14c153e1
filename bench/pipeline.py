"""The whole pipeline under load: mentions through `Desk.handle` on the in-memory platform
with a real SQLite file (WAL) and the real templates.

    python bench/pipeline.py [--mentions 10000] [--askers 500]

Prints messages per second, p50/p99 latency per message, and the share of time spent in
intent classification, scoring, rendering and the store. Baseline in the same run: the
same number of bare store round trips (claim + mark sent), the floor any exactly-once
pipeline on this store pays. Targets: >= 1,000 messages/s and p99 < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import whynot.desk as desk_module
from scoring import judge
from whynot.config import AccountSettings, ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.owner_config import load_owner_config
from whynot.platforms.demo import DEMO, demo_world, identity
from whynot.replies import ReplyRenderer
from whynot.store import Store

TEXTS = [
    "follow me back!! #f4f", "why didn't you follow me back?", "still no follow back? 🙁",
    "¿por qué no me sigues?", "I unfollowed you because you never followed back",
    "why did you unfollow me??", "thanks for the follow!", "great thread today",
    "segue de volta? 🙏", "mutuals?",
]
SHARES: dict[str, float] = defaultdict(float)


def timed(name: str, fn):  # noqa: ANN001, ANN201 - wraps sync and async callables alike
    if asyncio.iscoroutinefunction(fn):
        async def wrapper(*a, **k):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return await fn(*a, **k)
            finally:
                SHARES[name] += time.perf_counter() - start
    else:
        def wrapper(*a, **k):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                SHARES[name] += time.perf_counter() - start
    return wrapper


async def main(n: int, askers: int) -> None:
    platform, _ = demo_world()
    personas = [a for a in platform.accounts.values() if not a.is_bot_declared
                and a.handle != platform.owner.handle]
    rng = random.Random(7)
    people = []
    for i in range(askers):
        base = personas[i % len(personas)]
        acc = replace(base, id=f"a{i}", handle=f"{base.handle}_{i}")
        platform.accounts[acc.id] = acc
        people.append(identity(acc))
    mentions = [Mention("demo", f"m{i}", rng.choice(people), "@fsalas " + rng.choice(TEXTS))
                for i in range(n)]
    settings = Settings(replies=ReplySettings(cooldown_hours=0, max_per_hour=10**9),
                        accounts=AccountSettings(cache_hours=24))
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.db")
        for repo, name in (("messages", "precheck"), ("messages", "claim"),
                           ("messages", "mark_sent"), ("messages", "record_skip"),
                           ("accounts", "lookup"), ("accounts", "save")):
            part = getattr(store, repo)
            setattr(part, name, timed("store", getattr(part, name)))
        renderer = ReplyRenderer()
        renderer.render = timed("render", renderer.render)
        desk_module.judge = timed("scoring", judge)
        # Mentions arrive 3.6 s apart (1,000 an hour, far above a real account's rate) on a
        # simulated clock, so the hourly window holds what it would in production.
        clock = [1_800_000_000.0]
        desk = Desk(store, {"demo": platform}, renderer, load_owner_config(DEMO / "owner.toml"),
                    settings, clock=lambda: clock[0])
        desk.classify = timed("intent", desk.classify)
        latencies = []
        start = time.perf_counter()
        for m in mentions:
            clock[0] += 3.6
            t0 = time.perf_counter()
            await desk.handle(m)
            latencies.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        counts = await store.messages.state_counts()
        await store.close()
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("bench.db*")) / 2**20

        base = await Store.open(Path(tmp) / "baseline.db")
        who = Identity("demo", "b", "b")
        t0 = time.perf_counter()
        for i in range(n):
            m = Mention("demo", f"b{i}", who, "x")
            await base.messages.claim(m, "why_not_followed", "en", 0.0)
            await base.messages.mark_sent(m, ["r"], "t", 0.0)
        baseline = time.perf_counter() - t0
        await base.close()

    latencies.sort()
    print(f"{n} mentions from {askers} askers through Desk.handle (in-memory platform, "
          f"real SQLite file, real templates): {counts}")
    print(f"throughput: {n / total:,.0f} messages/s ({total:.2f} s)")
    print(f"latency per message: p50 {statistics.median(latencies) * 1000:.2f} ms, "
          f"p99 {latencies[int(0.99 * len(latencies))] * 1000:.2f} ms, "
          f"max {latencies[-1] * 1000:.2f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MiB; database {db_mb:.1f} MiB "
          f"({db_mb * 1024 / n:.2f} KiB per mention)")
    print("share of time: " + ", ".join(f"{k} {v / total:.0%}" for k, v in
                                        sorted(SHARES.items(), key=lambda kv: -kv[1]))
          + f", other {1 - sum(SHARES.values()) / total:.0%}")
    print(f"baseline (bare claim + mark sent): {n / baseline:,.0f} messages/s; "
          f"the pipeline costs {total / baseline:.1f}x the bare store round trips")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=10_000)
    parser.add_argument("--askers", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(main(args.mentions, args.askers))
