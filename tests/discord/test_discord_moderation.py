"""`/override` through the real command tree: hidden by default permissions, refused (and
logged) for members who are not moderators, audited, and applied on every platform."""

from __future__ import annotations

import logging

import discord
import discord.ext.test as dpytest
from conftest import MANAGE, MEMBER, PROMO
from discord.ext.test import backend
from factories import account
from harness import slash

from whynot.models import Identity, Mention

EPHEMERAL = 64


async def set_override(world, member, permissions=MANAGE, **options):
    return await slash(world.bot, member, world.general, "override set", permissions, **options)


async def test_the_commands_are_hidden_from_members_by_default(world):
    tree = world.bot.tree
    for name in ("override", "whynot-config"):
        payload = tree.get_command(name).to_dict(tree)
        assert payload["default_member_permissions"] == MANAGE.value
        assert payload["contexts"] == [0]  # servers only
    assert tree.get_command("whynot").to_dict(tree)["default_member_permissions"] is None


async def test_a_member_without_manage_server_is_refused_and_it_is_logged(world, caplog):
    caplog.set_level(logging.WARNING, "whynot.platforms.discord")
    await set_override(
        world, world.tom, MEMBER, decision="approve", reason="pretty please", handle="promo"
    )
    [refusal] = world.responses.sent()
    assert refusal["type"] == 4 and refusal["flags"] == EPHEMERAL
    assert refusal["content"] == (
        "Only members with Manage Server or this server's moderator role can do that."
    )
    assert await world.store.moderation.overrides() == []
    assert await world.store.moderation.history() == []
    assert f"refused /override set to tom ({world.tom.id})" in caplog.text


async def test_the_moderator_role_is_enough(world):
    role = backend.make_role("mods", world.guild)
    await dpytest.add_role(world.tom, role)
    await world.store.guilds.set(str(world.guild.id), "moderator_role", str(role.id), "t", 0)
    await set_override(world, world.tom, MEMBER, decision="deny", reason="spam", handle="promo")
    assert (await world.store.moderation.override("x", "promo")).decision == "deny"


async def test_an_override_set_on_discord_about_an_x_handle_changes_the_answer_on_x(world):
    await set_override(
        world, world.rosa, decision="approve", reason="a real shop", handle="@promo", platform="x"
    )
    [ack, confirmation] = world.responses.sent()
    assert ack["type"] == 5  # "working on it" at once: Discord allows 3 s for a first answer
    assert confirmation["flags"] == EPHEMERAL
    assert confirmation["content"].startswith("Approved the X account @promo.")
    [entry] = await world.store.moderation.history("x", "promo")
    assert (entry.actor, entry.action, entry.detail, entry.source) == (
        f"rosa ({world.rosa.id})",
        "approve",
        "a real shop",
        "discord",
    )
    assert abs(entry.at - world.clock.now) < 1

    asker = Identity("x", PROMO.id, "promo", "Promo")
    outcome = await world.desk.handle(Mention("x", "t1", asker, "why didn't you follow me back?"))
    assert outcome.template == "moderator_approved"
    [sent] = world.x.sent
    assert "approved a follow" in sent.posts[0] and "a real shop" in sent.posts[0]


async def test_clear_list_and_history(world):
    await set_override(
        world, world.rosa, decision="deny", reason="bought followers", user=world.ana
    )
    await set_override(world, world.rosa, decision="approve", reason="our shop", handle="promo")
    await slash(world.bot, world.rosa, world.general, "override list", MANAGE)
    listing = world.responses.last()["content"]
    assert listing.startswith("**Decisions in force** (2), newest first:")
    assert "- **deny** discord @ana: “bought followers”" in listing
    assert listing.index("promo") < listing.index("@ana")

    await slash(world.bot, world.rosa, world.general, "override clear", MANAGE, user=world.ana)
    assert world.responses.last()["content"] == (  # what was cleared: rosa's own deny
        "Cleared the decision on the Discord account @ana. It was the deny by you "
        f"(<t:{int(world.clock.now)}:f>): “bought followers”. (Written to the moderation log.)"
    )
    assert await world.store.moderation.override("discord", "ana") is None
    await slash(world.bot, world.rosa, world.general, "override clear", MANAGE, user=world.ana)
    assert world.responses.last()["content"] == "There was no decision on the Discord account @ana."

    await slash(world.bot, world.rosa, world.general, "override history", MANAGE, user=world.ana)
    history = world.responses.last()["content"]
    assert "**reset** by rosa" in history and "**deny** by rosa" in history
    assert history.index("reset") < history.index("deny")  # newest first
    actions = [(e.action, e.source) for e in await world.store.moderation.history("discord", "ana")]
    assert actions == [("deny", "discord"), ("reset", "discord")]


