"""Are the stored "about the poster" labels consistent? A blind re-labelling (issue 13).

    python bench/relabel_check.py sample /tmp/relabel   # sample.tsv (texts) + strata.tsv
    python bench/relabel_check.py compare bench/data/about_poster/relabel_check.tsv

`sample` draws, with a fixed seed, posts of the tune and test parts (never the fresh
part, never our own Portuguese posts) and prints `post`, `lang`, `text` in a shuffled
order, without the stored label or any rule's verdict, for a second labeller who follows
`bench/data/about_poster/GUIDELINE.md` from the texts alone. The sample is stratified by
language and by the verdict of `scoring.about_poster` at the time of drawing (half the
posts it calls "about the poster", half the rest), so that the few positives are seen
often enough to read a precision from. The stratum and its size in the pool go to a
separate `strata.tsv`, joined to the second labels only after labelling (the stored file
keeps them, so later rule changes do not move a post between strata).

`compare` reads the second labeller's file (`dataset`, `post`, `lang`, `label`,
`stratum`, `stratum_size`: only references, the texts stay in the shared datasets) and
prints, per language and per stratum, Cohen's kappa between the two labellings and the
precision and recall of the second labels taken as a rule against the stored ones; then
the same with each stratum weighted by its size in the tune+test parts, which is what a
plain random sample would estimate. The posts where the two disagree are listed with their text.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from _data import DATASETS  # noqa: F401  (puts the repository on sys.path)
from labelled_posts import LabelledPost, real_posts

from scoring.about_poster import is_about_poster

SEED = 1913
PER_STRATUM = {"en": 45, "es": 30}  # posts per (language, rule verdict)
LANGS = tuple(PER_STRATUM)


def pool() -> list[LabelledPost]:
    """The tune and test parts' real posts, in file order."""
    return [p for p in real_posts() if p.part in ("tune", "test") and p.lang in LANGS]


def stratum(p: LabelledPost) -> str:
    return "rule 1" if is_about_poster(p.text, p.kind) else "rule 0"


def draw(posts: list[LabelledPost]) -> list[LabelledPost]:
    rng = random.Random(SEED)
    chosen: list[LabelledPost] = []
    for lang in LANGS:
        for s in ("rule 1", "rule 0"):
            group = [p for p in posts if p.lang == lang and stratum(p) == s]
            chosen += rng.sample(group, min(PER_STRATUM[lang], len(group)))
    rng.shuffle(chosen)
    return chosen


def kappa(pairs: Iterable[tuple[bool, bool]], weights: Iterable[float] | None = None) -> float:
    """Cohen's kappa of (stored, second) pairs, each pair weighted (1 by default)."""
    pairs = list(pairs)
    ws = list(weights) if weights is not None else [1.0] * len(pairs)
    n = sum(ws)
    agree = sum(w for (a, b), w in zip(pairs, ws, strict=True) if a == b) / n
    pa = sum(w for (a, _), w in zip(pairs, ws, strict=True) if a) / n
    pb = sum(w for (_, b), w in zip(pairs, ws, strict=True) if b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return (agree - chance) / (1 - chance) if chance < 1 else float("nan")


def pr(pairs: list[tuple[bool, bool]], ws: list[float]) -> tuple[float, float]:
    """Precision and recall of the second labels against the stored ones."""
    tp = sum(w for (a, b), w in zip(pairs, ws, strict=True) if a and b)
    said = sum(w for (_, b), w in zip(pairs, ws, strict=True) if b)
    true = sum(w for (a, _), w in zip(pairs, ws, strict=True) if a)
    return (tp / said if said else float("nan")), (tp / true if true else float("nan"))


def read_second(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def compare(path: Path) -> None:
    by_ref = {p.ref: p for p in pool()}
    second = read_second(path)
    missing = [r["post"] for r in second if r["post"] not in by_ref]
    if missing:
        sys.exit(f"{len(missing)} posts of {path} are not in the tune/test parts: {missing[:3]}")
    # (post, second label, stratum, weight = posts of the stratum in the pool per sampled)
    got = Counter((r["lang"], r["stratum"]) for r in second)
    rows = [
        (
            by_ref[r["post"]],
            r["label"] == "1",
            r["stratum"],
            int(r["stratum_size"]) / got[r["lang"], r["stratum"]],
        )
        for r in second
    ]
    print("stored = the labels files; second = this re-labelling, blind, by GUIDELINE.md")
    print("weighted = each stratum weighted by its size in the tune+test pool")
    print(
        f"{'lang':<5}{'stratum':<9}{'n':>4}{'stored 1':>9}{'second 1':>9}{'agree':>7}"
        f"{'kappa':>7}{'P':>6}{'R':>6}"
    )
    for lang in LANGS:
        for s in ("rule 1", "rule 0", "all", "weighted"):
            sub = [r for r in rows if r[0].lang == lang and s in ("all", "weighted", r[2])]
            pairs = [(p.label, b) for p, b, _, _ in sub]
            ws = [w if s == "weighted" else 1.0 for *_, w in sub]
            n = sum(ws)
            agree = sum(w for (a, b), w in zip(pairs, ws, strict=True) if a == b) / n
            prec, rec = pr(pairs, ws)
            print(
                f"{lang:<5}{s:<9}{len(sub):>4}{sum(a for a, _ in pairs):>9}"
                f"{sum(b for _, b in pairs):>9}{agree:>7.2f}{kappa(pairs, ws):>7.2f}"
                f"{prec:>6.2f}{rec:>6.2f}"
            )
    print("\ndisagreements (stored -> second, stratum, part, post, text):")
    for p, b, s, _ in sorted(rows, key=lambda r: (r[0].lang, r[0].label, r[2])):
        if p.label != b:
            flat = " ".join(p.text.split())[:180]
            print(f"  {p.lang} {int(p.label)}->{int(b)} [{s}] {p.part} {p.ref}: {flat}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    smp = sub.add_parser("sample")
    smp.add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("labels", type=Path)
    args = parser.parse_args()
    if args.cmd == "sample":
        posts = pool()
        size = Counter((p.lang, stratum(p)) for p in posts)
        chosen = draw(posts)
        args.out.mkdir(parents=True, exist_ok=True)
        with (args.out / "sample.tsv").open("w", encoding="utf-8") as fh:
            fh.write("dataset\tpost\tlang\ttext\n")
            for p in chosen:
                fh.write(f"{p.dataset}\t{p.ref}\t{p.lang}\t{' '.join(p.text.split())}\n")
        with (args.out / "strata.tsv").open("w", encoding="utf-8") as fh:
            fh.write("post\tstratum\tstratum_size\n")
            for p in chosen:
                fh.write(f"{p.ref}\t{stratum(p)}\t{size[p.lang, stratum(p)]}\n")
    else:
        compare(args.labels)


if __name__ == "__main__":
    main()
