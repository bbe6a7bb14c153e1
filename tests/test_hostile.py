"""Hostile content through the whole pipeline: names, bios and posts full of pings,
markdown and code-block breakers, template syntax, zero-width and right-to-left marks,
100 KB texts and lone surrogates. Replies stay within limits, mention only the asker,
and show the text as text."""

from __future__ import annotations

import re
import uuid

from factories import account, posts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import build_owner_index
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.threads import DISCORD_LIMIT, X_LIMIT, x_length

NASTY = [
    "@everyone",
    "@here",
    "<@123>",
    "<@&456>",
    "<#789>",
    "```",
    "**",
    "__",
    "~~",
    "||",
    "> quote",
    "[link](https://evil.example)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "\u200b",
    "\u202e",
    "\u2066",
    "\ud800",
    "@someone_else",
    "＠fullwidth",
    "#hashtag",
    "\n\n",
    "🙂" * 3,
    "https://t.co/abc",
]
hostile = st.lists(st.sampled_from(NASTY) | st.text(max_size=20), min_size=1, max_size=12).map(
    "".join
)


# One for every example: a renderer builds each language's templates once, and the desk
# only renders with it (a new one per example built them again; the replies are the same).
RENDERER = ReplyRenderer()


async def answer(tmp_path, name: str, bio: str, texts: list[str], fmt: str):
    acc = account(
        "victim",
        display_name=name,
        description=bio,
        posts=posts([t or "x" for t in texts], source="IFTTT"),
        followers_count=10,
        following_count=3000,
    )
    platform = MemoryPlatform(
        owner=Identity("x", "0", "owner"), name="x", reply_format=fmt, accounts={acc.id: acc}
    )
    store = await Store.open(tmp_path / f"{fmt}-{uuid.uuid4().hex}.db")
    try:
        desk = Desk(
            store,
            {"x": platform},
            RENDERER,
            build_owner_index(None),
            Settings(replies=ReplySettings(cooldown_hours=0)),
        )
        who = Identity("x", acc.id, "victim", name)
        outcome = await desk.handle(Mention("x", "1", who, "why didn't you follow me back?"))
    finally:
        await store.close()
    return outcome, platform.sent


def check_reply(posts_: tuple[str, ...], fmt: str) -> None:
    text = "\n".join(posts_)
    assert "@everyone" not in text and "@here" not in text
    if fmt == "x":
        assert 1 <= len(posts_) <= 3 and all(x_length(p) <= X_LIMIT for p in posts_)
        assert not re.search(r"[@＠]\w", text), "nobody but the asker may be mentioned"
    else:
        assert len(posts_) == 1 and len(posts_[0]) <= DISCORD_LIMIT
        assert not re.search(r"<[@#][!&]?\d+>", text)
    assert "49" not in text.replace("0.49", "")  # {{ 7*7 }} is never evaluated


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=hostile, bio=hostile, texts=st.lists(hostile, min_size=20, max_size=25))
async def test_hostile_profiles_never_break_a_reply(tmp_path, name, bio, texts):
    for fmt in ("x", "discord"):
        outcome, sent = await answer(tmp_path, name, bio, texts, fmt)
        assert outcome.state == "sent", outcome.reason
        check_reply(sent[0].posts, fmt)


async def test_a_100kb_post_and_name_stay_within_limits(tmp_path):
    huge = "@everyone {{ 7*7 }} " + "z" * 100_000
    for fmt in ("x", "discord"):
        outcome, sent = await answer(tmp_path, huge[:5000], huge, [huge] * 20, fmt)
        assert outcome.state == "sent"
        check_reply(sent[0].posts, fmt)


async def test_the_asker_name_is_shown_as_text(tmp_path):
    outcome, sent = await answer(
        tmp_path, "**Bold** `code` @here", "", ["hello there"] * 20, "discord"
    )
    text = sent[0].posts[0]
    assert r"\*\*Bold\*\* \`code\`" in text and "@\u200bhere" in text
