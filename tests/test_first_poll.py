"""The first poll of a database: what was said before the bot existed is not answered,
and what an earlier database answered is not answered again."""

from __future__ import annotations

from dataclasses import replace

from factories import Clock
from test_desk import PERSON, ask, make_desk, make_platform


async def test_the_first_poll_answers_only_mentions_of_the_last_day(tmp_path):
    # README: the very first poll does not answer what was said before the bot existed.
    clock = Clock(1_000_000.0)
    platform = make_platform()
    old = replace(ask("1"), created_at=clock.now - 25 * 3600)
    recent = replace(ask("2", PERSON), created_at=clock.now - 23 * 3600)
    platform.inbox = [old, recent]
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        outcomes = await desk.poll(platform)
        assert [(o.mention.id, o.state) for o in outcomes] == [("1", "skipped"), ("2", "sent")]
        assert "older than the bot's first poll" in outcomes[0].reason
    finally:
        await desk.store.close()


async def test_a_fresh_database_does_not_answer_again_what_was_answered(tmp_path):
    # A new file (a typo in db_path, a lost data folder): its first poll re-read the last
    # day's mentions and answered again, in public, those an earlier database had answered.
    clock = Clock(1_000_000.0)
    platform = make_platform()
    platform.inbox = [ask("1"), ask("2", PERSON, "follow me back?")]
    earlier = await make_desk(tmp_path / "earlier.db", platform, clock)
    try:
        assert (await earlier.handle(platform.inbox[0])).state == "sent"
    finally:
        await earlier.store.close()
    desk = await make_desk(tmp_path / "typo.db", platform, clock)
    try:
        outcomes = await desk.poll(platform)
        assert [(o.mention.id, o.state) for o in outcomes] == [("1", "skipped"), ("2", "sent")]
        assert outcomes[0].reason.startswith("answered already on the platform")
        assert sorted(s.to.id for s in platform.sent) == ["1", "2"]  # each answered once
    finally:
        await desk.store.close()
