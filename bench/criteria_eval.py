"""The letter's criteria measured on real posts and timelines (issue 13).

    python bench/criteria_eval.py [--accounts 50] [--examples 3] [--part tune] [--errors]
    python bench/criteria_eval.py --pan-half 0   # section 3 on one half of PAN's authors

`--draw 2` keeps the second draw of labelled posts only (and our own pt posts). The third
draw is the `fresh` part (`--part fresh`): labelled blind on 2026-12-01, read once per
round of rule changes, never to choose one.
`--part tune` prints the tune part alone: work on the rules looks at it only, and at the
test part once per round. `--errors` lists the tune part's wrong judgements with the cue
or veto that decided each (`scoring.about_poster.explain`); it never lists test posts.

1. "About the poster" (`scoring.about_poster`, what `meformer` counts) on the labelled
   set of `bench/data/about_poster/`: precision and recall per language on the tune part
   (the rules were written looking at it), on the test part (read once per round) and on
   the fresh part (the third draw, labelled after those rounds), next
   to the baseline "a first-person pronoun is present", computed here the same way.
2. `meformer` on accounts composed of labelled posts with a known share about the poster
   (0% to 80%; 20 posts each, drawn with a fixed seed from one part): how often the
   verdict agrees with the truth (fail when the share reaches the letter's 20%).
3. Every criterion on pan19-bots (100 real posts per author, no owner context, so
   `off_topic` and `redundant` cannot judge): how often it fails for humans and for bots,
   English and Spanish apart, with example verdicts; and how many of the link-feed bots
   (at least half of their posts carry a link) `automated_promo` and `one_track` catch.

Round 6 (2026-12-02, fifteenth session), rule written before the candidate reads a test or
fresh post: four vetoes seen among the rules' false "yes" of the tune and check parts only
("mine" as the only first-person word: "a gold mine", "Crimson Mine"; "yo" as the only one in
a post with no Spanish word: "the hair, yo", "Kim Yo Jong"; a speaker's name before a colon
and a first-person opening: "Sen. Paul: I never wanted..."; an attribution after an arrow, or
after a dash with a title or number: "... --> Tyra Banks", "-Toy Story 1"). They ship iff,
pooled over the test and fresh parts, they turn more false "yes" than true "yes" to "no" in
English, no more true than false in Spanish, and the composed-account agreement of neither
part falls by more than 0.01.
Round 7 (same day; rule written before it reads a test or fresh post, same criteria as round
6, measured on top of it): the "state" cue without a subject is not a state when every state
word found is a hashtag ("#gimnasio") or follows a Spanish article ("la gripe provoca", "el
sueño europeo"; el la los las un una del al). Portuguese articles, first in the list, were
left out before any read (the poster's "o treino de hoje foi pesado" would have been lost).
Tune and check parts, as first written: 15 false "yes" turned "no" (es 11, en 4), no true
one; as amended (below): 14 (es 10, en 4).
Read once (2026-12-02): round 6 on the test and fresh parts turns 1 false "yes" to "no" in
English ("Bristol Bay is no place for a mine", fresh), no true one, none in Spanish;
composed agreement unchanged (test 0.94, fresh 0.85); fresh en precision 0.41 -> 0.42,
`meformer` fails 7.7% -> 7.3% of PAN's English bots and 15.4% -> 15.0% of its Spanish
humans (section 3): shipped.
Round 7 on top of it turns no test or fresh post either way (0 = 0, not "more" in English):
not shipped, whatever it did on the tune and check parts (10 es, 4 en false "yes" there).

Reads the datasets in place (`WHYNOT_DATASETS`, else `../shared/datasets`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Callable

from _data import DATASETS, need, read_jsonl
from labelled_posts import LANGUAGES, LabelledPost, all_posts

from scoring import CRITERION_IDS, build_owner_index, parse_account
from scoring.about_poster import explain, is_about_poster
from scoring.criteria import CRITERIA
from scoring.features import account_facts
from scoring.models import CriterionResult
from scoring.text import word_scan

PAN = DATASETS / "pan19-bots"
NO_OWNER = build_owner_index(None)
# The baseline: a first-person singular pronoun or possessive, in any of the languages.
PRONOUNS = frozenset(
    "i me my mine myself yo mi mis conmigo eu meu minha meus minhas comigo".split()
)
SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
COMPOSED_POSTS = 20
SEED = 13


def pronoun_baseline(text: str, kind: str) -> bool:
    return not PRONOUNS.isdisjoint(word_scan(text.lower()))


def precision_recall(
    posts: list[LabelledPost], rule: Callable[[str, str], bool]
) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    for p in posts:
        said = rule(p.text, p.kind)
        tp += said and p.label
        fp += said and not p.label
        fn += p.label and not said
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return precision, recall, tp + fn, len(posts)


def about_poster_figures(posts: list[LabelledPost], parts: tuple[str, ...]) -> None:
    print("1. 'about the poster' on the labelled posts (positives / posts in brackets)")
    print(
        f"   {'part':<5} {'lang':<4} {'rules P':>8} {'rules R':>8} {'baseline P':>11}"
        f" {'baseline R':>11}"
    )
    for part in parts:
        for lang in LANGUAGES:
            sub = [p for p in posts if p.part == part and p.lang == lang]
            p, r, pos, n = precision_recall(sub, is_about_poster)
            bp, br, _, _ = precision_recall(sub, pronoun_baseline)
            print(
                f"   {part:<5} {lang:<4} {p:>8.2f} {r:>8.2f} {bp:>11.2f} {br:>11.2f}"
                f"   ({pos} / {n})"
            )
    print(
        "   pt: 16 real posts (twibot) + 48 written for the set; baseline = a first-person"
        " pronoun is present"
    )


def tune_errors(posts: list[LabelledPost]) -> None:
    print("\n   tune part, wrong judgements (FP: said about the poster, FN: missed):")
    for p in posts:
        if p.part != "tune":
            continue
        said, why = explain(p.text, p.kind)
        if said != p.label:
            flat = " ".join(p.text.split())[:150]
            print(f"   {'FP' if said else 'FN'} {p.lang} [{why}] {flat}")


def composed_agreement(posts: list[LabelledPost], accounts: int, parts: tuple[str, ...]) -> None:
    print(
        f"\n2. meformer on composed accounts ({COMPOSED_POSTS} labelled posts each, "
        f"{accounts} accounts per share; truth: fails above 20%, as CRITERIA.md says)"
    )
    check = next(c.check for c in CRITERIA if c.id == "meformer")
    for part in parts:
        rng = random.Random(SEED)
        mine = [p for p in posts if p.part == part and p.label]
        others = [p for p in posts if p.part == part and not p.label]
        cells = []
        total_right = total = 0
        for share in SHARES:
            k = round(share * COMPOSED_POSTS)
            right = 0
            for _ in range(accounts):
                chosen = rng.sample(mine, k) + rng.sample(others, COMPOSED_POSTS - k)
                rng.shuffle(chosen)
                acc = parse_account(
                    {
                        "id": "c",
                        "handle": "c",
                        "posts": [{"text": p.text, "kind": p.kind} for p in chosen],
                    }
                )
                failed = not check(account_facts(acc), NO_OWNER).passed
                right += failed == (k / COMPOSED_POSTS > 0.2)
            cells.append(f"{share:.0%}: {right / accounts:.2f}")
            total_right += right
            total += accounts
        print(f"   {part}: agreement {total_right / total:.2f}  ({', '.join(cells)})")


def pan_groups() -> dict[str, str]:
    with need(PAN / "labels.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row["group"] for row in csv.DictReader(fh)}


def link_feed(row: dict) -> bool:
    texts = [p["text"] for p in row["posts"]]
    return sum("http" in t for t in texts) * 2 >= len(texts)


def pan_half(author: str) -> int:
    """0 or 1, fixed by a hash of the author id: changes to a criterion are decided on
    PAN's half 0 and checked on half 1."""
    return int(hashlib.sha256(author.encode()).hexdigest(), 16) % 2


