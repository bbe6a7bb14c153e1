"""The Bluesky adapter through atproto's real AsyncClient against the local service."""

from __future__ import annotations

import pytest

from tests.bluesky.conftest import OWNER, SECRETS, make_platform
from tests.bluesky.fake_pds import Fault, post_view, profile
from whynot.platform import PlatformError, SendError
from whynot.platforms.bluesky.platform import BlueskyPlatform, RateLimited, Rejected

ASKER = profile("did:plc:asker000000000000000001", "kai.bsky.social", displayName="Kai")


def mention(fake, n: int, text: str, reason: str = "mention", parent: dict | None = None) -> str:
    uri = f"at://{ASKER['did']}/app.bsky.feed.post/3kmention{n:04d}"
    record = {"reply": parent} if parent else {}
    view = post_view(uri, ASKER, text, createdAt=f"2026-11-30T10:{n:02d}:00.000Z", **record)
    fake.posts[uri] = view
    fake.notifications.insert(
        0,
        {
            "uri": uri,
            "cid": view["cid"],
            "author": ASKER,
            "reason": reason,
            "record": view["record"],
            "isRead": False,
            "indexedAt": f"2026-11-30T10:{n:02d}:01.000Z",
            "labels": [],
        },
    )
    return uri


async def test_sign_in_reads_the_owner_and_saves_the_session(fake):
    saved: list[str] = []
    bsky = make_platform(fake, saved)
    me = await bsky.me()
    assert (me.platform, me.id, me.handle) == ("bluesky", OWNER["did"], OWNER["handle"])
    assert fake.sessions == 1 and len(saved) == 1
    assert "app-pass-word" not in repr(bsky)


async def test_a_handle_written_with_its_at_sign_signs_in(fake):
    # "@fsalas.bsky.social", as the app shows it, went to createSession as is, and a
    # server reads an identifier with "@" as an e-mail address: refused.
    from whynot.config import Secret

    secrets = {**SECRETS, "BLUESKY_HANDLE": Secret(" @fsalas.bsky.social ")}
    bsky = BlueskyPlatform.from_settings(secrets, fake.base)
    try:
        assert (await bsky.me()).handle == OWNER["handle"] and fake.sessions == 1
    finally:
        await bsky.close()


async def test_a_saved_session_is_reused_after_a_restart(fake):
    saved: list[str] = []
    await make_platform(fake, saved).me()
    again = make_platform(fake, saved)  # a new process with the saved session
    await again.me()
    assert fake.sessions == 1  # no second sign-in


async def test_a_refused_saved_session_signs_in_again(fake):
    saved = ["not a session"]
    bsky = make_platform(fake, saved)
    fake._tokens.clear()
    await bsky.me()
    assert fake.sessions == 1


async def test_an_expiring_token_is_refreshed_and_the_new_session_saved(fake):
    fake.access_ttl = 60  # the client refreshes 15 minutes ahead of expiry
    saved: list[str] = []
    bsky = make_platform(fake, saved)
    await bsky.me()
    await bsky.fetch_account(bsky._me, 5)
    assert fake.refreshes >= 1
    assert len(saved) >= 2


async def test_a_wrong_app_password_is_rejected_not_retried(fake):
    fake.password = "something else"
    bsky = make_platform(fake)
    with pytest.raises(Rejected) as caught:
        await bsky.me()
    assert not caught.value.transient
    assert fake.sessions == 0


async def test_mentions_and_replies_only_oldest_first_from_the_cursor(fake, bsky):
    first = mention(fake, 1, "why didn't you follow me back?")
    second = mention(fake, 2, "@fsalas follow back?", reason="reply")
    fake.notifications.insert(0, {**fake.notifications[0], "reason": "like", "uri": "at://x/l/1"})
    found = await bsky.mentions_since(None)
    assert [m.id for m in found] == [first, second]
    assert found[0].author.handle == "kai.bsky.social"
    third = mention(fake, 3, "and now?")
    again = await bsky.mentions_since(second)
    assert [m.id for m in again] == [third]
    assert fake.seen_at == "2026-11-30T10:02:01Z"  # handled up to the cursor: marked seen


async def test_reply_is_a_thread_under_the_mention_with_root_and_parent(fake, bsky):
    root = {"uri": "at://did:plc:x/app.bsky.feed.post/root", "cid": "bafyroot"}
    uri = mention(fake, 4, "why not?", reason="reply", parent={"root": root, "parent": root})
    [asked] = await bsky.mentions_since(None)
    ids = await bsky.reply(asked, ["one (1/2)", "two (2/2)"])
    assert len(ids) == 2
    first, second = (c["record"] for c in fake.created)
    assert first["reply"]["root"]["uri"] == root["uri"]
    assert first["reply"]["parent"]["uri"] == uri
    assert second["reply"]["root"]["uri"] == root["uri"]
    assert second["reply"]["parent"]["uri"] == ids[0]
    # the whole thread (a review is asked under its last post, where the offer is)
    assert await bsky.already_replied(asked) == tuple(ids)


async def test_facets_mention_only_the_asker(fake, bsky):
    mention(fake, 5, "hi")
    [asked] = await bsky.mentions_since(None)
    await bsky.reply(asked, ["Thanks @kai.bsky.social, ask @bob.bsky.social too"])
    [made] = fake.created
    facets = made["record"]["facets"]
    assert len(facets) == 1
    assert facets[0]["features"][0]["did"] == ASKER["did"]
    text = made["record"]["text"].encode()
    index = facets[0]["index"]
    assert text[index["byteStart"] : index["byteEnd"]] == b"@kai.bsky.social"


