"""The learned half of intent classification: features of a normalised message and a
multinomial logistic regression scored in pure Python from plain JSON weights.

This module owns the feature definition (shared with `bench/fit_intents.py`, which fits the
weights with scikit-learn and writes `intent_model.json`) and scoring at run time: no
pickle, no numpy, no download. It knows nothing about rules; `whynot.intents` combines
the two.

Features, on the token string `whynot.textnorm` produces (after `whynot.intents` has
neutralised idioms such as "follow up"):
- `w:TOKEN` for every token, `b:TOKEN TOKEN` for every adjacent pair, with `<s>` and
  `</s>` marking the ends (so "follow back" at the start differs from "... retweet if you
  follow back");
- `c:GRAM` for the character 3- to 5-grams of every token padded with one space each side
  (typos, conjugations and run-together words still share most of them).
Every feature counts once per message (binary), which is what the model was fitted on.

Speed: a token's word and character features are summed once and kept
(`_token_vector`, a `whynot.memo.Memo`, as are their margins for `strongest`), so a message
costs one dict look-up per token and one per pair; pairs are looked up as pairs of tokens
(`_pairs`), so no "b:A B" string is built at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from operator import sub, truediv
from pathlib import Path

from whynot.memo import Memo

MODEL_PATH = Path(__file__).resolve().parent / "intent_model.json"
# What `IntentModel._read` makes of a message: its distinct tokens, word pairs and extras.
Read = tuple[set[str], set[tuple[str, str]], set[str]]
CHAR_SIZES = (3, 4, 5)


def token_features(token: str) -> list[str]:
    """The word feature and character n-grams of one token (deduplicated, in order)."""
    padded = f" {token} "
    out = [f"w:{token}"]
    seen = set(out)
    for size in CHAR_SIZES:
        for i in range(len(padded) - size + 1):
            gram = "c:" + padded[i : i + size]
            if gram not in seen:
                seen.add(gram)
                out.append(gram)
    return out


def pair_features(tokens: list[str]) -> list[str]:
    padded = ["<s>", *tokens, "</s>"]
    return [f"b:{a} {b}" for a, b in pairwise(padded)]


def features(text: str) -> set[str]:
    """The binary features of one normalised message (what the model is fitted on)."""
    tokens = text.split()
    out: set[str] = set(pair_features(tokens))
    for token in set(tokens):
        out.update(token_features(token))
    return out


@dataclass(frozen=True, slots=True)
class Scored:
    intent: str
    probability: float
    top_features: tuple[str, ...]  # the features that pushed hardest towards `intent`


@dataclass(slots=True)
class IntentModel:
    """Weights of a fitted multinomial logistic regression over `features`."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]  # one per class, then one per language
    weights: dict[str, tuple[float, ...]]  # the same layout as `intercept`
    threshold: float  # below this probability an answered intent becomes "other"
    sure_rules: frozenset[str]  # rules precise enough to decide without the model
    languages: tuple[str, ...] = ()  # a second model, of the language, shares the features
    meta: dict = field(default_factory=dict)
    _token_vector: Memo[str, tuple[float, ...] | None] = field(
        init=False, repr=False, compare=False
    )
    _token_margins: Memo[str, tuple[float, ...] | None] = field(
        init=False, repr=False, compare=False
    )
    _margins: dict[str | tuple[str, str], tuple[tuple[float, ...], str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # the weights of the word pairs ("b:A B"), by the pair of tokens (A, B)
    _pairs: dict[tuple[str, str], tuple[float, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # the last text and extras read, and what `_read` made of them
    _last: tuple[str | None, object, Read] = field(
        init=False, repr=False, compare=False, default=(None, None, (set(), set(), set()))
    )

    @classmethod
    def from_json(cls, data: dict) -> IntentModel:
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            weights={k: tuple(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
            sure_rules=frozenset(data["sure_rules"]),
            languages=tuple(data.get("languages", ())),
            meta=data.get("meta", {}),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> IntentModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def __post_init__(self) -> None:
        self._token_vector = Memo(self._token_vector_uncached)
        self._token_margins = Memo(self._token_margins_uncached)
        for name, w in self.weights.items():
            if name.startswith("b:"):
                first, _, second = name[2:].partition(" ")
                self._pairs[first, second] = w

    def _token_vector_uncached(self, token: str) -> tuple[float, ...] | None:
        found = [w for name in token_features(token) if (w := self.weights.get(name))]
        return tuple(map(sum, zip(*found, strict=True))) if found else None

    def _token_margins_uncached(self, token: str) -> tuple[tuple[float, ...], str] | None:
        margins = self._margins_of(self._token_vector[token])
        return None if margins is None else (margins, f"'{token}'")

    def _read(self, text: str, extra: Iterable[str]) -> Read:
        """The distinct tokens of `text`, its distinct word pairs (as pairs of tokens: no
        string is built) and the distinct `extra` features; kept for the last text and
        tuple of extras (`strongest` reads the message `scores` read)."""
        last = self._last
        if last[0] is text and last[1] is extra:
            return last[2]
        tokens = text.split()
        padded = ["<s>", *tokens, "</s>"]
        read = (set(tokens), set(pairwise(padded)), set(extra))
        if type(extra) is tuple:
            self._last = (text, extra, read)
        return read

    def scores(self, text: str, extra: Iterable[str] = ()) -> list[float]:
        """Raw class scores (logits) of one normalised message and its `extra` features."""
        words, pairs, named = self._read(text, extra)
        vectors = [self.intercept]
        # a token without weights has None, which filter() drops
        vectors += filter(None, map(self._token_vector.__getitem__, words))
        vectors += filter(None, map(self._pairs.get, pairs))
        vectors += filter(None, map(self.weights.get, named))
        return list(map(sum, zip(*vectors, strict=True)))

    def probabilities(self, text: str, extra: Iterable[str] = ()) -> list[float]:
        return softmax(self.scores(text, extra)[: len(self.classes)])

    def decide(self, text: str, extra: Iterable[str] = ()) -> tuple[list[float], str | None]:
        """Class probabilities and the most likely language (None without a language model),
        from one pass over the features."""
        scores = self.scores(text, extra)
        k = len(self.classes)
        language = None
        if self.languages:
            lang_scores = scores[k:]
            language = self.languages[lang_scores.index(max(lang_scores))]  # the first best
        return softmax(scores[:k]), language

    def predict(self, text: str, extra: Iterable[str] = (), explain: int = 2) -> Scored:
        """The most probable class and its probability; `explain` strongest features."""
        extra = tuple(extra)
        probs = self.probabilities(text, extra)
        best = max(range(len(probs)), key=probs.__getitem__)
        top: tuple[str, ...] = ()
        if explain:
            top = tuple(self.strongest(text, best, explain, extra))
        return Scored(self.classes[best], probs[best], top)

    def _margins_of(self, w: tuple[float, ...] | None) -> tuple[float, ...] | None:
        """How much a weight vector favours each class over the mean of the others."""
        if w is None:
            return None
        k = len(self.classes)
        w = w[:k]
        total = sum(w)
        return tuple(w[i] - (total - w[i]) / (k - 1) for i in range(k))

    def strongest(self, text: str, index: int, count: int, extra: Iterable[str] = ()) -> list[str]:
        """The words, word pairs and cues of `text` that favour class `index` most over the
        others (a word counts with its character n-grams). Margins and labels are kept per
        token and per feature: they depend on the weights alone."""
        words, pairs, named = self._read(text, extra)
        pushes: list[tuple[float, str]] = []
        for found in filter(None, map(self._token_margins.__getitem__, words)):
            if found[0][index] > 0:
                pushes.append((found[0][index], found[1]))
        known = self._margins  # at most one entry per weighted feature (pairs by tokens)
        for key in (*pairs, *named):
            found = known.get(key)
            if found is None:
                pair = type(key) is tuple
                w = self._pairs.get(key) if pair else self.weights.get(key)
                if w is None:
                    continue
                label = f"'{key[0]} {key[1]}'" if pair else _readable(key)
                found = known[key] = (self._margins_of(w), label)
            if found[0][index] > 0:
                pushes.append((found[0][index], found[1]))
        pushes.sort(reverse=True)
        return [label for _, label in pushes[:count]]


def softmax(scores: Iterable[float]) -> list[float]:
    values = list(scores)
    exps = list(map(math.exp, map(sub, values, repeat(max(values)))))  # exp(v - top)
    return list(map(truediv, exps, repeat(sum(exps))))


def _readable(name: str) -> str:
    kind, _, value = name.partition(":")
    return f"'{value}'" if kind == "b" else name  # cues and rules by name
