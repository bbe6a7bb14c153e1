""" "Why didn't you follow me back?" on X from someone the owner does follow: the asker's
profile read (already paid for, to name them) is made in user context with
`connection_status`, which says so; the answer is "I do follow you", their timeline is not
read, and a retry in a new process keeps it (the message row) without a second read."""

from __future__ import annotations

import re
import time

from scoring import build_owner_index
from tests.x.conftest import just_now, tweet
from tests.x.fake_x import Fault
from tests.x.test_bill import asker, timeline_reads
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity, ReplyState
from whynot.replies import ReplyRenderer


def make_desk(store, x) -> Desk:
    return Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())


def profile_reads(fake, uid: str) -> int:
    return len([h for h in fake.hits if re.match(rf"GET /2/users/{uid}(\?|$)", h)])


async def question(x, fake_x, uid: str, tid: int):
    asker(fake_x, uid, 12)
    fake_x.mentions = [
        tweet(tid, uid, "@fsalas why didn't you follow me back?", created_at=just_now())
    ]
    [mention] = await x.mentions_since(None)
    return mention


async def test_someone_the_owner_follows_is_told_so_and_not_read(x, fake_x, store):
    mention = await question(x, fake_x, "671", 9_000_671)
    fake_x.following.add("671")
    outcome = await make_desk(store, x).handle(mention)
    assert outcome.state is ReplyState.SENT and outcome.template == "already_following"
    assert "I do follow you" in fake_x.posted[0]["text"]
    assert timeline_reads(fake_x, "671") == [] and profile_reads(fake_x, "671") == 1


async def test_someone_not_followed_gets_the_reasons(x, fake_x, store):
    mention = await question(x, fake_x, "672", 9_000_672)
    outcome = await make_desk(store, x).handle(mention)
    assert outcome.state is ReplyState.SENT and outcome.template != "already_following"
    assert timeline_reads(fake_x, "672") != []


async def test_a_retry_in_a_new_process_keeps_the_follow_without_a_second_read(x, fake_x, store):
    mention = await question(x, fake_x, "673", 9_000_673)
    fake_x.following.add("673")
    fake_x.faults[r"/2/tweets"] = [Fault(503)]
    first = await make_desk(store, x).handle(mention)
    assert first.state is ReplyState.FAILED and first.template == "already_following"
    x._authors = type(x._authors)()  # a new process, once the retry is due
    desk = make_desk(store, x)
    desk.clock = x.clock = lambda: time.time() + 600
    retried = await desk.retry_due()
    assert [o.template for o in retried] == ["already_following"]
    assert retried[0].state is ReplyState.SENT and profile_reads(fake_x, "673") == 1


async def test_a_handle_alone_says_whether_the_owner_follows_it(x, fake_x, store):
    # Discord's /whynot x:NAME shows what the account would be told: identify() gave back
    # an account named by handle alone unread, so one the owner follows was shown the
    # reasons, while asked on X it is told "I do follow you".
    asker(fake_x, "674", 12)
    fake_x.following.add("674")
    known = await x.identify(Identity("x", "", "asker674"))
    assert known.followed is True and known.id == "674"
    asker(fake_x, "675", 12)
    assert (await x.identify(Identity("x", "", "asker675"))).followed is False
    gone = Identity("x", "", "nobody_here")
    assert await x.identify(gone) == gone and (await x.identify(gone)).followed is None
