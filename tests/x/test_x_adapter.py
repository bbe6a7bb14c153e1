"""The X adapter through the real tweepy AsyncClient against a local X API server."""

from __future__ import annotations

import itertools
import time

import pytest

from scoring import build_owner_index
from tests.x.conftest import OWNER, just_now, tweet, user
from tests.x.fake_x import Fault
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.platform import PlatformError
from whynot.platforms.x import RateLimited
from whynot.replies import ReplyRenderer
from whynot.spend import Budget, OverBudget

PROMO_TEXTS = [f"Deal of the day {i}: https://t.co/x{i}" for i in range(20)]


def promo_world(fake):
    fake.users["501"] = user(
        "501",
        "promo_pete",
        followers_count=30,
        following_count=4000,
        tweet_count=40000,
        like_count=0,
        listed_count=0,
    )
    fake.tweets["501"] = [
        tweet(
            1_000 + i,
            "501",
            text,
            source="IFTTT",
            entities={
                "urls": [
                    {"url": f"https://t.co/x{i}", "expanded_url": f"https://shop.example/p/{i}"}
                ]
            },
        )
        for i, text in enumerate(PROMO_TEXTS)
    ]
    fake.users["502"] = user("502", "ana_cx")
    fake.tweets["502"] = [
        tweet(
            2_000 + i,
            "502",
            f"@friend{i} thanks for the tip on customer service number {i}",
            referenced_tweets=[{"type": "replied_to", "id": str(10 + i)}],
        )
        for i in range(20)
    ]


def mention(tid: int, author: str, text: str, minutes_ago: int = 5) -> dict:
    return tweet(tid, author, "@fsalas " + text, created_at=just_now(minutes_ago))


async def test_profile_and_posts_map_to_the_scoring_schema(x, fake_x):
    promo_world(fake_x)
    acc = await x.fetch_account(Identity("x", "501", "promo_pete"), 20)
    assert acc.handle == "promo_pete" and acc.followers_count == 30
    assert acc.posts_count == 40000 and acc.default_profile_image is False
    assert len(acc.posts) == 20 and acc.posts[0].source == "IFTTT"
    assert acc.posts[0].urls[0].startswith("https://shop.example/p/")
    ana = await x.fetch_account(Identity("x", "502", "ana_cx"), 20)
    assert {p.kind for p in ana.posts} == {"reply"}
    assert ana.posts[0].like_count == 5 and ana.posts[0].repost_count == 1


async def test_a_suspended_account_is_none_not_an_error(x, fake_x):
    fake_x.users["9"] = user("9", "gone")
    fake_x.suspended.add("9")
    assert await x.fetch_account(Identity("x", "9", "gone"), 20) is None


async def test_mentions_are_answered_in_thread_under_the_mention_once(x, fake_x, store):
    promo_world(fake_x)
    fake_x.mentions = [
        mention(5_001, "501", "why didn't you follow me back??"),
        mention(5_002, "502", "great thread, thanks!"),
    ]
    desk = Desk(store, {"x": x}, ReplyRenderer("letter"), build_owner_index(None), Settings())
    first = await desk.poll(x)
    assert [o.state for o in first] == ["sent", "skipped"]
    thread = fake_x.posted
    assert thread[0]["reply"]["in_reply_to_tweet_id"] == "5001"
    for earlier, later in itertools.pairwise(thread):  # a thread: each post answers the previous
        assert later["reply"]["in_reply_to_tweet_id"] == earlier["id"]
    assert "Automated promotional links" in " ".join(p["text"] for p in thread)  # short label
    assert await store.cursors.get("x", "mentions") == "5002"
    # the next cycle asks only for newer mentions, and answers nothing twice
    fake_x.mentions.append(mention(5_003, "502", "why no follow back?"))
    second = await desk.poll(x)
    assert [o.mention.id for o in second] == ["5003"]
    assert any("since_id=5002" in h for h in fake_x.hits if "/mentions" in h)
    assert sum(1 for p in fake_x.posted if p["reply"]["in_reply_to_tweet_id"] == "5001") == 1


