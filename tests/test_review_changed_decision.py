"""A review's follow-up tells the decision in force when it goes out (eighth walkthrough:
two moderators on one account at the same minute). kim approved @promo's review request,
the follow-up waited (X's credits spent), rosa denied a minute later: the asker was then
told "approved", with kim's note, while rosa's deny was in force. A decision copied onto
a request whose follow-up has made no post yet is replaced by a newer one."""

from __future__ import annotations

import pytest
from test_reviews import HOUR, PROMO, answered, reply_to  # noqa: F401 (answered: fixture)

from whynot.models import Identity
from whynot.moderation import ModerationService
from whynot.platform import SendError


async def decide(desk, decision: str, reason: str, who: str) -> None:
    target = Identity("x", PROMO.id, PROMO.handle)
    await ModerationService(desk.store, desk.clock).decide(target, decision, reason, who, "cli")


async def approved_waiting_for_money(desk, platform, answer) -> None:
    """kim approves a review request whose follow-up then waits for X's credits."""
    ask = await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    await decide(desk, "approve", "fine after all", "kim")
    platform.failures[ask.reply_ids[0]] = [SendError("X refused: 402", False, True)]
    [waiting] = await desk.reviews.settle()
    assert waiting.state == "failed" and waiting.reason.startswith("waiting for money")


async def test_a_follow_up_still_to_send_tells_the_newer_decision(answered):  # noqa: F811
    desk, _, platform, clock, answer = answered
    await approved_waiting_for_money(desk, platform, answer)
    clock.now += 60
    await decide(desk, "deny", "links only, no conversation", "rosa")
    clock.now += HOUR
    [told] = await desk.reviews.settle()
    said = " ".join(platform.sent[-1].posts)
    assert told.state == "sent" and told.template == "moderator_denied"
    assert "decided not to follow back" in said and "links only" in said
    assert "approved" not in said
    [done] = await desk.store.reviews.listed()
    assert (done.decision, done.decided_by, done.note) == (
        "deny", "rosa", "links only, no conversation",
    )  # fmt: skip


async def test_a_follow_up_already_sent_is_not_changed(answered):  # noqa: F811
    desk, _, platform, clock, answer = answered
    await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    await decide(desk, "approve", "fine after all", "kim")
    [told] = await desk.reviews.settle()
    assert told.state == "sent" and told.template == "moderator_approved"
    sent = len(platform.sent)
    clock.now += 60
    await decide(desk, "deny", "changed my mind", "rosa")
    assert await desk.reviews.settle() == [] and len(platform.sent) == sent
    [done] = await desk.store.reviews.listed()
    assert (done.decision, done.decided_by) == ("approve", "kim")  # what the asker was told


async def test_a_follow_up_still_to_send_of_a_cleared_decision_is_not_sent(answered):  # noqa: F811
    desk, _, platform, clock, answer = answered
    await approved_waiting_for_money(desk, platform, answer)
    clock.now += 60
    target = Identity("x", PROMO.id, PROMO.handle)
    await ModerationService(desk.store, desk.clock).clear(
        target, "approved by mistake", "rosa", "cli"
    )
    sent = len(platform.sent)
    clock.now += HOUR
    assert await desk.reviews.settle() == [] and len(platform.sent) == sent
    [request] = await desk.store.reviews.listed()
    assert request.decision is None and request.state == "open"  # waits for a new decision
    await decide(desk, "deny", "links only", "rosa")  # decided anew: told once, the new one
    [told] = await desk.reviews.settle()
    assert told.state == "sent" and told.template == "moderator_denied"
    assert len(platform.sent) == sent + 1 and "approved" not in " ".join(platform.sent[-1].posts)


@pytest.mark.parametrize("recorded", [False, True], ids=["not_yet_recorded", "recorded"])
async def test_a_decision_replaced_while_its_follow_up_is_on_the_way_is_not_told(
    answered,  # noqa: F811
    recorded: bool,
):
    """kim approves and her cycle starts the follow-up; rosa's deny lands while it waits
    (here: while it asks whether replies are paused), recorded on the request by another
    cycle or not yet. kim's approve must not be told."""
    desk, _, platform, clock, answer = answered
    await desk.handle(reply_to("2", answer[0], "can a human look at this?"))
    await decide(desk, "approve", "fine after all", "kim")
    sent, real, landed = len(platform.sent), desk.access_paused, []

    async def rosa_lands_meanwhile(name, now):
        if not landed:
            landed.append(True)
            clock.now += 1
            await decide(desk, "deny", "links only", "rosa")
            if recorded:
                await desk.store.reviews.record_decisions(clock.now)
        return await real(name, now)

    desk.access_paused = rosa_lands_meanwhile
    assert not landed
    assert await desk.reviews.settle() == []
    assert landed and len(platform.sent) == sent  # nothing told on the way
    [told] = await desk.reviews.settle()  # the next cycle tells the decision in force
    assert told.template == "moderator_denied" and len(platform.sent) == sent + 1
    [done] = await desk.store.reviews.listed()
    assert (done.decision, done.decided_by) == ("deny", "rosa")
