"""The shortcuts that make `whynot.intents.classify` fast answer as the slow forms do: idioms
read by tokens (`textnorm.neutralised`) as the idiom pattern, the URL hint as the caseless
one, the model's packed integer sums (`whynot.intent_model._pack`) as float sums, and float
sums where weights are off the grid. `bench/intents_throughput.py --compare` checks whole
answers on the corpora."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from whynot import intent_cues, intent_review, intent_rules, intents, textnorm
from whynot.intent_cues import marks, model_features
from whynot.intent_model import IntentModel, softmax
from whynot.intents import model, normalise
from whynot.prefilter import Group, Hinted, any_of, satisfied

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    lines = (ROOT / "tests" / "data" / "intents.jsonl").read_text(encoding="utf-8").splitlines()
    raw = [json.loads(line)["text"] for line in lines if line.strip()]
    for path in sorted((ROOT / "bench" / "data").glob("intents_families_*.txt")):
        raw += [t for t in path.read_text(encoding="utf-8").splitlines() if t and t[0] != "#"]
    return raw


IDIOMS = [
    "follow up on my ticket",
    "please follow the link",
    "follow back the people you like",
    "follow back please",
    "i followed your turn now",
    "followed your turnaround",
    "followed your profile",
    "sigue el link",
    "segue o meu perfil e sigam as regras",
    "following following up",
    "follow",
    "unfollow up",
    "",
    "follow follow up . follows these ? segui esta",
]


@pytest.mark.parametrize("s", IDIOMS)
def test_idioms_by_tokens_are_the_idiom_pattern(s):
    assert textnorm.neutralised(s) == textnorm.IDIOM.sub("xfollow", s)


def test_idioms_by_tokens_are_the_idiom_pattern_on_the_labelled_messages():
    prepared = [normalise(t).text for t in _texts()]
    wrong = [s for s in prepared if textnorm.neutralised(s) != textnorm.IDIOM.sub("xfollow", s)]
    assert not wrong, wrong[:5]
    assert sum(textnorm.neutralised(s) != s for s in prepared) > 10  # idioms were met


def _float_twin(fitted: IntentModel) -> IntentModel:
    twin = IntentModel(
        fitted.classes, fitted.intercept, fitted.weights, fitted.threshold,
        fitted.sure_rules, fitted.languages, fitted.meta,
    )  # fmt: skip
    twin._packed_intercept = None  # as when a weight is off the 4-decimal grid
    return twin


def test_packed_sums_are_the_float_sums_on_the_labelled_messages():
    fitted = model()
    assert fitted._packed_intercept is not None  # the shipped weights are on the grid
    floats = _float_twin(fitted)
    for text in _texts()[:800]:
        norm, s = intents.prepare(text, guess=False)
        extra = model_features(s, intents.match_rules(s, norm.truncated), marks(text))
        packed, by_floats = fitted.scores(s, extra), floats.scores(s, extra)
        assert packed == pytest.approx(by_floats, abs=1e-9), text
        probs, language = fitted.decide(s, extra)
        assert probs == pytest.approx(softmax(by_floats[: len(fitted.classes)]), abs=1e-12)
        assert language == floats.decide(s, extra)[1]


def test_weights_off_the_grid_are_summed_as_floats():
    weights = {"w:follow": (0.12345, -0.5), "c: fo": (0.25, 0.0), "x:why": (1.0, -1.0)}
    odd = IntentModel(("a", "b"), (0.1, 0.2), weights, 0.5, frozenset())
    assert odd._packed_intercept is None
    assert odd.scores("follow", ("x:why",)) == pytest.approx([0.1 + 0.12345 + 0.25 + 1.0, -1.3])
    grid = IntentModel(("a", "b"), (0.1, -0.2), {**weights, "w:follow": (0.1234, -0.5)}, 0.5,
                       frozenset())  # fmt: skip
    assert grid._packed_intercept is not None
    assert grid.scores("follow follow", ("x:why", "x:why")) == [1.4734, -1.7]


def test_the_url_hint_is_the_caseless_one():
    caseless = re.compile(r"://|\.[\w-]|www\.", re.IGNORECASE)  # as it was written
    texts = [*_texts(), "www.", "WwW.x", "ww.", "a. b", "http://", ".-", "x.\u00e9", "end."]
    for text in texts:
        assert bool(textnorm._URL_HINT.search(text)) == bool(caseless.search(text)), text
    assert sum(bool(textnorm._URL_HINT.search(t)) for t in texts) > 10


@pytest.mark.parametrize(
    ("pattern", "text", "passes"),
    [
        (r"\bse (?:you|me)\b", "house me", False),  # "se" ends a token but starts no word there
        (r"\bse (?:you|me)\b", "se me", True),
        (r"\bse (?:you|me)\b", "(se me", True),  # a word starts after "("
        (r"\bse (?:you|me)\b", "\u00e9se me", False),  # not after a letter
        (r"\bse (?:you|me)\b", "se yours", False),  # "you" must end a word
        (r"\b(?:no|not|never) (?:follow|follows)\b", "now follow", False),
        (r"\b(?:no|not|never) (?:follow|follows)\b", "i do not follow", True),
        (r"follow me back", "unfollow me backwards", True),  # the literal test decides then
        (r"follow me back", "follow me", False),
    ],
)
def test_pieces_know_where_in_a_token_a_literal_sits(pattern, text, passes):
    hinted = Hinted.compile(pattern)
    assert (satisfied(text) & hinted.bits == hinted.bits) is passes
    assert (hinted.search(text) is None) == (hinted.pattern.search(text) is None)


def test_word_boundaries_of_ascii_patterns_are_not_read_as_unicode_ones():
    ascii_pattern = Hinted.compile(re.compile(r"\bse me\b", re.ASCII))
    assert ascii_pattern.search("\u00e9se me") is not None  # é is no ASCII word character
    assert Hinted.compile(r"\bse me\b").search("\u00e9se me") is None


def _hinted() -> list[Hinted]:
    out = [p for _, p in intent_rules.GUARDS]
    out += [p for rules in intent_rules.RULES.values() for _, _, p in rules]
    out += [p for ps in intent_rules.INTENT_GUARDS.values() for p in ps]
    out += [p for _, p in (*intent_cues.CUES, *intent_review.REVIEW_CUES)]
    out += [p for _, _, p in intent_review.REVIEW_RULES]
    return [*out, textnorm.IDIOM, intent_review.NAMES_ANSWER, *(p for p, _ in textnorm.PHRASES)]


def test_pieces_never_rule_out_a_match_where_words_start_inside_tokens():
    # every token glued to what follows a non-word character ("(", "#"), or a letter ("é"):
    # word boundaries inside tokens, which normalised text seldom has
    prepared = [intents.prepare(t)[1] for t in _texts()[:700]]
    texts = [f"{c}{s.replace(' ', ' ' + c)}" for s in prepared for c in ("(", "\u00e9", "#_")]
    texts += [s.replace(" ", "") for s in prepared[:200]]
    hinted = _hinted()
    group = Group(hinted)
    wrong, matched = [], 0
    for s in texts:
        may = set(group.may_match(s))
        for i, p in enumerate(hinted):
            found = p.pattern.search(s) is not None
            matched += found
            if (found and i not in may) or (p.search(s) is not None) != found:
                wrong.append((p.pattern.pattern, s))
    assert not wrong, wrong[:5]
    assert matched > 1000  # the variants still match


def test_no_character_the_bad_characters_pattern_drops_is_printable():
    # textnorm skips that pattern on printable text
    dropped = [c for c in map(chr, range(0x110000)) if textnorm._BAD_CHARS.fullmatch(c)]
    assert len(dropped) > 2000  # the surrogates alone are 2,048
    assert not [c for c in dropped if c.isprintable()]


def test_marked_letters_are_those_of_the_caseless_class():
    caseless = re.compile(f"[{''.join(intent_cues._MARKS)}]", re.IGNORECASE)  # as it was
    spelled = intent_cues._MARKED
    chars = map(chr, range(0x110000))
    wrong = [c for c in chars if bool(caseless.match(c)) != bool(spelled.match(c))]
    assert not wrong, wrong[:5]
    assert marks("Ñandú ÉL está") == ("o:á", "o:é", "o:ñ", "o:ú")


def test_rule_stems_told_by_pieces_are_those_a_search_finds():
    stems = re.compile("|".join(intent_rules.RULE_STEMS))
    prepared = [intents.prepare(t)[1] for t in _texts()]
    texts = [*prepared, *(s.replace(" ", "") for s in prepared[:300]), "", "f4f", "re mov"]
    texts += [f"({s}" for s in prepared[:300]] + ["unfollowed", "x.drop", "sig o", "dro p"]
    wrong = [s for s in texts if intent_rules._holds_stem(s) != bool(stems.search(s))]
    assert not wrong, wrong[:5]
    assert 100 < sum(map(intent_rules._holds_stem, texts)) < len(texts) - 100
    with pytest.raises(ValueError):
        any_of(("follow me",))


def test_neutralised_tokens_are_those_of_the_string_it_gives():
    normalised = [normalise(t).text for t in [*_texts(), *IDIOMS]]
    wrong, changed = [], 0
    for text in normalised:
        s, tokens = textnorm.neutralised_tokens(text)
        changed += s != text
        if s != textnorm.neutralised(text) or tokens != s.split():
            wrong.append(text)
    assert not wrong, wrong[:5]
    assert changed > 10 and "" in normalised  # idioms were met, and an empty message


def test_a_string_joined_from_words_has_the_clauses_its_tokens_have():
    from whynot import prefilter

    wrong, joined = [], 0
    for text in [*_texts()[:1500], "f o l l o w  me", "#F4F (follow)"]:
        parts = list(filter(None, map(textnorm._WORD_TOKENS.__getitem__, text.lower().split())))
        s = prefilter.joined(parts)
        kept, plain = prefilter.satisfied(s), prefilter._last[2]
        prefilter._last = ("", 0, True)  # forgotten: read again by its tokens
        joined += len(parts) > 1
        if s != " ".join(parts) or (kept, plain) != (prefilter.satisfied(s), prefilter._last[2]):
            wrong.append(s)
    assert not wrong, wrong[:5]
    assert joined > 1000


def test_results_made_by_their_setters_are_those_the_constructor_makes():
    for args in [("other", 0.5, "en", None), ("why_not_followed", 0.912, "pt", "model: 'x'")]:
        made, built = intents._result(*args), intents.IntentResult(*args)
        assert type(made) is type(built) and made == built and hash(made) == hash(built)
        assert repr(made) == repr(built) and made.rule == args[3]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.intent = "other"
