"""Fit the intent model and write `whynot/intent_model.json` (re-run to reproduce it).

    python bench/fit_intents.py [--out PATH] [--check]

Also the corpus every intent script reads (`corpus()`), and the fitting procedure the
honest evaluation in `bench/intents_eval.py` repeats per fold (`fit`).

The corpus (see README "Intents"):
- paraphrase families written for this project, `bench/data/intents_families_{en,es,pt}.txt`
  (a block of paraphrases under a `## INTENT LANG` header is one family), each member
  a `## INTENT LANG reply` header marks messages that reply to the bot's answer, the
  context `review_request` needs (`whynot.intent_review`); each member is
  also seen once more through a seeded surface change (`augment`: typo, handle, emoji,
  a second sentence, a quoted tweet's link, case, accents dropped) that stays in its family;
- real posts about following, `bench/data/intents_real.jsonl`: references and labels only,
  the texts read in place from the shared datasets (pan19 may not be redistributed), the
  labels by `bench/data/intents_real_GUIDELINE.md`; grouped by account;
- the old labelled items, tests/data/intents.jsonl: the "dev" split is training data,
  the "test" split is never trained on (bench/intents_eval.py reports it apart).

`fit(examples)` is the whole procedure, so a fold's test part never informs any choice:
1. a named rule (or guard) is *sure* when its matches among `examples` are at least
   `SURE_PRECISION` right and number at least `SURE_SUPPORT`; sure rules decide alone;
2. the inverse regularisation `C` and the confidence threshold are chosen by an inner group
   k-fold over `examples`: the highest macro-F1 among settings whose every answered intent
   keeps precision >= `TARGET_PRECISION`; if none does, the highest macro-F0.5 (precision
   counts twice: a false reply is worse than a missed one);
3. a multinomial logistic regression (scikit-learn, lbfgs) over the features
   `whynot.intents` gives the model is fitted on all `examples`, and a three-way one of the
   language over the same features on the written messages (families and old items: a
   real post's language label is its author's); both are exported as plain JSON, one
   vector per feature (weights rounded to 4 decimals, features whose largest weight is
   under `PRUNE` dropped).

`--check` re-fits and says whether the shipped file is reproduced (the fit is seeded and
deterministic on one machine; another BLAS may move the last decimals).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from _data import DATASETS, ROOT

from whynot.intent_model import MODEL_PATH, IntentModel, features
from whynot.intents import (
    INTENTS,
    classify_with,
    marks,
    match_rules,
    model_features,
    prepare,
)

DATA = ROOT / "bench" / "data"
FAMILY_FILES = tuple(DATA / f"intents_families_{lang}.txt" for lang in ("en", "es", "pt"))
REAL = DATA / "intents_real.jsonl"
OLD = ROOT / "tests" / "data" / "intents.jsonl"
PAN19 = DATASETS / "pan19-bots" / "accounts.jsonl"
TWIBOT = DATASETS / "twibot-20-sample" / "accounts.jsonl"
# Which real posts are "about following" (the mining; see the labelling guideline).
MINE = re.compile(
    r"follow|f4f|\bmutuals?\b|seguidor|s[ií]gue?me|s[ií]ganme|seguime|me sigue|te sigo"
    r"|te segu[ií]|me segue|\bsdv\b|de seguir|seguirme|seguirte",
    re.IGNORECASE,
)

SURE_PRECISION = 0.99
SURE_SUPPORT = 5
TARGET_PRECISION = 0.97
C_GRID = (4.0, 16.0)
TOLERANCE = 1e-3
CLASS_WEIGHT: str | None = "balanced"
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(14))  # 0.30 .. 0.95
INNER_FOLDS = 4
PRUNE = 0.02
SEED = 14
LANGUAGES = ("en", "es", "pt")
LANGUAGE_C = 4.0


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    lang: str | None
    group: str  # family id, "real:<account>" or "old:<n>": never split across folds
    source: str  # "family", "real", "old-dev" or "old-test"
    about_answer: bool = False  # a reply to one of the bot's answers (`## INTENT LANG reply`)


# ---------------------------------------------------------------- the corpus


def read_families(paths: Iterable[Path] = FAMILY_FILES) -> list[Example]:
    out: list[Example] = []
    for path in paths:
        lang_file = path.stem.rsplit("_", 1)[-1]
        intent = lang = ""
        about = False
        blocks: list[tuple[str, str, bool, list[str]]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                intent, lang, *context = line[3:].split()
                if intent not in INTENTS or context not in ([], ["reply"]):
                    raise ValueError(f"{path}: bad header {line!r}")
                about = context == ["reply"]
                blocks.append((intent, lang, about, []))
            elif not line.strip():
                blocks.append((intent, lang, about, []))
            else:
                blocks[-1][3].append(line.strip())
        family = 0
        for intent, lang, about, texts in blocks:
            if texts:
                family += 1
                group = f"{lang_file}:{intent}:{family}"
                out.extend(Example(t, intent, lang, group, "family", about) for t in texts)
    return out


_FILLERS = {
    "en": ("love your stuff", "have a good one", "hope you're well", "long time reader",
           "anyway", "no pressure", "cheers"),
    "es": ("me encanta tu contenido", "saludos", "que tengas buen día", "abrazo",
           "sin presión", "un saludo"),
    "pt": ("amo seu conteúdo", "abraço", "tenha um bom dia", "valeu", "sem pressão",
           "beijos"),
}  # fmt: skip
_EMOJI = ("🙏", "😊", "😭", "🥺", "👀", "😅", "🔥", "💕", "😤", "🙄", "✨", "👉👈")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return text + rng.choice(_EMOJI)
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1 :]  # a letter dropped
    elif kind == 1:
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]  # two letters swapped
    else:
        w = w + w[-1] * rng.randrange(2, 5)  # a stretched ending
    words[i] = w
    return " ".join(words)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def augment(example: Example, rng: random.Random) -> Example:
    """One surface variant of a family member (same family, same label)."""
    text, lang = example.text, example.lang or "en"
    kind = rng.randrange(7)
    if kind == 0:
        text = _typo(text, rng)
    elif kind == 1:
        text = f"@{rng.choice(('fsalas', 'maria_dev', 'TheOwner', 'jp_22'))} {text}"
    elif kind == 2:
        text = f"{text} {rng.choice(_EMOJI)}{rng.choice(_EMOJI)}"
    elif kind == 3:
        filler = rng.choice(_FILLERS[lang])
        text = f"{filler.capitalize()}. {text}" if rng.random() < 0.5 else f"{text}. {filler}"
    elif kind == 4:
        text = f"{text} https://t.co/{rng.randrange(10**6, 10**7):x}"
    elif kind == 5:
        text = text.lower() if rng.random() < 0.5 else text.upper()
    else:
        text = _plain(text).replace("?", "").replace("¿", "")
    return Example(
        text, example.intent, example.lang, example.group, example.source, example.about_answer
    )


def family_corpus() -> list[Example]:
    members = read_families()
    rng = random.Random(SEED)
    variants = [augment(e, rng) for e in members]
    seen: set[tuple[str, bool]] = set()
    out = []
    for e in members + variants:
        if (e.text, e.about_answer) not in seen:
            seen.add((e.text, e.about_answer))
            out.append(e)
    return out


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def real_texts() -> dict[tuple[str, str], str]:
    """(dataset, post) -> text of every mined post, read in place from the datasets."""
    out: dict[tuple[str, str], str] = {}
    for dataset, path in (("pan19-bots", PAN19), ("twibot-20-sample", TWIBOT)):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                account = json.loads(line)
                for i, post in enumerate(account["posts"]):
                    text = post.get("text") or ""
                    if MINE.search(text):
                        out[dataset, post.get("id") or f"{account['id']}#{i:03d}"] = text
    return out


def real_available() -> bool:
    return PAN19.exists() and TWIBOT.exists()


def real_corpus() -> list[Example]:
    """The labelled real posts; raises FileNotFoundError when the datasets are absent."""
    if not real_available():
        raise FileNotFoundError(
            f"datasets not found under {DATASETS} (set WHYNOT_DATASETS to shared/datasets)"
        )
    texts = real_texts()
    out = []
    for line in REAL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = texts.get((row["dataset"], row["post"]))
        if text is None or _digest(text) != row["sha1"]:
            raise ValueError(f"real post {row['post']} missing or changed in {row['dataset']}")
        out.append(Example(text, row["intent"], row["lang"], f"real:{row['account']}", "real"))
    return out


def old_corpus() -> list[Example]:
    rows = [json.loads(line) for line in OLD.read_text(encoding="utf-8").splitlines() if line]
    return [
        Example(r["text"], r["intent"], r["lang"], f"old:{i}", f"old-{r['split']}")
        for i, r in enumerate(rows)
    ]


def corpus(with_real: bool = True) -> list[Example]:
    """Everything labelled: families (with variants), real posts, old items."""
    return family_corpus() + (real_corpus() if with_real else []) + old_corpus()


# ---------------------------------------------------------------- fitting


def group_folds(examples: Sequence[Example], k: int, seed: int = SEED) -> list[list[int]]:
    """Indices of `examples` in k folds; every group lies wholly in one fold, and each
    source is spread over the folds on its own (so every fold holds families and real posts).
    """
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_group[e.group].append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_source: dict[str, list[str]] = defaultdict(list)
    for group, idx in by_group.items():
        by_source[examples[idx[0]].source].append(group)
    for groups in by_source.values():
        groups.sort()
        rng.shuffle(groups)
        groups.sort(key=lambda g: -len(by_group[g]))  # big groups first, then fill up
        sizes = [0] * k
        for group in groups:
            f = min(range(k), key=lambda j: (sizes[j], j))
            folds[f].extend(by_group[group])
            sizes[f] += len(by_group[group])
    return [sorted(f) for f in folds]


def sure_rules(examples: Sequence[Example]) -> frozenset[str]:
    hits: dict[str, Counter[bool]] = defaultdict(Counter)
    for e in examples:
        norm, s = prepare(e.text)
        m = match_rules(s, norm.truncated, e.about_answer)
        if m is not None:
            hits[m.rule][m.intent == e.intent] += 1
    return frozenset(
        rule
        for rule, c in hits.items()
        if c[True] >= SURE_SUPPORT and c[True] / (c[True] + c[False]) >= SURE_PRECISION
    )


@cache
def _features(text: str, about_answer: bool = False) -> frozenset[str]:
    """What the model reads of one message: exactly what `whynot.intents` gives it."""
    norm, s = prepare(text)
    matched = match_rules(s, norm.truncated, about_answer)
    extra = model_features(s, matched, marks(text), about_answer)
    return frozenset(features(s)) | set(extra)


def _matrix(examples: Sequence[Example]) -> tuple[list[str], Any]:
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer()
    rows = [dict.fromkeys(_features(e.text, e.about_answer), 1) for e in examples]
    x = vec.fit_transform(rows).tocsr()
    return list(vec.get_feature_names_out()), x


def _fit_lr(x: Any, y: Sequence[int], c: float, n_classes: int = len(INTENTS)) -> tuple[list, list]:
    """Coefficients (one row of n_classes weights per column of x) and intercepts."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # threads only add overhead at this size
        lr = LogisticRegression(C=c, max_iter=1000, tol=TOLERANCE, class_weight=CLASS_WEIGHT).fit(
            x, y
        )
    if list(lr.classes_) != list(range(n_classes)):
        raise ValueError("every class needs training examples")
    return lr.coef_.T.tolist(), lr.intercept_.tolist()


