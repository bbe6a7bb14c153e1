"""Where the shared evaluation data lives, and how bench scripts read it (in place:
the datasets are never copied into this repository)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

# One BLAS thread: the fits here are many small problems, where threads only fight over
# this machine's two cores (a 4x slowdown measured under load).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATASETS = Path(os.environ.get("WHYNOT_DATASETS", ROOT.parent / "shared" / "datasets"))
TWIBOT = DATASETS / "twibot-20-sample"


def need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"dataset not found: {path} (set WHYNOT_DATASETS to the shared/datasets folder)")
    return path


def read_jsonl(path: Path) -> Iterator[dict]:
    with need(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# The labelled sets, by kind: profile sets (no posts) and the one set of post texts.
PROFILE_SETS = ("cresci-2015", "botwiki-verified-2019", "twitter-human-bots-2020")
POST_SETS = ("pan19-bots",)
LABELLED = PROFILE_SETS + POST_SETS


def labels_of(name: str) -> dict[str, tuple[int, str]]:
    """Account id -> (label, group) of one labelled set (label 1 = bot or fake)."""
    with need(DATASETS / name / "labels.csv").open(encoding="utf-8") as fh:
        return {row["id"]: (int(row["label"]), row["group"]) for row in csv.DictReader(fh)}
