"""An asker is judged on what they posted before their question, not on the question.

A mention or a reply to the owner is a post of its author: `getAuthorFeed` (filter
posts_with_replies, as the adapter reads it) lists it, newest first, with whatever they
posted after it above it. The feed takes no upper bound, so the adapter leaves the
question and what is above it out itself, and reads on when a page comes up short."""

from __future__ import annotations

from scoring import build_owner_index, judge
from tests.bluesky.fake_pds import post_view, profile
from whynot.models import Identity

ASKER = profile("did:plc:lena0000000000000000001", "lena.bsky.social", displayName="Lena")
WHO = Identity("bluesky", ASKER["did"], ASKER["handle"])
NOW = 1_796_040_000.0  # 2026-11-30 12:00 UTC


def uri(key: str) -> str:
    return f"at://{ASKER['did']}/app.bsky.feed.post/3k{key}"


def timeline(fake, count: int) -> list[str]:
    """`count` older posts of the asker (URIs newest first), chatty ones."""
    fake.profiles[ASKER["did"]] = ASKER
    made = []
    for n in range(count, 0, -1):
        at = f"2026-11-{1 + n // 24:02d}T{n % 24:02d}:00:00.000Z"
        text = f"Walked the dog by the river today, {n}"
        made.append({"post": post_view(uri(f"old{n:04d}"), ASKER, text, createdAt=at)})
    fake.feeds[ASKER["did"]] = made
    return [item["post"]["uri"] for item in made]


def ask(fake, minute: int, text: str, *, in_feed: bool = True) -> str:
    """A mention of the owner: a notification, and the newest post of the asker's feed."""
    at = f"2026-11-30T10:{minute:02d}:00.000Z"
    view = post_view(uri(f"ask{minute:04d}"), ASKER, f"@fsalas.bsky.social {text}", createdAt=at)
    fake.posts[view["uri"]] = view
    if in_feed:
        fake.feeds[ASKER["did"]].insert(0, {"post": view})
    fake.notifications.insert(
        0,
        {
            "uri": view["uri"],
            "cid": view["cid"],
            "author": ASKER,
            "reason": "mention",
            "record": view["record"],
            "isRead": False,
            "indexedAt": at.replace(":00.000Z", ":01.000Z"),
            "labels": [],
        },
    )
    return view["uri"]


def post_after(fake, minute: int) -> str:
    at = f"2026-11-30T10:{minute:02d}:00.000Z"
    view = post_view(uri(f"new{minute:04d}"), ASKER, "Lunch by the river", createdAt=at)
    fake.feeds[ASKER["did"]].insert(0, {"post": view})
    return view["uri"]


def feed_reads(fake) -> list[str]:
    return [h for h in fake.hits if "getAuthorFeed" in h]


async def test_the_question_and_what_followed_are_not_judged(fake, bsky):
    bsky.clock = lambda: NOW
    older = timeline(fake, 12)
    question = ask(fake, 5, "follow me back!! #F4F")
    post_after(fake, 7)
    [mention] = await bsky.mentions_since(None)
    assert mention.id == question
    account = await bsky.fetch_account(WHO, 5)
    assert [p.id for p in account.posts] == older[:5]
    assert len(feed_reads(fake)) == 2  # the first page came up short (3 of 5): read on
    verdict = judge(account, build_owner_index(None))
    assert not any(name == "follow_back_phrases" for c in verdict.criteria for name, _ in c.signals)


async def test_an_asker_who_asked_twice_is_judged_on_what_came_before_both(fake, bsky):
    bsky.clock = lambda: NOW
    older = timeline(fake, 12)
    ask(fake, 5, "follow me back!! #F4F")
    ask(fake, 6, "why won't you follow back?? #F4F")
    assert len(await bsky.mentions_since(None)) == 2
    account = await bsky.fetch_account(WHO, 5)
    assert [p.id for p in account.posts] == older[:5]


async def test_a_question_gone_from_the_feed_still_bounds_it_by_its_time(fake, bsky):
    # Deleted since, or not listed: what is newer than it is left out all the same.
    bsky.clock = lambda: NOW
    older = timeline(fake, 12)
    ask(fake, 5, "follow me back!! #F4F", in_feed=False)
    post_after(fake, 7)
    await bsky.mentions_since(None)
    account = await bsky.fetch_account(WHO, 5)
    assert [p.id for p in account.posts] == older[:5]


async def test_past_the_hour_the_feed_is_read_whole(fake, bsky):
    # An audit or a /whynot about them days later is not about that question.
    bsky.clock = lambda: NOW
    timeline(fake, 12)
    question = ask(fake, 5, "follow me back!! #F4F")
    await bsky.mentions_since(None)
    bsky.clock = lambda: NOW + 3601
    account = await bsky.fetch_account(WHO, 5)
    assert account.posts[0].id == question


async def test_the_questions_slot_is_asked_for_with_the_first_page(fake, bsky):
    bsky.clock = lambda: NOW
    older = timeline(fake, 12)
    ask(fake, 5, "follow me back!! #F4F")
    await bsky.mentions_since(None)
    account = await bsky.fetch_account(WHO, 5)
    assert [p.id for p in account.posts] == older[:5]
    [read] = feed_reads(fake)  # one read: 5 posts and the question above them
    assert "limit=6" in read


async def test_a_question_retried_after_their_next_mention_is_still_left_out(fake, bsky):
    # The read failed and is retried after the next poll heard the asker again.
    bsky.clock = lambda: NOW
    older = timeline(fake, 12)
    question = ask(fake, 5, "follow me back!! #F4F")
    await bsky.mentions_since(None)
    ask(fake, 9, "hello??")
    assert len(await bsky.mentions_since(question)) == 1
    account = await bsky.fetch_account(WHO, 5)
    assert [p.id for p in account.posts] == older[:5]


async def test_a_feed_that_never_reaches_the_question_is_not_read_forever():
    """A server handing back the same page and cursor (or a feed newer than the question
    all the way down) must not keep the read going: before, every item was left out, the
    feed never grew, and author_feed asked for the next page forever."""
    from whynot.models import Mention
    from whynot.platforms.bluesky import feed as bf

    question = Mention("bluesky", uri("ask0001"), WHO, "f4f?", NOW - 60)
    newer = {"post": post_view(uri("new0001"), ASKER, "Lunch", createdAt="2026-11-30T12:30:00Z")}
    reads = []

    async def read(params):
        reads.append(params)
        if len(reads) > 200:
            raise AssertionError("author_feed is still reading")
        return {"feed": [newer], "cursor": "same"}

    assert await bf.author_feed(read, ASKER["did"], 20, question) == []
    assert len(reads) == bf.MAX_FEED_PAGES
