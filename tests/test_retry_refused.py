"""A platform that refuses before a due message is even claimed (Bluesky with its app
password revoked: its sign-in, `me`, is refused from then on) must not stop the other
platforms' retries. Before, `Desk.retry_due` tried the due messages in one go, and the
first refusal ended it: an X question waiting for room in the hour (or for money) was not
tried while Bluesky's app password stayed revoked. Now the refusing platform's messages
wait for the next cycle, the others are tried, and the step still fails with the refusal
(the run says it, with its fix)."""

from __future__ import annotations

import time

import pytest
from factories import Clock
from test_desk import PERSON, PROMO, ask, make_desk, make_platform

from whynot.desk import CAPPED
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform
from whynot.platforms.revoked import BLUESKY_FIX, Revoked


def refusing_bluesky() -> MemoryPlatform:
    bluesky = MemoryPlatform(owner=Identity("bluesky", "0", "owner"), name="bluesky")
    calls: list[int] = []

    async def refused() -> Identity:
        calls.append(1)
        raise Revoked("Bluesky did not accept the handle and app password", BLUESKY_FIX)

    bluesky.me = refused  # type: ignore[method-assign]
    bluesky.calls = calls  # type: ignore[attr-defined]
    return bluesky


async def test_a_platform_refusing_its_sign_in_does_not_stop_the_others_retries(tmp_path):
    clock, x, bluesky = Clock(time.time()), make_platform(), refusing_bluesky()
    desk = await make_desk(tmp_path / "w.db", x, clock)
    desk.platforms["bluesky"] = bluesky
    store, now = desk.store, clock.now
    try:
        for n, who in enumerate(("b1", "b2")):  # Bluesky's, due first
            asked = Mention("bluesky", who, Identity("bluesky", f"9{n}", who), "follow back?")
            await store.messages.defer(asked, "follow_back_request", "en", CAPPED, now - 9 + n, now)
        for mention in (ask("1", PROMO), ask("2", PERSON, "follow me back?")):
            await store.messages.defer(mention, "why_not_followed", "en", CAPPED, now - 1, now)
        with pytest.raises(Revoked):  # the step fails, saying the refusal and its fix
            await desk.retry_due()
        assert sorted(s.to.id for s in x.sent) == ["1", "2"]  # X's were answered
        assert len(bluesky.calls) == 1  # asked once, not once per message
        waiting = await store.messages.rows(["failed"])
        assert sorted(r.mention.id for r in waiting) == ["b1", "b2"]  # kept, still due
    finally:
        await store.close()
