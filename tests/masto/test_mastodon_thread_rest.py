"""A reply thread on Mastodon is never left half-posted for good (whynot.thread_rest):
the instance refuses post 2, the post made stays, and the retry sends the rest with the
same text under it, naming the asker and in the same visibility; nothing is posted twice.
Before, the posts made were recorded as the whole reply."""

from __future__ import annotations

import time

from scoring import build_owner_index
from tests.masto.conftest import make_platform
from tests.masto.fake_mastodon import PASS, Fault
from tests.masto.test_mastodon_question import ask, timeline
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import ReplyState
from whynot.replies import ReplyRenderer


def replies_under(fake, sid: str) -> list[dict]:
    """Our statuses under `sid`, parents first (the fake keeps posting order)."""
    found, under = [], {sid}
    for made in fake.statuses.values():
        if made.get("in_reply_to_id") in under and made["account"]["id"] == fake.owner["id"]:
            found.append(made)
            under.add(made["id"])
    return found


async def test_post_2_refused_then_the_retry_completes_the_thread(fake, store):
    fake.max_characters = 160  # a small instance: the answer takes a thread
    masto = await make_platform(fake)
    try:
        timeline(fake, 12)
        question = ask(fake, 113_400_000_000_000_100, "why didn't you follow me back?")
        fake.faults["/api/v1/statuses"] = [PASS, Fault(503)]  # post 2 refused
        clock = [time.time()]
        desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None),
                    Settings(), clock=lambda: clock[0])  # fmt: skip
        [mention] = await masto.mentions_since(None)
        cut = await desk.handle(mention)
        assert len(cut.posts) >= 2 and len(fake.posted) == 1
        assert cut.state is ReplyState.FAILED and "thread incomplete, 1 of" in cut.reason
        assert await store.messages.state("mastodon", question) == "failed"
        clock[0] += 3600
        [done] = await desk.retry_due()
        assert done.state is ReplyState.SENT
        thread = replies_under(fake, question)
        assert [p["in_reply_to_id"] for p in thread] == [question, *(p["id"] for p in thread[:-1])]
        named = [f"@lena@remote.example {text}" for text in cut.posts]
        assert [p["status"] for p in fake.posted] == named  # the same texts, each once
        assert len({p["visibility"] for p in fake.posted}) == 1
        clock[0] += 86_400
        assert await desk.retry_due() == []
        assert len(fake.posted) == len(cut.posts)  # never a post twice
    finally:
        await masto.close()
