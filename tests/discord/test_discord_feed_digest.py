"""The owner's feed is not drowned by a big account's unfollows. Before, each settled
unfollow of a watch cycle was a post of its own with approve/deny buttons: an owner with
400,000 followers on X, losing some 300 a day, got 300 posts a day. Now a cycle with more
than `DIGEST_OVER` events posts one list per platform and kind (its accounts by reason
group, how to decide on one), under Discord's 2,000 characters a post, pinging nobody; a
cycle with few keeps a post each, with buttons."""

from __future__ import annotations

from dataclasses import replace

from factories import followed_by
from test_discord_feed import buttons, with_feed

from cogs.feed import digest_posts
from whynot.config import XSettings
from whynot.follow_feed import DIGEST_OVER, Digest
from whynot.models import Identity
from whynot.replies import escape_discord
from whynot.watch import Watch

DAY = 86_400.0


async def cycle(world, leaving: range, **settings) -> list:
    """A watch of 40 followers on X: the first crawl, `leaving` unfollow, a day later
    their unfollows settle and are announced."""
    followed_by(world.x, 40)
    world.desk.owner.language = "en"  # the notes' language said: no identifier to load
    last = str(leaving[-1])  # a handle that would ping everyone, were it not escaped
    world.x.accounts[last] = replace(world.x.accounts[last], handle="everyone")
    watch = Watch(world.store, world.desk, world.x, XSettings(**settings), clock=world.clock)
    await watch.crawl()
    world.clock.now += DAY
    world.x.followers = [f for f in world.x.followers if int(f) not in leaving]
    await watch.crawl()
    world.clock.now += DAY
    return await watch.announce()


async def test_many_unfollows_in_one_cycle_are_one_post(world):
    await with_feed(world)
    said = await cycle(world, range(1, 13), notices_enabled=True, notices_per_day=2)
    assert len(said) == 12 > DIGEST_OVER
    [post] = world.channels.to(world.feed)
    assert post.content == (  # in the order found (the diff's, by account id)
        "👋 12 accounts unfollowed on X, too many for a post each:\n"
        "**notice sent** (2): @user1, @user10\n"
        "**daily limit reached** (10): @user11, @\u200beveryone, @user2, @user3, @user4, "
        "@user5, @user6, @user7, @user8, @user9\n"
        "To approve or deny one of them: `/override set` with its handle, platform x."
    )
    assert post.payload["allowed_mentions"] == {"parse": []}  # nothing pings
    assert not post.payload.get("components")
    statuses = sorted(
        s for _, k, s, _ in await world.store.followers.events("x") if k == "unfollow"
    )
    assert statuses == ["notified"] * 2 + ["shown"] * 10  # every event's status as before
    assert len(world.x.dms) == 2


async def test_a_few_unfollows_keep_a_post_each_with_buttons(world):
    await with_feed(world)
    await cycle(world, range(1, 4))
    posts = world.channels.to(world.feed)
    assert [p.content.split(";")[0] for p in posts] == [
        "👋 **user1** (@user1, X) unfollowed",
        "👋 **user2** (@user2, X) unfollowed",
        "👋 **everyone** (@everyone, X) unfollowed",
    ]
    assert [buttons(p)[0][1] for p in posts] == [
        "whynot:approve:x:user1:1",
        "whynot:approve:x:user2:2",
        "whynot:approve:x:everyone:3",
    ]
    assert all(p.payload["allowed_mentions"] == {"parse": []} for p in posts)


def test_a_long_digest_is_cut_under_discords_limit_naming_each_account_once():
    who = tuple(Identity("x", str(i), f"a_rather_long_handle_{i:04d}") for i in range(150))
    digest = Digest("x", "unfollow", (("notices off", who[:140]), ("notice sent", who[140:])))
    posts = digest_posts(digest)
    assert len(posts) == 3 and all(len(post) <= 2000 for post in posts)
    assert posts[0].startswith("👋 150 accounts unfollowed on X, too many for a post each:\n")
    assert posts[1].startswith("**notices off** (continued): @a\\_rather\\_long\\_handle\\_")
    assert "\n**notice sent** (10): @a\\_rather\\_long\\_handle\\_0140, " in posts[2]
    assert posts[2].endswith(
        "\nTo approve or deny one of them: `/override set` with its handle, platform x."
    )
    text = "\n".join(posts)
    assert all(text.count(escape_discord(f"@{w.handle}")) == 1 for w in who)
