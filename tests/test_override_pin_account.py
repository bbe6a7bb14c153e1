"""`pin_account` (run at every `Accounts.save`): a decision made by handle alone is tied to
the account met with that handle only if the bot had not seen that account under another
handle by then; and an account's older decision that gives way to its newer one is said
in the moderation log, never deleted unsaid."""

from __future__ import annotations

from dataclasses import replace

from factories import Clock, account

from whynot.models import Identity
from whynot.moderation import ModerationService
from whynot.store import Store

DAY = 86400.0


async def test_a_return_to_an_old_handle_takes_on_no_decision_made_in_between(tmp_path):
    """A (id 42) denied by id as @promo, seen renamed @promo_deals; days later tom approves
    @promo by handle alone (its holder then, not A); A goes back to @promo and is met: A
    keeps its deny, the approve stays by handle, and nothing goes unlogged."""
    clock = Clock()
    store = await Store.open(tmp_path / "w.db")
    try:
        moderation = ModerationService(store, clock)
        promo = account("promo", id="42")
        await store.accounts.save("x", promo, clock(), DAY)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        clock.now += 100
        await store.accounts.save("x", replace(promo, handle="promo_deals"), clock(), DAY)
        clock.now += 3 * DAY
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a real shop now", "tom", "cli")
        clock.now += DAY
        await store.accounts.save("x", promo, clock(), DAY)  # A back at @promo, met
        rows = {(o.handle, o.account_id, o.decision) for o in await moderation.in_force()}
        assert rows == {("promo_deals", "42", "deny"), ("promo", "", "approve")}
        current = await moderation.current("x", "promo", "42")
        assert (current.decision, current.moderator) == ("deny", "rosa")
        logged = [(e.action, e.account_id) for e in await moderation.history()]
        assert logged == [("deny", "42"), ("approve", "")]
    finally:
        await store.close()


async def test_an_older_decision_that_gives_way_is_logged_as_a_reset(tmp_path):
    """A (id 42) denied as @promo, seen renamed @promo_deals; approved there by handle alone
    (stale snapshot); met again: the approve is A's one decision, and the deny's removal is
    in the log (a reset by the bot, under @promo, with A's id)."""
    clock = Clock()
    store = await Store.open(tmp_path / "w.db")
    try:
        moderation = ModerationService(store, clock)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        await store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        clock.now += 3 * DAY
        typed = Identity("x", "", "promo_deals", "promo_deals")
        await moderation.decide(typed, "approve", "a person now", "tom", "cli")
        await store.accounts.save("x", account("promo_deals", id="42"), clock(), DAY)
        rows = [(o.handle, o.account_id, o.decision) for o in await moderation.in_force()]
        assert rows == [("promo_deals", "42", "approve")]
        [*_, reset] = await moderation.history("x", "promo_deals", "42")
        assert (reset.action, reset.handle, reset.account_id) == ("reset", "promo", "42")
        assert (reset.actor, reset.source) == ("bot", "bot")
        assert "deny by rosa" in reset.detail and "approve by tom" in reset.detail
    finally:
        await store.close()


async def test_the_decision_made_in_between_stays_off_the_account_at_every_meeting(tmp_path):
    """As the first test, A having asked as @promo_deals (a message the bot keeps): met at
    @promo again and again (its cached snapshot then says @promo), A never takes on the
    approve made while it was @promo_deals, and keeps its own deny."""
    clock = Clock()
    store = await Store.open(tmp_path / "w.db")
    try:
        moderation = ModerationService(store, clock)
        promo = account("promo", id="42")
        await store.accounts.save("x", promo, clock(), DAY)
        await moderation.decide(Identity("x", "42", "promo", "A"), "deny", "ads", "rosa", "cli")
        clock.now += 100
        await store.db.execute(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "text, state, updated_at, seen_at) VALUES ('x', 'm1', '42', 'promo_deals', 'A', "
            "'why?', 'sent', ?, ?)",
            (clock(), clock()),
        )
        await store.accounts.save("x", replace(promo, handle="promo_deals"), clock(), DAY)
        clock.now += 3 * DAY
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "approve", "a real shop now", "tom", "cli")
        for _ in range(3):  # A back at @promo, met at each question
            clock.now += DAY
            await store.accounts.save("x", promo, clock(), DAY)
        rows = {(o.handle, o.account_id, o.decision) for o in await moderation.in_force()}
        assert rows == {("promo_deals", "42", "deny"), ("promo", "", "approve")}
        assert (await moderation.current("x", "promo", "42")).decision == "deny"
        assert [e.action for e in await moderation.history() if e.action == "reset"] == []
    finally:
        await store.close()
