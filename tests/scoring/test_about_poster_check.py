"""The learned check on the rules' "about the poster" (scoring/about_poster_check.py).

Hand-made checks pin its arithmetic and where it sits in the judgement; a property test
shows it can only withdraw a "yes" of the rules, never give one; the shipped file, when
there is one, round-trips and stays a small plain-data model.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import about_poster_check as apc
from scoring.about_poster import explain
from scoring.about_poster_check import Check, features


def check(weights: dict[str, float], threshold: float = 0.5, **kw: bool) -> Check:
    return Check(weights, 0.0, threshold, kw.get("pairs", False), kw.get("with_cue", False))


def test_features_are_words_then_pairs_then_the_cue():
    assert features(["so", "tired"], "state", False, False) == {"w:so", "w:tired"}
    with_pairs = features(["so", "tired"], "state", True, False)
    assert {"b:<s> so", "b:so tired", "b:tired </s>"} <= with_pairs
    assert "r:state" in features(["so", "tired"], "state", False, True)


def test_probability_is_the_logistic_of_the_summed_weights():
    c = Check({"w:think": -2.0, "r:first person": 0.5}, 0.5, 0.5, False, True)
    # -2.0 + 0.5 + 0.5 = -1.0
    assert c.probability(["i", "think"], "first person") == pytest.approx(0.2689, abs=1e-4)
    assert c.probability(["i"], "first person") == pytest.approx(0.7311, abs=1e-4)
    assert not c.stands(["i", "think"], "first person")
    assert c.stands(["i"], "first person")


def test_a_withdrawn_yes_names_the_check_and_the_cue_it_overruled():
    veto = check({"w:think": -5.0})
    text = "I think the new API pricing is wrong and I am tired of it"
    said, why = explain(text, check=None)
    assert said, "the rules call this about the poster (a first-person word)"
    assert explain(text, check=veto) == (False, f"checked: not about the poster ({why})")
    assert explain(text, check=check({"w:tired": 5.0})) == (True, why)


def test_a_no_of_the_rules_is_never_asked():
    always_yes = Check({}, 60.0, 0.5, False, False)
    assert explain("@ana I had the same problem", check=always_yes)[0] is False
    assert explain("Breaking: rates rise again", check=always_yes)[0] is False


@given(st.text(max_size=200), st.sampled_from(["post", "reply"]))
def test_the_shipped_judgement_only_ever_withdraws_a_yes(text, kind):
    said, _ = explain(text, kind)
    if said:
        assert explain(text, kind, check=None)[0]


@pytest.mark.skipif(apc.CHECK is None, reason="no fitted check shipped")
def test_the_shipped_file_round_trips_as_plain_data():
    raw = resources.files("scoring").joinpath(apc.MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    assert Check.from_dict(data).to_dict() == data
    assert Check.from_dict(data) == apc.CHECK
    assert 0.0 < apc.CHECK.threshold < 1.0
    assert all(k.split(":", 1)[0] in {"w", "b", "r"} for k in apc.CHECK.weights)
    assert len(raw) < 400_000
