"""A Bluesky reply refused because the app password was revoked after the mention was read
(the session ends, signing in again is refused): the refusal carries the owner's fix out
of `reply`, so the question waits for new credentials (whynot.platform.waits_for_owner)
instead of being given up. Before, the reply's first read (the post it answers) was
refused first, and `reply` passed it on without the fix: "(giving up)"."""

from __future__ import annotations

import pytest

from tests.bluesky.test_bluesky_adapter import mention
from whynot.models import WAITING_FOR_CREDENTIALS
from whynot.platform import SendError, waits_for_owner
from whynot.platforms.revoked import BLUESKY_FIX


async def test_a_reply_refused_for_a_revoked_app_password_waits_for_new_credentials(fake, bsky):
    mention(fake, 7, "why didn't you follow me back?")
    [asked] = await bsky.mentions_since(None)
    fake.password, fake._tokens, fake._refresh = "new-app-pass", set(), set()  # revoked
    with pytest.raises(SendError) as caught:
        await bsky.reply(asked, ["Thanks for asking"])
    assert waits_for_owner(caught.value) == WAITING_FOR_CREDENTIALS
    assert caught.value.fix == BLUESKY_FIX and not caught.value.transient
    assert fake.created == []
