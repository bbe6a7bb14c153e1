"""The mentions cog with dpytest: a question that mentions the bot (or replies to it) gets
the desk's answer as a reply that can ping only the asker; bots, chit-chat and messages
not addressed to the bot get nothing."""

from __future__ import annotations

import discord.ext.test as dpytest
from discord.ext.test import backend, factories
from harness import make_bot_user

ASK = "why didn't you follow me back?"
ONLY_ASKER = {"replied_user": True, "parse": []}


async def test_a_question_gets_a_reply_quoting_the_reasons(world):
    bot = world.bot
    asked = await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    [reply] = world.channels.to(world.general)
    assert "automated stream of promotional links" in reply.content
    assert "all of your last 20 posts carry a link" in reply.content  # the question is not counted
    assert reply.payload["message_reference"]["message_id"] == asked.id
    assert reply.payload["allowed_mentions"] == ONLY_ASKER
    assert await world.store.messages.state_counts() == {"sent": 1}
    assert await world.store.messages.state("discord", str(asked.id)) == "sent"


async def test_the_account_snapshot_is_cached_for_the_next_answer(world):
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    cached = await world.store.accounts.cached("discord", str(world.ana.id), world.clock())
    assert cached is not None and cached.platform == "discord" and cached.handle == "ana"
    assert len(cached.posts) == 20 and all(p.urls for p in cached.posts)


async def test_bots_chit_chat_and_unaddressed_messages_get_nothing(world):
    bot = world.bot
    robot = backend.make_member(make_bot_user("robot"), world.guild)
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, robot)
    await dpytest.message(f"<@{bot.user.id}> thanks for the follow!", world.general, world.tom)
    await dpytest.message(ASK, world.general, world.tom)  # not addressed to the bot
    assert world.channels.sent == []
    assert [(r.mention.author.handle, r.reason) for r in await world.store.messages.rows()] == [
        ("tom", "not a question this bot answers")
    ]


async def test_a_member_named_everyone_cannot_make_the_reply_ping_everyone(world):
    bot = world.bot
    assert world.everyone.name == "@everyone"
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.everyone)
    [reply] = world.channels.to(world.general)
    assert "@everyone" not in reply.content and "@\u200beveryone" in reply.content
    assert reply.payload["allowed_mentions"] == ONLY_ASKER


async def test_a_reply_to_the_bot_counts_as_addressed(world):
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    ours = world.channels.to(world.general)[0].data
    state = backend.get_state()
    data = factories.make_message_dict(world.general, world.tom, content="follow me back please?")
    data["type"] = 19  # a reply
    data["message_reference"] = {"message_id": ours["id"], "channel_id": world.general.id}
    data["referenced_message"] = ours
    state.parse_message_create(data)
    await dpytest.run_all_events()
    replies = world.channels.to(world.general)
    assert len(replies) == 2
    assert replies[1].payload["message_reference"]["message_id"] == data["id"]


async def test_one_answer_per_member_per_cooldown(world):
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    world.clock.now += 3600
    await dpytest.message(f"<@{bot.user.id}> follow me back?", world.general, world.ana)
    assert len(world.channels.to(world.general)) == 1
    [skipped] = await world.store.messages.rows(["skipped"])
    assert "cooldown" in skipped.reason


async def _posts_judged(world, member) -> list[str]:
    cached = await world.store.accounts.cached("discord", str(member.id), world.clock())
    assert cached is not None  # the question was answered: the member was judged
    return [p.id for p in cached.posts]


async def test_a_question_replying_to_the_bot_is_not_judged_as_a_post(world):
    """A reply to our answer asks without pinging the bot (Discord's reply ping off):
    the question is not among the posts the member is judged on."""
    bot = world.bot
    await dpytest.message(f"<@{bot.user.id}> {ASK}", world.general, world.ana)
    ours = world.channels.to(world.general)[0].data
    data = factories.make_message_dict(
        world.general, world.tom, content="follow me back please? #F4F"
    )
    data["type"] = 19  # a reply, its ping off: the bot is not in `mentions`
    data["message_reference"] = {"message_id": ours["id"], "channel_id": world.general.id}
    data["referenced_message"] = ours
    backend._cur_config.messages[world.general.id].append(data)  # in the history, as on Discord
    backend.get_state().parse_message_create(data)
    await dpytest.run_all_events()
    assert len(world.channels.to(world.general)) == 2  # answered
    assert str(data["id"]) not in await _posts_judged(world, world.tom)


async def test_a_question_to_the_bots_role_is_not_judged_as_a_post(world):
    """People pick the bot's managed role from the @ menu: that question is not one of the
    member's posts either."""
    bot = world.bot
    role = factories.make_role_dict("whynot", managed=True)
    role["tags"] = {"bot_id": str(bot.user.id)}
    backend.get_state().parse_guild_role_create({"guild_id": world.guild.id, "role": role})
    asked = await dpytest.message(f"<@&{role['id']}> {ASK} #F4F", world.general, world.tom)
    assert len(world.channels.to(world.general)) == 1  # answered
    assert str(asked.id) not in await _posts_judged(world, world.tom)
