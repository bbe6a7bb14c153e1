"""The unfollow watch's diff at scale: two snapshots of 1,000,000 follower ids with 1%
churn, the project's way (pages stored in SQLite, set difference inside SQLite) against
a naive diff (two Python sets, lists kept as JSON files), each in its own process so peak
memory is measured separately, in the same run.

    python bench/follower_diff.py [--followers 1000000] [--churn 0.01]

The project's side times storing the new snapshot (1,000-id pages, as the crawl does) and
the diff; the naive side times loading the old list from JSON, the set differences and
saving the new list. Targets: peak RSS at most half the naive one, time at most 3x, and
the same events.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = 1000


def world(n: int, churn: float) -> tuple[set[int], list[str]]:
    """Which old positions unfollow, and which new ids arrive (deterministic)."""
    rng = random.Random(2026)
    k = int(n * churn / 2)
    gone = set(rng.sample(range(n), k))
    arrivals = [str(3_000_000_000 + i) for i in range(k)]
    return gone, arrivals


def old_ids(n: int) -> Iterator[str]:
    return (str(1_000_000_000 + 7 * i) for i in range(n))


def new_ids(n: int, gone: set[int], arrivals: list[str]) -> Iterator[str]:
    for i, account in enumerate(old_ids(n)):
        if i not in gone:
            yield account
    yield from arrivals


def pages(ids: Iterator[str]) -> Iterator[list[str]]:
    page: list[str] = []
    for account in ids:
        page.append(account)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page


def with_cursors(stream: Iterator[list[str]]) -> Iterator[tuple[list[str], str | None]]:
    """Each page with the cursor to the next (None on the last), one page of lookahead:
    the crawl never holds more than a page."""
    previous = next(stream, None)
    for number, page in enumerate(stream, start=1):
        yield previous, str(number)
        previous = page
    if previous is not None:
        yield previous, None


def digest(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


async def project_side(n: int, churn: float, folder: Path) -> dict:
    from whynot.store import Store

    gone, arrivals = world(n, churn)
    store = await Store.open(folder / "watch.db")
    old = await store.followers.start_crawl("x", "owner", 1.0)
    for page, cursor in with_cursors(pages(old_ids(n))):
        await store.followers.add_page(old, page, cursor, 1.0)
    start = time.perf_counter()
    new = await store.followers.start_crawl("x", "owner", 2.0)
    for page, cursor in with_cursors(pages(new_ids(n, gone, arrivals))):
        await store.followers.add_page(new, page, cursor, 2.0)
    counts = await store.followers.diff("x", old, new, 2.0)
    seconds = time.perf_counter() - start
    events = await store.followers.events("x")
    await store.close()
    return {
        "seconds": seconds,
        "counts": counts,
        "unfollows": digest([a for a, k, _, _ in events if k == "unfollow"]),
        "follows": digest([a for a, k, _, _ in events if k in ("follow", "refollow")]),
    }


def naive_side(n: int, churn: float, folder: Path) -> dict:
    gone, arrivals = world(n, churn)
    old_file, new_file = folder / "old.json", folder / "new.json"
    old_file.write_text(json.dumps(list(old_ids(n))))
    start = time.perf_counter()
    previous = set(json.loads(old_file.read_text()))
    current_list = [account for page in pages(new_ids(n, gone, arrivals)) for account in page]
    current = set(current_list)
    unfollows = previous - current
    follows = current - previous
    new_file.write_text(json.dumps(current_list))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "counts": {"unfollow": len(unfollows), "follow": len(follows)},
        "unfollows": digest(list(unfollows)),
        "follows": digest(list(follows)),
    }


def child(side: str, n: int, churn: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = (
            asyncio.run(project_side(n, churn, folder))
            if side == "project"
            else naive_side(n, churn, folder)
        )
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_side(side: str, n: int, churn: float) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--side", side, "--followers", str(n), "--churn", str(churn)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1_000_000)
    parser.add_argument("--churn", type=float, default=0.01)
    parser.add_argument("--side", choices=("project", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        child(args.side, args.followers, args.churn)
        return
    project = run_side("project", args.followers, args.churn)
    naive = run_side("naive", args.followers, args.churn)
    print(f"{args.followers:,} followers, {args.churn:.0%} churn")
    for name, r in (
        ("project (SQLite pages + anti-join)", project),
        ("naive (two sets + JSON)", naive),
    ):
        print(
            f"  {name:<34} {r['seconds']:7.2f} s   peak RSS {r['peak_rss_mb']:7.1f} MiB   "
            f"events {r['counts']}"
        )
    same = project["unfollows"] == naive["unfollows"] and project["follows"] == naive["follows"]
    print(f"  same events: {same}")
    print(
        f"  time ratio project/naive: {project['seconds'] / naive['seconds']:.2f}x (target <= 3x); "
        f"peak RSS ratio: {project['peak_rss_mb'] / naive['peak_rss_mb']:.2f} (target <= 0.5)"
    )


if __name__ == "__main__":
    main()
