"""Where the shared evaluation data lives, and how bench scripts read it (in place:
the datasets are never copied into this repository)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATASETS = Path(os.environ.get("WHYNOT_DATASETS", ROOT.parent / "shared" / "datasets"))
CRESCI = DATASETS / "cresci-2015"
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


def cresci_labels() -> dict[str, int]:
    with need(CRESCI / "labels.csv").open(encoding="utf-8") as fh:
        return {row["id"]: int(row["label"]) for row in csv.DictReader(fh)}


def cresci_groups() -> dict[str, str]:
    """Account id -> the group it came from (E13, TFP: people; FSF, INT, TWT: markets)."""
    with need(CRESCI / "labels.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row["group"] for row in csv.DictReader(fh)}
