"""The Mastodon adapter through the real Mastodon.py against the local instance."""

from __future__ import annotations

import pytest

from tests.masto.conftest import OWNER, make_platform
from tests.masto.fake_mastodon import Fault, account, status
from whynot.models import Identity
from whynot.platform import PlatformError, SendError
from whynot.platforms.mastodon.platform import RateLimited, narrowest

ASKER = account("109000000000000077", "kai", "remote.example", display_name="Kai")


def mention(fake, sid: int, html: str, visibility: str = "public") -> str:
    made = status(str(sid), ASKER, html, visibility=visibility)
    fake.statuses[str(sid)] = made
    fake.notifications.insert(
        0,
        {
            "id": str(sid + 5),
            "type": "mention",
            "created_at": "2026-11-30T10:00:00.000Z",
            "account": ASKER,
            "status": made,
        },
    )
    return str(sid)


async def test_sign_in_reads_the_owner_and_the_instance_limit(fake):
    fake.max_characters = 1000
    masto = await make_platform(fake)
    me = await masto.me()
    assert (me.platform, me.id, me.handle) == ("mastodon", OWNER["id"], "fsalas")
    assert masto.limit == 1000 and masto.reply_format == "mastodon-1000"
    assert "test-mastodon-token" not in repr(masto)


async def test_a_rejected_token_is_not_transient(fake):
    masto = await make_platform(fake, token="wrong")
    with pytest.raises(PlatformError) as caught:
        await masto.me()
    assert not caught.value.transient


async def test_mentions_oldest_first_since_the_cursor_others_ignored(fake, masto):
    first = mention(
        fake,
        200,
        '<p><span class="h-card"><a href="https://social.test/@fsalas" class="u-url mention">'
        "@<span>fsalas</span></a></span> why no follow back?</p>",
    )
    fake.notifications.insert(
        0,
        {
            "id": "300",
            "type": "favourite",
            "account": ASKER,
            "created_at": "2026-11-30T10:00:00.000Z",
            "status": fake.statuses[first],
        },
    )
    second = mention(fake, 400, "<p>and now &amp; then?</p>")
    found = await masto.mentions_since(None)
    assert [m.id for m in found] == [first, second]
    assert found[0].text == "@fsalas why no follow back?"
    assert found[1].text == "and now & then?"
    assert found[0].author.handle == "kai@remote.example"
    third = mention(fake, 500, "<p>third</p>")
    assert [m.id for m in await masto.mentions_since(second)] == [third]


async def test_many_new_mentions_are_paged_back_to_the_cursor(fake, masto):
    ids = [mention(fake, 1000 + 10 * i, f"<p>q{i}</p>") for i in range(95)]
    found = await masto.mentions_since(ids[2])
    assert [m.id for m in found] == ids[3:]


async def test_reply_in_thread_names_the_asker_and_keeps_the_visibility(fake, masto):
    sid = mention(fake, 600, "<p>why?</p>", visibility="unlisted")
    [asked] = await masto.mentions_since(None)
    ids = await masto.reply(asked, ["one (1/2)", "two (2/2) cc @\u200bbob@else.example"])
    first, second = fake.posted
    assert first["in_reply_to_id"] == sid and second["in_reply_to_id"] == ids[0]
    assert first["status"].startswith("@kai@remote.example ")
    assert {first["visibility"], second["visibility"]} == {"unlisted"}
    assert second["status"].count("@kai@remote.example") == 1
    assert await masto.already_replied(asked) == tuple(ids)  # the whole thread


@pytest.mark.parametrize(
    ("theirs", "expected"),
    [
        ("public", "public"),
        ("unlisted", "unlisted"),
        ("private", "private"),
        ("direct", "direct"),
        ("odd", "public"),
    ],
)
def test_a_reply_is_never_wider_than_the_mention(theirs, expected):
    assert narrowest(theirs) == expected
    assert narrowest(theirs, "unlisted") == ("unlisted" if expected == "public" else expected)


async def test_a_private_mention_gets_a_private_reply(fake, masto):
    mention(fake, 700, "<p>psst</p>", visibility="private")
    [asked] = await masto.mentions_since(None)
    await masto.reply(asked, ["quietly"])
    assert fake.posted[0]["visibility"] == "private"


async def test_429_stops_calls_until_the_reset(fake, masto):
    await masto.me()
    fake.faults["/api/v1/notifications"] = [Fault(429, '{"error": "Too many requests"}')]
    with pytest.raises(RateLimited):
        await masto.mentions_since(None)
    calls = len(fake.hits)
    with pytest.raises(RateLimited):
        await masto.mentions_since(None)
    assert len(fake.hits) == calls


async def test_a_nearly_spent_window_waits_for_its_reset(fake, masto):
    await masto.me()
    fake.remaining = 2  # the next answer says 1 left
    await masto.follower_ids(None)
    with pytest.raises(RateLimited):
        await masto.follower_ids(None)