def pan_figures(examples: int, half: int | None = None) -> None:
    groups = pan_groups()
    fails: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    sizes: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], list[tuple[str, CriterionResult]]] = defaultdict(list)
    feeds: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    human_fails: Counter[tuple[int, str, str]] = Counter()
    humans: Counter[tuple[int, str]] = Counter()
    for row in read_jsonl(PAN / "accounts.jsonl"):
        if half is not None and pan_half(row["id"]) != half:
            continue
        group = groups[row["id"]]
        lang, kind = group[:2], "bot" if "bot" in group else "human"
        facts = account_facts(parse_account(row))
        results = {c.id: c.check(facts, NO_OWNER) for c in CRITERIA}
        sizes[lang, kind] += 1
        if kind == "human":
            humans[pan_half(row["id"]), lang] += 1
        for cid, r in results.items():
            if not r.passed:
                fails[lang, kind][cid] += 1
                if kind == "human":
                    human_fails[pan_half(row["id"]), lang, cid] += 1
                if len(shown[cid, kind]) < examples:
                    shown[cid, kind].append((row["id"], r))
        if kind == "bot" and link_feed(row):
            feeds[lang] += 1
            promo = not results["automated_promo"].passed
            track = not results["one_track"].passed
            caught[lang, "automated_promo"] += promo
            caught[lang, "one_track"] += track
            caught[lang, "either"] += promo or track
    cols = [(lang, kind) for lang in ("en", "es") for kind in ("human", "bot")]
    which = "all authors" if half is None else f"half {half} of the authors only"
    print(f"\n3. criterion failure rates on pan19-bots (no owner context; {which})")
    print("   " + f"{'criterion':<18}" + "".join(f"{f'{lg} {k}s':>12}" for lg, k in cols))
    print("   " + f"{'accounts':<18}" + "".join(f"{sizes[c]:>12}" for c in cols))
    for cid in CRITERION_IDS:
        cells = "".join(f"{fails[c][cid] / sizes[c]:>12.1%}" for c in cols)
        print(f"   {cid:<18}{cells}")
    halves = sorted({h for h, _ in humans})
    for cid in ("automated_promo", "one_track"):
        cells = ", ".join(
            f"half {h} {lg} {human_fails[h, lg, cid]}/{humans[h, lg]}"
            f" ({human_fails[h, lg, cid] / humans[h, lg]:.1%})"
            for h in halves
            for lg in ("en", "es")
        )
        print(f"   {cid} fails PAN humans by author half: {cells}")
    for lang in ("en", "es"):
        n = feeds[lang]
        print(
            f"   link-feed bots ({lang}, >= half their posts link): {n}; caught by"
            f" automated_promo {caught[lang, 'automated_promo']},"
            f" one_track {caught[lang, 'one_track']}, either {caught[lang, 'either']}"
        )
    print("\n   example verdicts (first accounts in file order that fail):")
    for cid in CRITERION_IDS:
        for kind in ("human", "bot"):
            for acc_id, r in shown[cid, kind]:
                evidence = "; ".join(r.evidence)[:160]
                print(f"   {cid:<18} {kind:<5} {acc_id[:15]}  {evidence}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--part", choices=("tune", "test", "fresh", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list the tune part's errors")
    parser.add_argument("--pan-half", type=int, choices=(0, 1), default=None)
    parser.add_argument(
        "--draw", type=int, choices=(1, 2, 3), default=None, help="one draw of labelled posts"
    )
    args = parser.parse_args()
    parts = ("tune", "test", "fresh") if args.part == "all" else (args.part,)
    if args.pan_half is None:
        posts = [p for p in all_posts() if args.draw is None or p.draw in (0, args.draw)]
        about_poster_figures(posts, parts)
        if args.errors:
            tune_errors(posts)
        composed_agreement(posts, args.accounts, parts)
    pan_figures(args.examples, args.pan_half)


if __name__ == "__main__":
    main()
