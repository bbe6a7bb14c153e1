""""Why didn't you follow me back?" on Mastodon from someone the owner does follow: the
relationships call (free) says so, and the answer is "I do follow you", not a list of
reasons the owner did not follow them, with no timeline read for it."""

from __future__ import annotations

from scoring import build_owner_index
from tests.masto.fake_mastodon import Fault
from tests.masto.test_mastodon_question import ASKER, BASE, ask, statuses_read, timeline
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity, ReplyState
from whynot.replies import ReplyRenderer


async def answer(store, masto):
    desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None), Settings())
    [mention] = await masto.mentions_since(None)
    return await desk.handle(mention)


async def test_someone_the_owner_follows_is_told_so_and_not_read(fake, masto, store):
    timeline(fake, 12)
    ask(fake, BASE + 100, "why didn't you follow me back?")
    fake.following.add(ASKER["id"])
    outcome = await answer(store, masto)
    assert outcome.state is ReplyState.SENT and outcome.template == "already_following"
    assert "I do follow you" in fake.posted[0]["status"]
    assert statuses_read(fake) == []


async def test_someone_not_followed_gets_the_reasons(fake, masto, store):
    timeline(fake, 12)
    ask(fake, BASE + 100, "why didn't you follow me back?")
    outcome = await answer(store, masto)
    assert outcome.state is ReplyState.SENT and outcome.template != "already_following"
    assert statuses_read(fake) != []


async def test_a_refused_relationships_call_leaves_the_follow_unknown(fake, masto, store):
    # A token without the read:follows scope: the question is still answered, as before.
    timeline(fake, 12)
    ask(fake, BASE + 100, "why didn't you follow me back?")
    fake.following.add(ASKER["id"])
    fake.faults["/api/v1/accounts/relationships"] = [Fault(403)]
    outcome = await answer(store, masto)
    assert outcome.state is ReplyState.SENT and outcome.template != "already_following"


async def test_a_handle_alone_says_whether_the_owner_follows_it(fake, masto, store):
    # Discord's /whynot mastodon:NAME shows what the account would be told: identify()
    # gave back an account named by handle alone unasked, so one the owner follows was
    # shown the reasons, while asked on Mastodon it is told "I do follow you".
    fake.accounts[ASKER["id"]] = ASKER
    fake.following.add(ASKER["id"])
    known = await masto.identify(Identity("mastodon", "", ASKER["acct"], ASKER["acct"]))
    assert known.followed is True and known.id == ASKER["id"]
    gone = Identity("mastodon", "", "nobody@nowhere.example")
    assert (await masto.identify(gone)).followed is None