async def test_5xx_and_dropped_connections_are_retried_then_transient(fake, masto):
    await masto.me()
    fake.faults["/api/v1/accounts/.*/followers"] = [Fault(503), Fault(0)]
    page = await masto.follower_ids(None)
    assert page.ids == ()
    fake.faults["/api/v1/accounts/.*/followers"] = [Fault(502)] * 3
    with pytest.raises(PlatformError) as caught:
        await masto.follower_ids(None)
    assert caught.value.transient


async def test_followers_are_paged_by_max_id(fake, masto):
    fake.followers = [str(110_000_000_000_000_000 + i) for i in range(200, 0, -1)]
    first = await masto.follower_ids(None)
    assert len(first.ids) == 80 and first.next_cursor
    second = await masto.follower_ids(first.next_cursor)
    third = await masto.follower_ids(second.next_cursor)
    assert len(set(first.ids + second.ids + third.ids)) == 200
    assert third.next_cursor is None


async def test_accounts_map_and_gone_ones_are_gone(fake, masto):
    fake.accounts[ASKER["id"]] = {
        **ASKER,
        "bot": True,
        "fields": [
            {
                "name": "Shop",
                "value": '<a href="https://shop.example" rel="me">shop.example</a>',
                "verified_at": None,
            }
        ],
    }
    fake.timelines[ASKER["id"]] = []
    found = await masto.fetch_account(Identity("mastodon", "", "kai@remote.example"), 10)
    assert found is not None and found.is_bot_declared is True
    assert found.url == "https://shop.example" and "Shop: shop.example" in found.description
    assert found.likes_count is None and found.listed_count is None
    fake.accounts["5"] = account("5", "gone", suspended=True)
    status_of = await masto.lookup([ASKER["id"], "5", "6"])
    assert status_of[ASKER["id"]].status == "active"
    assert status_of["5"].status == "gone" and status_of["6"].status == "gone"


async def test_a_reply_to_a_deleted_mention_fails_for_good(fake, masto):
    mention(fake, 800, "<p>hi</p>")
    [asked] = await masto.mentions_since(None)
    del fake.statuses["800"]
    with pytest.raises(SendError) as caught:
        await masto.reply(asked, ["x"])
    assert not caught.value.transient


async def test_the_cursor_finds_later_mentions_with_a_servers_real_ids(fake, masto):
    # On a real server a notification's id is a small sequential number and its status's
    # id a large time-based one. The cursor is the status id (it is what a reply answers);
    # sent to the notifications API as since_id it hid every later mention.
    for n, sid in enumerate((110_000_000_000_000_100, 110_000_000_000_000_200), start=1):
        mention(fake, sid, f"<p>question {n}</p>")
        fake.notifications[0]["id"] = str(n)
    [first, second] = await masto.mentions_since(None)
    third_sid = 110_000_000_000_000_300
    mention(fake, third_sid, "<p>question 3</p>")
    fake.notifications[0]["id"] = "3"
    assert [m.id for m in await masto.mentions_since(second.id)] == [str(third_sid)]
    assert await masto.mentions_since(str(third_sid)) == []


def snowflake(iso: str) -> int:
    """A Mastodon status id: milliseconds since the epoch, shifted 16 bits."""
    from datetime import datetime

    return int(datetime.fromisoformat(iso).timestamp() * 1000) << 16


async def test_a_remote_mention_delivered_late_is_still_read(fake, masto):
    # A remote status's local id follows its `published` time (Mastodon::Snowflake::
    # Callbacks), not its arrival: a mention posted at 10:00:00 on a slow server and
    # delivered after a local one of 10:00:05 was handled has the smaller status id, yet
    # the larger notification id (notifications are numbered as they arrive).
    local = mention(fake, snowflake("2026-11-30T10:00:05+00:00"), "<p>local</p>")
    fake.notifications[0]["id"] = "71"
    [handled] = await masto.mentions_since(None)
    late = mention(fake, snowflake("2026-11-30T10:00:00+00:00"), "<p>from far away</p>")
    fake.notifications[0]["id"] = "72"
    assert [m.id for m in await masto.mentions_since(handled.id)] == [late]
    # and the desk's cursor, the late one now, finds nothing new again
    assert await masto.mentions_since(late) == []
    assert local == handled.id


async def test_the_first_poll_reads_every_page_of_its_look_back(fake, masto):
    # As X (949ec7a): with no cursor, every mention after `not_before` is to be answered;
    # one page of 40 left the older ones unread and the cursor moved past them.
    base = snowflake("2026-11-28T00:00:00+00:00")
    for i in range(130):  # the 30 oldest arrived before the look-back, 100 within it
        mention(fake, base + i, f"<p>q{i}</p>")
        at = "2026-11-28T00:00:00.000Z" if i < 30 else "2026-11-30T09:00:00.000Z"
        fake.notifications[0].update(id=str(i + 1), created_at=at)
    found = [int(m.id) - base for m in await masto.mentions_since(None, not_before=LOOK_BACK)]
    assert found == list(range(10, 130))  # three pages: the third reaches before the look-back
    assert [int(m.id) - base for m in await masto.mentions_since(None)] == list(range(90, 130))


LOOK_BACK = 1_795_946_400.0  # 2026-11-29T10:00:00Z