async def test_a_retweet_of_someone_elses_question_is_never_answered(x, fake_x, store):
    # X's mentions timeline holds retweets of posts that mention the owner: the words are
    # the original author's, so the retweeter must not get a reply judging them
    promo_world(fake_x)
    question = "RT @ana_cx: @fsalas why didn't you follow me back??"
    retweet = tweet(5_101, "501", question, created_at=just_now(5))
    retweet["referenced_tweets"] = [{"type": "retweeted", "id": "4999"}]
    fake_x.mentions = [retweet]
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    outcomes = await desk.poll(x)
    assert [(o.state, o.reason) for o in outcomes] == [
        ("skipped", "a repost of someone else's post")
    ]
    assert fake_x.posted == []
    assert await store.cursors.get("x", "mentions") == "5101"  # read once, never again


async def test_mentions_page_through_everything_since_the_cursor(x, fake_x):
    fake_x.users["502"] = user("502", "ana_cx")
    fake_x.mentions = [mention(6_000 + i, "502", f"hi {i}") for i in range(250)]
    got = await x.mentions_since("6009")
    assert [m.id for m in got] == [str(6_010 + i) for i in range(240)]  # oldest first, no gap


async def test_429_records_the_reset_and_the_route_is_not_called_before_it(x, fake_x):
    fake_x.faults[r"/2/users/\d+/mentions"] = [
        Fault(
            429,
            '{"title": "Too Many Requests"}',
            {"x-rate-limit-reset": "4102444800", "x-rate-limit-remaining": "0"},
        )
    ]
    with pytest.raises(RateLimited) as info:
        await x.mentions_since(None)
    assert info.value.reset == 4102444800 and info.value.transient
    calls = len([h for h in fake_x.hits if "/mentions" in h])
    with pytest.raises(RateLimited):
        await x.mentions_since(None)
    assert len([h for h in fake_x.hits if "/mentions" in h]) == calls  # not called


async def test_server_errors_are_retried_then_succeed(x, fake_x):
    promo_world(fake_x)
    fake_x.faults[r"/2/users/501"] = [Fault(503), Fault(502)]
    acc = await x.fetch_account(Identity("x", "501", "promo_pete"), 5)
    assert acc.handle == "promo_pete"


async def test_malformed_bodies_become_a_transient_error(x, fake_x):
    fake_x.faults[r"/2/users/501"] = [Fault(200, "{not json")] * 3
    with pytest.raises(PlatformError) as info:
        await x.fetch_account(Identity("x", "501", "p"), 5)
    assert info.value.transient


async def test_a_faulty_cycle_keeps_the_cursor_and_the_next_one_answers(x, fake_x, store):
    promo_world(fake_x)
    fake_x.mentions = [mention(7_001, "501", "follow me back")]
    await store.cursors.set("x", "mentions", "7000", 0.0)
    fake_x.faults[r"/2/users/501/tweets"] = [Fault(500)] * 3
    desk = Desk(
        store,
        {"x": x},
        ReplyRenderer(),
        build_owner_index(None),
        Settings(replies=ReplySettings(retry_base_seconds=0)),
    )
    outcome = (await desk.poll(x))[0]
    assert outcome.state == "failed" and "X unavailable" in outcome.reason
    assert fake_x.posted == []
    retried = await desk.retry_due()
    assert [o.state for o in retried] == ["sent"]
    assert len(fake_x.posted) >= 1


async def test_the_budget_is_never_exceeded(fake_x, store):
    from tests.x.conftest import SECRETS
    from whynot.platforms.x import XPlatform

    promo_world(fake_x)
    tiny = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 0.05), timeout=5)
    try:
        await tiny.fetch_account(Identity("x", "502", "ana_cx"), 5)  # $0.01 user + $0.025 posts
        with pytest.raises(OverBudget):
            await tiny.fetch_account(Identity("x", "501", "p"), 5)
        spent = await Budget(store, 0.05).spent(tiny.clock())
        assert spent <= 0.05
    finally:
        await tiny.close()


