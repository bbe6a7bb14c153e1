"""bench/x_cost.py's bill of a busier account: every mention given is read, at any --scale,
and the 'as before e8264cf' figure buys the profile of every mention's author."""

from __future__ import annotations

import pytest

from bench.x_cost import play
from whynot.platforms.demo import DEMO, load_script


async def test_the_busier_account_reads_every_mention_at_scale_2():
    # A first poll reads one page (100 mentions): the busier world of --scale 2 has 180.
    quiet = await play(2, baseline=False)
    busy = await play(2, baseline=False, chatter=4)
    assert (quiet["mentions"], busy["mentions"]) == (36, 180)
    assert busy["answered"] == quiet["answered"]  # the chatter asks nothing
    assert busy["server"]["post"] - quiet["server"]["post"] == pytest.approx(144 * 0.005)


async def test_before_e8264cf_every_mentions_author_was_bought():
    # Before e8264cf each author came with their mention: the askers answered (read now)
    # and the ones not answered, counted here from the demo script.
    quiet = await play(1, baseline=False)
    steps = [s for s in load_script(DEMO / "script.jsonl") if s.kind == "mention"]
    authors = len({s.data["from"] for s in steps})
    assert quiet["unbought"] == authors - quiet["answered"]
    busy = await play(1, baseline=False, chatter=4)
    assert busy["unbought"] == quiet["unbought"] + 72  # each chatter author is new
