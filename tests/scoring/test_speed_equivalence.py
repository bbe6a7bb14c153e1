"""Issue 12's speed work gives the same answers as the plain code it replaced: each cheaper
path is checked against the reference it stands for (hand-made cases and Hypothesis)."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import text as tx
from scoring.fake import _PIECES, _climbed
from scoring.fake_signals import POST_SIGNALS, ramps

# Pieces of every sales phrase and of the other parts, so generated texts hit each
# pattern, its literal opening without the rest, and near misses.
SALES_BITS = [
    *(p.replace("(?:me )?", "me ").replace("(?:time|offer|stock)", "offer") for p in
      tx._SALES_PHRASES),
    "limited", "dm", "to order", "off", "%", "50%", "50 %", "$", "$5", "€ 3", "£", "#ad",
    "#deals", "#adverts", "shop", "now", "the", "x", "1", "é", "😀", "\n", "@", "https://a.b/",
]  # fmt: skip


def reference_sales_pitch(lowered: str) -> bool:
    return any(re.search(part, lowered) for part in tx._SALES_PARTS)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SALES_BITS), max_size=10).map(" ".join) | st.text(max_size=60))
def test_sales_pitch_gates_never_change_the_answer(text: str) -> None:
    lowered = text.lower()
    assert tx.is_sales_pitch(lowered) == reference_sales_pitch(lowered)


def test_every_sales_phrase_is_found_behind_its_hint() -> None:
    """A phrase's hint is the literal its matches open with: each phrase, written out, is
    a sales pitch (a hint cut wrong, "limited (" or "offer|stock)", would miss it)."""
    for phrase in tx._SALES_PHRASES:
        written = phrase.replace("(?:me )?", "").replace("(?:time|offer|stock)", "stock")
        assert tx.is_sales_pitch(f"so {written} today"), phrase
        assert reference_sales_pitch(f"so {written} today"), phrase


def reference_climbed(value: float, weights: tuple[float, ...], edges: tuple[float, ...]) -> float:
    """What fake._posts summed before: every ramp's weight times how far it is climbed."""
    return sum([w * r for w, r in zip(weights, ramps(value, edges), strict=True)])


weights_of = st.floats(-3, 3, allow_nan=False) | st.sampled_from([0.0, -0.0, 1.0])


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from(POST_SIGNALS),
    st.floats(-1, 3, allow_nan=False) | st.sampled_from([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.4]),
    st.lists(weights_of, min_size=5, max_size=5),
)
def test_climbed_is_the_same_float_as_the_ramps_sum(signal, value, weights) -> None:
    weights = tuple(weights[: len(signal.edges) - 1])
    got = _climbed(value, weights, _PIECES[signal.name])
    want = reference_climbed(value, weights, signal.edges)
    assert got == want and math.copysign(1, got) == math.copysign(1, want)


def test_a_value_that_is_not_a_number_climbs_no_ramp() -> None:
    edges = POST_SIGNALS[0].edges
    weights = (1.0,) * (len(edges) - 1)
    assert _climbed(math.nan, weights, _PIECES[POST_SIGNALS[0].name]) == 0.0
    assert reference_climbed(math.nan, weights, edges) == 0.0
