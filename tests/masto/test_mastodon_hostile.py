"""Hostile text on Mastodon: a display name and posts with HTML, @user@domain handles and
control characters; the reply names only the asker, fits the instance, and is sent once."""

from __future__ import annotations

import re

from scoring import build_owner_index
from tests.masto.conftest import make_platform
from tests.masto.fake_mastodon import account, status
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import ReplyState
from whynot.replies import ReplyRenderer

_UNBROKEN_AT = re.compile(r"[@＠](?!\u200b)")


async def test_a_hostile_asker_gets_one_reply_naming_only_them(fake, store):
    fake.max_characters = 300  # a small instance: its own limit is used
    asker = account(
        "109000000000000099",
        "mallory",
        "evil.example",
        display_name='<script>alert(1)</script> @alice@mastodon.social \u202e"',
        note="<p>follow back @bob@x.example <b>now</b></p>",
    )
    fake.accounts[asker["id"]] = asker
    ids = [str(113_400_000_000_000_000 + i) for i in range(12, 0, -1)]
    for i, sid in enumerate(ids):
        fake.statuses[sid] = status(sid, asker, f"<p>hey @carol@x.example {i} &lt;b&gt;</p>")
    fake.timelines[asker["id"]] = ids
    sid = "113500000000000999"
    fake.statuses[sid] = status(sid, asker, "<p>why no follow back? @dave@x.example</p>")
    fake.notifications = [
        {
            "id": "1",
            "type": "mention",
            "created_at": "2026-11-30T10:00:00.000Z",
            "account": asker,
            "status": fake.statuses[sid],
        }
    ]
    masto = await make_platform(fake)
    await masto.me()
    assert masto.limit == 300
    desk = Desk(store, {"mastodon": masto}, ReplyRenderer(), build_owner_index(None), Settings())
    [mention] = await masto.mentions_since(None)
    outcome = await desk.handle(mention)
    assert outcome.state == ReplyState.SENT, outcome.reason
    assert (await desk.handle(mention)).reason == "already handled"
    assert 1 <= len(fake.posted) <= 3
    for posted in fake.posted:
        text = posted["status"]
        assert len(text) <= 300
        assert text.startswith("@mallory@evil.example ")
        rest = text.removeprefix("@mallory@evil.example ")
        assert not _UNBROKEN_AT.search(rest), text