async def test_replies_report_posts_already_made_when_a_thread_breaks(x, fake_x):
    fake_x.faults[r"/2/tweets"] = [
        Fault(200, '{"data": {"id": "91", "text": "a"}}'),
        Fault(503),
        Fault(503),
        Fault(503),
    ]
    ids = await x.reply(Mention("x", "77", Identity("x", "1", "a"), "hi"), ["one", "two"])
    assert ids == ["91"]  # never re-posted: the retry of the message would duplicate post 1


async def test_already_replied_finds_our_reply(x, fake_x):
    def reply(post: int, to: int) -> dict:
        return tweet(
            post, OWNER["id"], "answer", referenced_tweets=[{"type": "replied_to", "id": str(to)}]
        )

    # our thread under 8001 (newest first, as X lists them), and a reply to someone else
    fake_x.tweets[OWNER["id"]] = [reply(8_004, 8_003), reply(8_003, 8_002), reply(8_002, 8_001)]
    fake_x.tweets[OWNER["id"]].insert(1, reply(8_005, 7_000))
    found = await x.already_replied(Mention("x", "8001", Identity("x", "1", "a"), "q"))
    assert found == ("8002", "8003", "8004")  # kept, so a review asked under any is ours
    assert await x.already_replied(Mention("x", "8000", Identity("x", "1", "a"), "q")) == ()


async def test_already_replied_keeps_a_thread_that_spans_two_pages(x, fake_x):
    def reply(post: int, to: int) -> dict:
        return tweet(
            post, OWNER["id"], "answer", referenced_tweets=[{"type": "replied_to", "id": str(to)}]
        )

    # X lists newest first: 99 later posts of ours and our reply's second post on page 1,
    # its first post on page 2 (the fake keeps them oldest first)
    later = [tweet(8_100 + i, OWNER["id"], f"chat {i}") for i in range(99)]
    fake_x.tweets[OWNER["id"]] = [reply(8_002, 8_001), reply(8_003, 8_002), *later]
    found = await x.already_replied(Mention("x", "8001", Identity("x", "1", "a"), "q"))
    assert found == ("8002", "8003")  # the second post too: a review asked under it is ours


async def test_a_reply_accepted_but_whose_answer_was_lost_is_not_posted_again(fake_x, store):
    from tests.x.conftest import SECRETS
    from whynot.platforms.x import XPlatform

    promo_world(fake_x)
    fake_x.mentions = [mention(9_001, "501", "why didn't you follow me back?")]
    fake_x.lose_post_answers = 1
    fake_x.stall_seconds = 1.5
    impatient = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 50.0), timeout=0.5)
    desk = Desk(
        store,
        {"x": impatient},
        ReplyRenderer(),
        build_owner_index(None),
        Settings(replies=ReplySettings(retry_base_seconds=0)),
    )
    try:
        first = (await desk.poll(impatient))[0]
        assert first.state == "failed"  # timed out: the bot does not know it went through
        assert len(fake_x.posted) == 1  # ... but X has it, and the post was not retried
        [found] = await desk.retry_due()  # it looks first: post 1 of 2 is there
        assert len(fake_x.posted) == 1
        # kept, the rest owed (thread_rest.found_cut): post 1 was marked sent as the whole answer
        assert found.state == "failed" and "thread incomplete, 1 of 2" in found.reason
        [done] = await desk.retry_due()
        assert done.state == "sent"
        texts = [p["text"] for p in fake_x.posted]
        assert len(texts) == 2 and texts == list(found.posts)  # post 1 never again
    finally:
        await impatient.close()


