"""The desk's dry run (`run --dry-run`): everything a real run does but the send, with
nothing stored; its cursor, cooldowns and first poll kept in memory, and the same rules
(the hourly cap, a message being answered elsewhere) shown as a real run would."""

from __future__ import annotations

import logging
from dataclasses import replace

from factories import Clock
from test_desk import (
    OWNER,
    PERSON,
    PROMO,
    ask,
    crash_mid_reply,
    make_desk,
    make_platform,
)

from whynot.platforms.memory import MemoryPlatform


async def test_dry_run_sends_nothing_and_records_nothing(tmp_path):
    desk = await make_desk(tmp_path / "w.db", make_platform())
    desk.dry_run = True
    try:
        outcome = await desk.handle(ask("1"))
        assert outcome.posts and outcome.reason == "dry run: not sent"
        assert desk.platforms["x"].sent == []
        assert await desk.store.messages.state_counts() == {}
    finally:
        await desk.store.close()


async def test_a_dry_run_keeps_the_cooldown_after_its_own_answers(tmp_path):
    # A real run answers an asker once per cooldown; a dry run stores no reply, so it
    # showed both of an asker's questions as answered (15 "would be sent" against 14 sent
    # on the demo world). Its own answers now start the cooldown, in memory.
    desk = await make_desk(tmp_path / "w.db", make_platform())
    desk.dry_run = True
    try:
        first = await desk.handle(ask("1"))
        again = await desk.handle(ask("2", text="hello?? why no follow back"))
        assert first.reason == "dry run: not sent"
        assert "cooldown" in again.reason and again.posts == ()
        assert await desk.store.messages.state_counts() == {}
    finally:
        await desk.store.close()


async def test_a_dry_run_keeps_its_cursor_in_memory(tmp_path):
    platform = make_platform()
    platform.inbox = [ask("1"), ask("2", PERSON, "follow me back?")]
    desk = await make_desk(tmp_path / "w.db", platform)
    desk.dry_run = True
    try:
        assert len(await desk.poll(platform)) == 2
        assert await desk.poll(platform) == []  # not read again next cycle
        assert await desk.store.cursors.get("x", "mentions") is None  # the real one never moves
        assert platform.sent == []
    finally:
        await desk.store.close()


async def test_a_dry_run_shows_the_hourly_cap_as_a_real_run_would(tmp_path):
    # In a dry run nothing is claimed, so the precheck is the only place the cap is seen.
    platform = make_platform()
    desk = await make_desk(tmp_path / "w.db", platform, max_per_hour=1)
    try:
        assert (await desk.handle(ask("1"))).state == "sent"
        desk.dry_run = True
        outcome = await desk.handle(ask("2", PERSON))
        assert "hourly reply cap" in outcome.reason and outcome.posts == ()
    finally:
        await desk.store.close()


async def test_a_dry_run_leaves_a_message_being_answered_alone(tmp_path):
    platform = make_platform()
    desk = await make_desk(tmp_path / "w.db", platform)
    try:
        await desk.store.messages.claim(
            ask("1"), "why_not_followed", "en", desk.clock()
        )  # in flight
        desk.dry_run = True
        outcome = await desk.handle(ask("1"))
        assert outcome.reason == "already handled" and outcome.posts == ()
    finally:
        await desk.store.close()


async def test_a_dry_run_counts_the_look_back_from_the_real_first_poll(tmp_path):
    # Polled once (nothing), down two days: a dry run answers the question since as a run would.
    clock, platform = Clock(), make_platform()
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    try:
        assert await desk.poll(platform) == []
        platform.inbox, desk.dry_run = [replace(ask("1"), created_at=clock.now + 3600)], True
        clock.now += 2 * 24 * 3600
        assert [o.reason for o in await desk.poll(platform)] == ["dry run: not sent"]
    finally:
        await desk.store.close()


async def test_a_dry_run_counts_its_own_answers_against_the_hourly_cap(tmp_path):
    # A real run with room for one reply an hour answers one of two askers and defers the
    # other; a dry run stores no reply, so the store's count alone showed both answered.
    desk = await make_desk(tmp_path / "w.db", make_platform(), max_per_hour=1)
    desk.dry_run = True
    try:
        first = await desk.handle(ask("1"))
        second = await desk.handle(ask("2", PERSON))
        assert first.reason == "dry run: not sent"
        assert "hourly reply cap" in second.reason and second.posts == ()
    finally:
        await desk.store.close()


async def test_a_long_dry_run_forgets_answers_past_their_cooldown(tmp_path):
    # `run --dry-run` loops for as long as it is left running: what it remembers of its
    # own answers is what the cooldown and the hourly cap still need, not every asker ever.
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", make_platform(), clock=clock)
    desk.dry_run = True
    try:
        assert (await desk.handle(ask("1"))).reason == "dry run: not sent"
        clock.now += desk.settings.replies.cooldown_hours * 3600
        assert (await desk.handle(ask("2", PERSON))).reason == "dry run: not sent"
        assert len(desk._dry_answers) == 1  # the second asker only
    finally:
        await desk.store.close()


async def test_a_dry_run_leaves_a_crashed_claim_for_the_next_real_run(tmp_path, caplog):
    # recover() wrote during dry runs: it marked claims failed or sent and logged them in
    # the moderation log, the very writes a dry run promises not to make.
    path = tmp_path / "w.db"
    crashing = await crash_mid_reply(path)
    healthy = MemoryPlatform(owner=OWNER, name="x", accounts={PROMO.id: PROMO}, sent=crashing.sent)
    desk = await make_desk(path, healthy)
    desk.dry_run = True
    try:
        before = await desk.store.messages.state_counts()
        with caplog.at_level(logging.INFO, logger="whynot.recovery"):
            assert await desk.recover() == 1
        assert await desk.store.messages.state_counts() == before
        assert await desk.store.moderation.history() == []
        assert "dry run: 1 reply a previous run left mid-send" in caplog.text
    finally:
        await desk.store.close()
    desk = await make_desk(path, healthy)  # the real run after it still settles the claim
    try:
        assert await desk.recover() == 1
        assert [h.action for h in await desk.store.moderation.history()] == ["recover"]
    finally:
        await desk.store.close()
