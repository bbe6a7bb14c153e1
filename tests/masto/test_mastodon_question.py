"""An asker is judged on what they posted before their question, not on the question.

Mastodon lists a status that mentions the owner among its author's statuses: the
instance's `AccountStatusesFilter` (app/models/account_statuses_filter.rb) shows the
owner every status of the account that is public or unlisted, or that mentions them,
whatever its visibility. So the asker's "@fsalas follow me back!! #F4F" is the newest of
the statuses `fetch_account` reads, unless the read stops below it (`max_id`, exclusive)."""

from __future__ import annotations

from scoring import build_owner_index, judge
from tests.masto.fake_mastodon import account, status
from whynot.models import Identity
from whynot.platforms.mastodon.platform import MastodonPlatform

ASKER = account("109000000000000088", "lena", "remote.example", display_name="Lena")
BASE = 113_400_000_000_000_000
ASKER_ID = Identity("mastodon", ASKER["id"], ASKER["acct"])


def timeline(fake, count: int) -> list[str]:
    """`count` older statuses of the asker (ids newest first), chatty ones."""
    fake.accounts[ASKER["id"]] = ASKER
    ids = [str(BASE + i) for i in range(count, 0, -1)]
    for n, sid in enumerate(ids):
        fake.statuses[sid] = status(sid, ASKER, f"<p>Walked the dog by the river today, {n}</p>")
    fake.timelines[ASKER["id"]] = list(ids)
    return ids


def ask(fake, sid: int, text: str) -> str:
    """A mention of the owner: a notification, and the newest status of the asker's own
    timeline (as Mastodon lists it)."""
    made = status(
        str(sid),
        ASKER,
        f"<p>@fsalas {text}</p>",
        tags=[{"name": "F4F", "url": "https://social.test/tags/F4F"}],
        mentions=[{"id": "109000000000000001", "acct": "fsalas", "username": "fsalas"}],
    )
    fake.statuses[str(sid)] = made
    fake.timelines[ASKER["id"]].insert(0, str(sid))
    fake.notifications.insert(
        0,
        {
            "id": str(sid + 5),
            "type": "mention",
            "created_at": made["created_at"],
            "account": ASKER,
            "status": made,
        },
    )
    return str(sid)


def statuses_read(fake) -> list[str]:
    return [h for h in fake.hits if f"/accounts/{ASKER['id']}/statuses" in h]


async def test_the_question_is_neither_judged_nor_a_slot_of_the_read(fake, masto: MastodonPlatform):
    older = timeline(fake, 12)
    question = ask(fake, BASE + 100, "follow me back!! #F4F")
    [mention] = await masto.mentions_since(None)
    assert mention.id == question
    account = await masto.fetch_account(mention.author, 5)
    assert [p.id for p in account.posts] == older[:5]
    assert all(f"max_id={question}" in h for h in statuses_read(fake))
    verdict = judge(account, build_owner_index(None))
    assert not any(name == "follow_back_phrases" for c in verdict.criteria for name, _ in c.signals)


async def test_more_posts_are_read_below_the_question_too(fake, masto: MastodonPlatform):
    older = timeline(fake, 60)
    question = ask(fake, BASE + 100, "follow me back!! #F4F")
    [mention] = await masto.mentions_since(None)
    account = await masto.fetch_account(mention.author, 50)  # two pages of 40
    assert [p.id for p in account.posts] == older[:50]
    reads = statuses_read(fake)
    assert len(reads) == 2 and f"max_id={question}" in reads[0]  # then the Link header's


async def test_an_asker_who_asked_twice_is_judged_on_what_came_before_both(fake, masto):
    older = timeline(fake, 12)
    first = ask(fake, BASE + 100, "follow me back!! #F4F")
    ask(fake, BASE + 101, "why won't you follow back?? #F4F")
    found = await masto.mentions_since(None)
    assert len(found) == 2
    account = await masto.fetch_account(found[-1].author, 5)
    assert [p.id for p in account.posts] == older[:5]
    assert all(f"max_id={first}" in h for h in statuses_read(fake))


async def test_past_the_hour_the_timeline_is_read_whole(fake, masto):
    # An audit or a /whynot about them days later is not about that question.
    timeline(fake, 12)
    question = ask(fake, BASE + 100, "follow me back!! #F4F")
    masto.clock = lambda: 1_796_000_000.0
    await masto.mentions_since(None)
    masto.clock = lambda: 1_796_000_000.0 + 3601
    account = await masto.fetch_account(ASKER_ID, 5)
    assert account.posts[0].id == question
    assert not any("max_id" in h for h in statuses_read(fake))


async def test_a_question_retried_after_their_next_mention_is_still_left_out(fake, masto):
    # The read failed and is retried after the next poll heard the asker again.
    older = timeline(fake, 12)
    question = ask(fake, BASE + 100, "follow me back!! #F4F")
    await masto.mentions_since(None)
    ask(fake, BASE + 101, "hello??")
    assert len(await masto.mentions_since(question)) == 1
    account = await masto.fetch_account(ASKER_ID, 5)
    assert [p.id for p in account.posts] == older[:5]
    assert all(f"max_id={question}" in h for h in statuses_read(fake))
