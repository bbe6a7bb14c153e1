"""The reply check (`already_replied`) refused for money is an info line, not a warning per
mention: under cron a month nearly spent mailed the owner ten warnings naming raw post ids,
while the cycle's own line already says what waits for money."""

from __future__ import annotations

import logging

from tests.x.conftest import OWNER, SECRETS, tweet
from whynot.models import Identity, Mention
from whynot.platforms.x import XPlatform
from whynot.spend import Budget


async def test_a_reply_check_refused_for_money_is_no_warning(fake_x, store, caplog):
    fake_x.tweets[OWNER["id"]] = [tweet(8_002, OWNER["id"], "chat")]
    poor = XPlatform.from_settings(SECRETS, fake_x.base, Budget(store, 0.05), timeout=5)
    try:
        with caplog.at_level(logging.INFO, logger="whynot"):
            found = await poor.already_replied(Mention("x", "8001", Identity("x", "1", "a"), "q"))
    finally:
        await poor.close()
    assert found is None  # not known, never "no"
    said = [r for r in caplog.records if "cannot tell whether mention 8001" in r.getMessage()]
    assert [r.levelno for r in said] == [logging.INFO]
    assert "budget" in said[0].getMessage()
