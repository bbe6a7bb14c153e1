"""The intent classifier's speed helpers change no answer: `whynot.prefilter` reads the
literals a pattern requires from the pattern, and a filtered pattern answers exactly as the
pattern itself on every labelled message; `whynot.memo.Memo` keeps at most its limit (then
starts over) and no long words; `whynot.textnorm`'s punctuation table is the regex it
replaced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from whynot import intent_cues, intent_review, intent_rules, intents, textnorm
from whynot.memo import Memo
from whynot.prefilter import Group, Hinted, hoisted, required, satisfied

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bfollow (?:me |you )?back\b", (("follow back", "follow me back", "follow you back"),)),
        (r"abc|de", (("abc", "de"),)),
        (r"(?:unfollow|unfollowed|removed)\b", (("removed", "unfollow"),)),  # "unfollowed" implied
        (r"^(?=.*\bwhy\b)(?=.*\bnot\b)", (("not",), ("why",))),  # lookaheads count
        (r"(?<=please )fb", (("please ",), ("fb",))),  # so do lookbehinds
        (r"a(?!bc)", (("a",),)),  # a negative lookahead requires nothing
        (r"x(?:yz)?w", (("xw", "xyzw"),)),  # an optional part: with it or without
        (r"x\w+y", (("x",), ("y",))),  # a class of many letters requires nothing
        (r"(?:ab)+c", (("ab",), ("c",))),  # a repeat of at least one does
        (r"a1\db2|c3", (("a1", "c3"), ("b2", "c3"))),  # (a1 and b2) or c3
        (r"abc|\d+", ()),  # a branch without a literal: nothing known
        (r"[?=]", (("=", "?"),)),
        (r"[^?=]", ()),
    ],
)
def test_required_literals_are_read_from_the_pattern(pattern, needs):
    assert required(re.compile(pattern)) == needs


def test_case_insensitive_patterns_get_no_filter():
    assert required(re.compile("follow", re.IGNORECASE)) == ()
    assert required(re.compile("(?i)follow")) == ()
    assert required(re.compile("x(?i:follow)")) == (("x",),)


def test_a_filtered_pattern_answers_as_the_pattern():
    hinted = Hinted.compile(r"\bwhy (?:did|do) you unfollow\b")
    assert hinted.search("hey") is None
    assert hinted.search("why did you unfollow me").group(0) == "why did you unfollow"
    assert hinted.sub("X", "nothing to see") == "nothing to see"
    assert hinted.sub("X", "so why do you unfollow ?") == "so X ?"
    assert hinted.sub(lambda m: m.group(0).upper(), "why do you unfollow") == "WHY DO YOU UNFOLLOW"
    # literals are tested by their pieces within tokens first: any whitespace splits both
    spaced = Hinted.compile("follow\tme back|wait for me")
    assert spaced.search("please follow\tme back").group(0) == "follow\tme back"
    assert spaced.search("follow me\nback") is None
    assert spaced.search("wait for me") is not None


def _hinted() -> list[tuple[str, Hinted]]:
    """Every filtered pattern the intent classifier uses."""
    out = [(f"guard.{n}", p) for n, p in intent_rules.GUARDS]
    out += [(n, p) for rules in intent_rules.RULES.values() for n, _, p in rules]
    out += [(f"{i} guard", p) for i, ps in intent_rules.INTENT_GUARDS.items() for p in ps]
    out += [(f"x:{n}", p) for n, p in (*intent_cues.CUES, *intent_review.REVIEW_CUES)]
    out += [(n, p) for n, _, p in intent_review.REVIEW_RULES]
    out += [("idiom", textnorm.IDIOM), ("names_answer", intent_review.NAMES_ANSWER)]
    out += [(f"phrase {p.pattern.pattern}", p) for p, _ in textnorm.PHRASES]
    return out


def _texts() -> list[str]:
    lines = (ROOT / "tests" / "data" / "intents.jsonl").read_text(encoding="utf-8").splitlines()
    raw = [json.loads(line)["text"] for line in lines if line.strip()]
    for path in sorted((ROOT / "bench" / "data").glob("intents_families_*.txt")):
        raw += [t for t in path.read_text(encoding="utf-8").splitlines() if t and t[0] != "#"]
    prepared = [intents.prepare(t)[1] for t in raw]
    return raw + [t.lower() for t in raw] + prepared


def _found(m: re.Match | None) -> tuple | None:
    return m and (m.span(), m.groups())


@pytest.fixture(scope="module")
def labelled() -> tuple[list[str], list[tuple[str, Hinted]], list[list]]:
    """The labelled messages, the filtered patterns, and what each pattern itself (the
    plain compiled regex, the reference) finds in each message: its span and groups, or
    None (a list per pattern, in _hinted()'s order: names repeat). Worked out once for the
    tests below, each of which compares one way against it."""
    texts, hinted = _texts(), _hinted()
    found = [[_found(h.pattern.search(s)) for s in texts] for _, h in hinted]
    return texts, hinted, found


def test_every_intent_pattern_answers_as_unfiltered_on_the_labelled_messages(labelled):
    texts, hinted_all, found = labelled
    wrong = [
        (name, s)
        for (name, hinted), references in zip(hinted_all, found, strict=True)
        for s, reference in zip(texts, references, strict=True)
        if (hinted.search(s) is None) != (reference is None)
    ]
    assert not wrong, wrong[:5]
    # and the filters do their work: most patterns are skipped on most messages
    skipped = sum(
        not any(lit in s for lit in clause)
        for _, hinted in _hinted()
        for s in texts[:500]
        for clause in hinted.needs[:1]
    )
    assert skipped > len(_hinted()) * 500 / 2


def test_hoisting_word_boundaries_keeps_every_match_and_span():
    pattern = re.compile(r"^rt\b|\bretweet|\b(?:rt|da rt)\b|\bwin\b|x\b|\bgana\b")
    fast = hoisted(pattern)
    assert fast is not pattern and fast.pattern is None  # compiled from the rewritten tree
    for s in ("rt this", "we win", "bwin", "da rt", "retweeted", "box", "a gana", "ganar", ""):
        m, n = pattern.search(s), fast.search(s)
        assert (m and m.span()) == (n and n.span()), s
        assert pattern.sub("X", s) == fast.sub("X", s)
    plain = re.compile(r"follow|\bback")  # no two alternatives start with \b: left alone
    assert hoisted(plain) is plain


def test_every_intent_pattern_compiled_faster_finds_the_same_spans(labelled):
    texts, hinted_all, found = labelled
    for (name, hinted), references in zip(hinted_all, found, strict=True):
        for s, reference in zip(texts, references, strict=True):
            assert _found(hinted.fast.search(s)) == reference, (name, s)
        for s in texts[:2000]:
            assert hinted.pattern.sub("#", s) == hinted.fast.sub("#", s), (name, s)


def test_every_intent_pattern_finds_the_same_spans_by_its_ascii_twin_on_ascii_text(labelled):
    every, hinted_all, found = labelled
    ascii_ = [i for i, s in enumerate(every) if s.isascii() and s.isprintable()]
    assert len(ascii_) > len(every) / 2  # most of the labelled messages, raw and prepared
    texts = [every[i] for i in ascii_]
    for (name, hinted), references in zip(hinted_all, found, strict=True):
        assert hinted.twin.flags & re.ASCII, name
        for i in ascii_:
            assert _found(hinted.twin.search(every[i])) == references[i], (name, every[i])
        for s in texts[:2000]:
            assert hinted.pattern.sub("#", s) == hinted.twin.sub("#", s), (name, s)


def test_the_ascii_twin_is_used_only_where_it_agrees():
    # \s: Unicode counts \x1c-\x1f as space, ASCII does not; \w, \b: "é" is a letter
    hinted = Hinted.compile(r"\bfollow\s+back\b|\bme\b")
    for s in ("follow\x1cback", "follow back", "éme", "follow  back é", "éme x"):
        m, n = hinted.pattern.search(s), hinted.search(s)
        assert (m and m.span()) == (n and n.span()), s
        assert hinted.pattern.sub("#", s) == hinted.sub("#", s), s
    # what the twin alone would get wrong there
    assert hinted.pattern.search("follow\x1cback") and not hinted.twin.search("follow\x1cback")
    assert not hinted.pattern.search("éme") and hinted.twin.search("éme")
    # with ASCII word boundaries, \b is not moved after a first letter that is not ASCII
    twin = hoisted(re.compile(r"\b(?:éx|ém)", re.ASCII))
    assert twin.search("aéx") is not None and twin.search(" éx") is None


def test_a_candidate_search_answers_as_the_pattern_where_the_pieces_pass():
    texts = _texts()
    hinted = _hinted()
    group = Group(p for _, p in hinted)
    for s in texts:
        found = satisfied(s)
        for i in group.may_match(s):
            assert found & hinted[i][1].bits == hinted[i][1].bits
            name, p = hinted[i]
            assert (p.search_candidate(s) is None) == (p.pattern.search(s) is None), (name, s)


def test_memo_computes_once_and_keeps_at_most_its_limit():
    calls = []
    memo = Memo(lambda key: calls.append(key) or key * 2, limit=2)
    assert [memo[k] for k in (1, 1, 2, 3, 3)] == [2, 2, 4, 6, 6]
    assert calls == [1, 2, 3]  # full at 3: it started over, so 3 is kept, not frozen out
    assert len(memo) <= 2 and 3 in memo


def test_memo_never_keeps_a_very_long_word():
    from whynot.memo import MAX_KEY_CHARS

    memo = Memo(len)
    flood = ["x" * (MAX_KEY_CHARS + 1) + str(i) for i in range(100)]
    assert [memo[w] for w in flood] == [len(w) for w in flood]
    assert len(memo) == 0 and memo["word"] == 4 and "word" in memo


def test_punctuation_table_is_the_regex_it_replaced():
    regex = re.compile(r"[^\w?=.]+|_")
    table = textnorm._NON_WORD_TO_SPACE
    codes = [*range(0x3000), *range(0xFE00, 0x10000), *range(0x1F300, 0x1F700)]
    chars = [chr(c) for c in codes if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if regex.sub(" ", c) != c.translate(table)] == []


def _word_steps_on_whole_text(text: str) -> str:
    """What normalise did to the whole lower-cased text before it worked word by word."""
    text = textnorm._strip_accents(text).lower()
    text = textnorm._APOSTROPHE.sub("", text)
    text = textnorm._SLASH.sub(lambda m: textnorm._SLASHED[m.group(0)], text)
    text = textnorm._STOP.sub(" . ", text)
    text = text.replace("?", " ? ").replace("=", " = ")
    text = text.translate(textnorm._NON_WORD_TO_SPACE)
    return " ".join(map(textnorm._map_token, text.split()))


def test_word_by_word_normalisation_is_the_whole_text_one():
    tricky = [
        "ΟΔΟΣ ΣΑΣ.", "όσος σ", "a\u00a0b\u3000c\u2002d", "x¨y ¨", "cafe\u0301 ñ", "w/ you w/o",
        "f/b pls b/c", "wait...!! ok;…¡", "don't it’s `x´", "𝐟𝐨𝐥𝐥𝐨𝐰 ﬁne ½ ™", "ǅ İ ß",
        "a?b=c. d", "_x_ y_", "pleaseeee folow bck", "🔙 🙏 4️⃣", "\u200b", "", " ", "ᾼ x\u0345",
    ]  # fmt: skip
    for text in tricky + [t.lower() for t in _texts()]:
        mine = " ".join(filter(None, map(textnorm._word_tokens, text.split())))
        assert mine == _word_steps_on_whole_text(text), text