def to_model(
    names: list[str], coef: list, intercept: list, threshold: float, sure: frozenset[str],
    meta: dict | None = None, language: tuple[list, list] | None = None,
) -> IntentModel:  # fmt: skip
    """The runtime model; `language` is the language model's (coef, intercept) over the same
    feature names, appended to every weight vector."""
    if language is not None:
        coef = [row + lang for row, lang in zip(coef, language[0], strict=True)]
        intercept = intercept + language[1]
    weights = {
        name: tuple(round(w, 4) for w in row)
        for name, row in zip(names, coef, strict=True)
        if max(abs(w) for w in row) >= PRUNE
    }
    return IntentModel(
        classes=INTENTS,
        intercept=tuple(round(b, 4) for b in intercept),
        weights=weights,
        threshold=threshold,
        sure_rules=sure,
        languages=LANGUAGES if language is not None else (),
        meta=meta or {},
    )


def fit_language(examples: Sequence[Example], names: list[str], x: Any) -> tuple[list, list]:
    """The language model over the same features, from the written messages (families
    and old items; the real posts' languages are the authors', not the texts')."""
    rows = [i for i, e in enumerate(examples) if e.lang in LANGUAGES and e.source != "real"]
    y = [LANGUAGES.index(examples[i].lang) for i in rows]
    coef, intercept = _fit_lr(x[rows], y, LANGUAGE_C, len(LANGUAGES))
    return coef, intercept


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], beta: float = 1.0
) -> tuple[float, float]:
    """Macro-F1 (F-beta) over `other` and the intents `gold` holds, and the lowest precision
    of an answered intent (an intent answered but absent from `gold` has precision 0)."""
    f1s, precisions = [], []
    for intent in INTENTS:
        tp = sum(g == p == intent for g, p in zip(gold, pred, strict=True))
        predicted, support = pred.count(intent), gold.count(intent)
        p = tp / predicted if predicted else 1.0
        if intent != "other" and (predicted or support):
            precisions.append(p)
        if support or intent == "other":
            r = tp / support if support else 1.0
            b2 = beta * beta
            f1s.append((1 + b2) * p * r / (b2 * p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s), min(precisions, default=1.0)


def fit(examples: Sequence[Example], log: bool = False) -> IntentModel:
    """The whole fitting procedure on `examples` alone (see the module docstring)."""
    sure = sure_rules(examples)
    names, x = _matrix(examples)
    y = [INTENTS.index(e.intent) for e in examples]
    folds = group_folds(examples, INNER_FOLDS, seed=SEED + 1)
    gold = [e.intent for e in examples]
    best: tuple[tuple, float, float] | None = None
    for c in C_GRID:
        preds: dict[float, list[str]] = {t: [""] * len(examples) for t in THRESHOLDS}
        for fold in folds:
            held = set(fold)
            rows = [i for i in range(len(examples)) if i not in held]
            coef, intercept = _fit_lr(x[rows], [y[i] for i in rows], c)
            trial = to_model(names, coef, intercept, threshold=0.0, sure=sure)
            for i in fold:
                # threshold 0: the argmax
                result = classify_with(examples[i].text, trial, examples[i].about_answer)
                by_model = (result.rule or "").startswith("model")
                for t in THRESHOLDS:
                    low = by_model and result.confidence < t
                    preds[t][i] = "other" if low else result.intent
        for t in THRESHOLDS:
            macro, low = macro_f1(gold, preds[t])
            met = low >= TARGET_PRECISION
            key = (met, macro if met else macro_f1(gold, preds[t], beta=0.5)[0])
            if log:
                print(f"  inner C={c:<5} threshold={t:.2f} macro-F1 {macro:.3f} min P {low:.3f}")
            if best is None or key > best[0]:
                best = (key, c, t)
    assert best is not None
    _, c, t = best
    coef, intercept = _fit_lr(x, y, c)
    meta = {"C": c, "examples": len(examples)}
    language = fit_language(examples, names, x)
    return to_model(names, coef, intercept, t, sure, meta=meta, language=language)


def export(model: IntentModel) -> dict:
    return {
        "about": "whynot intent model: multinomial logistic regression over the features of "
        "whynot/intent_model.py; written by bench/fit_intents.py, do not edit by hand",
        "classes": list(model.classes),
        "languages": list(model.languages),
        "intercept": list(model.intercept),
        "threshold": model.threshold,
        "sure_rules": sorted(model.sure_rules),
        "meta": model.meta,
        "weights": {k: list(v) for k, v in sorted(model.weights.items())},
    }


def write(model: IntentModel, path: Path) -> None:
    data = export(model)
    lines = [json.dumps({k: v for k, v in data.items() if k != "weights"}, ensure_ascii=False)]
    lines += [json.dumps({k: v}, ensure_ascii=False) for k, v in data["weights"].items()]
    # One object, one weight per line: diffs of a re-fit stay readable.
    body = ",\n".join(line[1:-1] for line in lines[1:])
    path.write_text(lines[0][:-1] + ',\n"weights": {\n' + body + "\n}}\n", encoding="utf-8")


def training_set() -> list[Example]:
    """What the shipped model is fitted on: all but the old test split."""
    return [e for e in corpus() if e.source != "old-test"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="fit and compare, write nothing")
    parser.add_argument("--verbose", action="store_true", help="print the inner search")
    args = parser.parse_args()
    if not real_available():
        sys.exit(f"datasets not found under {DATASETS} (set WHYNOT_DATASETS)")
    examples = training_set()
    counts = Counter((e.source, e.lang) for e in examples)
    print(f"{len(examples)} training messages: {dict(sorted(counts.items(), key=str))}")
    model = fit(examples, log=args.verbose)
    print(
        f"C={model.meta['C']} threshold={model.threshold} weights={len(model.weights)} "
        f"sure rules ({len(model.sure_rules)}): {', '.join(sorted(model.sure_rules))}"
    )
    if args.check:
        shipped = IntentModel.load(args.out)
        same = export(shipped) == json.loads(json.dumps(export(model)))
        print("shipped file reproduced" if same else "shipped file DIFFERS from a re-fit")
        sys.exit(0 if same else 1)
    write(model, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
