"""How well `whynot.intents.classify` recognises intents, against a naive keyword baseline.

    python bench/intents_eval.py [--rounds 5] [--repeat 50]

Input: tests/data/intents.jsonl (hand-labelled; "dev" is what the patterns were developed
on, "test" was written before any pattern and never tuned on, so it estimates unseen
messages). Figures, for the dev split, the test split and all: per-intent precision,
recall and F1, macro-F1 over the five intents, a confusion matrix (rows: truth, columns:
prediction), the baseline's macro-F1 and the ratio to it, and language accuracy; then
classification throughput (messages/s, best of --rounds) for both.
Targets: macro-F1 >= 0.95 and precision >= 0.97 on every intent but "other".
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence

from _data import ROOT

from whynot.intents import INTENTS, classify

DATA = ROOT / "tests" / "data" / "intents.jsonl"
SHORT = {
    "follow_back_request": "fb_req",
    "why_not_followed": "why_not",
    "unfollow_excuse": "unf_exc",
    "why_unfollowed": "why_unf",
    "other": "other",
}


def baseline(text: str) -> str:
    """The naive keyword classifier the patterns must beat."""
    t = text.lower()
    if "unfollow" in t:
        return "why_unfollowed"
    if "why" in t and "follow" in t:
        return "why_not_followed"
    if "follow back" in t or "follow me" in t:
        return "follow_back_request"
    return "other"


def ours(text: str) -> str:
    return classify(text).intent


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    """Per intent: precision, recall, F1, support."""
    out = {}
    for intent in INTENTS:
        tp = sum(g == p == intent for g, p in zip(gold, pred, strict=True))
        predicted = sum(p == intent for p in pred)
        support = sum(g == intent for g in gold)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[intent] = (precision, recall, f1, support)
    return out


def macro_f1(table: dict[str, tuple[float, float, float, int]]) -> float:
    return sum(f1 for _, _, f1, _ in table.values()) / len(table)


def report(name: str, rows: list[dict]) -> None:
    gold = [r["intent"] for r in rows]
    results = [classify(r["text"]) for r in rows]
    pred = [r.intent for r in results]
    table = scores(gold, pred)
    base = macro_f1(scores(gold, [baseline(r["text"]) for r in rows]))
    macro = macro_f1(table)
    print(f"\n== {name} split: {len(rows)} messages ==")
    print(f"{'intent':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>7}")
    for intent, (p, r, f, n) in table.items():
        print(f"{intent:<20} {p:9.3f} {r:7.3f} {f:6.3f} {n:7d}")
    min_precision = min(table[i][0] for i in INTENTS if i != "other")
    met = macro >= 0.95 and min_precision >= 0.97
    print(
        f"macro-F1 {macro:.3f}   min precision (non-other) {min_precision:.3f}   "
        f"targets {'met' if met else 'NOT met'}"
    )
    ratio = f"{macro / base:.2f}x" if base else "n/a"
    print(f"baseline macro-F1 {base:.3f}   ratio {ratio}")
    lang_ok = sum(r.language == row["lang"] for r, row in zip(results, rows, strict=True))
    print(f"language accuracy {lang_ok / len(rows):.3f}")
    print("confusion (rows truth, columns prediction):")
    print(" " * 9 + "".join(f"{SHORT[i]:>8}" for i in INTENTS))
    for g in INTENTS:
        counts = [sum(a == g and b == p for a, b in zip(gold, pred, strict=True)) for p in INTENTS]
        print(f"{SHORT[g]:<9}" + "".join(f"{c:8d}" for c in counts))


def throughput(fn: Callable[[str], str], texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is kept)")
    parser.add_argument("--repeat", type=int, default=50, help="copies of the set per round")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    for split in ("dev", "test"):
        report(split, [r for r in rows if r["split"] == split])
    report("all", rows)
    texts = [r["text"] for r in rows] * args.repeat
    ours_rate = throughput(ours, texts, args.rounds)
    base_rate = throughput(baseline, texts, args.rounds)
    print(f"\n== throughput ({len(texts)} messages, best of {args.rounds}) ==")
    print(f"classify  {ours_rate:12,.0f} messages/s")
    print(
        f"baseline  {base_rate:12,.0f} messages/s   (classify is {base_rate / ours_rate:.0f}x "
        f"slower, {1e6 / ours_rate:.0f} µs per message)"
    )


if __name__ == "__main__":
    main()
