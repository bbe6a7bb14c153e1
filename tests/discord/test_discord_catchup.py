"""Questions put to the bot in a server while it was off (the Mac asleep, a restart, a
network cut longer than a RESUME). Before, Discord's only path was the live `on_message`:
such a question was never seen. Now each time the bot becomes ready it reads the channel
history since it last listened and answers each question once, with the rules of the other
platforms' polls: nothing recorded is answered again, a question older than
`max_wait_days` after a long break is recorded as skipped, and a first start reads only the
look-back. The history is served by `harness.discord_logs_from` (Discord's answer to
`GET /channels/{id}/messages`), the only thing replaced in dpytest's transport."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend
from harness import discord_logs_from, make_bot_user, seed_messages, snowflake

from whynot.platforms.discord import catchup
from whynot.store.cursors import LISTENED, MENTIONS, forget_mention_positions

ASK = "why didn't you follow me back?"
DAY = 86_400.0


@pytest.fixture
async def back(world, monkeypatch):
    monkeypatch.setattr(backend.FakeHttp, "logs_from", discord_logs_from)
    yield world
    world.bot.get_cog("Mentions").listening.stop()


async def ready(world) -> None:
    """Discord's READY: the bot started, or reconnected without a RESUME."""
    world.bot.dispatch("ready")
    await dpytest.run_all_events()


async def off(world) -> None:
    world.bot.dispatch("disconnect")
    await dpytest.run_all_events()


def asked_while_off(world, member, text: str, at: float, channel=None) -> discord.Message:
    """A message posted while the bot heard nothing: in the history, never an event."""
    when = datetime.fromtimestamp(at, UTC)
    [message] = seed_messages(
        channel or world.general, member, [text], start=when, step=timedelta(0)
    )
    return message


def caught_line(caplog) -> str:
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("discord: read")]
    return line


async def test_a_question_asked_while_off_is_answered_once_when_back(back, caplog):
    world, me = back, back.bot.user.id
    await ready(world)  # the first start: nothing asked yet
    await off(world)
    asked = asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 600)
    world.clock.now += 3600
    caplog.set_level(logging.INFO)
    await ready(world)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == asked.id
    assert "automated stream of promotional links" in reply.content
    assert await world.store.messages.state("discord", str(asked.id)) == "sent"
    line = caught_line(caplog)
    assert "read 1 channel since" in line and "1 question asked meanwhile answered" in line
    await off(world)  # a cut again: the history is read again, nothing answered twice
    await ready(world)
    assert len(world.channels.to(world.general)) == 1


async def test_a_question_answered_live_is_not_answered_again_after_a_restart(back):
    world, me = back, back.bot.user.id
    await ready(world)
    asked = await dpytest.message(f"<@{me}> {ASK}", world.general, world.ana)
    assert len(world.channels.to(world.general)) == 1
    await off(world)
    world.clock.now += 3600
    await ready(world)  # the question is in the history read again
    assert len(world.channels.to(world.general)) == 1
    assert await world.store.messages.state("discord", str(asked.id)) == "sent"


async def test_a_question_arriving_during_the_catch_up_is_answered_once(back):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    world.clock.now += 60
    world.bot.dispatch("ready")  # the catch-up starts, and meanwhile a question arrives
    backend.make_message(f"<@{me}> {ASK}", world.ana, world.general)  # live, in history too
    await dpytest.run_all_events()
    assert len(world.channels.to(world.general)) == 1
    assert await world.store.messages.state_counts() == {"sent": 1}


async def test_after_a_long_break_a_question_older_than_max_wait_days_is_skipped(back, caplog):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    start = world.clock.now
    old = asked_while_off(world, world.ana, f"<@{me}> {ASK}", start + DAY)
    new = asked_while_off(world, world.tom, f"<@{me}> follow me back?", start + 9.5 * DAY)
    world.clock.now = start + 10 * DAY  # back after ten days: longer than max_wait_days (7)
    # `bot.py run`'s first cycle polls Discord too (it reads nothing) before the gateway is
    # ready: it must not make the break look short
    await world.desk.poll(world.desk.platforms["discord"])
    caplog.set_level(logging.INFO)
    await ready(world)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == new.id
    [skipped] = await world.store.messages.rows(["skipped"])
    assert skipped.mention.id == str(old.id)
    assert skipped.reason.startswith("asked 9 days ago, longer than [replies] max_wait_days (7)")
    assert "1 question asked meanwhile answered, 1 too old" in caught_line(caplog)


async def test_after_a_short_break_a_clock_set_ahead_does_not_make_a_question_too_old(back):
    """The break is measured by this machine's clock alone: set ten days ahead, a question
    posted during a one-hour break still looks ten days old by it, and is answered."""
    world, me = back, back.bot.user.id
    posted = world.clock.now
    world.clock.now += 10 * DAY
    await ready(world)
    await off(world)
    asked = asked_while_off(world, world.ana, f"<@{me}> {ASK}", posted)
    world.clock.now += 3600
    await ready(world)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == asked.id


