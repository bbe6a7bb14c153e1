""""Why didn't you follow me back?" from someone the owner does follow (the unfollow bug, or
an app that did not show it). Bluesky says so in the author's profile view (`viewer.following`,
the owner's follow record), which comes with the mention: the answer is "I already follow
you", not a list of reasons the owner did not follow them, and their feed is not read."""

from __future__ import annotations

import pytest

from scoring import build_owner_index
from tests.bluesky.fake_pds import Fault, profile
from tests.bluesky.test_bluesky_question import ask, feed_reads, timeline
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import ReplyState
from whynot.platforms.bluesky.payloads import identity
from whynot.replies import ReplyRenderer

NOW = 1_796_040_000.0  # 2026-11-30 12:00 UTC
FOLLOW = "at://did:plc:owner0000000000000000001/app.bsky.graph.follow/3kfollow0001"


def desk_for(store, bsky) -> Desk:
    desk = Desk(store, {"bluesky": bsky}, ReplyRenderer(), build_owner_index(None), Settings())
    desk.clock = bsky.clock = lambda: NOW
    return desk


def asker_seen_by_owner(fake, viewer: dict) -> None:
    for note in fake.notifications:
        note["author"] = {**note["author"], "viewer": viewer}


async def test_someone_the_owner_follows_is_told_so_and_not_read(fake, bsky, store):
    timeline(fake, 12)
    ask(fake, 5, "why didn't you follow me back?")
    asker_seen_by_owner(fake, {"muted": False, "following": FOLLOW})
    [outcome] = await desk_for(store, bsky).poll(bsky)
    assert outcome.state is ReplyState.SENT and outcome.template == "already_following"
    assert "I do follow you" in " ".join(outcome.posts)
    assert feed_reads(fake) == []  # nothing to judge: no feed read
    assert outcome.verdict_line == "followed by the owner already"


async def test_someone_the_owner_does_not_follow_gets_the_review(fake, bsky, store):
    timeline(fake, 12)
    ask(fake, 5, "why didn't you follow me back?")
    asker_seen_by_owner(fake, {"muted": False})  # no follow record: not followed
    [outcome] = await desk_for(store, bsky).poll(bsky)
    assert outcome.state is ReplyState.SENT and outcome.template != "already_following"
    assert "already follow" not in " ".join(outcome.posts) and feed_reads(fake) != []


@pytest.mark.parametrize(
    "text",
    ["why did you unfollow me?", "I unfollowed you because you never followed me back"],
)
async def test_an_unfollow_question_from_someone_followed_is_answered_so(fake, bsky, store, text):
    # "Why did you unfollow me?" (the letter: "these are the reasons I unfollowed") and "I
    # unfollowed you because you never followed back" ("unfollowing because I did not
    # follow back...") both rest on a follow the owner no longer has; the owner has it:
    # the unfollow bug, said as such, and no reasons for an unfollow that did not happen.
    timeline(fake, 12)
    ask(fake, 5, text)
    asker_seen_by_owner(fake, {"following": FOLLOW})
    desk = desk_for(store, bsky)
    desk.renderer = ReplyRenderer("letter")
    [outcome] = await desk.poll(bsky)
    assert outcome.intent in ("why_unfollowed", "unfollow_excuse")
    assert outcome.template == "already_following" and feed_reads(fake) == []
    said = " ".join(outcome.posts)
    assert "I do follow you" in said and "unfollowed" not in said


def test_the_viewer_says_followed_or_not_and_its_absence_is_unknown():
    base = profile("did:plc:ana00000000000000000001", "ana.bsky.social")
    assert identity({**base, "viewer": {"following": FOLLOW}}).followed is True
    assert identity({**base, "viewer": {"followedBy": FOLLOW}}).followed is False
    assert identity(base).followed is None
    # Equality ignores it: the same account, known or not to be followed.
    assert identity(base) == identity({**base, "viewer": {"following": FOLLOW}})


async def test_a_retried_answer_still_knows_the_owner_follows_the_asker(fake, bsky, store):
    # The first reply fails (a transient error); the retry is read back from the store,
    # whose rows keep no follow state: it must not turn into a list of reasons the owner
    # did not follow someone the owner follows. The profile says it again (getProfile).
    timeline(fake, 12)
    ask(fake, 5, "why didn't you follow me back?")
    asker_seen_by_owner(fake, {"following": FOLLOW})
    did = fake.notifications[0]["author"]["did"]
    fake.profiles[did] = {**fake.profiles[did], "viewer": {"following": FOLLOW}}
    fake.faults["com.atproto.repo.createRecord"] = [Fault(502)]
    desk = desk_for(store, bsky)
    [first] = await desk.poll(bsky)
    assert first.state is ReplyState.FAILED and first.template == "already_following"
    desk.clock = bsky.clock = lambda: NOW + 3600
    [retried] = await desk.retry_due()
    assert retried.state is ReplyState.SENT and retried.template == "already_following"
    assert "I do follow you" in " ".join(retried.posts) and feed_reads(fake) == []
