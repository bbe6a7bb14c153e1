"""The learned part of the intent classifier: the shipped model file is plain JSON weights,
the rule it reports, Portuguese, and the floors measured on held-out paraphrase families,
languages and real posts (bench/fit_intents.py's procedure, refitted per fold)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from whynot.intents import INTENTS, classify, model

BENCH = Path(__file__).resolve().parent.parent / "bench"
MODEL_FILE = Path(__file__).resolve().parent.parent / "whynot" / "intent_model.json"


def _fit_intents():
    """bench/fit_intents.py (the corpus and the fitting procedure), importable from tests."""
    import sys

    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import fit_intents

    return fit_intents


def test_model_file_is_plain_json_weights():
    # The repository keeps no file over 2 MB (the refit of 6fef630 reached 2.12 MB).
    assert MODEL_FILE.stat().st_size < 2_000_000
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["classes"]) == INTENTS
    assert tuple(data["languages"]) == ("en", "es", "pt")
    width = len(INTENTS) + 3
    assert len(data["intercept"]) == width
    assert 0.0 < data["threshold"] < 1.0
    assert all(
        len(w) == width and all(isinstance(v, (int, float)) for v in w)
        for w in data["weights"].values()
    )
    from whynot.intent_review import REVIEW_RULES
    from whynot.intent_rules import GUARDS, RULES

    names = {f"guard.{name}" for name, _ in GUARDS}
    names |= {name for rules in RULES.values() for name, _, _ in rules}
    names |= {name for name, _, _ in REVIEW_RULES}
    assert set(data["sure_rules"]) <= names


def test_rule_is_the_sure_rule_or_the_model_with_its_features():
    sure = classify("why did you unfollow me?")
    assert sure.intent == "why_unfollowed" and sure.rule in model().sure_rules
    learned = classify("any chance of a follow from you?")
    assert learned.intent == "follow_back_request"
    assert learned.rule.startswith("model: ") and "follow" in learned.rule


PORTUGUESE = [
    "me segue de volta pfv",
    "por que você deixou de me seguir?",
    "pq vc n me segue?",
    "te segui, sua vez 😊",
    "deixei de te seguir pq vc nunca me seguiu",
    "oi! acabei de te seguir, espero que me siga",
    "bora se seguir? 👉👈",
    "faz um ano que te sigo e nada",
    "obrigado pelo follow 🙏",
    "não precisa me seguir, sou só fã",
]


@pytest.mark.parametrize("text", PORTUGUESE)
def test_portuguese_is_recognised(text):
    assert classify(text).language == "pt"


# Floors a little under the figures measured by the fixture below (group 5-fold, fixed
# C and threshold chosen before looking; bench/intents_eval.py reports the full nested
# procedure). They fail if the corpus, features or rules get worse.
FAMILY_FLOORS = {  # intent: (precision, recall); measured 0.866/0.851, 0.802/0.778,
    # 0.886/0.739, 0.930/0.937, 0.747/0.822 (macro-F1 0.834); a new family moves the folds,
    # so the floors sit some 0.03 under. Issue 18 added the review families (181 messages,
    # 66 families): the folds moved, and follow_back_request measured 0.829/0.861,
    # why_unfollowed 0.907/0.894, review_request 0.973/0.989 (macro-F1 0.861). Issue 14
    # (22 families more: contact requests, adverts, announcements, follow trains, hashtag
    # lists, polite requests; the raw text's hashtag shape): 0.860/0.868, 0.843/0.841,
    # 0.909/0.839, 0.940/0.924, 0.977/0.972, other 0.812/0.837 (macro-F1 0.885). Issue 14
    # again (108 families of the kinds that failed, 12 cues): 0.835/0.854, 0.830/0.796,
    # 0.913/0.830, 0.925/0.901, 0.983/0.972, other 0.792/0.833 (macro-F1 0.871). A second
    # new hand's 250 families (kept under bench/fit_intents.py's rule; their 13 review
    # families are harder than ours): 0.875/0.851, 0.841/0.847, 0.957/0.850, 0.963/0.907,
    # 0.976/0.931, other 0.816/0.886 (macro-F1 0.891)
    "follow_back_request": (0.84, 0.82),
    "why_not_followed": (0.81, 0.81),
    "unfollow_excuse": (0.92, 0.82),
    "why_unfollowed": (0.93, 0.87),
    "review_request": (0.94, 0.90),
    "other": (0.78, 0.85),
}
FAMILY_MACRO_FLOOR = 0.86
LANGUAGE_FLOOR = 0.94  # measured en 0.996, es 0.974, pt 0.973
TEST_C, TEST_THRESHOLD = 4.0, 0.5


@pytest.fixture(scope="module")
def held_out():
    """Families (and, when the datasets are present, the real posts) classified by models
    fitted without their fold: {index: IntentResult}, and the examples."""
    pytest.importorskip("sklearn")
    fi = _fit_intents()
    from whynot.intents import classify_with

    real = fi.real_available()
    examples = [e for e in fi.corpus(with_real=real) if e.source != "old-test"]
    names, x = fi._matrix(examples)
    y = [INTENTS.index(e.intent) for e in examples]
    scored = [i for i, e in enumerate(examples) if e.source in ("family", "real")]
    sub = [examples[i] for i in scored]
    results = {}
    for fold in fi.group_folds(sub, 5):
        test = {scored[j] for j in fold}
        rows = [i for i in range(len(examples)) if i not in test]
        train = [examples[i] for i in rows]
        coef, intercept = fi._fit_lr(x[rows], [y[i] for i in rows], TEST_C)
        language = fi.fit_language(train, names, x[rows])
        fitted = fi.to_model(
            names, coef, intercept, TEST_THRESHOLD, fi.sure_rules(train), language=language
        )
        for i in test:
            results[i] = classify_with(examples[i].text, fitted, examples[i].about_answer)
    return examples, results


def _part(held_out, source, lang=None):
    examples, results = held_out
    idx = [i for i in results if examples[i].source == source]
    idx = [i for i in idx if lang is None or examples[i].lang == lang]
    return [examples[i] for i in idx], [results[i] for i in idx]


def test_held_out_families_per_intent(held_out):
    fi = _fit_intents()
    examples, results = _part(held_out, "family")
    gold, pred = [e.intent for e in examples], [r.intent for r in results]
    macro, _ = fi.macro_f1(gold, pred)
    print(f"\n[intents] held-out families macro-F1 {macro:.3f}")
    assert macro >= FAMILY_MACRO_FLOOR
    below = []
    for intent, (p_floor, r_floor) in FAMILY_FLOORS.items():
        tp = sum(g == p == intent for g, p in zip(gold, pred, strict=True))
        precision, recall = tp / max(1, pred.count(intent)), tp / gold.count(intent)
        print(f"[intents] {intent}: precision {precision:.3f} recall {recall:.3f}")
        if precision < p_floor or recall < r_floor:
            below.append((intent, round(precision, 3), round(recall, 3)))
    assert not below, below


def test_held_out_language(held_out):
    examples, results = _part(held_out, "family")
    for lang in ("en", "es", "pt"):
        pairs = [(e.lang, r.language) for e, r in zip(examples, results, strict=True)]
        part = [a == b for a, b in pairs if a == lang]
        accuracy = sum(part) / len(part)
        print(f"\n[intents] held-out language {lang}: {accuracy:.3f} of {len(part)}")
        assert accuracy >= LANGUAGE_FLOOR, (lang, accuracy)


def test_real_posts_about_following_mostly_stay_silent(held_out):
    fi = _fit_intents()
    if not fi.real_available():
        pytest.skip(f"shared datasets not found under {fi.DATASETS} (set WHYNOT_DATASETS)")
    examples, results = _part(held_out, "real")
    quiet = [r for e, r in zip(examples, results, strict=True) if e.intent == "other"]
    answered = sum(r.intent != "other" for r in quiet)
    asking = [(e, r) for e, r in zip(examples, results, strict=True) if e.intent != "other"]
    found = sum(e.intent == r.intent for e, r in asking)
    print(f"\n[intents] real posts asking nothing: {len(quiet)}, answered {answered}; "
          f"asking: {len(asking)}, found {found}")  # fmt: skip
    # measured 29 of 1,482, then 31, then 37 (issue 14: 108 families more, 12 cues)
    assert answered <= 0.026 * len(quiet)
    assert found >= 0.45 * len(asking)  # measured 7 of 20, then 11 (issue 14)


@pytest.mark.parametrize(
    ("raw", "shape"),
    [
        ("#siguemeytesigo #sunday https://t.co/xYz123", ("o:tag_list",)),  # a hashtag list
        ("@x #sdv #moda", ("o:tag_list",)),  # handles are not words said
        ("Sigan a @y #FollowBack #Refollow #FollowAll", ("o:tags3",)),  # a follow train
        ("#a #b #c", ("o:tags3", "o:tag_list")),
        ("#followback pls 🙏", ()),  # one tag and a word: a request
        ("@x #Followforfollow", ()),  # one tag is not a list
        ("hey #f4f #followback?", ()),  # a word beside the tags
        ("follow me back please", ()),
    ],
)
def test_hashtag_shape_is_read_on_the_raw_text(raw, shape):
    from whynot.intent_cues import marks

    assert tuple(m for m in marks(raw) if m.startswith("o:tag")) == shape


def _reference_macro_f1(gold: list[str], pred: list[str], beta: float) -> tuple[float, float]:
    """macro_f1 as its docstring defines it, message by message (the loop 9ffb3b9 replaced;
    since 5c963bf macro_f1 itself calls _scores, so it cannot be the reference)."""
    f1s, precisions = [], []
    for intent in INTENTS:
        tp = sum(g == p == intent for g, p in zip(gold, pred, strict=True))
        predicted, support = pred.count(intent), gold.count(intent)
        p = tp / predicted if predicted else 1.0
        if intent != "other" and (predicted or support):
            precisions.append(p)
        if support or intent == "other":
            r = tp / support if support else 1.0
            f1s.append((1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s), min(precisions, default=1.0)


@pytest.mark.parametrize(
    ("gold", "pred", "beta", "expected"),
    [  # worked by hand
        (["follow_back_request"] * 2 + ["other"] * 2,
         ["follow_back_request", "other", "follow_back_request", "other"], 1.0, (0.5, 0.5)),
        # an intent answered but absent from gold: precision 0, no F1 of its own
        (["other", "other"], ["follow_back_request", "other"], 1.0, (2 / 3, 0.0)),
        # two answered intents, the lowest precision kept; `other` absent counts F1 1
        (["follow_back_request", "why_not_followed", "why_not_followed"],
         ["follow_back_request", "follow_back_request", "why_not_followed"], 1.0, (7 / 9, 0.5)),
        # F0.5: why_unfollowed p 0.5 r 1 -> 0.625/1.125; other p 1 r 0.5 -> 0.625/0.75
        (["why_unfollowed", "other", "other"], ["why_unfollowed", "why_unfollowed", "other"],
         0.5, ((0.625 / 1.125 + 0.625 / 0.75) / 2, 0.5)),
    ],
)  # fmt: skip
def test_threshold_criterion_on_hand_worked_cases(gold, pred, beta, expected):
    from collections import Counter

    fi = _fit_intents()
    assert fi._scores(Counter(zip(gold, pred, strict=True)), beta) == pytest.approx(expected)
    assert fi.macro_f1(gold, pred, beta) == pytest.approx(expected)


def test_threshold_criterion_counts_as_macro_f1():
    """fit's pooled criterion (`_scores`, from counts) gives the figures of macro-F1 counted
    message by message (`_reference_macro_f1`, written out here: `macro_f1` calls `_scores`)."""
    import random
    from collections import Counter

    fi = _fit_intents()
    rng = random.Random(3)
    for n in (1, 7, 300):
        gold = [rng.choice(INTENTS[1:] if n == 1 else INTENTS) for _ in range(n)]
        pred = [g if rng.random() < 0.7 else rng.choice(INTENTS) for g in gold]
        for beta in (1.0, 0.5):
            pairs = Counter(zip(gold, pred, strict=True))
            expected = _reference_macro_f1(gold, pred, beta)
            assert fi._scores(pairs, beta) == pytest.approx(expected)


# Short, common messages the later hands wrote that equal, once normalised, a message the
# families already held when the set was written ("thanks for the follow!", "F4F? 🤝"):
# counted in the guideline, never more (a training message copied from a set fails here).
_FRESH_EQUAL_TO_TRAINING = {
    "intents_fresh.jsonl": 0,
    "intents_fresh2.jsonl": 11,
    "intents_fresh3.jsonl": 10,
}


@pytest.mark.parametrize("name", sorted(_FRESH_EQUAL_TO_TRAINING))
def test_fresh_messages_are_labelled_and_never_trained_on(name: str):
    """bench/data/intents_fresh*.jsonl (sections (e), (f), (h) of bench/intents_eval.py)
    are test sets: every line is labelled by the guideline's intents and languages, and no
    message of them, once normalised, is among the messages the model is fitted on beyond
    the few the families held before the set was written."""
    from whynot.intents import prepare

    fi = _fit_intents()
    fresh = (BENCH / "data" / name).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in fresh.splitlines() if line]
    assert len(rows) >= 300
    assert all(r["intent"] in INTENTS and r["lang"] in ("en", "es", "pt") for r in rows)
    assert all(r["intent"] != "review_request" or r.get("about_answer") for r in rows)
    trained = {prepare(e.text)[1] for e in fi.corpus(with_real=False)}
    leaked = [r["text"] for r in rows if prepare(r["text"])[1] in trained]
    assert len(leaked) <= _FRESH_EQUAL_TO_TRAINING[name], leaked


def test_mining_finds_what_its_pattern_finds():
    """bench/intents_corpus.mined (substring tests first) answers as MINE.search on every
    kind of post MINE finds, with each letter swapped for any character re's IGNORECASE
    takes for it (capitals, long s, dotless and dotted i, the Kelvin sign), and on
    near misses."""
    import re
    import string

    _fit_intents()
    import intents_corpus as c

    chars = "".join(map(chr, range(0x2200)))
    cousins = {x: re.findall(re.escape(x), chars, re.IGNORECASE) + ["\u212a"] * (x == "k")
               for x in string.ascii_lowercase + "í"}  # fmt: skip
    words = ["follow", "f4f", "mutuals", "seguidor", "sígueme", "siganme", "seguime",
             "me sigue", "te sigo", "te seguí", "me segue", "sdv", "de seguir", "seguirte",
             "folow", "mutualsx", "sdvx", "segui dor", "kick"]  # fmt: skip
    for word in words:
        for i, letter in enumerate(word):
            for ch in cousins.get(letter, [letter]):
                text = f"ok {word[:i]}{ch}{word[i + 1:]} 🙂"
                assert c.mined(text) == (c.MINE.search(text) is not None), text


# Short common ones ("#f4f?", "🥺🥺 pls follow back 💖") that equal a training message once
# normalised (emoji and case dropped), counted when each file was moved out of the training
# files: the first new hand's 18, the third's 6, the fourth's none.
NEW_HAND_EQUAL_TO_TRAINING = {
    "intents_newhand_families.txt": 18,
    "intents_newhand3_families.txt": 6,
    "intents_newhand4_families.txt": 0,
}


@pytest.mark.parametrize("name", sorted(NEW_HAND_EQUAL_TO_TRAINING))
def test_the_new_hands_families_are_a_test_set_never_trained_on(name: str):
    """bench/data/intents_newhand_families.txt, intents_newhand3 and intents_newhand4 (sections
    (i), (j) and (k) of bench/intents_eval.py): written as training families, not kept as such
    (bench/data/intents_fit_history.md), so read as test sets. Every family is labelled by the
    guideline's intents, and none of its messages, once normalised, is among those the model
    is fitted on beyond the short common ones counted when it was moved out (a training file
    reading it fails here)."""
    from whynot.intents import prepare

    fi = _fit_intents()
    import intents_corpus as c

    rows = c.read_families([BENCH / "data" / name])
    assert len(rows) >= 700 and {r.lang for r in rows} == {"en", "es", "pt"}
    assert all(r.intent != "review_request" or r.about_answer for r in rows)
    trained = {prepare(e.text)[1] for e in fi.corpus(with_real=False)}
    leaked = [r.text for r in rows if prepare(r.text)[1] in trained]
    assert len(leaked) <= NEW_HAND_EQUAL_TO_TRAINING[name], leaked