async def test_an_account_asked_about_by_handle_alone_is_found_and_cached_by_id(x, fake_x, store):
    promo_world(fake_x)
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    verdict = await desk.verdict_for(Identity("x", "", "Promo_Pete"))
    assert verdict is not None and verdict.id == "501" and not verdict.follow_back
    reads = len(fake_x.hits)
    again = await desk.verdict_for(Identity("x", "", "promo_pete"))  # from the cache
    assert again == verdict and len(fake_x.hits) == reads
    assert await x.fetch_account(Identity("x", "", "nobody_here"), 5) is None


async def test_connection_resets_are_retried(x, fake_x):
    promo_world(fake_x)
    fake_x.faults[r"/2/users/501"] = [Fault(0), Fault(0)]
    acc = await x.fetch_account(Identity("x", "501", "promo_pete"), 5)
    assert acc.handle == "promo_pete"


async def test_a_429_storm_is_waited_out_without_hammering_x(x, fake_x):
    fake_x.users["502"] = user("502", "ana_cx")
    fake_x.mentions = [mention(9_500, "502", "why no follow back?")]
    reset = 4_102_444_800
    fake_x.faults[r"/2/users/\d+/mentions"] = [
        Fault(429, "{}", {"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"})
    ] * 5
    for _ in range(5):  # five cycles inside the window: X is asked once
        with pytest.raises(RateLimited):
            await x.mentions_since(None)
    assert len([h for h in fake_x.hits if "/mentions" in h]) == 1
    x.session.limits.clock = lambda: reset + 1  # the window has passed
    fake_x.faults.clear()
    assert [m.id for m in await x.mentions_since(None)] == ["9500"]


async def test_the_first_poll_answers_only_recent_mentions(x, fake_x, store):
    promo_world(fake_x)
    fake_x.mentions = [
        mention(9_700, "501", "why no follow back?", minutes_ago=3 * 24 * 60),
        mention(9_701, "502", "follow me back pls", minutes_ago=10),
    ]
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    first = await desk.poll(x)
    # X leaves the older one out (start_time); the desk would skip it if sent
    assert [(o.mention.id, o.state) for o in first] == [("9701", "sent")]
    assert [p["reply"]["in_reply_to_tweet_id"] for p in fake_x.posted][:1] == ["9701"]
    assert len([h for h in fake_x.hits if "/mentions" in h]) == 1  # one page, no crawl back


async def test_the_first_poll_reads_and_pays_only_the_look_back(x, fake_x, store):
    # Mentions older than the look-back are not answered, so not bought.
    promo_world(fake_x)
    fake_x.mentions = [
        mention(9_710, "501", "why no follow back?", minutes_ago=3 * 24 * 60),
        mention(9_711, "502", "follow me back pls", minutes_ago=10),
    ]
    assert [m.id for m in await x.mentions_since(None, time.time() - 24 * 3600)] == ["9711"]
    assert [h for h in fake_x.hits if "/mentions" in h and "start_time=" in h]
    assert (await store.spend.since("x", 0.0))["post_read"] == (1, 0.005)
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    assert [(o.mention.id, o.state) for o in await desk.poll(x)] == [("9711", "sent")]


async def test_the_look_back_counts_from_the_first_poll_until_a_mention_comes(x, fake_x, store):
    # No mention in the first poll's look-back: no cursor. A question asked an hour later
    # is polled for only two days on (the bot was down): it must still be read and answered.
    promo_world(fake_x)
    fake_x.mentions = [mention(9_720, "501", "why no follow back?", minutes_ago=3 * 24 * 60)]
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    start = time.time()
    desk.clock = lambda: start
    assert await desk.poll(x) == []
    fake_x.mentions.append(mention(9_721, "502", "follow me back pls", minutes_ago=-60))
    desk.clock = lambda: start + 2 * 24 * 3600
    assert [(o.mention.id, o.state) for o in await desk.poll(x)] == [("9721", "sent")]


