"""A moderator's decision follows the account, not its handle (eighth walkthrough, a team
of five: a member denied for only posting ads changed their handle and was answered by the
verdict again, as if no one had decided; `override history` under the new handle found
nothing). Kept by the account's id where the bot has met it; whoever takes up the old
handle does not inherit the decision."""

from __future__ import annotations

from dataclasses import replace

from factories import Clock, account
from test_desk import PROMO, make_desk, make_platform, who
from test_reviews import ASKER
from test_reviews import make_desk as review_desk
from test_reviews import make_platform as review_platform

from whynot.models import Identity, Mention
from whynot.moderation import ModerationService

ASK = "why didn't you follow me back?"


async def test_a_decision_by_handle_follows_the_account_to_its_new_handle(tmp_path):
    platform = make_platform()
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", platform, clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        first = await desk.handle(Mention("x", "1", who(PROMO), ASK))
        assert first.template == "why_not_followed"
        # a moderator decides by handle, as `bot.py override set promo deny` and the feed do
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "deny", "only ads", "rosa (1)", "cli")
        renamed = replace(PROMO, handle="promo_deals")
        platform.accounts[PROMO.id] = renamed
        clock.now += 3 * 86400  # the cached snapshot is stale: read again, new handle
        outcome = await desk.handle(Mention("x", "2", who(renamed), ASK))
        assert outcome.template == "moderator_denied" and "only ads" in outcome.posts[0]
        # asked about by the new handle alone (a Discord member's /whynot handle:...)
        assert (await moderation.current("x", "promo_deals")).reason == "only ads"
        [entry] = await moderation.history("x", "promo_deals")
        assert (entry.action, entry.actor, entry.handle) == ("deny", "rosa (1)", "promo")

        # someone new takes up "promo": not denied, and not told of another's decision
        heir = account("promo", id="id-heir")
        platform.accounts[heir.id] = heir
        heir_outcome = await desk.handle(Mention("x", "3", who(heir), ASK))
        assert heir_outcome.template != "moderator_denied"
        assert await moderation.current("x", "promo", heir.id) is None

        # cleared under the new handle; the log keeps both entries about the account
        assert await moderation.clear(Identity("x", "", "promo_deals", ""), "talked", "tom", "cli")
        assert await desk.store.moderation.overrides() == []
        actions = [e.action for e in await moderation.history("x", "promo_deals")]
        assert actions == ["deny", "reset"]
    finally:
        await desk.store.close()


async def test_deciding_again_under_the_new_handle_replaces_the_old_row(tmp_path):
    desk = await make_desk(tmp_path / "w.db", make_platform())
    moderation = ModerationService(desk.store, desk.clock)
    try:
        await moderation.decide(Identity("x", "42", "ana", "Ana"), "deny", "ads", "rosa", "cli")
        change = await moderation.decide(
            Identity("x", "42", "ana_b", "Ana"), "approve", "a person", "tom", "discord"
        )
        assert change.replaced is not None and change.replaced.decision == "deny"
        [only] = await desk.store.moderation.overrides()
        assert (only.handle, only.decision, only.account_id) == ("ana_b", "approve", "42")
    finally:
        await desk.store.close()


async def test_a_review_and_its_answer_are_in_the_history_under_a_new_handle(tmp_path):
    clock = Clock()
    platform = review_platform()
    desk, _ = await review_desk(tmp_path / "r.db", platform, clock)
    try:
        first = await desk.handle(Mention("x", "1", ASKER, ASK))
        clock.now += 600
        text = "can a human look at this?"
        await desk.handle(Mention("x", "2", ASKER, text, reply_to=first.reply_ids[-1]))
        target = Identity("x", ASKER.id, ASKER.handle)
        await ModerationService(desk.store, clock).decide(target, "deny", "ads", "kim", "cli")
        [told] = await desk.reviews.settle()
        assert told.state == "sent"
        # @promo is now @promo_shop: a member's complaint is looked up under the new handle
        moderation = ModerationService(desk.store, clock)
        entries = await moderation.history("x", "promo_shop", ASKER.id)
        assert [e.action for e in entries] == ["review requested", "deny", "review answered"]
    finally:
        await desk.store.close()


def test_the_list_says_the_handle_a_decision_s_account_has_now(tmp_path, capsys):
    import asyncio

    from whynot.cli import main

    async def decide_then_rename() -> None:
        platform = make_platform()
        clock = Clock()
        desk = await make_desk(tmp_path / "w.db", platform, clock)
        try:
            await desk.handle(Mention("x", "1", who(PROMO), ASK))
            await ModerationService(desk.store, clock).decide(
                Identity("x", "", "promo", "promo"), "deny", "only ads", "rosa", "cli"
            )
            renamed = replace(PROMO, handle="promo_deals")
            platform.accounts[PROMO.id] = renamed
            clock.now += 3 * 86400
            await desk.handle(Mention("x", "2", who(renamed), ASK))  # the new handle is seen
        finally:
            await desk.store.close()

    asyncio.run(decide_then_rename())
    db = str(tmp_path / "w.db")
    assert main(["override", "list", "--db", db]) == 0
    assert "@promo (now @promo_deals): “only ads”" in capsys.readouterr().out
    assert main(["override", "list", "--db", db, "--json"]) == 0
    assert '"now_handle": "promo_deals"' in capsys.readouterr().out


async def test_a_decision_made_before_the_account_asked_follows_it_once_met(tmp_path):
    # `bot.py override set spammer deny` before @spammer ever asked ("no question from
    # @spammer has reached the bot yet"): kept by handle; once the bot meets the account
    # the decision is pinned to its id, so a later rename keeps it.
    platform = make_platform()
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", platform, clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        await moderation.decide(Identity("x", "", "Promo", ""), "deny", "ads", "rosa", "cli")
        assert (await desk.store.moderation.overrides())[0].account_id == ""
        first = await desk.handle(Mention("x", "1", who(PROMO), ASK))
        assert first.template == "moderator_denied"
        renamed = replace(PROMO, handle="promo_deals")
        platform.accounts[PROMO.id] = renamed
        clock.now += 3 * 86400
        later = await desk.handle(Mention("x", "2", who(renamed), ASK))
        assert later.template == "moderator_denied"
        assert [e.action for e in await moderation.history("x", "promo_deals")] == ["deny"]
    finally:
        await desk.store.close()
