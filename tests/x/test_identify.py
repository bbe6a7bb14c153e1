"""The asker named on X (`XPlatform.identify`, e8264cf): mentions come with their authors'
ids only, so every path that shows, stores or greets an asker must see them named: the
review request (queued before the desk's `_prepare`), a message given up or retried, and
a month out of money (the profile read refused)."""

from __future__ import annotations

import re

from scoring import build_owner_index
from tests.x.conftest import just_now, tweet
from tests.x.test_bill import asker
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Override, ReplyState
from whynot.replies import ReplyRenderer


def make_desk(store, x) -> Desk:
    return Desk(store, {"x": x}, ReplyRenderer(), build_owner_index(None), Settings())


def profile_reads(fake, uid: str) -> int:
    return len([h for h in fake.hits if re.match(rf"GET /2/users/{uid}(\?|$)", h)])


async def test_a_review_request_on_x_keeps_the_askers_handle_and_name(x, fake_x, store):
    # The review queue takes the request in `skip_reason`, before the desk's `_prepare`
    # names the author: the request, its audit line, the feed and the decision's greeting
    # must still have the asker's handle and name.
    who = asker(fake_x, "660", 10)
    name = fake_x.users["660"]["name"]
    fake_x.mentions = [tweet(9_400, "660", "@fsalas why no follow back?", created_at=just_now(9))]
    desk = make_desk(store, x)
    [first] = await desk.poll(x)
    assert first.state is ReplyState.SENT
    answer = fake_x.posted[-1]
    x._authors = type(x._authors)()  # a later process: the profile read is not held
    fake_x.mentions.append(
        tweet(
            9_401, "660", "@fsalas can a human look at this?", created_at=just_now(2),
            referenced_tweets=[{"type": "replied_to", "id": answer["id"]}],
        )
    )  # fmt: skip
    [ask] = await desk.poll(x)
    assert (ask.state, ask.template) == (ReplyState.SENT, "review_requested")
    review = await store.reviews.by_message("x", "9401")
    assert (review.request.author.handle, review.request.author.display_name) == (
        who.handle,
        name,
    )
    assert review.subject.handle == who.handle
    [logged] = [e for e in await store.moderation.history() if e.action == "review requested"]
    assert logged.actor == who.handle
    await store.moderation.set_override(
        Override("x", who.handle, "approve", "a real shop", "kim", desk.clock()), "test"
    )
    [told] = await desk.reviews.settle()
    assert told.state is ReplyState.SENT
    assert fake_x.posted[-1]["text"].startswith(f"Good news, {name}")
    # the asker's profile was read once, to answer them; the request named them from the
    # answer's row (a second read would be paid on a later day)
    assert profile_reads(fake_x, "660") == 1
