"""The true bill on X (issue 17), against the local X server: an asker is read once (the
deeper page continues with the pagination token), only as many posts as the verdict
needs, owned reads priced as such, and the follower watch opt-in with its cost said first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from scoring import Post, build_owner_index, judge, parse_account
from scoring.thresholds import ANALYSED_POSTS
from tests.factories import genuine_posts, posts
from tests.x.conftest import just_now, tweet, user
from tests.x.test_run_once import cycle_here, run_once, world
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity, Override
from whynot.platforms.x_authors import FRESH_SECONDS
from whynot.reading import margin_at, next_read, stages, worth_reading
from whynot.replies import ReplyRenderer
from whynot.spend import PRICES
from whynot.verdicts import reviewed


def asker(fake, uid: str, n: int, **metrics) -> Identity:
    fake.users[uid] = user(uid, f"asker{uid}", **metrics)
    fake.tweets[uid] = [  # oldest first, as the fake keeps them
        tweet(int(uid) * 1000 + i, uid, p["text"], created_at=p["created_at"])
        for i, p in enumerate(genuine_posts(n))
    ]
    return Identity("x", uid, f"asker{uid}")


def timeline_reads(fake, uid: str) -> list[str]:
    return [h for h in fake.hits if h.startswith(f"GET /2/users/{uid}/tweets")]


async def test_an_unsure_asker_is_read_once_page_after_page(x, fake_x, store):
    # Following nine times more than follow back puts follow_for_follow near its line:
    # the verdict stays unsure, so the desk reads on from the first 5 posts, doubling, up to
    # the newest 50 (all the scorer judges of dated posts: the 10 older ones are never bought).
    who = asker(fake_x, "600", 60, followers_count=223, following_count=2000)
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    await desk.verdict_for(who)
    assert [h for h in fake_x.hits if h.startswith("GET /2/users/600?")] != []
    assert len([h for h in fake_x.hits if re.match(r"GET /2/users/600(\?|$)", h)]) == 1
    reads = timeline_reads(fake_x, "600")
    assert len(reads) == 4
    assert "pagination_token" not in reads[0] and "max_results=5&" in reads[0] + "&"
    tokens = [re.search(r"pagination_token=(\d+)", r).group(1) for r in reads[1:]]
    assert tokens == ["5", "10", "20"]  # each page starts where the last one ended
    spent = await store.spend.since("x", 0.0)
    assert spent["post_read"][0] == ANALYSED_POSTS and spent["user_read"][0] == 1
    cached = await store.accounts.cached("x", "600", desk.clock())
    assert len(cached.posts) == ANALYSED_POSTS


def test_posts_past_those_the_scorer_judges_are_not_worth_reading():
    dated = [Post(text="hi", created_at=datetime(2026, 10, 1, tzinfo=UTC))] * 10
    undated = [Post(text="hi")] * 10
    assert worth_reading(dated, 100) == ANALYSED_POSTS == 50
    assert worth_reading(dated, 30) == 30
    # Undated posts are sampled by a hash of their text: more of them can change the pick.
    assert worth_reading(undated, 100) == 100
    assert worth_reading([*dated, *undated], 100) == 100
    assert stages(10, worth_reading(dated, 100)) == (10, 20, 50)


def test_the_verdict_from_100_dated_posts_is_the_verdict_from_the_newest_50():
    # What makes the cap above free: posts past the newest 50 never reach a criterion, even
    # 50 older ones that alone would fail the account (a feed of one shop's links).
    older = posts([f"Deal {i}: 30% off today https://shop.example/d{i} #deal" for i in range(50)])
    newer = genuine_posts(50)
    for i, post in enumerate(older):  # moved a year back, before every newer post
        post["id"], post["created_at"] = f"old{i}", post["created_at"].replace("2026", "2025")
    account = parse_account({"id": "7", "handle": "someone", "posts": older + newer})
    owner, now = build_owner_index(None), datetime(2026, 12, 1, tzinfo=UTC)
    full = judge(account, owner, now)
    newest = judge(replace(account, posts=account.posts[ANALYSED_POSTS:]), owner, now)
    assert full.to_dict() == newest.to_dict() and full.follow_back
    shop = judge(replace(account, posts=account.posts[:ANALYSED_POSTS]), owner, now)
    assert not shop.follow_back  # the older half alone would be judged differently


async def test_lean_mode_reads_once_and_enough_for_a_verdict(x, fake_x, store):
    # Under a quarter of the budget left: one read, no deeper pages, but enough posts (10)
    # for a content criterion to judge; 5 were paid for "not enough to review yet".
    await store.spend.record("x", "post_read", 1, 40.0, "earlier", x.clock())  # $10 of $50 left
    who = asker(fake_x, "650", 60)
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    verdict = await desk.verdict_for(who)
    assert verdict is not None and reviewed(verdict)
    [read] = timeline_reads(fake_x, "650")
    assert "max_results=10&" in read + "&"


async def test_a_sure_asker_costs_ten_posts(x, fake_x, store):
    # A person talking with people about varied things: nothing near a line after 10 posts.
    fake_x.users["501"] = user("501", "chatty_carla")
    topics = ["pricing pages", "onboarding emails", "support macros", "churn surveys",
              "help center search", "NPS follow-ups", "chat widgets", "refund policies",
              "community forums", "release notes"]  # fmt: skip
    openers = ["good point about", "I disagree on", "loved your thread on", "any data on"]
    fake_x.tweets["501"] = [
        tweet(
            1_000 + i,
            "501",
            f"@friend{i % 7} {openers[i % 4]} {topics[(i * 3) % 10]}",
            created_at=f"2026-10-{1 + i % 28:02d}T{(i * 5) % 24:02d}:{(i * 17) % 60:02d}:00.000Z",
            referenced_tweets=[{"type": "replied_to", "id": "77"}],
        )
        for i in range(60)
    ]
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    verdict = await desk.verdict_for(Identity("x", "501", "chatty_carla"))
    assert verdict is not None and verdict.follow_back
    # 5 posts first; too few to say nothing failed, so 5 more, and then it is sure
    first, second = timeline_reads(fake_x, "501")
    assert "max_results=5&" in first + "&" and "pagination_token=5" in second
    assert (await store.spend.since("x", 0.0))["post_read"][0] == 10


async def test_an_asker_read_again_the_same_day_costs_nothing_more(x, fake_x, store):
    who = asker(fake_x, "610", 30)
    first = await x.fetch_account(who, 10)
    again = await x.fetch_account(who, 20)  # 10 posts seen already today, 10 new
    assert len(first.posts) == 10 and len(again.posts) == 20
    spent = await store.spend.since("x", 0.0)
    assert spent["user_read"][0] == 1 and spent["post_read"][0] == 20


async def test_a_mentions_author_is_bought_only_when_answered(x, fake_x, store):
    # X charges every user a page returns: expanding the authors would buy one with each
    # mention, question or not. Mentions come with ids; `identify` reads an asker once.
    who = asker(fake_x, "620", 10, followers_count=123)
    fake_x.mentions = [tweet(9_000_100, "620", "@fsalas follow back?", created_at=just_now())]
    [mention] = await x.mentions_since(None)
    assert (mention.author.id, mention.author.handle) == ("620", "")
    assert not [h for h in fake_x.hits if "/mentions" in h and "expansions" in h]
    assert "user_read" not in await store.spend.since("x", 0.0)
    named = await x.identify(mention.author)
    assert (named.handle, named.display_name) == (who.handle, fake_x.users["620"]["name"])
    account = await x.fetch_account(named, 10)
    assert len([h for h in fake_x.hits if re.match(r"GET /2/users/620(\?|$)", h)]) == 1
    assert (await store.spend.since("x", 0.0))["user_read"] == (1, PRICES["user_read"])
    # the same account as a read without `identify` gives
    x._authors = type(x._authors)()
    read = await x.fetch_account(who, 10)
    assert replace(account, observed_at=None) == replace(read, observed_at=None)
    assert account.followers_count == 123 and account.description == "I like marketing"
    assert await x.identify(named) is named  # already named: nothing read


async def test_a_profile_older_than_an_hour_is_read_again(x, fake_x, store):
    asker(fake_x, "621", 10)
    fake_x.mentions = [tweet(9_000_101, "621", "@fsalas follow back?", created_at=just_now())]
    start = x.clock() // 86_400 * 86_400 + 6 * 3600  # 06:00 UTC: an hour on, the same day
    x.clock = lambda: start  # (from 23:00 it was tomorrow, and X bills a new day again)
    [mention] = await x.mentions_since(None)
    named = await x.identify(mention.author)
    x.clock = lambda: start + FRESH_SECONDS + 1
    await x.fetch_account(named, 10)
    assert len([h for h in fake_x.hits if re.match(r"GET /2/users/621(\?|$)", h)]) == 2
    assert (await store.spend.since("x", 0.0))["user_read"][0] == 1


def test_the_stages_double_up_to_the_most():
    assert stages(10, 100) == (10, 20, 40, 100)
    assert stages(20, 100) == (20, 40, 100)
    assert stages(100, 100) == (100,)


async def test_the_owners_followers_and_posts_are_owned_reads(x, fake_x, store):
    fake_x.followers = [str(i) for i in range(30)]
    await x.follower_ids(None)
    spent = await store.spend.since("x", 0.0)
    assert spent["own_follower_read"] == (30, 30 * PRICES["owned_read"])
    assert "follower_read" not in spent  # not priced as someone else's list ($0.010)


async def test_a_follower_page_asks_for_what_the_watch_cap_still_allows(x, fake_x, store):
    fake_x.followers = [str(i) for i in range(100)]
    x.budget.watch_usd = 1.0
    await store.spend.record("x", "own_follower_read", 970, 0.97, "crawls", x.clock())
    page = await x.follower_ids(None)
    assert len(page.ids) == 30 and any("max_results=30" in h for h in fake_x.hits)


async def test_the_follower_watch_is_off_unless_chosen(fake_x, tmp_path, caplog):
    # A cycle in this process (cycle_here) with `run`'s INFO log: the line, not the
    # process, is the point (the next test runs the real one)
    world(fake_x)
    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["cx"]\n')
    (tmp_path / "config.toml").write_text('[whynot]\nowner_config = "owner.toml"\n')
    with caplog.at_level("INFO"):
        assert await cycle_here(fake_x, tmp_path / "bot.db") == 0
    assert any("/mentions" in h for h in fake_x.hits)  # the cycle ran
    assert not any("/followers" in h for h in fake_x.hits)
    assert "follower watch off" in caplog.text


async def test_the_watch_says_what_a_crawl_costs_before_the_first(fake_x, tmp_path, caplog):
    world(fake_x)  # 1,500 followers
    fake_x.owner_followers = 1500
    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["cx"]\n')
    (tmp_path / "config.toml").write_text(  # a crawl ($1.50) fits the watch's month ($2.00)
        '[whynot]\nowner_config = "owner.toml"\n[x]\nwatch_followers = true\n'
        "watch_budget_usd = 2.0\n"
    )
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 0, out
    lines = out.splitlines()
    said = [i for i, line in enumerate(lines) if "follower watch: each crawl reads" in line]
    assert len(said) == 1 and "1,500 followers, about $1.50" in lines[said[0]]
    assert "each unfollow it finds is checked once ($0.010" in lines[said[0]]
    assert "WARNING" in lines[said[0]]
    assert any("follower crawl complete: 1,500 followers" in line for line in lines)
    followers = [h for h in fake_x.hits if "/followers" in h]
    assert len(followers) == 2  # 1,000 and 500
    caplog.clear()
    with caplog.at_level("INFO"):  # the next cron run, in this process (cycle_here)
        assert await cycle_here(fake_x, tmp_path / "bot.db") == 0
    assert "X spent" in caplog.text  # its log, captured
    assert "each crawl reads" not in caplog.text  # said once, before the first crawl


def test_next_read_stops_when_the_timeline_ran_out():
    from scoring import Verdict

    nothing_known = Verdict("1", "a", 0.5, False, ())  # unreviewed: unsure
    assert next_read(nothing_known, 10, 10, 10, 100) == 20
    assert next_read(nothing_known, 7, 10, 10, 100) is None  # asked 10, got 7: no more
    assert next_read(nothing_known, 100, 100, 10, 100) is None


def test_the_unsure_margin_shrinks_as_more_posts_are_held():
    from scoring import CriterionResult, Verdict

    def verdict(score: float) -> Verdict:
        # one criterion judged with full confidence, 0.2 above the 0.5 line
        result = CriterionResult("meformer", score < 0.5, score, 1.0, ("a fact",))
        return Verdict("1", "a", 0.1, False, (result,))

    near = verdict(0.7)
    assert margin_at(0.3, 10, 10) == 0.3 and margin_at(0.3, 40, 10) == 0.15
    # 0.2 from the line: unsure after 10 posts (margin 0.3), sure after 40 (margin 0.15)
    assert next_read(near, 10, 10, 10, 100, margin=0.3) == 20
    assert next_read(near, 40, 40, 10, 100, margin=0.3) is None


def test_a_criterion_the_profile_already_fails_needs_no_more_posts():
    from scoring import CriterionResult, Verdict
    from scoring.models import Fact

    counts = Fact.of("mass_following", following=4100, followers=40)
    asking = Fact.of("posts_follow_back", count=1, total=10, phrase="follow back")
    # 0.60 is within the margin of the line, but 0.6 of it comes from the follow counts
    by_counts = CriterionResult(
        "follow_for_follow", False, 0.6, 0.8, ("x",), (("mass_following", 0.6),), (counts,)
    )
    assert next_read(Verdict("1", "a", 0.9, False, (by_counts,)), 10, 10, 10, 100) is None
    # the same score from the posts: a few more posts can move it
    by_posts = CriterionResult(
        "follow_for_follow", False, 0.6, 0.8, ("x",), (("follow_back_phrases", 0.6),), (asking,)
    )
    assert next_read(Verdict("1", "a", 0.9, False, (by_posts,)), 10, 10, 10, 100) == 20


async def test_a_profile_failure_does_not_stop_the_read_before_the_posts_can_fail(x, fake_x, store):
    # Following 4,100 with 40 followers fails follow_for_follow on the profile alone; the
    # posts are an auto-poster's sales links. On 5 posts a content criterion has a
    # confidence of 0.25, under the 0.5 it needs to fail, so its score of 1.0 is not a
    # sure anything: reading must go on until it can fail (10 posts), or the reply gives
    # the weakest reason and leaves out the real ones (the demo's @dealsdaily_bot).
    fake_x.users["630"] = user("630", "deals630", followers_count=40, following_count=4100)
    fake_x.tweets["630"] = [
        tweet(
            630_000 + i,
            "630",
            f"Flash sale! {10 + i}% off gadgets today only, shop now https://shop.example/d/{i}",
            created_at=just_now(minutes_ago=60 * (40 - i)),  # hourly, the newest last
            source="IFTTT",
            entities={"urls": [{"url": f"https://shop.example/d/{i}"}]},
        )
        for i in range(40)
    ]
    x.first_posts = 5
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    verdict = await desk.verdict_for(Identity("x", "630", "deals630"))
    assert verdict is not None
    failed = {c.id for c in verdict.failed}
    assert "follow_for_follow" in failed and "automated_promo" in failed, failed
    assert (await store.spend.since("x", 0.0))["post_read"][0] >= 10


async def test_the_users_an_expansion_returns_are_charged_once_a_day(x, fake_x, store):
    # X charges "per resource returned in the response", so no page asks for expansions:
    # the one asker answered is read (`identify`), the other mention's author is not, and
    # the users an asker's replies answer are named by the replies' mention entities (with
    # their ids), for nothing.
    for uid in ("701", "702", "703"):
        fake_x.users[uid] = user(uid, f"friend{uid}")
    who = asker(fake_x, "640", 10)
    for i, t in enumerate(fake_x.tweets["640"][-4:]):  # the newest 4 reply to 701, 702, 701, 703
        target = ("701", "702", "701", "703")[i]
        t["in_reply_to_user_id"] = target
        t["text"] = f"@friend{target} {t['text']}"
        t["entities"] = {"mentions": [{"start": 0, "end": 10, "username": f"friend{target}",
                                       "id": target}]}  # fmt: skip
    fake_x.mentions = [
        tweet(9_000_200, "640", "@fsalas follow back?", created_at=just_now()),
        tweet(9_000_201, "701", "@fsalas hello", created_at=just_now()),
    ]
    [first, _] = await x.mentions_since(None)
    assert "user_read" not in await store.spend.since("x", 0.0)
    account = await x.fetch_account(await x.identify(first.author), 5)
    assert {p.reply_to_handle for p in account.posts} >= {"friend702", "friend703"}
    assert not [h for h in fake_x.hits if "expansions" in h]
    assert (await store.spend.since("x", 0.0))["user_read"] == (1, PRICES["user_read"])
    await x.fetch_account(who, 5)  # the same day: nothing new to charge
    assert (await store.spend.since("x", 0.0))["user_read"][0] == 1


async def test_only_the_askers_answered_are_named_and_overrides_find_them(x, fake_x, store):
    # Two mentions: a question and a thank-you. Only the asker answered is read (a paid
    # user), named in the reply and kept by handle, where a moderator's decision is found.
    asker(fake_x, "650", 10)
    fake_x.users["651"] = user("651", "thankful")
    fake_x.mentions = [
        tweet(9_000_300, "650", "@fsalas why didn't you follow me back?", created_at=just_now()),
        tweet(9_000_301, "651", "@fsalas great thread, thanks!", created_at=just_now()),
    ]
    handle = fake_x.users["650"]["username"]
    await store.moderation.set_override(
        Override("x", handle, "approve", "a marketing peer", "mod_rosa", 0.0), "test"
    )
    desk = Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())
    outcomes = await desk.poll(x)
    assert [(o.state, o.template) for o in outcomes] == [
        ("sent", "moderator_approved"),
        ("skipped", None),
    ]
    assert outcomes[0].mention.author.handle == handle
    assert fake_x.users["650"]["name"] in fake_x.posted[0]["text"]
    assert not [h for h in fake_x.hits if re.match(r"GET /2/users/651(\?|$)", h)]
    assert (await store.spend.since("x", 0.0))["user_read"] == (1, PRICES["user_read"])
    [row] = await store.messages.rows(["sent"])
    assert (row.mention.author.handle, row.mention.author.display_name) == (
        handle,
        fake_x.users["650"]["name"],
    )


async def test_an_askers_question_is_not_judged_nor_bought_again(x, fake_x, store):
    # On X a mention is also the newest post of its author's timeline. Their question is
    # no evidence about them ("#F4F follow back?" would count as trading follows), and a
    # page slot spent on it would buy one post less: the timeline is read until it.
    asker(fake_x, "690", 30)
    question = tweet(9_000_900, "690", "@fsalas #F4F follow back?", created_at=just_now())
    fake_x.tweets["690"].append(question)  # the newest post of their timeline
    fake_x.mentions = [question]
    [mention] = await x.mentions_since(None)
    account = await x.fetch_account(await x.identify(mention.author), 5)
    account = await x.more_posts(account, 10)
    assert len(account.posts) == 10 and "9000900" not in {p.id for p in account.posts}
    reads = timeline_reads(fake_x, "690")
    assert len(reads) == 2 and all("until_id=9000900" in r for r in reads)
    assert (await store.spend.since("x", 0.0))["post_read"][0] == 1 + 10
    verdict = judge(account, build_owner_index(None))
    assert not any(name == "follow_back_phrases" for c in verdict.criteria for name, _ in c.signals)


async def test_an_asker_who_asked_twice_is_judged_on_what_came_before_both(x, fake_x, store):
    asker(fake_x, "691", 20)
    asks = [
        tweet(9_000_910 + i, "691", f"@fsalas {text}", created_at=just_now(10 - i))
        for i, text in enumerate(("follow me back!! #F4F", "why won't you follow back??"))
    ]
    fake_x.tweets["691"] += asks
    fake_x.mentions = list(asks)
    await x.mentions_since(None)
    account = await x.fetch_account(await x.identify(Identity("x", "691", "")), 5)
    assert not {"9000910", "9000911"} & {p.id for p in account.posts} and len(account.posts) == 5


async def test_an_old_question_no_longer_cuts_the_timeline(x, fake_x, store):
    # Past the answer (an audit, a /whynot days later) the asker is read whole again.
    asker(fake_x, "692", 10)
    ask = tweet(9_000_920, "692", "@fsalas follow back?", created_at=just_now())
    fake_x.tweets["692"].append(ask)
    fake_x.mentions = [ask]
    await x.mentions_since(None)
    start = x.clock()
    x.clock = lambda: start + FRESH_SECONDS + 1
    account = await x.fetch_account(Identity("x", "692", "asker692"), 20)
    assert "9000920" in {p.id for p in account.posts}
    assert "until_id" not in timeline_reads(fake_x, "692")[-1]


async def test_a_question_retried_after_the_askers_next_mention_is_still_left_out(x, fake_x):
    # The first read of the asker failed and is retried after the next poll brought their
    # "hello??": the timeline is still read until their first question, not the second.
    asker(fake_x, "693", 20)
    first = tweet(9_000_930, "693", "@fsalas follow me back!! #F4F", created_at=just_now(5))
    later = tweet(9_000_931, "693", "@fsalas hello??", created_at=just_now())
    fake_x.tweets["693"].append(first)
    fake_x.mentions = [first]
    await x.mentions_since(None)
    fake_x.tweets["693"].append(later)
    fake_x.mentions.append(later)
    assert [m.id for m in await x.mentions_since("9000930")] == ["9000931"]
    account = await x.fetch_account(await x.identify(Identity("x", "693", "")), 5)
    assert not {"9000930", "9000931"} & {p.id for p in account.posts}
    assert "until_id=9000930" in timeline_reads(fake_x, "693")[-1]
