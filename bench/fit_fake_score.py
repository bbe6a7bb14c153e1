"""Fit the weights of `fake_score` on every labelled set and write them as plain data.

    python bench/fit_fake_score.py            # fit on all labelled sets, print the weights
    python bench/fit_fake_score.py --write    # also write scoring/fake_model.json
    python bench/fit_fake_score.py --check    # exit 1 unless the shipped file is what a fit gives

How it fits (the signals themselves are named and described in scoring/fake_signals.py).
Honesty about choices: `short_bio` and `no_location` come from Camisani-Calzolari's rule
set, but were added after looking at how bots and people differ on all three profile sets;
the worst-set loss below was kept after comparing it with the average loss on the
leave-one-dataset-out figures. Those figures are therefore not blind to these two choices;
the hidden sets the project is judged on are.
- Logistic regression with a small L2 penalty, minimised by L-BFGS-B with every weight
  bounded to its signal's declared direction: "few followers" may only ever point to a
  bot, "asks questions" only to a person. A weight that the data would flip is held at 0
  instead, so no signal means the opposite of its description on some account.
- Profile part: one model per set of available signals (every subset of profile inputs an
  account may lack), each fitted only on the accounts that show all of its inputs. An
  unknown field is therefore never read as zero.
- Within a labelled set bots and people weigh the same, and the fit minimises the loss of
  the set it does worst on (group DRO), not the average: the biggest collection cannot set
  the weights alone, and a signal that helps one kind of account by hurting another earns
  nothing. Measured on the sets left out whole (bench/evaluate.py --quick), it moved
  leave-one-dataset-out MCC on cresci-2015 / botwiki / twitter-human-bots from 0.656 /
  0.725 / 0.468 (average loss) to 0.797 / 0.860 / 0.465.
- No profile trait decides alone: every profile weight is bounded to at most one logit per
  unit of its signal (per yes-no trait, per log unit of a count), so one trait moves the
  profile part from even odds to 73% at most (a count hinge a little more per log unit it
  reaches) and a verdict needs several to agree. With two training sets, group DRO still
  gives full weight to a trait that separates one set and is silent on the other: fitted on
  cresci-2015 and botwiki, "follows fewer than 20" took +2.46 and "bio says bot" +3.2,
  because botwiki's verified people all follow many, and flagged twitter-human-bots' quiet
  people. Rule set before measuring (ship only if the worst leave-one-dataset-out MCC rises
  by 0.01 and no set drops by more than 0.02); measured with bench/evaluate.py --quick, it
  moved cresci-2015 / botwiki / twitter-human-bots from 0.797 / 0.860 / 0.465 to
  0.797 / 0.860 / 0.489 (pan19 unchanged: the posts part is not bounded). It was the one
  variant of eight that passed (more likes per post, posts per day, lists per follower,
  L2 1e-2 and 1e-1, DRO over set x class, no default_profile did not), and was proposed
  after looking at which signals fired on twitter-human-bots' errors: not blind to that set.
  Tried after it, same rule, not shipped: a handle ending in three or more digits (the
  numbered names of sign-up forms and bulk makers; Yang et al. 2020 count a handle's
  digits), proposed after seeing it in 15% of twitter-human-bots' bots against 7% of its
  people and ~equal in the other two sets: 0.798 / 0.859 / 0.490 (2026-12-02).
  Its price is in-set (not the headline): 5-fold cresci-2015 0.947 -> 0.909, botwiki
  0.957 -> 0.938. The shipped fit (all three sets) keeps its weights (to 0.001) on the
  field sets those sets show; the bound moves the parts for fewer fields (X without
  default_profile, Mastodon, Bluesky), where twitter-human-bots left out with its fields
  masked that way rose (0.456 -> 0.470, 0.467 -> 0.494) and cresci-2015 and botwiki moved
  by 0.001 or less.
- Posts part: fitted on the sets with post texts (pan19-bots), each post signal read
  through its ramps.
scipy and numpy are bench-only dependencies (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from _data import DATASETS, LABELLED, POST_SETS, PROFILE_SETS, ROOT, labels_of, read_jsonl
from scipy.optimize import minimize

from scoring import parse_account
from scoring import thresholds as cfg
from scoring.fake_model import FakeModel, LinearPart, signal_key
from scoring.fake_signals import (
    POST_SIGNALS,
    PROFILE_INPUTS,
    PROFILE_SIGNALS,
    available_profile_signals,
    known_inputs,
    post_values,
    profile_values,
    ramps,
)
from scoring.features import account_facts
from scoring.models import Account

L2 = 1e-3
# The largest weight a profile signal may take, in logits per unit of the signal (see above).
PROFILE_WEIGHT_CAP = 1.0
MODEL_PATH = ROOT / "scoring" / "fake_model.json"
_DIRECTION = {s.name: s.direction for s in (*PROFILE_SIGNALS, *POST_SIGNALS)}
_EDGES = {s.name: s.edges for s in POST_SIGNALS}


@dataclass(slots=True)
class Example:
    """One labelled account with its signals computed once."""

    account: Account
    label: int
    dataset: str
    group: str
    available: frozenset[str]  # profile signals it shows
    profile: dict[str, float]
    posts: dict[str, list[float]] | None  # signal -> ramp values; None: too few posts


def example(account: Account, label: int, dataset: str, group: str) -> Example:
    available = available_profile_signals(known_inputs(account))
    facts = account_facts(account)
    posts = None
    if facts.n >= cfg.MIN_POSTS:
        posts = {k: ramps(v, _EDGES[k]) for k, v in post_values(facts).items()}
    return Example(
        account,
        label,
        dataset,
        group,
        frozenset(available),
        profile_values(account, available),
        posts,
    )


def load(name: str) -> list[Example]:
    labels = labels_of(name)
    out = []
    for row in read_jsonl(DATASETS / name / "accounts.jsonl"):
        account = parse_account(row)
        label, group = labels[account.id]
        out.append(example(account, label, name, group))
    return out


def load_all(names: Iterable[str] = LABELLED) -> dict[str, list[Example]]:
    return {name: load(name) for name in names}


def balanced_weights(examples: Sequence[Example]) -> np.ndarray:
    """Each dataset weighs the same; within it, each class weighs the same."""
    cells = Counter((e.dataset, e.label) for e in examples)
    per_set = Counter(d for d, _ in cells)
    n_sets = len(per_set)
    w = np.array(
        [1.0 / (n_sets * per_set[e.dataset] * cells[e.dataset, e.label]) for e in examples]
    )
    return w / w.sum()


# Group DRO's smooth maximum: the fit minimises (1/t) log sum exp(t * loss of each set), which
# is the worst set's loss to within log(n_sets)/t. Any t from 20 up gives the same weights
# to three decimals; 50 keeps the objective smooth enough for L-BFGS-B.
WORST_SET_T = 50.0


def fit_linear(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    directions: Sequence[int],
    sets: Sequence[str] | None = None,
    cap: float | None = None,
) -> tuple[float, np.ndarray]:
    """Weighted, L2-penalised logistic regression with each weight's sign bounded.

    With `sets` (the dataset of each row), the loss minimised is the worst set's, not the
    average (group distributionally robust optimisation, Sagawa et al., ICLR 2020): a
    signal earns weight only if it helps on every kind of account at once, so one
    collection's quirk cannot buy accuracy there at the price of another's. With `cap`,
    no weight goes beyond it either way."""
    names = sorted(set(sets)) if sets is not None else ["all"]
    member = (
        np.array([[s == n for s in sets] for n in names], dtype=float)
        if sets is not None
        else np.ones((1, len(y)))
    )
    share = member @ w  # each set's share of the weight, to rescale its loss to a mean
    wg = member * w / share[:, None]

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        b, beta = params[0], params[1:]
        z = x @ beta + b
        p = 1.0 / (1.0 + np.exp(-z))
        per_set = wg @ (np.logaddexp(0.0, z) - y * z)
        top = per_set.max()
        soft = np.exp(WORST_SET_T * (per_set - top))
        value = top + float(np.log(soft.sum())) / WORST_SET_T
        a = (soft / soft.sum()) @ wg  # each row's weight in the smooth maximum
        grad = np.concatenate([[np.sum(a * (p - y))], x.T @ (a * (p - y)) + 2 * L2 * beta])
        return value + L2 * float(beta @ beta), grad

    bounds = [(None, None)] + [
        (0.0, cap) if d > 0 else (-cap if cap else None, 0.0) for d in directions
    ]
    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return float(result.x[0]), result.x[1:]


def _round(v: float) -> float:
    return round(float(v), 6) + 0.0  # + 0.0: no "-0.0" in the file


def signal_sets() -> list[tuple[str, ...]]:
    """Every distinct set of profile signals some combination of known inputs allows."""
    seen: dict[str, tuple[str, ...]] = {}
    for size in range(1, len(PROFILE_INPUTS) + 1):
        for inputs in itertools.combinations(PROFILE_INPUTS, size):
            names = available_profile_signals(frozenset(inputs))
            if names:
                seen.setdefault(signal_key(names), names)
    return [seen[k] for k in sorted(seen)]


def fit_profile(
    examples: Sequence[Example],
    only: Iterable[frozenset[str]] | None = None,
    subsets: bool = True,
) -> dict[str, LinearPart]:
    """One part per signal set, fitted on the accounts that show all of it. `only`: just
    the sets these accounts show and their subsets (what `FakeModel` may fall back to);
    with `subsets=False`, just those sets (each part is fitted on its own rows alone)."""
    names_all = [s.name for s in PROFILE_SIGNALS]
    x_all = np.array([[e.profile.get(n, np.nan) for n in names_all] for e in examples])
    shown = ~np.isnan(x_all)
    y_all = np.array([e.label for e in examples], dtype=float)
    sets_all = np.array([e.dataset for e in examples])
    wanted = None if only is None else [frozenset(s) for s in only]
    parts = {}
    for names in signal_sets():
        if wanted is not None and not any(
            w.issuperset(names) if subsets else w == frozenset(names) for w in wanted
        ):
            continue
        cols = [names_all.index(n) for n in names]
        rows = shown[:, cols].all(axis=1)
        y = y_all[rows]
        if len(set(y.tolist())) < 2:
            continue  # nothing to learn from: the model falls back to a smaller set
        x = x_all[rows][:, cols]
        picked = [e for e, keep in zip(examples, rows, strict=True) if keep]
        directions = [_DIRECTION[n] for n in names]
        b, beta = fit_linear(
            x,
            y,
            balanced_weights(picked),
            directions,
            sets_all[rows].tolist(),
            PROFILE_WEIGHT_CAP,
        )
        parts[signal_key(names)] = LinearPart(
            _round(b),
            {n: (_round(v),) for n, v in zip(names, beta, strict=True)},
            tuple(sorted(set(sets_all[rows].tolist()))),
        )
    return parts


def fit_posts(examples: Sequence[Example]) -> LinearPart:
    rows = [e for e in examples if e.posts is not None]
    columns = [(s.name, i) for s in POST_SIGNALS for i in range(len(s.edges) - 1)]
    x = np.array([[e.posts[n][i] for n, i in columns] for e in rows])  # type: ignore[index]
    y = np.array([e.label for e in rows], dtype=float)
    directions = [_DIRECTION[n] for n, _ in columns]
    b, beta = fit_linear(x, y, balanced_weights(rows), directions, [e.dataset for e in rows])
    weights: dict[str, list[float]] = {}
    for (name, _), v in zip(columns, beta, strict=True):
        weights.setdefault(name, []).append(_round(v))
    return LinearPart(
        _round(b),
        {k: tuple(v) for k, v in weights.items()},
        tuple(sorted({e.dataset for e in rows})),
    )


def fit_model(
    examples: Sequence[Example], only: Iterable[frozenset[str]] | None = None
) -> FakeModel:
    profile_rows = [e for e in examples if e.available]
    post_rows = [e for e in examples if e.posts is not None]
    about = {
        "fitted_by": "bench/fit_fake_score.py",
        "l2": L2,
        "profile_weight_cap": PROFILE_WEIGHT_CAP,
        "profile_sets": sorted({e.dataset for e in profile_rows}),
        "post_sets": sorted({e.dataset for e in post_rows}),
        "accounts": len(examples),
    }
    return FakeModel(
        profile=fit_profile(profile_rows, only), posts=fit_posts(post_rows), about=about
    )


def dump(model: FakeModel) -> str:
    return json.dumps(model.to_dict(), indent=1, sort_keys=False) + "\n"


def describe(model: FakeModel) -> str:
    """The full-profile and posts weights, one signal a line, with its description."""
    full = model.profile_part(tuple(s.name for s in PROFILE_SIGNALS))
    lines = []
    if full is not None:
        lines.append(f"profile (every signal known): intercept {full.intercept:+.3f}")
        for s in PROFILE_SIGNALS:
            w = full.weights.get(s.name)
            shown = f"{w[0]:+.3f}" if w else "   -  "
            lines.append(f"  {s.name:<22}{shown}  {s.description}")
    lines.append(f"posts: intercept {model.posts.intercept:+.3f} (weights per ramp)")
    for s in POST_SIGNALS:
        ws = " ".join(f"{w:+.2f}" for w in model.posts.weights[s.name])
        lines.append(f"  {s.name:<22}{ws}  {s.description}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.name}")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    data = load_all()
    examples = [e for name in (*PROFILE_SETS, *POST_SETS) for e in data[name]]
    model = fit_model(examples)
    print(describe(model))
    print(f"{len(model.profile)} profile models (one per set of available signals)")
    text = dump(model)
    if args.check:
        same = MODEL_PATH.read_text(encoding="utf-8") == text
        print(f"{MODEL_PATH.relative_to(ROOT)}: {'reproduced exactly' if same else 'DIFFERS'}")
        sys.exit(0 if same else 1)
    if args.write:
        MODEL_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
