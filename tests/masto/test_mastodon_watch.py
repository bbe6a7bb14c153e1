"""Unfollows on Mastodon: the core watch over the paginated followers list (free to read),
with the same settle, flap and status rules as on X; a suspended account is not an
unfollow."""

from __future__ import annotations

from factories import Clock

from scoring import build_owner_index
from tests.masto.conftest import make_platform
from tests.masto.fake_mastodon import account
from whynot.config import MastodonSettings, Settings
from whynot.desk import Desk
from whynot.platforms.side import FreeWatch
from whynot.replies import ReplyRenderer

DAY = 86_400.0


async def test_a_daily_diff_announces_a_settled_unfollow_but_not_a_suspension(fake, store):
    ids = [str(110_000_000_000_000_000 + i) for i in range(200, 0, -1)]
    for i in ids[:3]:
        fake.accounts[i] = account(i, f"user{i[-3:]}")
    fake.followers = list(ids)
    masto = await make_platform(fake)
    clock = Clock(1_800_000_000.0)
    desk = Desk(
        store,
        {"mastodon": masto},
        ReplyRenderer(),
        build_owner_index(None),
        Settings(),
        clock=clock,
    )
    watch = FreeWatch(store, desk, masto, MastodonSettings(), clock=clock)
    report = await watch.crawl()
    assert report.finished and report.ids == 200 and report.pages == 3  # 80 a page
    fake.followers.remove(ids[0])  # unfollowed
    fake.followers.remove(ids[1])  # suspended: gone from the list...
    fake.accounts[ids[1]] = {**fake.accounts[ids[1]], "suspended": True}
    clock.now += DAY + 60
    report = await watch.crawl()
    assert report.events.get("unfollow") == 2
    clock.now += DAY + 60
    outcomes = await watch.announce()
    assert [o.mention.author.id for o in outcomes] == [ids[0]]  # ...and never announced
    statuses = {a: s for a, k, s, _ in await store.followers.events("mastodon")}
    assert statuses[ids[1]] == "gone"
    await masto.close()
