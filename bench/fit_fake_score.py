"""Fit the profile part of `fake_score` (L2 logistic regression over
`scoring.fake.PROFILE_FEATURES`) on cresci-2015 and report 5-fold cross-validated figures.

    python bench/fit_fake_score.py           # cross-validate, print figures and the fit
    python bench/fit_fake_score.py --write   # also write the full-data fit into scoring/config.py

Only the weights of named, letter-grounded features are fitted; no feature is chosen by
looking at the test folds. numpy is a bench-only dependency (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import math
import re
import sys

import numpy as np
from _data import CRESCI, ROOT, cresci_labels, read_jsonl

from scoring import parse_account
from scoring.fake import PROFILE_FEATURES, profile_vector

L2 = 1e-3
STEPS = 4000
RATE = 0.5
FOLDS = 5
SEED = 2015


def load() -> tuple[list, np.ndarray, np.ndarray]:
    labels = cresci_labels()
    accounts = [parse_account(row) for row in read_jsonl(CRESCI / "accounts.jsonl")]
    x = np.array([[v if v is not None else np.nan for v in profile_vector(a)] for a in accounts])
    y = np.array([labels[a.id] for a in accounts], dtype=float)
    return accounts, x, y


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Returns (intercept, weights, centres) on the raw feature scale."""
    centre = np.nanmean(x, axis=0)
    spread = np.nanstd(x, axis=0) + 1e-9
    z = np.nan_to_num((x - centre) / spread)  # missing -> centre
    w = np.zeros(z.shape[1])
    b = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= RATE * (z.T @ (p - y) / len(y) + L2 * w)
        b -= RATE * float((p - y).mean())
    return b, w / spread, centre


def predict(model: tuple[float, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    b, w, centre = model
    logit = b + np.nan_to_num((x - centre) * w).sum(axis=1)  # missing -> contributes 0
    return 1.0 / (1.0 + np.exp(-logit))


def metrics(truth: np.ndarray, guess: np.ndarray) -> dict[str, float]:
    tp = float(((truth == 1) & (guess == 1)).sum())
    tn = float(((truth == 0) & (guess == 0)).sum())
    fp = float(((truth == 0) & (guess == 1)).sum())
    fn = float(((truth == 1) & (guess == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {
        "accuracy": (tp + tn) / len(truth),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "mcc": (tp * tn - fp * fn) / denom if denom else 0.0,
    }


def folds(n: int) -> list[np.ndarray]:
    order = np.random.default_rng(SEED).permutation(n)
    return np.array_split(order, FOLDS)


def cross_validate(x: np.ndarray, y: np.ndarray) -> tuple[dict[str, float], np.ndarray]:
    """Out-of-fold probabilities: each account scored by a model that never saw it."""
    out = np.zeros(len(y))
    parts = folds(len(y))
    for k, test in enumerate(parts):
        train = np.concatenate([p for j, p in enumerate(parts) if j != k])
        out[test] = predict(fit(x[train], y[train]), x[test])
    return metrics(y, (out >= 0.5).astype(float)), out


def leave_one_group_out(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray
) -> dict[str, tuple[int, float]]:
    """For each group, the share of its accounts classified right by a model fitted on the
    other groups only: how the profile model fares on a kind of account (another market,
    another population of people) it never saw."""
    out = {}
    for group in sorted(set(groups)):
        held = groups == group
        model = fit(x[~held], y[~held])
        guess = (predict(model, x[held]) >= 0.5).astype(float)
        out[group] = (int(held.sum()), float((guess == y[held]).mean()))
    return out


def render(model: tuple[float, np.ndarray, np.ndarray]) -> str:
    b, w, centre = model
    lines = [
        f"FAKE_PROFILE_INTERCEPT: Final = {b:.4f}",
        "FAKE_PROFILE_WEIGHTS: Final[dict[str, tuple[float, float]]] = {",
    ]
    for feature, weight, c in zip(PROFILE_FEATURES, w, centre, strict=True):
        lines.append(f'    "{feature.name}": ({weight:.4f}, {c:.4f}),  # {feature.description}')
    lines.append("}")
    return "\n".join(lines)


def write(model: tuple[float, np.ndarray, np.ndarray]) -> None:
    path = ROOT / "scoring" / "config.py"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(# --- fitted: begin.*?---\n).*?(# --- fitted: end ---)", re.S)
    if not pattern.search(text):
        sys.exit("scoring/config.py has no '# --- fitted: begin/end' markers")
    path.write_text(
        pattern.sub(lambda m: m.group(1) + render(model) + "\n" + m.group(2), text),
        encoding="utf-8",
    )
    print(f"wrote the fit into {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the full-data fit to config")
    args = parser.parse_args()
    _, x, y = load()
    cv, _ = cross_validate(x, y)
    print(f"cresci-2015: {len(y)} accounts, {int(y.sum())} fake; {FOLDS}-fold cross-validation")
    print("  " + "  ".join(f"{k} {v:.3f}" for k, v in cv.items()))
    model = fit(x, y)
    print(render(model))
    if args.write:
        write(model)


if __name__ == "__main__":
    main()
