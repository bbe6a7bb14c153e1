"""Rules that describe themselves: every criterion declares its signals as data (name,
weight, one-line description, fact phrase keys); every signal has a weight and every weight
a signal; every fact has a phrase in every reply language; and what the criteria fire on
real accounts is what they declare."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scoring import judge, parse_account
from scoring import thresholds as th
from scoring.criteria import CRITERIA
from scoring.criteria.base import declare
from scoring.evidence import PHRASES
from scoring.models import CriterionResult, Verdict
from whynot.owner_config import load_owner_config
from whynot.replies import LANGUAGES, ReplyRenderer

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
DEMO = ROOT / "data" / "demo"
TABLES = {  # the criteria whose weights are a table of scoring.thresholds
    "automated_promo": th.PROMO_WEIGHTS,
    "sporadic": th.SPORADIC_WEIGHTS,
    "one_track": th.ONE_TRACK_WEIGHTS,
    "follow_for_follow": th.FF_WEIGHTS,
    "bought_followers": th.BOUGHT_WEIGHTS,
}


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.id)
def test_every_signal_is_declared_with_a_weight_a_description_and_facts(criterion):
    assert criterion.signals, f"{criterion.id} declares no signal"
    names = [s.name for s in criterion.signals]
    assert len(set(names)) == len(names)
    for s in criterion.signals:
        assert 0 < s.weight <= 1, s
        assert s.description and "\n" not in s.description and len(s.description) <= 90, s
        assert s.facts and all(isinstance(k, str) for k in s.facts), s
    if criterion.id in TABLES:
        assert {s.name: s.weight for s in criterion.signals} == TABLES[criterion.id]


def test_a_signal_without_a_weight_or_a_weight_without_a_signal_is_refused():
    row = ("a", "one line", ("a",))
    assert declare({"a": 0.5}, [row])[0].weight == 0.5
    with pytest.raises(ValueError, match="do not match"):
        declare({"a": 0.5, "b": 0.2}, [row])
    with pytest.raises(ValueError, match="do not match"):
        declare({}, [row])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fact_has_a_phrase_in_every_language(language):
    keys = sorted({k for c in CRITERIA for k in c.facts})
    if language == "en":  # English facts are worded in scoring.evidence
        missing = [k for k in keys if k not in PHRASES]
    else:
        source = (TEMPLATES / language / "facts.j2").read_text(encoding="utf-8")
        missing = [k for k in keys if f'f.key == "{k}"' not in source]
    assert missing == []


def test_no_phrase_is_left_without_a_criterion_that_reports_it():
    declared = {k for c in CRITERIA for k in c.facts}
    assert sorted(set(PHRASES) - declared) == []


def demo_verdicts() -> list[Verdict]:
    owner = load_owner_config(DEMO / "owner.toml")
    lines = (DEMO / "accounts.jsonl").read_text(encoding="utf-8").splitlines()
    return [judge(parse_account(json.loads(line)), owner) for line in lines if line.strip()]


def test_what_fires_on_real_accounts_is_declared_and_reads_in_every_language():
    declared = {c.id: c for c in CRITERIA}
    fired: list[CriterionResult] = []
    for verdict in demo_verdicts():
        for result in verdict.criteria:
            spec = declared[result.id]
            assert {name for name, _ in result.signals} <= {s.name for s in spec.signals}
            assert {f.key for f in result.facts} <= set(spec.facts)
            if not result.passed:
                fired.append(result)
    assert len({r.id for r in fired}) >= 4  # the demo world fails several criteria
    renderer = ReplyRenderer()  # one: it builds each language's templates once, not per reply
    for language in LANGUAGES:
        for result in fired:
            one = Verdict("1", "h", 0.9, False, (result,))
            text = renderer.render(
                "why_not_followed",
                platform="discord",
                language=language,
                asker="Ana",
                verdict=one,
            ).text
            # A fact without wording prints its key where the words belong (Discord
            # escapes its underscores).
            text = text.replace("\\_", "_")
            raw = [
                f.key
                for f in result.facts
                if re.search(rf"(?:^|: |; ){re.escape(f.key)}(?:[.;]|$)", text, re.MULTILINE)
            ]
            assert raw == [], f"{language}: {raw} printed as raw keys"
