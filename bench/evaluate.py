"""How good is the scorer? Prints figures on the shared evaluation data.

    python bench/evaluate.py

1. cresci-2015 (labelled fake followers vs genuine people, profiles only): accuracy,
   precision, recall, F1 and MCC of `fake_score >= 0.5`. The headline is 5-fold
   cross-validated (each account scored by a profile model fitted without it); the
   shipped model's in-sample figures are printed too, marked as such. Baselines in the
   same run: the best single rule from the paper (followers >= 30), and the paper's
   published anchors.
2. twibot-20-sample (real timelines, no labels): how often each criterion fails, with
   the example owner of `data/demo/owner.toml`, and three example verdicts.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import numpy as np
from _data import ROOT, TWIBOT, cresci_groups, cresci_labels, read_jsonl
from fit_fake_score import cross_validate, leave_one_group_out, load, metrics

from scoring import CRITERION_IDS, judge, parse_account
from whynot.owner_config import load_owner_config

PAPER = {
    "Camisani-Calzolari (22 rules)": 0.175,
    "best single rule, followers >= 30": 0.768,
    "profile-only random forest (10-fold CV)": 0.967,
}


def line(name: str, figures: dict[str, float]) -> str:
    return f"  {name:<46}" + "  ".join(f"{k} {v:.3f}" for k, v in figures.items())


def cresci() -> None:
    accounts, x, y = load()
    labels = cresci_labels()
    truth = np.array([labels[a.id] for a in accounts], dtype=float)
    shipped = np.array([judge(a).fake_score >= 0.5 for a in accounts], dtype=float)
    rule = np.array([(a.followers_count or 0) < 30 for a in accounts], dtype=float)
    cv, _ = cross_validate(x, y)
    print(f"cresci-2015: {len(accounts)} accounts ({int(truth.sum())} fake), fake_score >= 0.5")
    print(line("fake_score, 5-fold cross-validated", cv))
    print(line("fake_score as shipped (in-sample, optimistic)", metrics(truth, shipped)))
    print(line("baseline: followers < 30 means fake", metrics(truth, rule)))
    print(
        f"  MCC ratio, cross-validated fake_score / followers rule: "
        f"{cv['mcc'] / metrics(truth, rule)['mcc']:.2f}"
    )
    for name, mcc in PAPER.items():
        print(f"  paper anchor: {name:<40} MCC {mcc:.3f}")
    groups = cresci_groups()
    held = np.array([groups[a.id] for a in accounts])
    print("  leave one group out (fitted on the other four groups, share right on this one):")
    for group, (n, right) in leave_one_group_out(x, y, held).items():
        kind = "fake" if truth[held == group].mean() > 0.5 else "people"
        base = float((rule[held == group] == truth[held == group]).mean())
        print(f"    {group:<4} {kind:<7}{n:>5} accounts: {right:.3f}  (followers rule: {base:.3f})")


def twibot() -> None:
    owner = load_owner_config(ROOT / "data" / "demo" / "owner.toml")
    now = datetime(2020, 9, 1, tzinfo=UTC)  # the sample was crawled in 2020
    verdicts = [
        judge(parse_account(row), owner, now) for row in read_jsonl(TWIBOT / "accounts.jsonl")
    ]
    fails = Counter(c.id for v in verdicts for c in v.criteria if c.failed)
    judged = Counter(c.id for v in verdicts for c in v.criteria if c.confidence >= 0.5)
    print(f"\ntwibot-20-sample: {len(verdicts)} accounts, owner from data/demo/owner.toml")
    print(f"  {'criterion':<18} {'judged':>7} {'failed':>7}")
    for cid in CRITERION_IDS:
        print(f"  {cid:<18} {judged[cid]:>7} {fails[cid]:>7}")
    print(
        f"  follow_back recommended for {sum(v.follow_back for v in verdicts)} of {len(verdicts)}"
    )
    # Three examples that between them show the most different reasons.
    examples, shown = [], set()
    for v in sorted(verdicts, key=lambda v: (-len(v.failed), v.handle)):
        reasons = {c.id for c in v.failed}
        if reasons - shown and len(examples) < 3:
            examples.append(v)
            shown |= reasons
    for v in examples:
        print(f"\n  @{v.handle}: fake_score {v.fake_score:.2f}, follow_back {v.follow_back}")
        for c in v.failed:
            print(f"    - {c.id} (score {c.score:.2f}, confidence {c.confidence:.2f})")
            for fact in c.evidence:
                print(f"        {fact}")


def main() -> None:
    cresci()
    twibot()
    print("\n(verdicts as JSON: python bot.py score", TWIBOT / "accounts.jsonl", ")")


if __name__ == "__main__":
    main()
