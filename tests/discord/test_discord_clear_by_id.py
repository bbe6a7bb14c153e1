"""`/override clear handle: id:` clears the decision tied to that account id only: a
decision at the handle made by handle alone (maybe its new holder's) stays, unlogged."""

from __future__ import annotations

from conftest import MANAGE
from factories import account
from harness import settle, slash
from test_discord_feed import with_feed

from whynot.models import Identity


async def test_a_clear_by_id_keeps_a_decision_by_handle_alone(world):
    # A (id 42) denied at @promo, seen renamed @promo_deals; @promo's new holder approved by
    # handle alone (A's deny moves to @promo_deals); two moderators clear id:42 in turn
    moderation = world.bot.moderation
    await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "only ads", "rosa", "cli")
    await world.store.accounts.save("x", account("promo_deals", id="42"), world.clock(), 60.0)
    world.clock.now += 600
    await moderation.decide(Identity("x", "", "promo", "promo"), "approve", "a shop", "ana", "cli")
    clear = "override clear"
    await slash(world.bot, world.tom, world.general, clear, MANAGE, handle="x:promo", id="42")
    assert world.responses.sent()[-1]["content"].startswith("Cleared the decision on")
    await slash(world.bot, world.tom, world.general, clear, MANAGE, handle="x:promo", id="42")
    said = world.responses.sent()[-1]["content"]
    assert said.startswith("There was no decision on") and "(id 42)" in said
    rows = [(o.handle, o.account_id, o.decision) for o in await world.store.moderation.overrides()]
    assert rows == [("promo", "", "approve")]
    resets = [e.account_id for e in await moderation.history() if e.action == "reset"]
    assert resets == ["42"]


async def test_a_clear_by_id_is_said_with_the_id_and_its_history_read_by_it(world):
    # A (id 42) denied at @promo, cached long ago; B (id 99) holds @promo now, no decision:
    # the reply and the feed name 42, not @promo's holder; history id:42 reads A's log
    await with_feed(world)
    former = Identity("x", "42", "promo", "A")
    await world.bot.moderation.decide(former, "deny", "only ads", "rosa", "cli")
    await world.store.accounts.save("x", account("promo", id="42"), 1.0, 60.0)
    await world.store.accounts.save("x", account("promo", id="99"), world.clock.now, 86400.0)
    await settle(world.bot)
    clear = "override clear"
    await slash(world.bot, world.tom, world.general, clear, MANAGE, handle="x:promo", id="42")
    said = world.responses.sent()[-1]["content"]
    assert said.startswith("Cleared the decision on the X account @promo (id 42). "), said
    await settle(world.bot)
    line = world.channels.to(world.feed)[-1].content
    assert "cleared the decision on the X account @promo (id 42) (“cleared on" in line, line
    history = "override history"
    await slash(world.bot, world.tom, world.general, history, MANAGE, handle="x:promo")
    said = world.responses.sent()[-1]["content"]
    assert said == "Nothing in the moderation log about the X account @promo."
    await slash(world.bot, world.tom, world.general, history, MANAGE, handle="x:promo", id="42")
    said = world.responses.sent()[-1]["content"]
    assert said.startswith("**Moderation log for the X account @promo (id 42)**"), said
    assert "**reset** by tom" in said and "**deny** by rosa" in said
