"""The intent classifier: clear cases and hard negatives per intent in English, Spanish and
Portuguese, the labelled set (tests/data/intents.jsonl), properties, and `bot.py intent`."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whynot.cli import intent as intent_cli
from whynot.intents import INTENTS, IntentResult, classify, model
from whynot.textnorm import MAX_CHARS, normalise

DATA = Path(__file__).resolve().parent / "data" / "intents.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
# The old labelled set predates review requests (tests/test_review_intent.py has those).
NON_OTHER = [i for i in INTENTS if i not in ("other", "review_request")]

CASES = {
    "follow_back_request": [
        ("Follow back 🙏 @fsalas", "en"),
        ("pleaseeeeee follow me baaaack 😭😭😭🙏🙏", "en"),
        ("plzzz folloooow bakkk", "en"),
        ("can we be mutuals pls 🥹", "en"),
        ("Followed ✅ your turn", "en"),
        ("hey can u fb me", "en"),
        ("✨ f o l l o w  b a c k ✨", "en"),
        ("I'm a small business owner, would you please follow me back?", "en"),
        ("sigueme de vueltaaaa porfaaaa 🙏🙏", "es"),
        ("me sigues y te sigo 😉", "es"),
        ("devuélveme el follow porfa", "es"),
        ("segue aí que eu sigo de volta 👊", "pt"),
        ("Te segui 😊 sdv?", "pt"),
        ("me dá um follow?", "pt"),
    ],
    "why_not_followed": [
        ("Why you no follow back?! 😡", "en"),
        ("why havent u followd me bak yet", "en"),
        ("I've sent you so many DMs. Why won't you follow me back?", "en"),
        ("You didn't follow me back :(", "en"),
        ("u still didnt follow me back smh", "en"),
        ("when will you follow me back?", "en"),
        ("por qué nunca me devolviste el follow 😭", "es"),
        ("Oye, ¿por qué no me sigues de vuelta? Yo te sigo desde hace mucho", "es"),
        ("¿y mi follow back? 😒", "es"),
        ("pq você não me segue de volta?? eu te sigo faz anos", "pt"),
        ("pq vc n me segue?", "pt"),
    ],
    "unfollow_excuse": [
        ("Unfollowed you coz you never followed me back. Bye", "en"),
        ("i unfollowed bcoz u didnt follow me back after i followed u", "en"),
        ("you never followed me back so I removed you, sorry not sorry", "en"),
        ("Yes I unfollowed. You never returned my follow.", "en"),
        ("I unfollow people that don't follow me back, it's nothing personal", "en"),
        ("te dejé de seguir xq no me seguías de vuelta y ya", "es"),
        ("ya no te sigo porque no me seguías", "es"),
        ("parei de te seguir pq não me seguia de volta, simples", "pt"),
        ("eu deixei de te seguir pq você não me segue", "pt"),
    ],
    "why_unfollowed": [
        ("WHY DID YOU UNFOLLOW ME????? 😡😡", "en"),
        ("did you just unfollow me?! after I shared your letter?!", "en"),
        ("you unfollowed me... did I post something offensive?", "en"),
        ("unfollowed me?? why tho", "en"),
        ("why'd you drop me?", "en"),
        ("¿Por qué ya no me sigues? 😢", "es"),
        ("porq me dejaste de seguir?? 😭", "es"),
        ("vc me deu unfollow? fiz algo errado?", "pt"),
        ("por que me deixou de seguir?", "pt"),
    ],
}
HARD_NEGATIVES = [
    "Thanks for the follow back, much appreciated!",
    "thnx 4 the follow",
    "How do I get people to follow me back?",
    "how do you decide who to follow back?",
    "follow-up question: do you offer consulting?",
    "Can you follow up on my order? It's been 2 weeks",
    "Follow the white rabbit",
    "I'll follow your advice",
    "follow back the thread to see the context",
    "why do brands follow back so rarely?",
    "why did Elon unfollow everyone?",
    "I unfollowed you by mistake, sorry! refollowed",
    "If you unfollow me I won't be mad lol",
    "sorry for unfollowing, it was an accident!",
    "the unfollow bug is back, ugh",
    "I hate when people unfollow after you follow back",
    "no follow back needed, just love your stuff",
    "FREE FOLLOWERS!!! 👉 follow back guaranteed bit.ly/xxx",
    "mutual respect is everything",
    "my mutuals are the best",
    "do people still do follow for follow?",
    '"..but you didn\'t follow me back" — this line in your letter made me laugh so hard',
    "why didn't you reply?",
    "you never answered my DM",
    "gracias por seguirme de vuelta, saludos",
    "sigue el hilo 🧵",
    "¿cómo dejo de seguir cuentas inactivas?",
    "no entiendo por qué la gente compra seguidores",
    "obrigado pelo follow back 🙏",
    "segue o fio 👇",
    "vc nunca respondeu minha DM",
    "",
    "????",
]


@pytest.mark.parametrize(
    ("intent", "text", "lang"),
    [(intent, text, lang) for intent, cases in CASES.items() for text, lang in cases],
)
def test_clear_cases(intent, text, lang):
    result = classify(text)
    assert (result.intent, result.language) == (intent, lang), result
    assert result.rule is not None and result.confidence >= 0.5


# The guideline reads a hashtag list as a broadcast (`other`); since the second new hand's
# families (bench/fit_intents.py) the model is unsure of this request ending in one (0.45,
# so silent): a missed request, the safer mistake, and never another intent. Strict: the
# day it is answered again, this says so.
@pytest.mark.xfail(strict=True, reason="a request ending in a hashtag list goes unanswered")
def test_a_request_ending_in_a_hashtag_list():
    result = classify("F4F?? #F4F #FollowForFollow #InstantFollowBack")
    assert result.intent in ("follow_back_request", "other")
    assert result.intent == "follow_back_request"


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_other(text):
    result = classify(text)
    assert result.intent == "other", result
    assert result.rule is None


def test_result_shape():
    result = classify("follow me back plz")
    assert isinstance(result, IntentResult)
    assert result == IntentResult("follow_back_request", result.confidence, "en", result.rule)
    # a sure rule names itself; otherwise the model names its strongest features
    assert result.rule in model().sure_rules or result.rule.startswith("model: ")
    with pytest.raises(AttributeError):
        result.intent = "other"  # frozen


def test_normalisation_expands_and_drops_noise():
    norm = normalise("@Fsalas PLZZZ folow me bak!!! 🙏 https://t.co/x #TeamFollowBack")
    assert norm.text == "please follow me back . please team follow back"
    assert normalise("¿POR QUÉ no me sigues?").text == "why no me sigues ?"
    assert normalise("x" * (MAX_CHARS + 5)).truncated


def _scores(rows: list[dict]) -> tuple[float, dict[str, float]]:
    gold = [r["intent"] for r in rows]
    pred = [classify(r["text"]).intent for r in rows]
    f1s, precision = [], {}
    for intent in INTENTS:
        tp = sum(g == p == intent for g, p in zip(gold, pred, strict=True))
        predicted, support = pred.count(intent), gold.count(intent)
        if not predicted and not support:
            continue  # an intent the set does not hold (review requests) and never given
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        precision[intent] = p
    return sum(f1s) / len(f1s), precision


def test_labelled_set_is_well_formed():
    assert len(ROWS) >= 360
    assert len({r["text"] for r in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["intent"] in INTENTS and row["lang"] in {"en", "es", "pt"}
        assert row["split"] in {"dev", "test"}
    for intent in NON_OTHER:
        assert sum(r["intent"] == intent for r in ROWS) >= 50
    share = {lang: sum(r["lang"] == lang for r in ROWS) / len(ROWS) for lang in ("en", "es", "pt")}
    assert share["en"] >= 0.55 and share["es"] >= 0.2 and share["pt"] >= 0.12
    assert 0.28 <= sum(r["split"] == "test" for r in ROWS) / len(ROWS) <= 0.4


def test_dev_split_meets_targets():
    macro, precision = _scores([r for r in ROWS if r["split"] == "dev"])
    assert macro >= 0.95
    # The dev split is trained on; since the second new hand's families two of its 45 answered
    # requests are false ("te sigo há anos, adoro seu conteúdo", "Stop begging for follow
    # backs ..."): 0.956. The test split, never trained on, measures 1.0 (floor below).
    assert all(precision[i] >= 0.95 for i in NON_OTHER), precision


def test_test_split_reported_with_a_looser_floor(capsys):
    """The test split was never tuned on: a floor, not the target, so this can fail."""
    macro, precision = _scores([r for r in ROWS if r["split"] == "test"])
    with capsys.disabled():
        print(f"\n[intents] test split macro-F1 {macro:.3f}, precision {precision}")
    assert macro >= 0.85
    assert all(precision[i] >= 0.9 for i in NON_OTHER), precision


ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]),
        st.sampled_from(list("\x00\x1b\u200b\ufeff?!.#@/")),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_gives_a_valid_result(text):
    result = classify(text)
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0
    assert result.language in {"en", "es", "pt"}
    assert (result.rule is None) == (result.intent == "other")


@settings(max_examples=20, deadline=None)
@given(st.text(max_size=50), st.integers(min_value=MAX_CHARS, max_value=50_000))
def test_long_inputs_are_capped(prefix, size):
    result = classify(prefix + "follow me back " * (size // 15))
    assert result.intent in INTENTS and 0.0 <= result.confidence <= 1.0


HANDLE = st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True)
URL = st.from_regex(r"https?://[a-z]{1,10}\.(com|co|ly)/[A-Za-z0-9]{0,8}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ROWS),
    st.lists(HANDLE, max_size=2),
    st.lists(st.one_of(HANDLE, URL), max_size=2),
    st.lists(st.booleans(), min_size=1, max_size=64),
)
def test_handles_urls_and_case_do_not_matter(row, before, after, flips):
    # Case is flipped character by character outside hashtags: a capital inside one is a
    # word break on purpose (#SegueDeVolta reads "segue de volta"), so "#sDv" is "s dv", not
    # "sdv" (an example hypothesis found).
    text = row["text"]
    recased = "".join(
        token if token.startswith("#") else
        "".join(ch.swapcase() if flips[(i + j) % len(flips)] else ch for j, ch in enumerate(token))
        for i, token in enumerate(re.split(r"(#\w+)", text))
    )  # fmt: skip
    wrapped = " ".join([*before, recased, *after])
    plain, noisy = classify(text), classify(wrapped)
    assert (noisy.intent, noisy.language) == (plain.intent, plain.language)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["text"][:30])
def test_shouting_or_lower_case_gives_the_same_rule(row):
    plain = classify(row["text"])
    for text in (row["text"].upper(), row["text"].lower()):
        result = classify(text)
        assert (result.intent, result.rule, result.language) == (
            plain.intent,
            plain.rule,
            plain.language,
        )


def _namespace(texts: list[str], explain: bool = False) -> argparse.Namespace:
    return argparse.Namespace(texts=texts, explain=explain)


def test_cli_classifies_arguments(capsys):
    assert intent_cli.run(_namespace(["follow me back plz", "thanks for the follow!"])) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["text"], o["intent"]) for o in out] == [
        ("follow me back plz", "follow_back_request"),
        ("thanks for the follow!", "other"),
    ]
    assert all(0 <= o["confidence"] <= 1 and o["language"] == "en" for o in out)


def test_cli_reads_one_text_per_stdin_line(capsys, monkeypatch):
    data = "¿por qué me dejaste de seguir?\n\nsegue de volta?\n\xff".encode() + b"\xff\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert intent_cli.run(_namespace([], explain=True)) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["intent"] for o in out] == ["why_unfollowed", "other", "follow_back_request", "other"]
    assert [o["language"] for o in out[:3]] == ["es", "en", "pt"]
    assert out[0]["normalised"] == "why me dejaste de seguir ?"


def test_cli_survives_undecodable_arguments(capsys):
    assert intent_cli.run(_namespace(["\udcff follow me back", "a\ud800b"])) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["intent"] == "follow_back_request"
    assert "\ufffd" in out[1]["text"]


def test_cli_help_explains_the_command(capsys):
    parser = argparse.ArgumentParser(prog="bot.py")
    intent_cli.add_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["intent", "--help"])
    text = capsys.readouterr().out
    assert "one JSON" in text and "follow_back_request" in text


def test_a_rule_is_less_sure_when_another_intent_also_matches_or_the_text_was_cut():
    # Confidence is what the threshold and the moderators read: a question that also asks
    # for something else, or a message cut at MAX_CHARS, must not look as sure as a clean one.
    from whynot.intents import match_rules

    clean = match_rules(normalise("why did you unfollow me?").text)
    mixed = match_rules(normalise("why did you unfollow me? follow me back please").text)
    cut = match_rules(normalise("why did you unfollow me?").text, truncated=True)
    assert clean.intent == mixed.intent == cut.intent == "why_unfollowed"
    assert mixed.confidence < clean.confidence and cut.confidence < clean.confidence
