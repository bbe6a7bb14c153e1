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
The fit reads every feature once per message (binary); `scores` sums a token's features
once per distinct token, so an n-gram two tokens share counts twice here. Fitting on those
counts was measured and not kept (`bench/data/intents_fit_history.md`).

Speed: a token's word and character features are summed once and kept (`_token_packed`,
a `whynot.memo.Memo`; what each token, pair or cue pushes towards a class, for `strongest`,
too), so a message costs one dict look-up per token and one per pair; pairs are looked up
as pairs of tokens (`_pairs`), so no "b:A B" string is built at run time. The weights have
4 decimals, so each vector is kept as one integer (`_pack`: an entry per 64-bit lane, in
units of 1/SCALE) and a message's scores are one sum of integers, exact and in any order,
where float sums of nine entries cost nine times the additions and depended, in the last
bits, on the order of a set (the answers are the same: `bench/intents_throughput.py
--compare`). Weights off that grid are summed as floats.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from operator import sub, truediv
from pathlib import Path

from whynot.memo import Memo

MODEL_PATH = Path(__file__).resolve().parent / "intent_model.json"
# What `IntentModel._read` makes of a message: its distinct tokens, word pairs and extras.
Read = tuple[set[str], Collection[tuple[str, str]], set[str]]
CHAR_SIZES = (3, 4, 5)
Push = tuple[float, str]  # how much a feature favours a class, and its label
Pair = tuple[str, str]  # a word pair, as its two tokens
# Weights are written with 4 decimals (bench/fit_intents.py), so in units of 1/SCALE they
# are integers, and a vector of them one integer of LANE bits per entry (`_pack`): a
# message's sum is one integer addition per feature, exact in any order.
SCALE = 10_000
LANE = 64


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
    # per class: what each token, and each pair or named feature, pushes (`_push`)
    _pushes: dict[int, tuple[Memo[str, Push | None], Memo[str | Pair, Push | None]]] = field(
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
    # the same weights packed (`_pack`); `_packed_intercept` is None when one is not on the
    # 4-decimal grid (then `scores` sums floats)
    _packed_intercept: int | None = field(init=False, repr=False, compare=False, default=None)
    _packed: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)
    _packed_pairs: dict[tuple[str, str], int] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _token_packed: Memo[str, int] = field(init=False, repr=False, compare=False)
    _flip: int = field(init=False, repr=False, compare=False, default=0)  # `_bias`
    _lanes: struct.Struct = field(init=False, repr=False, compare=False)  # LANE = 64 bits

    @classmethod
    def from_json(cls, data: dict) -> IntentModel:
        # Weights may be written as whole multiples of 1/weight_scale (a smaller file); an
        # integer divided by a power of ten gives the same float as the decimal literal.
        scale = data.get("weight_scale")
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            weights={
                k: tuple(w / scale for w in v) if scale else tuple(v)
                for k, v in data["weights"].items()
            },
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
        for name, w in self.weights.items():
            if name.startswith("b:"):
                first, _, second = name[2:].partition(" ")
                self._pairs[first, second] = w
        self._token_packed = Memo(self._token_packed_uncached)
        intercept = _pack(self.intercept)
        packed = {name: _pack(w) for name, w in self.weights.items()}
        if intercept is None or None in packed.values():
            return  # `scores` sums floats
        self._packed = {name: w for name, w in packed.items() if w is not None}
        self._packed_pairs = {pair: self._packed["b:" + " ".join(pair)] for pair in self._pairs}
        self._flip = _bias(len(self.intercept))
        self._packed_intercept = intercept + self._flip
        self._lanes = struct.Struct(f"<{len(self.intercept)}q")

    def _token_packed_uncached(self, token: str) -> int:
        """The sum of a token's word and n-gram weights, packed (0 for none)."""
        packed = self._packed
        return sum(packed.get(name, 0) for name in token_features(token))

    def _token_vector_uncached(self, token: str) -> tuple[float, ...] | None:
        found = [w for name in token_features(token) if (w := self.weights.get(name))]
        return tuple(map(sum, zip(*found, strict=True))) if found else None

    def _read(self, text: str, extra: Iterable[str], tokens: list[str] | None = None) -> Read:
        """The distinct tokens of `text` (`tokens`: its `str.split()`, when the caller has
        it), its distinct word pairs (as pairs of tokens: no string is built) and the
        distinct `extra` features; kept for the last text and tuple of extras (`strongest`
        reads the message `scores` read)."""
        last = self._last
        if last[0] is text and last[1] is extra:
            return last[2]
        if tokens is None:
            tokens = text.split()
        words = set(tokens)
        pairs = list(pairwise(["<s>", *tokens, "</s>"]))
        # a pair is repeated only where a token is
        read = (words, set(pairs) if len(words) < len(tokens) else pairs, set(extra))
        if type(extra) is tuple:
            self._last = (text, extra, read)
        return read

    def scores(self, text: str, extra: Iterable[str] = ()) -> list[float]:
        """Raw class scores (logits) of one normalised message and its `extra` features."""
        units = self._units(text, extra)
        if units is not None:
            return [u / SCALE for u in units]
        words, pairs, named = self._read(text, extra)  # weights off the grid: float sums
        vectors = [self.intercept]
        # a token without weights has None, which filter() drops
        vectors += filter(None, map(self._token_vector.__getitem__, words))
        vectors += filter(None, map(self._pairs.get, pairs))
        vectors += filter(None, map(self.weights.get, named))
        return list(map(sum, zip(*vectors, strict=True)))

    def _units(
        self, text: str, extra: Iterable[str], tokens: list[str] | None = None
    ) -> tuple[int, ...] | None:
        """The scores in units of 1/SCALE, exact: one integer addition per feature
        (`_pack`), then the lanes read in one call; None when the weights are not packed."""
        if self._packed_intercept is None:
            return None
        words, pairs, named = self._read(text, extra, tokens)
        total = sum(  # what has no weight (0, or None: not in the table) is not added
            filter(
                None,
                chain(
                    map(self._token_packed.__getitem__, words),
                    map(self._packed_pairs.get, pairs),
                    map(self._packed.get, named),
                ),
            ),
            self._packed_intercept,
        )
        # `_bias` undone by flipping each lane's top bit: a lane of 64 signed bits
        return self._lanes.unpack((total ^ self._flip).to_bytes(self._lanes.size, "little"))

    def probabilities(self, text: str, extra: Iterable[str] = ()) -> list[float]:
        return softmax(self.scores(text, extra)[: len(self.classes)])

    def decide(
        self,
        text: str,
        extra: Iterable[str] = (),
        classes: bool = True,
        tokens: list[str] | None = None,
    ) -> tuple[list[float], str | None]:
        """Class probabilities (none unless `classes`) and the most likely language (None
        without a language model), from one pass over the features; `tokens` as in
        `_read`."""
        units = self._units(text, extra, tokens)
        scores = self.scores(text, extra) if units is None else units
        k = len(self.classes)
        language = None
        if self.languages:
            lang_scores = scores[k:]
            language = self.languages[lang_scores.index(max(lang_scores))]  # the first best
        if not classes:
            return [], language
        if units is None:
            return softmax(scores[:k]), language
        logits = units[:k]
        top = max(logits)  # exp((u - top) / SCALE): the softmax of u / SCALE
        exps = list(map(math.exp, map(truediv, map(sub, logits, repeat(top)), repeat(SCALE))))
        return list(map(truediv, exps, repeat(sum(exps)))), language

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
        others (a word counts with its character n-grams). What each pushes (`_push`) is
        kept per class, token and feature: it depends on the weights alone."""
        words, pairs, named = self._read(text, extra)
        if index not in self._pushes:
            self._pushes[index] = (
                Memo(lambda token: self._push(token, index, True)),
                Memo(lambda key: self._push(key, index, False)),
            )
        by_token, by_feature = self._pushes[index]
        pushes = [
            *filter(None, map(by_token.__getitem__, words)),
            *filter(None, map(by_feature.__getitem__, pairs)),
            *filter(None, map(by_feature.__getitem__, named)),
        ]
        pushes.sort(reverse=True)
        return [label for _, label in pushes[:count]]

    def _push(self, key: str | Pair, index: int, token: bool) -> Push | None:
        """How much a token (with its n-grams), a word pair or a named feature favours class
        `index` over the mean of the others, and its label; None unless it does."""
        if isinstance(key, tuple):  # a word pair (tokens are strings)
            w, label = self._pairs.get(key), f"'{key[0]} {key[1]}'"
        elif token:
            w, label = self._token_vector[key], f"'{key}'"
        else:
            w, label = self.weights.get(key), _readable(key)
        margins = self._margins_of(w)
        return (margins[index], label) if margins is not None and margins[index] > 0 else None


def _pack(vector: Sequence[float]) -> int | None:
    """A vector of weights with 4 decimals as one integer: entry i in units of 1/SCALE,
    times 2**(LANE*i); None when an entry is off that grid or too large."""
    out = 0
    for i, w in enumerate(vector):
        units = round(w * SCALE)
        if units / SCALE != w or abs(units) >= 1 << (LANE - 20):
            return None
        out += units << (LANE * i)
    return out


def _bias(size: int) -> int:
    """Half a lane in each of `size` lanes: added once to a sum, it keeps every lane's
    digit non-negative (no lane borrows from the next), the entry plus half a lane; its
    top bit flipped, that digit is the entry as a signed LANE-bit number. A sum of fewer
    than 2**19 packed vectors cannot overflow a lane."""
    return sum(1 << (LANE * i + LANE - 1) for i in range(size))


def softmax(scores: Iterable[float]) -> list[float]:
    values = list(scores)
    exps = list(map(math.exp, map(sub, values, repeat(max(values)))))  # exp(v - top)
    return list(map(truediv, exps, repeat(sum(exps))))


def _readable(name: str) -> str:
    kind, _, value = name.partition(":")
    return f"'{value}'" if kind == "b" else name  # cues and rules by name
