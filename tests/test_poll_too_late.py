"""A question found only long after it was asked (the Mac that runs the bot was off for
two weeks, the service stopped over a holiday) is not answered that late. Before, the
first poll after the break answered every question since the last one handled, however
old, in public and (on X) paid for, while a question kept waiting for money longer than
`[replies] max_wait_days` is given up "since a reply weeks late reads as odd". Now a
mention older than that when it is first read is recorded as skipped, with the reason.
A break of hours (a night asleep) is still caught up, once."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from factories import Clock
from test_desk import PERSON, ask, make_desk, make_platform

DAY = 86_400.0


async def test_a_question_read_weeks_late_is_not_answered(tmp_path):
    clock = Clock(10_000_000.0)
    platform = make_platform()
    platform.inbox = [replace(ask("1"), created_at=clock.now - 60)]
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        assert [o.state for o in await desk.poll(platform)] == ["sent"]  # the cursor is set
        clock.now += 14 * DAY  # two weeks off
        weeks = replace(ask("2", PERSON), created_at=clock.now - 13 * DAY)
        hours = replace(ask("3", PERSON, "follow me back?"), created_at=clock.now - 10 * 3600)
        platform.inbox += [weeks, hours]
        outcomes = await desk.poll(platform)
        assert [(o.mention.id, o.state) for o in outcomes] == [("2", "skipped"), ("3", "sent")]
        assert "13 days ago" in outcomes[0].reason
        assert "[replies] max_wait_days" in outcomes[0].reason
        assert await desk.poll(platform) == []  # nothing again
        assert sorted(s.to.id for s in platform.sent) == ["1", "3"]
    finally:
        await desk.store.close()


async def test_the_limit_is_max_wait_days(tmp_path):
    clock = Clock(10_000_000.0)
    platform = make_platform()
    platform.inbox = [replace(ask("1"), created_at=clock.now - 60)]
    desk = await make_desk(tmp_path / "w.db", platform, clock, max_wait_days=20.0)
    try:
        await desk.poll(platform)
        clock.now += 14 * DAY
        platform.inbox.append(replace(ask("2", PERSON), created_at=clock.now - 13 * DAY))
        assert [o.state for o in await desk.poll(platform)] == ["sent"]
    finally:
        await desk.store.close()


async def test_a_clock_set_ahead_never_makes_a_new_question_too_late(tmp_path):
    # This machine's clock reads ten days later than the platform's: every question would
    # look ten days old. The bot was not away (it read a minute ago), so none is given up.
    clock = Clock(10_000_000.0)
    ahead = 10 * DAY
    platform = make_platform()
    platform.inbox = [replace(ask("1"), created_at=clock.now - ahead - 60)]
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        await desk.poll(platform)  # the first poll (its look-back reads this clock too)
        clock.now += 120
        platform.inbox.append(replace(ask("2", PERSON), created_at=clock.now - ahead - 30))
        assert [o.state for o in await desk.poll(platform)] == ["sent"]
    finally:
        await desk.store.close()


async def test_a_platform_out_of_reach_for_weeks_is_away_too(tmp_path):
    # The bot ran, but every read failed for two weeks: the questions it finds are as late
    # as after a holiday (the read, not the process, marks the bot as there).
    clock = Clock(10_000_000.0)
    platform = make_platform()
    platform.inbox = [replace(ask("1"), created_at=clock.now - 60)]
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        await desk.poll(platform)
        reading = platform.mentions_since

        async def down(*args):
            raise ConnectionError("network down")

        platform.mentions_since = down
        for _ in range(7):
            clock.now += 2 * DAY
            with contextlib.suppress(ConnectionError):
                await desk.poll(platform)
        platform.mentions_since = reading
        platform.inbox.append(replace(ask("2", PERSON), created_at=clock.now - 13 * DAY))
        assert [o.state for o in await desk.poll(platform)] == ["skipped"]
    finally:
        await desk.store.close()