async def only_the_recent_is_answered(world, recent, old, caplog) -> None:
    """A first start: the question inside the look-back is answered, the older one never
    recorded, and the start's line says it read the look-back only."""
    caplog.set_level(logging.INFO)
    await ready(world)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == recent.id
    assert await world.store.messages.state("discord", str(old.id)) is None
    assert "(first start: the look-back only)" in caught_line(caplog)


async def test_a_first_start_reads_only_the_look_back(back, caplog):
    """Questions from before the bot existed are not answered: on its very first start it
    reads the last first_run_lookback_hours (24) only."""
    world, me = back, back.bot.user.id
    now = world.clock.now
    old = asked_while_off(world, world.ana, f"<@{me}> {ASK}", now - 3 * DAY)
    recent = asked_while_off(world, world.tom, f"<@{me}> follow me back?", now - 7200)
    await only_the_recent_is_answered(world, recent, old, caplog)


async def test_the_first_start_after_an_upgrade_reads_only_the_look_back(back, caplog):
    """`bot.py run` polled Discord every cycle before this code existed (dating its first
    poll the day Discord was set up): the first catch-up must still look back only
    first_run_lookback_hours from now, not to that day, or weeks-old questions are answered."""
    world, me = back, back.bot.user.id
    set_up = world.clock.now
    await world.desk.poll(world.desk.platforms["discord"])  # an old version's cycle
    weeks_old = asked_while_off(world, world.ana, f"<@{me}> {ASK}", set_up + 2 * DAY)
    world.clock.now = set_up + 40 * DAY
    recent = asked_while_off(world, world.tom, f"<@{me}> follow me back?", world.clock.now - 600)
    await only_the_recent_is_answered(world, recent, weeks_old, caplog)


async def test_one_message_that_cannot_be_handled_does_not_hide_the_later_ones(
    back, monkeypatch, caplog
):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    bad = asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 600)
    later = asked_while_off(world, world.tom, f"<@{me}> follow me back?", world.clock.now + 900)
    world.clock.now += 3600
    real = catchup.answer

    async def fails_on_the_first(bot, message, *args, **kwargs):
        if message.id == bad.id:
            raise RuntimeError("a bug in one message's handling")
        return await real(bot, message, *args, **kwargs)

    monkeypatch.setattr(catchup, "answer", fails_on_the_first)
    caplog.set_level(logging.INFO)
    await ready(world)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == later.id
    assert "1 question asked meanwhile answered" in caught_line(caplog)


async def test_messages_not_addressed_to_the_bot_are_ignored(back):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    at = world.clock.now
    robot = backend.make_member(make_bot_user("robot"), world.guild)
    asked_while_off(world, world.tom, ASK, at + 60)  # not addressed to the bot
    asked_while_off(world, robot, f"<@{me}> {ASK}", at + 120)  # a bot
    asked_while_off(world, world.tom, f"<@{me}> thanks for the follow!", at + 180)
    world.clock.now += 3600
    await ready(world)
    assert world.channels.sent == []
    assert [(r.mention.author.handle, r.reason) for r in await world.store.messages.rows()] == [
        ("tom", "not a question this bot answers")
    ]


async def test_a_channel_without_read_message_history_is_named_once(back, caplog):
    world, me = back, back.bot.user.id
    staff = backend.make_text_channel("staff", world.guild)
    await ready(world)
    await off(world)
    no_history = discord.PermissionOverwrite(read_message_history=False)
    backend.update_text_channel(staff, world.guild.default_role, no_history)
    asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 60, channel=staff)
    world.clock.now += 3600
    caplog.set_level(logging.INFO)
    await ready(world)
    assert world.channels.sent == []
    [line] = [r.getMessage() for r in caplog.records if "Read Message History" in r.getMessage()]
    assert "#staff" in line and "#general" not in line
    assert "read 1 channel since" in caught_line(caplog)  # #general, not #staff


async def test_at_most_per_channel_messages_are_read_the_newest(back, caplog, monkeypatch):
    world, me = back, back.bot.user.id
    monkeypatch.setattr(catchup, "PER_CHANNEL", 3)
    await ready(world)
    await off(world)
    at = world.clock.now
    said = [
        asked_while_off(world, world.tom, f"<@{me}> thanks for the follow! {i}", at + 60 * i)
        for i in range(1, 6)
    ]
    world.clock.now += 3600
    caplog.set_level(logging.INFO)
    await ready(world)
    recorded = {r.mention.id for r in await world.store.messages.rows()}
    assert recorded == {str(m.id) for m in said[-3:]}
    assert "#general had 3 or more messages since: only the newest 3 read" in caught_line(caplog)


