"""Mastodon refuses a reply with 401 (the access token revoked after the mention was read):
the question waits for new credentials with Mastodon's fix, as X's does (tests/x/
test_x_revoked_reply.py), and is answered once when the token works again. Before, it was
given up ("attempt 1: Mastodon refused ... (giving up)"). A revoked token refuses every
call, so the first one a reply makes (reading the status it answers) is refused first: that
refusal waits too (before, it lost the fix on its way out of `reply`, and was given up)."""

from __future__ import annotations

import time

import pytest

from scoring import build_owner_index
from tests.masto.fake_mastodon import Fault
from tests.masto.test_mastodon_question import ask, timeline
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import WAITING_FOR_CREDENTIALS, ReplyState
from whynot.platforms.revoked import MASTODON_FIX
from whynot.replies import ReplyRenderer

REVOKED = Fault(401, '{"error": "The access token was revoked"}')


@pytest.mark.parametrize("refused", ["/api/v1/statuses", r"/api/v1/statuses/\d+"])
async def test_a_reply_refused_for_a_revoked_token_waits_and_is_answered_once(
    fake, masto, store, refused
):
    timeline(fake, 12)
    question = ask(fake, 113_400_000_000_000_100, "why didn't you follow me back?")
    fake.faults[refused] = [REVOKED]  # the post, or the status read before it
    clock = [time.time()]
    desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None), Settings(),
                clock=lambda: clock[0])  # fmt: skip
    [mention] = await masto.mentions_since(None)
    waiting = await desk.handle(mention)
    assert waiting.state is ReplyState.FAILED
    assert waiting.reason.startswith(f"{WAITING_FOR_CREDENTIALS}: Mastodon refused")
    assert waiting.reason.endswith(MASTODON_FIX) and "giving up" not in waiting.reason
    clock[0] += 3601  # the owner put a new token
    [answered] = await desk.retry_due()
    assert answered.state is ReplyState.SENT
    replies = [s for s in fake.statuses.values() if s.get("in_reply_to_id") == question]
    assert len(replies) == 1
