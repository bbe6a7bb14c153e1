"""Throughput of `whynot.intents.classify` (issue 14's target: >= 10,000 messages/s in one
process), and a check that a change of its code changes no answer.

    python bench/intents_throughput.py [--rounds 5] [--repeat 2] [--code TREE]
    python bench/intents_throughput.py --versus TREE [TREE ...] [--rounds 5]
    python bench/intents_throughput.py --compare BEFORE AFTER

Timing: the corpus of `bench/intents_eval.py` (`fit_intents.corpus(with_real=True)`, its
texts repeated `--repeat` times): messages per CPU second (this process's) and per wall
second of `classify`, of the named rules alone (`classify_rules`) and of the keyword
baseline (`intents_eval.baseline`), best of `--rounds`, the three taking turns within a
round so a busy neighbour slows them alike; then classify's cost in baseline messages
(the ratio moves less with the machine's load than the rates do) and the load average.

`--versus TREE...`: classify of each tree timed in this one process, the trees taking turns
over the same texts (runs minutes apart differ by more than most changes do). Still noisy
on a busy machine: run both orders, and a tree against itself to see the noise (once
8,101 against 7,261 msg/s for the same tree, at load 2.2).

`--compare BEFORE AFTER`: two source trees (say a clone of HEAD and a copy with the change),
each scored in its own process, `whynot` imported from that tree, the texts read once by
this script: every Intent (all fields) of `classify` and of `classify_rules`, with
`about_answer` false and true, on the corpus, the fresh sets (`bench/data/intents_fresh*`,
scored in code: neither their texts nor their labels are printed), the real posts not
about following that `intents_eval` reads as replies, and the first `--replies` posts of
the datasets that start with "@"; and `prepare` (what the fit reads) on the corpus. It
prints how many answers differ per set (and, outside the fresh sets, the first few) and
exits 1 if any does. Both trees should hold the same `whynot/intent_model.json`: it says
so when their files differ.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from _data import DATASETS, ROOT

FRESH_GLOB = "intents_fresh*.jsonl"
Answer = tuple[object, ...]


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (what else runs on this machine)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def best_of(rounds: int, texts: list[str], *fns: Callable[[str], object]) -> list[tuple]:
    """Per function: best wall and best CPU seconds over `rounds`, taking turns."""
    wall = [float("inf")] * len(fns)
    cpu = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start, start_cpu = time.perf_counter(), time.process_time()
            for text in texts:
                fn(text)
            wall[i] = min(wall[i], time.perf_counter() - start)
            cpu[i] = min(cpu[i], time.process_time() - start_cpu)
    return list(zip(wall, cpu, strict=True))


def timing(rounds: int, repeat: int) -> None:
    import fit_intents as fi
    from intents_eval import baseline

    from whynot.intents import classify, classify_rules

    print(f"timing {Path(sys.modules['whynot.intents'].__file__).parent.parent}")
    examples = fi.corpus(with_real=fi.real_available())
    texts = [e.text for e in examples] * repeat
    classify("warm up")
    print(f"load before: {load_average()}")
    names = ("classify (rules + model)", "rules alone", "keyword baseline")
    best = best_of(rounds, texts, classify, classify_rules, baseline)
    n = len(texts)
    print(f"{n} messages ({len(examples)} x {repeat}), best of {rounds}, taking turns")
    print(f"{'':26} {'CPU msg/s':>10} {'wall msg/s':>11}")
    for name, (wall, cpu) in zip(names, best, strict=True):
        print(f"{name:<26} {n / cpu:10,.0f} {n / wall:11,.0f}")
    ours, base = best[0][1], best[2][1]
    print(f"classify costs {ours / base:.1f} baseline messages (CPU); "
          f"{1e6 * ours / n:.1f} µs CPU per message")  # fmt: skip
    print(f"load after: {load_average()}")


def versus(trees: list[Path], rounds: int, repeat: int) -> None:
    """classify of each tree in this one process (each tree's `whynot` imported apart),
    taking turns over the same texts: on a busy machine, the fairest comparison."""
    import fit_intents as fi

    texts = [e.text for e in fi.corpus(with_real=fi.real_available())] * repeat
    classifiers = []
    for tree in trees:
        for name in [m for m in sys.modules if m == "whynot" or m.startswith("whynot.")]:
            del sys.modules[name]  # the next tree's modules, with their own memos
        sys.path.insert(0, str(tree))
        classifiers.append(importlib.import_module("whynot.intents").classify)
        sys.path.remove(str(tree))
        classifiers[-1]("warm up")
    print(f"load before: {load_average()}")
    best = best_of(rounds, texts, *classifiers)
    for tree, (wall, cpu) in zip(trees, best, strict=True):
        print(f"{tree}: {len(texts) / cpu:,.0f} CPU msg/s, {len(texts) / wall:,.0f} wall")
    print(f"load after: {load_average()}")


# ---------------------------------------------------------------- the answers check


def _posts() -> Iterator[tuple[str, str]]:
    for name in ("pan19-bots", "twibot-20-sample"):
        path = DATASETS / name / "accounts.jsonl"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                for post in json.loads(line)["posts"]:
                    yield name, post.get("text") or ""


def check_sets(replies: int) -> dict[str, list[tuple[str, bool]]]:
    """Set name -> (text, about_answer) pairs to score; fresh sets are marked `fresh:`."""
    import fit_intents as fi
    from intents_eval import real_replies

    sets: dict[str, list[tuple[str, bool]]] = {}
    sets["corpus"] = [(e.text, e.about_answer) for e in fi.corpus(with_real=True)]
    for path in sorted((ROOT / "bench" / "data").glob(FRESH_GLOB)):
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        sets[f"fresh:{path.name}"] = [(r["text"], bool(r.get("about_answer"))) for r in rows]
    sets["real posts not about following"] = [(t, False) for _, t in real_replies()]
    at = [t for _, t in _posts() if t.startswith("@")][:replies]
    sets[f"{len(at)} @-replies"] = [(t, False) for t in at]
    return sets


def dump(code: Path, sets: Path, out: Path) -> None:
    """Score the pickled `check_sets` with the `whynot` of the tree `code`; pickle the
    answers to `out`."""
    sys.path.insert(0, str(code))
    import whynot

    assert Path(whynot.__file__).resolve().parent == (code / "whynot").resolve(), whynot.__file__
    from whynot.intents import classify, classify_rules, prepare

    answers: dict[str, list[Answer]] = {}
    for name, items in pickle.loads(sets.read_bytes()).items():
        rows: list[Answer] = []
        for text, about in items:
            for flag in sorted({about, not about}):
                rows.append(
                    (hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(), flag,
                     repr(classify(text, flag)), repr(classify_rules(text, flag)))
                )  # fmt: skip
            if name == "corpus":
                rows.append(("prepare", repr(prepare(text)), repr(prepare(text, False))))
        answers[name] = rows
    out.write_bytes(pickle.dumps(answers))


def _model_hash(tree: Path) -> str:
    return hashlib.sha256((tree / "whynot" / "intent_model.json").read_bytes()).hexdigest()


def compare(before: Path, after: Path, replies: int) -> int:
    """Dump both trees in their own processes; print the differences; 1 if any."""
    if _model_hash(before) != _model_hash(after):
        print("the two trees hold different whynot/intent_model.json: copy one over the other")
        return 2
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sets = Path(tmp) / "sets.pickle"  # the same texts for both (the data may change)
        sets.write_bytes(pickle.dumps(check_sets(replies)))
        for tree in (before, after):
            out = Path(tmp) / f"{len(results)}.pickle"
            start = time.perf_counter()
            cmd = [sys.executable, __file__, "--dump", str(out), "--code", str(tree),
                   "--sets", str(sets)]  # fmt: skip
            subprocess.run(cmd, check=True)
            results.append(pickle.loads(out.read_bytes()))
            print(f"scored with {tree} ({time.perf_counter() - start:.0f} s wall)")
    differ = 0
    for name, old in results[0].items():
        new = results[1][name]
        wrong = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        differ += len(wrong)
        print(f"{name}: {len(old)} answers, {len(wrong)} differ")
        for i in wrong[:5] if not name.startswith("fresh:") else ():
            print(f"    before {old[i][1:]}\n    after  {new[i][1:]}")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is kept)")
    parser.add_argument("--repeat", type=int, default=2, help="copies of the corpus per round")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--versus", nargs="+", type=Path, metavar="TREE", help="A/B timing")
    parser.add_argument("--replies", type=int, default=20_000, help="@-replies checked")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help="the tree whose whynot is timed")
    parser.add_argument("--sets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.code, args.sets, args.dump)
    elif args.compare:
        sys.exit(compare(*args.compare, args.replies))
    elif args.versus:
        versus(args.versus, args.rounds, args.repeat)
    else:
        if args.code:  # time another tree's classifier on this corpus
            sys.path.insert(0, str(args.code))
        timing(args.rounds, args.repeat)


if __name__ == "__main__":
    main()
