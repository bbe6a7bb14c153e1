"""Two copies of the bot on one account, each with its own database (host and container),
both answered every mention. Where looking under a message is free (Mastodon, Bluesky), a
reply from the owner's account found under a new message is not made again, and the owner
is told (whynot.other_copy); where it is paid (X), nothing is looked up before a first
reply, as before."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from factories import Clock
from test_desk import ask, make_desk, make_platform

from whynot.models import ReplyState
from whynot.platforms.memory import MemoryPlatform


@dataclass
class Free(MemoryPlatform):
    looks_free: bool = True


def free() -> Free:
    paid = make_platform()
    return Free(owner=paid.owner, name="x", reply_format="x", accounts=paid.accounts)


@pytest.mark.parametrize("looks_free", [True, False], ids=["free-look", "paid-look"])
async def test_a_message_another_copy_answered_is_not_answered_again(
    tmp_path, caplog, looks_free
):
    host, clock = free() if looks_free else make_platform(), Clock()
    first = await make_desk(tmp_path / "host.db", host, clock)
    second = await make_desk(tmp_path / "container.db", host, clock)  # its own database
    try:
        await first.handle(ask("1"))
        clock.now += 60  # the other copy's next poll
        with caplog.at_level(logging.WARNING, logger="whynot"):
            again = await second.handle(ask("1"))
        answers = [s for s in host.sent if s.to.id == "1"]
        lines = [r.getMessage() for r in caplog.records if "another copy" in r.getMessage()]
        if looks_free:
            assert again.state is ReplyState.SKIPPED and len(answers) == 1
            [line] = lines
            assert line.startswith("x: @promo's message 1 already has a reply from your account")
        else:  # X: a look costs money; unchanged
            assert again.state is ReplyState.SENT and len(answers) == 2 and not lines
    finally:
        await first.store.close()
        await second.store.close()


def test_the_look_before_every_reply_is_made_where_it_is_free_only():
    from whynot.platforms.bluesky.platform import BlueskyPlatform
    from whynot.platforms.mastodon.platform import MastodonPlatform
    from whynot.platforms.x import XPlatform

    assert MastodonPlatform.looks_free and BlueskyPlatform.looks_free  # one free request
    assert not getattr(XPlatform, "looks_free", False)  # X: the owner's timeline, paid
