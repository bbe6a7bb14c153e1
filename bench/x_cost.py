"""What X costs per answered mention, measured two ways, and what reading fewer posts
costs in agreement.

1. The bill. The demo world (`data/demo/`: its personas, their posts and the script's
   mentions; `--scale N` repeats the askers N times under new ids) is served by the local
   X API server the tests use (`tests/x/fake_x.py`) and answered through the real desk,
   store and tweepy client. The bill is then computed twice:
   - from the server's own request log: every response priced by X's price list, each
     resource (a post, a user, a follower, any user a response expands) charged once per
     UTC day;
   - from the bot's ledger (`bot.py cost` reads the same table).
   They must agree within 5%, and the average must be <= $0.10 per answered mention.
   The baseline, run in the same process: no pagination (every deeper read re-reads the
   profile and all posts) and 20 posts first, as the bot read before. The demo's mentions
   are mostly questions; a busier account (4 mentions that ask nothing after each, from
   accounts of their own) is billed too, since every mention read is paid.
2. Agreement. On the real timelines of `../shared/datasets/twibot-20-sample` (where the
   margin was chosen) and of 300 random pan19-bots authors (left out of that choice), the
   verdict from the posts the bot would read (`[x] first_posts`, 5, then 10, 20 and 50
   while unsure: whynot.reading) against the verdict from 100 posts: how often `follow_back` and the
   failed criteria (the reasons a reply gives) are the same, and how many posts that took,
   per margin. On X every post is dated, and the scorer judges only the newest 50 of
   them (`ANALYSED_POSTS`), so the verdict from 100 posts is the verdict from the newest
   50 and the bot reads no further (`whynot.reading.worth_reading`). The two samples are
   undated; they are read here as X would serve them, newest first in file order (the
   first 50 posts are the newest 50). Undated, the scorer would instead sample 50 of the
   100 by a hash of their texts: the line "undated" gives that comparison for reference.
   The line "first 10" is the first read of 10 posts shipped before 2026-12-01's fourth
   session (the margin was chosen with it).

    .venv/bin/python bench/x_cost.py [--scale N]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._data import DATASETS, TWIBOT, read_jsonl
from bench.x_world import (
    MENTION_IDS,
    OWNER,
    SERVER_PRICES,
    LoggedX,
    demo_world,
    server_bill,
)
from scoring import build_owner_index, judge, parse_account
from scoring.thresholds import ANALYSED_POSTS
from tests.x.fake_x import serve
from whynot import desk as desk_module
from whynot.config import Secret, Settings, XSettings
from whynot.desk import Desk
from whynot.models import ReplyState
from whynot.owner_config import load_owner_config
from whynot.platforms.demo import DEMO
from whynot.platforms.x import XPlatform
from whynot.reading import MARGIN, next_read
from whynot.replies import DETAIL_LEVELS, Levels, ReplyRenderer
from whynot.spend import Budget
from whynot.store import Store
from whynot.threads import X_MAX_POSTS, Packer, pack_thread

SECRETS = {
    name: Secret(f"bench-{name.lower()}")
    for name in (
        "X_BEARER_TOKEN",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    )
}
FIRST = XSettings().first_posts  # the first read the bot ships with


class RichestThread(ReplyRenderer):
    """Replies as shipped before 2026-12-01's sixth session: on X the richest rendering
    within [x] reply_posts, not the fewest posts that hold the essentials."""

    def _plans(self, platform: str) -> list[tuple[Packer, Levels]]:
        if platform != "x":
            return super()._plans(platform)
        most = dict.fromkeys((self.x_posts, X_MAX_POSTS))
        return [(functools.partial(pack_thread, posts_at_most=m), DETAIL_LEVELS) for m in most]


async def play(
    scale: int,
    baseline: bool,
    margin: float = MARGIN,
    reply_posts: int = 3,
    chatter: int = 0,
    renderer: type[ReplyRenderer] = ReplyRenderer,
) -> dict[str, Any]:
    owner = OWNER
    fake = LoggedX(owner=owner)
    fake.users[owner["id"]] = {**owner, "public_metrics": {"followers_count": 0}}
    mentions = demo_world(fake, scale, chatter)
    server = await serve(fake)
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "bill.db")
        # A running bot's poll: every mention after its cursor is read, page after page (a
        # first poll reads one page, 100: fewer than a busier world of --scale 2 holds).
        await store.cursors.set("x", "mentions", str(MENTION_IDS), 0.0)
        x = XPlatform.from_settings(
            SECRETS, f"http://127.0.0.1:{server.port}", Budget(store, 1_000.0)
        )
        if baseline:  # the old reading: 20 posts first, every deeper read from the start
            x.first_posts = 20
            x.more_posts = None  # type: ignore[method-assign,assignment]
        settings = Settings()
        settings = replace(settings, replies=replace(settings.replies, max_per_hour=10_000))
        desk = Desk(
            store,
            {"x": x},
            renderer(x_posts=reply_posts),
            load_owner_config(DEMO / "owner.toml"),
            settings,
        )
        # The margin is the reading policy's one knob: the sweep below tries others.
        desk_module.next_read = functools.partial(next_read, margin=margin)
        try:
            outcomes = await desk.poll(x)
            ledger = await store.spend.since("x", 0.0)
        finally:
            desk_module.next_read = next_read
            await x.close()
            await store.close()
            await server.close()
    answered = sum(1 for o in outcomes if o.state == ReplyState.SENT and o.posts)
    return {
        "mentions": mentions,
        "answered": answered,
        "server": server_bill(fake.log, owner["id"]),
        "ledger": ledger,
        "requests": len(fake.log),
        "unbought": len(_unbought(fake.log)),
    }


def _unbought(log: list[dict[str, Any]]) -> set[str]:
    """Authors of the mentions read whose profile the server never sent: before e8264cf
    each came with its mention (`author_id` expanded), a user read of its own."""
    authors: set[str] = set()
    sent: set[str] = set()
    for entry in log:
        data = entry["payload"].get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        path = entry["path"]
        if path.endswith("/mentions"):
            authors |= {str(t["author_id"]) for t in items}
        elif path.startswith("/2/users") and not path.endswith(("/me", "/followers", "/tweets")):
            sent |= {str(u["id"]) for u in items}  # user reads ($0.010), as server_bill
        sent |= {str(u["id"]) for u in (entry["payload"].get("includes") or {}).get("users", [])}
    return authors - sent


CHATTER_PER_MENTION = 4  # a busier account: most mentions ask nothing


def bill_report(scale: int) -> bool:
    start = time.perf_counter()
    run = asyncio.run(play(scale, baseline=False))
    seconds = time.perf_counter() - start
    base = asyncio.run(play(scale, baseline=True))
    server = sum(run["server"].values())
    ledger = sum(usd for _, usd in run["ledger"].values())
    answered = max(1, run["answered"])
    gap = abs(server - ledger) / server if server else 0.0
    print(f"== the bill: demo world x{scale}, {run['mentions']} mentions, local X server ==")
    print(f"answered mentions: {run['answered']}   requests: {run['requests']}   {seconds:.1f}s")
    print("server log, by kind:  " + ", ".join(f"{k} ${v:.3f}" for k, v in run["server"].items()))
    print(
        "ledger, by kind:      " + ", ".join(f"{k} ${v[1]:.3f}" for k, v in run["ledger"].items())
    )
    print(f"total: server ${server:.3f}   ledger ${ledger:.3f}   gap {gap:.1%} (limit 5%)")
    print(
        f"per answered mention: server ${server / answered:.4f}   ledger ${ledger / answered:.4f}"
        "   (target <= $0.10)"
    )
    base_server = sum(base["server"].values())
    base_answered = max(1, base["answered"])
    print(
        f"baseline (20 posts first, deeper reads from the start): ${base_server:.3f}, "
        f"${base_server / base_answered:.4f} per answered mention; "
        f"ratio now/baseline {server / answered / (base_server / base_answered):.2f}"
    )
    for margin in (0.0, 0.15, 0.30):
        other = asyncio.run(play(scale, baseline=False, margin=margin))
        usd = sum(other["server"].values()) / max(1, other["answered"])
        print(f"  with margin {margin:.2f}: ${usd:.4f} per answered mention")
    lean = asyncio.run(play(scale, baseline=False, reply_posts=2))
    usd = sum(lean["server"].values()) / max(1, lean["answered"])
    print(f"  with [x] reply_posts = 2 (default 3): ${usd:.4f} per answered mention")
    rich = asyncio.run(play(scale, baseline=False, renderer=RichestThread))
    usd = sum(rich["server"].values()) / max(1, rich["answered"])
    print(f"  with replies as the richest thread of up to 3 posts (as before): ${usd:.4f}")
    busy = asyncio.run(play(scale, baseline=False, chatter=CHATTER_PER_MENTION))
    quiet = busy["mentions"] - run["mentions"]
    usd = sum(busy["server"].values()) / max(1, busy["answered"])
    expanded = usd + busy["unbought"] * SERVER_PRICES["user"] / max(1, busy["answered"])
    print(
        f"  a busier account, {CHATTER_PER_MENTION} mentions that ask nothing after each one "
        f"({quiet} more, {busy['answered']} answered): ${usd:.4f} per answered mention "
        f"(${expanded:.4f} if each came with its author's profile, as before e8264cf)"
    )
    posts = run["server"]["post"] / SERVER_PRICES["post"] / answered
    replies = (run["server"]["create"] + run["server"]["create_url"]) / answered
    print(
        f"  where it goes, per answered mention: {posts:.1f} posts read (mentions included), "
        f"replies ${replies:.4f} ({replies / SERVER_PRICES['create']:.2f} posts made)"
    )
    return gap <= 0.05 and server / answered <= 0.10


def twibot_timelines() -> tuple[list[Any], datetime, str]:
    """The twibot-20 sample's real timelines, the ones MARGIN was chosen on."""
    accounts = [parse_account(d) for d in read_jsonl(TWIBOT / "accounts.jsonl")]
    accounts = [a for a in accounts if a.posts]
    label = f"twibot-20 sample, {len(accounts)} accounts with posts (MARGIN chosen on these)"
    return accounts, datetime(2020, 9, 1, tzinfo=UTC), label