async def test_a_denied_member_is_told_so(world):
    await set_override(world, world.rosa, decision="deny", reason="only ads", user=world.ana)
    await slash(world.bot, world.ana, world.general, "whynot")
    answer = world.responses.last()["content"]
    assert "decided not to follow back for now" in answer and "only ads" in answer


async def test_reasons_are_escaped_and_ping_no_one(world):
    await set_override(
        world, world.rosa, decision="deny", reason="@everyone **spam**", user=world.ana
    )
    await slash(world.bot, world.rosa, world.general, "override list", MANAGE)
    listing = world.responses.last()
    assert "@\u200beveryone \\*\\*spam\\*\\*" in listing["content"]
    assert listing["allowed_mentions"] == {"parse": []}


def test_a_reason_of_blanks_is_refused_and_others_are_one_line():
    import pytest as _pytest

    from cogs.moderation import clean_reason
    from whynot.platforms.discord import UserFacingError

    assert clean_reason("  runs our\\n partner shop ") == "runs our\\n partner shop"
    assert clean_reason("two\nlines  here") == "two lines here"
    with _pytest.raises(UserFacingError):
        clean_reason("  \n ")


async def test_only_the_owners_servers_may_decide_when_they_are_listed(world):
    from dataclasses import replace

    from whynot.config import DiscordSettings

    settings = world.desk.settings
    world.desk.settings = replace(settings, discord=DiscordSettings(control_guilds=(1,)))
    await set_override(
        world, world.rosa, decision="approve", reason="from elsewhere", handle="promo"
    )
    [refusal] = world.responses.sent()
    assert "owner's own server" in refusal["content"]
    assert await world.store.moderation.overrides() == []
    world.desk.settings = replace(
        settings, discord=DiscordSettings(control_guilds=(world.guild.id,))
    )
    await set_override(world, world.rosa, decision="approve", reason="from home", handle="promo")
    assert (await world.store.moderation.override("x", "promo")).reason == "from home"


async def test_a_member_cannot_clear_a_moderator_decision(world, caplog):
    caplog.set_level(logging.WARNING, "whynot.platforms.discord")
    await set_override(world, world.rosa, decision="deny", reason="only ads", user=world.ana)
    await slash(world.bot, world.tom, world.general, "override clear", MEMBER, user=world.ana)
    refusal = world.responses.last()
    assert refusal["flags"] == EPHEMERAL
    assert refusal["content"] == (
        "Only members with Manage Server or this server's moderator role can do that."
    )
    assert (await world.store.moderation.override("discord", "ana")).decision == "deny"
    assert [e.action for e in await world.store.moderation.history("discord", "ana")] == ["deny"]
    assert f"refused /override clear to tom ({world.tom.id})" in caplog.text


async def test_a_member_cannot_list_the_decisions(world, caplog):
    caplog.set_level(logging.WARNING, "whynot.platforms.discord")
    await set_override(world, world.rosa, decision="deny", reason="secret note", user=world.ana)
    await slash(world.bot, world.tom, world.general, "override list", MEMBER)
    refusal = world.responses.last()
    assert refusal["content"].startswith("Only members with Manage Server")
    assert "secret note" not in refusal["content"]
    assert f"refused /override list to tom ({world.tom.id})" in caplog.text