async def test_the_first_poll_reads_every_page_of_its_look_back(x, fake_x, store):
    # X sends only the look-back (start_time), all of it to be answered: one page of 100
    # would leave the older questions unread for good (the cursor moves past them).
    fake_x.mentions = [mention(9_800 + i, "501", f"q {i}", minutes_ago=300 - i) for i in range(150)]
    got = await x.mentions_since(None, time.time() - 24 * 3600)
    assert [m.id for m in got] == [str(9_800 + i) for i in range(150)]
    assert (await store.spend.since("x", 0.0))["post_read"] == (150, pytest.approx(0.75))


async def test_already_replied_is_unsure_when_our_posts_outrun_the_search(x, fake_x):
    fake_x.tweets[OWNER["id"]] = [tweet(20_000 + i, OWNER["id"], f"chat {i}") for i in range(600)]
    asked = Mention("x", "10000", Identity("x", "1", "a"), "q")
    assert await x.already_replied(asked) is None  # 600 posts since, 500 read: not "no"
    fake_x.tweets[OWNER["id"]] = [
        tweet(
            10001, OWNER["id"], "answer", referenced_tweets=[{"type": "replied_to", "id": "10000"}]
        ),
        *fake_x.tweets[OWNER["id"]][:150],
    ]
    assert await x.already_replied(asked) == ("10001",)  # found on the second page


def test_route_names_keep_the_api_version():
    from whynot.platforms.x import route_of

    assert route_of("/2/users/783214/mentions") == "/2/users/:id/mentions"
    assert route_of("/2/users/me") == "/2/users/me"


async def test_lean_mode_reads_10_posts_per_asker_and_no_followers(x, fake_x, store):
    # README: below a quarter of the budget left it goes lean (each asker read once, 10
    # posts, no follower crawl). The fixture's budget is $50: spend $38 (24% left).
    promo_world(fake_x)
    fake_x.followers = [str(i) for i in range(10)]
    await store.spend.record("x", "post_read", 1, 38.0, "earlier", x.clock())
    acc = await x.fetch_account(Identity("x", "502", "ana_cx"), 20)
    assert len(acc.posts) == 10
    [read] = [h for h in fake_x.hits if "/2/users/502/tweets" in h]
    assert "max_results=10&" in read + "&"
    with pytest.raises(OverBudget):
        await x.follower_ids(None)
    assert not any("/followers" in h for h in fake_x.hits)


async def test_the_months_last_half_dollar_still_reads_mentions(x, fake_x, store):
    # A page of mentions is 100 posts ($0.50): with $0.20 left (of $50; the owner's own
    # profile, $0.001, is read first) the mentions are read 39 at a time, not refused
    # every poll until the month turns.
    fake_x.mentions = [tweet(9_000_900, "501", "@fsalas follow back?", created_at=just_now())]
    await store.spend.record("x", "post_read", 1, 49.8, "earlier", x.clock())
    [mention] = await x.mentions_since(None)
    [read] = [h for h in fake_x.hits if "/mentions" in h]
    assert mention.id == "9000900" and "max_results=39&" in read + "&"


async def test_with_more_than_a_quarter_left_the_asker_is_read_in_full(x, fake_x, store):
    promo_world(fake_x)
    fake_x.followers = [str(i) for i in range(10)]
    await store.spend.record("x", "post_read", 1, 37.0, "earlier", x.clock())  # 26% left
    acc = await x.fetch_account(Identity("x", "502", "ana_cx"), 20)
    assert len(acc.posts) == 20
    page = await x.follower_ids(None)
    assert len(page.ids) == 10


async def test_a_post_with_a_link_is_charged_as_one(x, fake_x, store):
    # X prices a post carrying a link above a plain one, and turns a bare domain into a
    # link too: the ledger must count what X will bill.
    asked = Mention("x", "7001", Identity("x", "502", "ana_cx"), "why?")
    await x.reply(asked, ["see shop.com for details", "and that is all"])
    spent = await store.spend.since("x", 0.0)
    assert spent["post_create_link"][0] == 1 and spent["post_create"][0] == 1
    assert spent["post_create_link"][1] > spent["post_create"][1]