async def test_where_it_listened_is_saved_while_connected_only(back, monkeypatch):
    """The beat dates the last time the bot listened: while connected, not during a cut
    (then the break would look short, and a question weeks old answered that late)."""
    world, me = back, back.bot.user.id
    monkeypatch.setattr(catchup, "BEAT_SECONDS", 0.001)
    await ready(world)
    world.clock.now += DAY
    await asyncio.sleep(0.05)
    assert float(await world.store.cursors.get("discord", LISTENED)) == world.clock.now
    await off(world)
    start = world.clock.now
    old = asked_while_off(world, world.ana, f"<@{me}> {ASK}", start + DAY)
    world.clock.now = start + 10 * DAY
    await asyncio.sleep(0.05)  # beats while disconnected: nothing saved
    await ready(world)
    assert world.channels.sent == []
    assert await world.store.messages.state("discord", str(old.id)) == "skipped"


async def test_a_channel_discord_would_not_serve_is_read_again_before_anything_is_saved(
    back, caplog, monkeypatch
):
    """A 503 on a channel's history: nothing is saved (a restart would read from where
    the bot last listened, the break as long as it was), and the next beat reads again."""
    world, me = back, back.bot.user.id
    monkeypatch.setattr(catchup, "BEAT_SECONDS", 0.001)
    await ready(world)
    await off(world)
    kept = await world.store.cursors.get("discord", MENTIONS)
    asked = asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 600)
    world.clock.now += 3600
    refusals = [discord.DiscordServerError(SimpleNamespace(status=503, reason="down"), "")]

    async def unavailable_once(self, channel_id, limit, before=None, after=None, around=None):
        if refusals:
            raise refusals.pop()
        return await discord_logs_from(self, channel_id, limit, before, after, around)

    monkeypatch.setattr(backend.FakeHttp, "logs_from", unavailable_once)
    caplog.set_level(logging.INFO)
    await ready(world)
    line = caught_line(caplog)
    assert "could not read #general (503" in line and "tried again soon" in line
    assert await world.store.cursors.get("discord", MENTIONS) == kept
    for _ in range(500):  # the next beats: the catch-up again, then the position saved
        if await world.store.cursors.get("discord", MENTIONS) != kept:
            break
        await asyncio.sleep(0.01)
    [reply] = world.channels.to(world.general)
    assert reply.payload["message_reference"]["message_id"] == asked.id


def active_thread(world, name: str) -> discord.Thread:
    """A public thread under #general, as Discord's THREAD_CREATE gives it."""
    thread_id = snowflake()
    backend.get_state().parse_thread_create(
        {
            "id": str(thread_id),
            "guild_id": str(world.guild.id),
            "parent_id": str(world.general.id),
            "owner_id": str(world.tom.id),
            "name": name,
            "type": 11,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": datetime.now(UTC).isoformat(),
                "locked": False,
            },
        }
    )
    return world.guild.get_thread(thread_id)


async def test_a_question_asked_in_an_active_thread_while_off_is_answered_there(back):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    thread = active_thread(world, "help")
    asked = asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 60, thread)
    world.clock.now += 3600
    await ready(world)
    [reply] = world.channels.to(thread)
    assert reply.payload["message_reference"]["message_id"] == asked.id
    assert world.channels.to(world.general) == []


async def test_after_a_restore_a_question_answered_since_the_backup_is_not_answered_again(
    back,
):
    """`bot.py restore` puts back a copy made before the answer: it forgets where the bot
    listened up to, so the next start is a first one, which looks for its reply under
    each question in the look-back before answering."""
    world, me = back, back.bot.user.id
    await ready(world)
    asked = await dpytest.message(f"<@{me}> {ASK}", world.general, world.ana)
    [reply] = world.channels.to(world.general)
    # the history as Discord keeps it: the reply names the question (dpytest drops that)
    [kept] = [
        m for m in backend._cur_config.messages[world.general.id] if m["id"] == reply.data["id"]
    ]
    kept["message_reference"] = {"message_id": str(asked.id), "channel_id": str(world.general.id)}
    await off(world)
    with sqlite3.connect(world.store.path) as copy:  # the copy knows nothing of the answer
        copy.execute("DELETE FROM messages")
        copy.execute("DELETE FROM cooldowns")
        assert forget_mention_positions(copy) == ["discord"]
    world.clock.now += 3600
    await ready(world)
    assert len(world.channels.to(world.general)) == 1
    assert await world.store.messages.state("discord", str(asked.id)) == "sent"


async def test_a_dry_run_catches_up_without_sending_or_saving(back, caplog):
    world, me = back, back.bot.user.id
    await ready(world)
    await off(world)
    saved = [await world.store.cursors.get("discord", n) for n in (MENTIONS, LISTENED)]
    asked_while_off(world, world.ana, f"<@{me}> {ASK}", world.clock.now + 600)
    world.clock.now += 3600
    world.desk.dry_run = True
    caplog.set_level(logging.INFO)
    await ready(world)
    assert "read 1 channel since" in caught_line(caplog)  # it did read what was asked
    assert world.channels.sent == []
    assert await world.store.messages.state_counts() == {}
    assert [await world.store.cursors.get("discord", n) for n in (MENTIONS, LISTENED)] == saved
