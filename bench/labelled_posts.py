"""The labelled "about the poster" set (`bench/data/about_poster/`), joined with the post
texts read in place from the shared datasets, and its fixed split into tune and test parts.
The third draw (`labels_3.tsv`) is a part of its own, `fresh`: labelled blind after the
rules of the first two rounds were written, it is read once per round of rule changes.
The fourth (`labels_4.tsv`) is the `check` part: posts the rules call "about the poster",
drawn from authors of the tune part only, to fit a check on them
(`bench/fit_poster_check.py`); never a part to measure on (it is not random over posts).

Shared by `bench/criteria_eval.py` and the tests. Texts are never copied into the
repository: real posts are looked up by reference in `WHYNOT_DATASETS` (else
`../shared/datasets`); only the Portuguese posts we wrote ourselves are stored here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "data" / "about_poster"
DATASETS = Path(os.environ.get("WHYNOT_DATASETS", ROOT.parent / "shared" / "datasets"))
LANGUAGES = ("en", "es", "pt")


@dataclass(frozen=True, slots=True)
class LabelledPost:
    dataset: str  # "own" for the posts written for this set
    ref: str
    lang: str
    label: bool
    text: str
    kind: str  # "post" or "reply" (reposts were never drawn)
    draw: int = 1  # 1: labels.tsv, 2: labels_2.tsv, 3: labels_3.tsv, 0: our own posts

    @property
    def part(self) -> str:
        """'tune' or 'test' (a hash split of the first two draws), 'fresh' (draw 3) or
        'check' (draw 4)."""
        if self.draw == FRESH_DRAW:
            return "fresh"
        return "check" if self.draw == CHECK_DRAW else part_of(self.ref)


def part_of(ref: str) -> str:
    """'test' for about a third of the posts, fixed by a hash of the reference alone."""
    return "test" if int(hashlib.sha256(ref.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def _kind(text: str) -> str:
    return "reply" if text.startswith("@") else "post"


def own_posts() -> list[LabelledPost]:
    """The posts written for the set (always available)."""
    with (HERE / "own_pt.tsv").open(encoding="utf-8") as fh:
        return [
            LabelledPost("own", r["id"], "pt", r["label"] == "1", r["text"], _kind(r["text"]), 0)
            for r in csv.DictReader(fh, delimiter="\t")
        ]


def datasets_available(datasets: Path = DATASETS) -> bool:
    return all((datasets / d / "accounts.jsonl").exists() for d in _datasets_used())


# The label files and the draw each came from (README.md says how each was drawn).
LABEL_FILES = (("labels.tsv", 1), ("labels_2.tsv", 2), ("labels_3.tsv", 3), ("labels_4.tsv", 4))
FRESH_DRAW = 3  # a held-out part as a whole, not split
CHECK_DRAW = 4  # training data for the learned check on the rules' "yes"


def _label_rows() -> list[tuple[dict[str, str], int]]:
    rows = []
    for name, draw in LABEL_FILES:
        if not (HERE / name).exists():  # the fourth draw, before it was labelled
            continue
        with (HERE / name).open(encoding="utf-8") as fh:
            rows += [(r, draw) for r in csv.DictReader(fh, delimiter="\t")]
    return rows


def _datasets_used() -> set[str]:
    return {r["dataset"] for r, _ in _label_rows()}


def _texts(datasets: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for dataset, refs in wanted.items():
        accounts = {r.split("#", 1)[0] for r in refs if "#" in r}
        with (datasets / dataset / "accounts.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                acc = json.loads(line)
                for i, post in enumerate(acc["posts"]):
                    ref = post.get("id") or f"{acc['id']}#{i}"
                    if ref in refs:
                        found[dataset, ref] = post["text"]
                if acc["id"] in accounts:
                    accounts.discard(acc["id"])
    return found


def real_posts(datasets: Path = DATASETS) -> list[LabelledPost]:
    """The labelled real posts with their texts; needs the datasets folder."""
    rows = _label_rows()
    wanted: dict[str, set[str]] = {}
    for r, _ in rows:
        wanted.setdefault(r["dataset"], set()).add(r["post"])
    texts = _texts(datasets, wanted)
    missing = [r["post"] for r, _ in rows if (r["dataset"], r["post"]) not in texts]
    if missing:
        raise LookupError(f"{len(missing)} labelled posts not found, e.g. {missing[0]}")
    out = []
    for r, draw in rows:
        text = texts[r["dataset"], r["post"]]
        label = r["label"] == "1"
        out.append(LabelledPost(r["dataset"], r["post"], r["lang"], label, text, _kind(text), draw))
    return out


def all_posts(datasets: Path = DATASETS) -> list[LabelledPost]:
    return real_posts(datasets) + own_posts()