def pan19_timelines(count: int = 300, seed: int = 7) -> tuple[list[Any], datetime, str]:
    """`count` pan19-bots authors drawn at random (100 undated posts each, read in file
    order): a dataset left out of every choice of the reading policy."""
    rows = list(read_jsonl(DATASETS / "pan19-bots" / "accounts.jsonl"))
    random.Random(seed).shuffle(rows)
    accounts = [parse_account(d) for d in rows[:count]]
    label = f"pan19-bots, {len(accounts)} random authors (seed {seed}; left out of the choice)"
    return accounts, datetime(2019, 6, 1, tzinfo=UTC), label


def agreement_report(
    margins: tuple[float, ...], timelines: tuple[list[Any], datetime, str]
) -> bool:
    owners = {
        "demo owner": load_owner_config(DEMO / "owner.toml"),
        "no interests": build_owner_index(None),
    }
    accounts, when, label = timelines
    ok = True
    print(f"\n== agreement with 100 posts: {label} ==")
    print(
        f"{'owner':<14}{'margin':>7}{'follow_back':>13}{'reasons':>9}{'posts read':>12}"
        f"{'$/asker':>9}"
    )
    for name, owner in owners.items():
        cache: dict[tuple[str, int], Any] = {}

        def verdict(account: Any, n: int, owner: Any = owner, cache: Any = cache) -> Any:
            key = (account.id, min(n, len(account.posts)))
            if key not in cache:
                cache[key] = judge(replace(account, posts=account.posts[:n]), owner, when)
            return cache[key]

        def agreement(
            margin: float, most: int, first: int = FIRST, verdict: Any = verdict
        ) -> tuple[float, ...]:
            """Shares agreeing on follow_back and on the reasons, and posts read per asker,
            reading `first` posts, then up to `most`, against the verdict of the posts the
            scorer judges of 100."""
            same_back = same_reasons = posts = 0
            for account in accounts:
                full = verdict(account, most)
                asked = first
                have = min(asked, len(account.posts))
                got = verdict(account, have)
                while (want := next_read(got, have, asked, first, most, margin)) is not None:
                    asked, have = want, min(want, len(account.posts))
                    got = verdict(account, have)
                posts += have
                same_back += got.follow_back == full.follow_back
                same_reasons += {c.id for c in got.failed} == {c.id for c in full.failed}
            n = len(accounts)
            return same_back / n, same_reasons / n, posts / n

        for margin in margins:
            # Dated, as on X: 100 posts read are judged by their newest 50 (the first 50).
            back, reasons, posts = agreement(margin, ANALYSED_POSTS)
            mark = " <- shipped" if margin == MARGIN else ""
            print(
                f"{name:<14}{margin:>7.2f}{back:>13.1%}{reasons:>9.1%}"
                f"{posts:>12.1f}{posts * 0.005:>9.3f}{mark}"
            )
            if margin == MARGIN:
                ok &= back >= 0.95 and reasons >= 0.95
        back, reasons, posts = agreement(MARGIN, ANALYSED_POSTS, first=10)
        print(
            f"{'  first 10':<14}{MARGIN:>7.2f}{back:>13.1%}{reasons:>9.1%}{posts:>12.1f}"
            f"{posts * 0.005:>9.3f} (a first read of 10 posts, shipped before)"
        )
        back, reasons, posts = agreement(MARGIN, 100)
        print(
            f"{'  undated':<14}{MARGIN:>7.2f}{back:>13.1%}{reasons:>9.1%}{posts:>12.1f}"
            f"{posts * 0.005:>9.3f} (stages to 100; 50 of the 100 sampled by text hash)"
        )
    print(
        "baseline: 100 posts for every asker (agreement 100% by definition), $0.500 an asker;"
        " dated, 50 are enough for the same verdict ($0.250)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the demo askers")
    args = parser.parse_args()
    bill_ok = bill_report(args.scale)
    margins = tuple(sorted({0.0, 0.15, 0.20, 0.25, 0.30, MARGIN}))
    agree_ok = agreement_report(margins, twibot_timelines())
    agree_ok &= agreement_report(margins, pan19_timelines())
    print(f"\nbill within targets: {bill_ok}; agreement >= 95%: {agree_ok}")
    return 0 if bill_ok and agree_ok else 1


if __name__ == "__main__":
    sys.exit(main())
