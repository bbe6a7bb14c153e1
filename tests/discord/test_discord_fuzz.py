"""Any Discord message content maps to a post the scorer can judge, and any member's
history renders a reply within Discord's limits with no ping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Account, judge
from whynot.platforms.discord import to_post
from whynot.replies import ReplyRenderer
from whynot.threads import DISCORD_LIMIT

PIECES = [
    "@everyone",
    "@here",
    "<@123>",
    "<@&9>",
    "<#5>",
    "```",
    "**",
    "||x||",
    "> q",
    "https://evil.example/a)",
    "{{ 7*7 }}",
    "{% if %}",
    "\u202e",
    "\u200b",
    "\ud800",
    "follow me back",
    "my new video",
    "#f4f",
    "\n",
]
content = st.lists(st.sampled_from(PIECES) | st.text(max_size=30), max_size=10).map("".join)


def message(text: str, i: int, reply: bool) -> SimpleNamespace:
    return SimpleNamespace(
        content=text,
        attachments=[],
        embeds=[],
        id=1000 + i,
        type=discord.MessageType.reply if reply else discord.MessageType.default,
        reference=None,
        created_at=datetime(2026, 11, 1, tzinfo=UTC) - timedelta(minutes=37 * i),
        mentions=[SimpleNamespace(name=f"user{i}")],
    )


RENDERER = ReplyRenderer()  # one for every example: its templates are built once


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(content, min_size=1, max_size=30), replies=st.lists(st.booleans()))
def test_any_message_content_is_judged_and_answered_safely(texts, replies):
    posts = [
        to_post(message(t, i, bool(replies[i % len(replies)]) if replies else False))
        for i, t in enumerate(texts)
    ]
    kept = tuple(p for p in posts if p is not None)
    assert all(p.text for p in kept)
    verdict = judge(
        Account(
            id="1",
            handle="member",
            platform="discord",
            posts=kept,
            observed_at=datetime(2026, 11, 2, tzinfo=UTC),
        )
    )
    reply = RENDERER.render("why_not_followed", platform="discord", asker="member", verdict=verdict)
    assert len(reply.posts) == 1 and len(reply.posts[0]) <= DISCORD_LIMIT
    for ping in ("@everyone", "@here", "<@123>", "<@&9>"):
        assert ping not in reply.posts[0]
