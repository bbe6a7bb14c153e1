"""X refuses a reply with 401 (the tokens revoked while the bot runs, after the mentions were
read). Before, the reply was given up as a fault ("attempt 1: X refused /2/tweets:
Unauthorized (giving up)"): that person's question was lost for good once the owner put
new tokens. Now it waits for new credentials as a read-only token's waits for write access
(tried hourly, its tries not counted), the run's warning says the fix for revoked tokens
(not the read-only one), and it is answered once, when the tokens work again."""

from __future__ import annotations

import logging

from tests.x.conftest import just_now, tweet
from tests.x.fake_x import Fault
from tests.x.test_bill import asker
from tests.x.test_write_access import desk_on_a_clock
from whynot.cli.run_report import report
from whynot.models import WAITING_FOR_CREDENTIALS, ReplyState
from whynot.platforms.revoked import X_FIX

UNAUTHORIZED = Fault(401, '{"title": "Unauthorized", "status": 401, "detail": "Unauthorized"}')


def one_question(fake_x, refusals: int) -> None:
    asker(fake_x, "711", 10)
    fake_x.mentions = [
        tweet(9_200_001, "711", "@fsalas why didn't you follow me back?", created_at=just_now(4))
    ]
    fake_x.faults[r"/2/tweets"] = [UNAUTHORIZED] * refusals


def replies_to(fake_x, mention_id: str) -> int:
    return sum(p["reply"]["in_reply_to_tweet_id"] == mention_id for p in fake_x.posted)


async def test_a_reply_refused_for_revoked_tokens_waits_and_is_answered_once(x, fake_x, store):
    one_question(fake_x, refusals=2)
    desk, clock = desk_on_a_clock(store, x)
    [first] = await desk.poll(x)
    assert first.state is ReplyState.FAILED
    assert first.reason.startswith(f"{WAITING_FOR_CREDENTIALS}: X refused /2/tweets: ")
    assert first.reason.endswith(X_FIX) and "giving up" not in first.reason
    assert "write access" not in first.reason and "read-only" not in first.reason
    [row] = await store.messages.rows(["failed"])
    assert (row.attempts, row.next_attempt_at) == (0, clock[0] + 3600)
    # An hour on, still revoked: tried again, kept again, its tries still not counted.
    clock[0] += 3601
    [again] = await desk.retry_due()
    assert again.reason.startswith(WAITING_FOR_CREDENTIALS) and again.quiet
    [row] = await store.messages.rows(["failed"])
    assert row.attempts == 0 and replies_to(fake_x, "9200001") == 0
    # The owner puts new tokens: answered at the next try, once.
    clock[0] += 3601
    [answered] = await desk.retry_due()
    assert answered.state is ReplyState.SENT
    clock[0] += 3601
    assert await desk.retry_due() == [] and await desk.poll(x) == []
    assert replies_to(fake_x, "9200001") == 1


async def test_the_runs_warning_says_the_revoked_tokens_fix(x, fake_x, store, caplog):
    one_question(fake_x, refusals=1)
    desk, _ = desk_on_a_clock(store, x)
    outcomes = await desk.poll(x)
    with caplog.at_level(logging.INFO, logger="whynot.run"):
        ok = report("x mentions", outcomes)
    assert not ok  # the run fails until the owner acts, as for write access
    line, warning = (r.getMessage() for r in caplog.records)
    assert line == f"x mentions: 1 done (1 {WAITING_FOR_CREDENTIALS})"
    assert warning.startswith(f"x mentions: 1 reply {WAITING_FOR_CREDENTIALS}: X refused")
    assert "X_ACCESS_TOKEN" in warning and "then restart `bot.py run`" in warning
    assert "failed" not in warning and "read-only" not in warning
