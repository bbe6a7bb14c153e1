"""`run --once --dry-run`, which `init` gives as the next step, also makes the follower
watch's crawl when `[x] watch_followers = true`: a paid read of every follower. init's
next step and docs/operations.md say so. Before, both said the dry run's reads were the
askers' posts only, and an owner with 1,500 followers paid $1.50 for a check."""

from __future__ import annotations

import sqlite3

from tests.test_init import init
from tests.x.test_run_once import cycle_here, world


async def test_a_dry_run_with_the_watch_on_pays_for_the_crawl(fake_x, tmp_path):
    world(fake_x)  # 1,500 followers; the test's config turns the watch on ($1.00 a month)
    # the dry-run cycle in this process (cycle_here): what it paid, not the process, is the
    # point (x/test_run_once runs `run --once --dry-run` itself)
    assert await cycle_here(fake_x, tmp_path / "bot.db", dry_run=True) == 0
    assert fake_x.posted == []  # a dry run
    with sqlite3.connect(tmp_path / "bot.db") as db:
        [(usd,)] = db.execute("SELECT SUM(usd) FROM spend WHERE kind = 'own_follower_read'")
    assert usd > 0.5  # the crawl ran and was paid, up to the watch's budget


def test_init_says_a_dry_run_pays_for_the_watchs_crawl(tmp_path):
    code, out, err = init(tmp_path, "--handle", "cafe_lanube", "--watch-followers")
    assert code == 0, err
    [step] = [line for line in out.splitlines() if "run --once --dry-run" in line]
    assert "(the follower watch's first crawl too: every follower, $0.001 each)" in step
    code, out, err = init(tmp_path / "no-watch", "--handle", "cafe_lanube")
    assert "follower watch" not in out