async def test_a_member_cannot_read_an_account_history(world, caplog):
    caplog.set_level(logging.WARNING, "whynot.platforms.discord")
    await set_override(world, world.rosa, decision="deny", reason="secret note", user=world.ana)
    await slash(world.bot, world.tom, world.general, "override history", MEMBER, user=world.ana)
    refusal = world.responses.last()
    assert refusal["content"].startswith("Only members with Manage Server")
    assert "secret note" not in refusal["content"]
    assert f"refused /override history to tom ({world.tom.id})" in caplog.text


async def test_administrator_alone_is_enough_to_decide(world):
    admin = discord.Permissions(administrator=True)
    await set_override(world, world.tom, admin, decision="deny", reason="spam", handle="promo")
    assert (await world.store.moderation.override("x", "promo")).decision == "deny"


async def test_a_moderator_role_of_another_server_member_is_not_enough(world):
    # The role is configured, but tom does not hold it.
    role = backend.make_role("mods", world.guild)
    await world.store.guilds.set(str(world.guild.id), "moderator_role", str(role.id), "t", 0)
    await set_override(world, world.tom, MEMBER, decision="deny", reason="spam", handle="promo")
    assert await world.store.moderation.overrides() == []


def test_a_reason_needs_three_characters():
    # The command's own promise (its Range[3, 300] and error message): "at least 3".
    import pytest as _pytest

    from cogs.moderation import clean_reason
    from whynot.platforms.discord import UserFacingError

    assert clean_reason(" ok! ") == "ok!"
    assert clean_reason("  a  b ") == "a b"  # three characters once on one line
    with _pytest.raises(UserFacingError, match="at least 3"):
        clean_reason("ab")


async def test_a_former_holders_decision_in_the_way_is_said_in_one_line(world):
    # account 42 was denied as @promo, and the bot has not seen its new handle; @promo is
    # now another account (99), just read: deciding on it must not overwrite 42's deny
    former = Identity("x", "42", "promo", "A")
    await world.bot.moderation.decide(former, "deny", "only ads", "rosa", "cli")
    await world.store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)
    await world.store.accounts.save("x", account("promo", id="99"), world.clock.now, 86400.0)
    await set_override(
        world, world.tom, decision="approve", reason="a person", handle="promo", platform="x"
    )
    said = world.responses.sent()[-1]
    assert said["flags"] == EPHEMERAL and "\n" not in said["content"]
    assert said["content"].startswith("not recorded: @promo has the deny by rosa")
    [kept] = await world.store.moderation.overrides()
    assert (kept.account_id, kept.decision) == ("42", "deny")


async def test_a_plain_clear_never_removes_a_former_holders_decision(world):
    # as above; tom clears @promo (now 99, who has no decision): 42's deny stays, and the
    # one line says whose it is and how to clear it on purpose, which then works
    former = Identity("x", "42", "promo", "A")
    await world.bot.moderation.decide(former, "deny", "only ads", "rosa", "cli")
    await world.store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)
    await world.store.accounts.save("x", account("promo", id="99"), world.clock.now, 86400.0)
    before = await world.bot.moderation.history()
    clear = "override clear"
    await slash(world.bot, world.tom, world.general, clear, MANAGE, handle="promo", platform="x")
    said = world.responses.sent()[-1]["content"]
    assert "\n" not in said and said.startswith("not cleared: @promo has no decision about")
    assert "id 42" in said and "/override clear handle:x:promo id:42" in said
    assert [(o.account_id, o.decision) for o in await world.store.moderation.overrides()] == [
        ("42", "deny")
    ]
    assert await world.bot.moderation.history() == before

    await slash(world.bot, world.tom, world.general, clear, MANAGE, handle="x:promo", id="42")
    assert world.responses.sent()[-1]["content"].startswith("Cleared the decision on")
    assert await world.store.moderation.overrides() == []
    [*_, reset] = await world.bot.moderation.history("x", "promo", "42")
    assert (reset.action, reset.account_id) == ("reset", "42") and reset.actor.startswith("tom")
