"""Issue 14: normalisation misreadings of mentions, by class (`whynot.textnorm`).

A follow that asks nothing becomes "xfollow" like an idiom ("follow up"): the noun counted
toward a milestone ("one follow away from 1k") or already received, told in the past
("your follow made my day"); a follow asked for ("a follow from you would make my day")
stays "follow".
"""

from __future__ import annotations

import pytest

from whynot import textnorm
from whynot.intents import classify, prepare

MILESTONES_AND_THANKS = [
    "One follow away from 2k!!",
    "just 3 follows left till 500",
    "estoy a un follow de los 1000 😭",
    "tô a um follow dos 5k",
    "your follow made my whole week",
    "un follow de tu parte me alegró la tarde",
    "seu follow me encantou, obrigada",
    "tu follow me hizo el día",
]


@pytest.mark.parametrize("text", MILESTONES_AND_THANKS)
def test_a_follow_that_asks_nothing_is_neutralised(text: str) -> None:
    s = prepare(text)[1]
    assert "xfollow" in s.split()
    assert textnorm.IDIOM.sub("xfollow", textnorm.normalise(text).text) == s


@pytest.mark.parametrize(
    "text",
    [
        "a follow from you would make my day",
        "un follow tuyo me alegraría el día",
        "one follow from you and I'm at 1k",
        "follow me, I'm 10 away from 1k",
        "your follow back would make my day",
    ],
)
def test_a_follow_asked_for_is_not(text: str) -> None:
    assert "xfollow" not in prepare(text)[1].split()


@pytest.mark.parametrize(
    "text",
    [
        "One follow away from 1k!",
        "two follows away from 10k, wild",
        "estoy a un follow de los 1000",
        "your follow made my week",
        "Un follow de tu parte me alegró el día",
    ],
)
def test_milestones_and_follows_received_are_not_requests(text: str) -> None:
    assert classify(text).intent == "other"
