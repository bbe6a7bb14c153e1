"""A handle that changes hands keeps each decision with its own account (b4f6365's
decisions by account id, read again): a decision made by handle is tied to an account only
through a fresh snapshot, never a stale one whose holder may have renamed since; and a
decision on a handle's new holder never overwrites the former holder's decision there."""

from __future__ import annotations

from dataclasses import replace

from factories import Clock
from test_desk import PROMO, make_desk, make_platform, who

from whynot.models import Identity, Mention
from whynot.moderation import ModerationService

ASK = "why didn't you follow me back?"
DAY = 86400.0


async def test_a_decision_by_handle_is_not_tied_to_a_stale_snapshots_account(tmp_path):
    platform = make_platform()
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", platform, clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        await desk.handle(Mention("x", "1", who(PROMO), ASK))  # A cached as @promo
        renamed = replace(PROMO, handle="promo_deals")  # A renames; the bot never re-reads it
        platform.accounts[PROMO.id] = renamed
        heir = replace(PROMO, id="id-heir")  # B takes up @promo, the same ads
        platform.accounts[heir.id] = heir
        clock.now += 30 * DAY  # A's snapshot is long stale
        # a moderator denies whoever is @promo now, by handle (bot.py override set, the feed)
        typed = Identity("x", "", "promo", "promo")
        await moderation.decide(typed, "deny", "only ads", "rosa", "cli")
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == ""  # by handle until the holder is met, not A's id
        assert (await desk.handle(Mention("x", "2", who(heir), ASK))).template == (
            "moderator_denied"
        )
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == heir.id  # pinned to the real holder when met (edc65c5)
        former = await desk.handle(Mention("x", "3", who(renamed), ASK))
        assert former.template != "moderator_denied"  # A is not told publicly of B's deny
    finally:
        await desk.store.close()


async def test_a_fresh_snapshot_still_gives_the_decision_its_account(tmp_path):
    clock = Clock()
    desk = await make_desk(tmp_path / "w.db", make_platform(), clock, cooldown_hours=0)
    moderation = ModerationService(desk.store, clock)
    try:
        await desk.handle(Mention("x", "1", who(PROMO), ASK))
        await moderation.decide(Identity("x", "", "promo", "promo"), "deny", "ads", "rosa", "cli")
        [row] = await desk.store.moderation.overrides()
        assert row.account_id == PROMO.id
    finally:
        await desk.store.close()