async def test_a_reply_whose_mention_is_gone_fails_for_good(fake, bsky):
    mention(fake, 6, "hi")
    [asked] = await bsky.mentions_since(None)
    fake.posts.clear()
    with pytest.raises(SendError) as caught:
        await bsky.reply(asked, ["x"])
    assert not caught.value.transient


async def test_429_stops_the_route_until_its_reset(fake, bsky):
    await bsky.me()
    fake.faults["app.bsky.notification.listNotifications"] = [
        Fault(429, '{"error": "RateLimitExceeded"}', {"ratelimit-reset": "4102444800"})
    ]
    with pytest.raises(RateLimited):
        await bsky.mentions_since(None)
    calls = len(fake.hits)
    with pytest.raises(RateLimited):
        await bsky.mentions_since(None)
    assert len(fake.hits) == calls  # not asked again before the reset


async def test_5xx_is_retried_then_transient(fake, bsky):
    await bsky.me()
    fake.faults["app.bsky.actor.getProfile"] = [Fault(503), Fault(500)]
    account = await bsky.fetch_account(bsky._me, 5)
    assert account is not None
    fake.faults["app.bsky.actor.getProfile"] = [Fault(503)] * 3
    with pytest.raises(PlatformError) as caught:
        await bsky.fetch_account(bsky._me, 5)
    assert caught.value.transient


async def test_a_dropped_connection_is_retried(fake, bsky):
    await bsky.me()
    fake.faults["app.bsky.graph.getFollowers"] = [Fault(0)]
    page = await bsky.follower_ids(None)
    assert page.ids == ()


async def test_a_deactivated_account_is_none_and_gone(fake, bsky):
    fake.profiles[ASKER["did"]] = ASKER
    fake.gone.add(ASKER["did"])
    assert await bsky.fetch_account(bsky_identity(), 5) is None
    status = await bsky.lookup([ASKER["did"]])
    assert status[ASKER["did"]].status == "gone"


def bsky_identity():
    from whynot.models import Identity

    return Identity("bluesky", ASKER["did"], ASKER["handle"])


async def test_followers_are_paged_with_a_cursor(fake, bsky):
    fake.followers = [f"did:plc:f{i:023d}" for i in range(250)]
    first = await bsky.follower_ids(None)
    assert len(first.ids) == 100 and first.next_cursor
    second = await bsky.follower_ids(first.next_cursor)
    third = await bsky.follower_ids(second.next_cursor)
    assert len(set(first.ids + second.ids + third.ids)) == 250
    assert third.next_cursor is None


async def test_still_follows_reads_the_relationship(fake, bsky):
    did = "did:plc:f00000000000000000000001"
    fake.followers = [did]
    fake.follow_records[did] = f"at://{did}/app.bsky.graph.follow/3kabc"
    assert await bsky.still_follows(did) == f"at://{did}/app.bsky.graph.follow/3kabc"
    fake.followers = []
    assert await bsky.still_follows(did) is None


async def test_a_session_revoked_by_the_service_signs_in_again_once(fake):
    saved: list[str] = []
    bsky = make_platform(fake, saved)
    await bsky.me()
    fake._tokens.clear()  # revoked on the service's side (say, the app password's sessions)
    fake._refresh.clear()
    assert await bsky.fetch_account(bsky._me, 3) is not None
    assert fake.sessions == 2 and len(saved) == 2  # the new session is saved too
    fake.password = "changed"  # and if the password itself was revoked: one clear error
    fake._tokens.clear()
    with pytest.raises(Rejected):
        await bsky.fetch_account(bsky._me, 3)


async def test_a_deleted_cursor_catches_up_a_week_at_most(fake, bsky):
    old = mention(fake, 7, "an old question")
    fresh = mention(fake, 8, "a new one")
    bsky.clock = lambda: 1_796_000_000.0  # 2026-11-30 00:53 UTC: both are within a week
    found = await bsky.mentions_since("at://gone/app.bsky.feed.post/deleted")
    assert [m.id for m in found] == [old, fresh]
    bsky.clock = lambda: 1_796_000_000.0 + 30 * 86_400  # a month later: too old to answer
    assert await bsky.mentions_since("at://gone/app.bsky.feed.post/deleted") == []


async def test_the_owner_reading_their_notifications_hides_no_mention(fake, bsky):
    # seenAt belongs to the account, not to the bot: the owner's own app moves it to the
    # moment they open their notifications. A mention that arrived before they looked is
    # still after the cursor and must be read.
    first = mention(fake, 1, "why didn't you follow me back?")
    await bsky.mentions_since(None)
    second = mention(fake, 2, "and now?")
    fake.seen_at = "2026-11-30T10:05:00.000Z"  # the owner opened the app after it arrived
    assert [m.id for m in await bsky.mentions_since(first)] == [second]


async def test_a_deleted_cursor_is_bounded_by_seen_at(fake, bsky):
    mention(fake, 7, "an old question")
    fresh = mention(fake, 8, "a new one")
    fake.seen_at = "2026-11-30T10:07:30.000Z"
    assert [m.id for m in await bsky.mentions_since("at://gone/app.bsky.feed.post/x")] == [fresh]


async def test_the_first_poll_reads_every_page_of_its_look_back(fake, bsky):
    # As X (949ec7a): with no cursor, every mention after `not_before` is to be answered.
    uris = [mention(fake, n, f"q{n}") for n in range(1, 56)]  # 55: a page of 50 and 5
    found = await bsky.mentions_since(None, not_before=1_795_996_800.0)  # 2026-11-30 00:00Z
    assert [m.id for m in found] == uris
    later = await bsky.mentions_since(None, not_before=1_796_035_800.0)  # 10:50Z
    assert [m.id for m in later] == uris[5:]  # the first page reached it: no further
