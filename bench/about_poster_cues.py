"""Which cues and vetoes of "about the poster" hold on posts nobody tuned on? (issue 13)

    python bench/about_poster_cues.py                    # cue table, candidates, grouped CV
    python bench/about_poster_cues.py --flips youtop 40  # unlabelled posts a candidate flips

Never reads the `fresh` part: everything here uses the tune and test parts (draws 1 and 2,
the hash split of `bench/data/about_poster/README.md`), and `--flips` reads only pan19 and
twibot posts that are in no labels file at all (every draw, the fresh one included, is
left out).

1. Each cue and veto of `scoring.about_poster`, by the name `explain` gives the decision:
   how often it decides on the tune and the test part, and how often it is right.
2. Candidate changes, each written as a veto on what the rules say now (or, for `state+`,
   a cue where they say nothing), decided before looking at their effect: P/R per
   language on tune and on test with one candidate on.
3. Cross-validation by account: 5 folds x 5 seeds over the tune+test posts, grouped by
   the posting account; in each fold the subset of candidates (up to three) with the
   best mean F1 (en, es) on the other folds is chosen, and scored on the held-out fold.
   Printed: how often each subset is chosen, and the out-of-fold P/R on the held-out test
   posts (the tune posts favour the rules as they are, which were written on them) and on
   all posts, against the rules.
4. `--flips NAME`: a candidate's flips among unlabelled posts, shuffled, to be judged by
   `GUIDELINE.md` (what share of the posts it takes away are really about the poster).

Result (2026-12-01, round 4). Cues on tune+test (right / decided): first person 106 / 147
(tune 68 of 86, test 38 of 61: the tune figure is the one the rules were written on),
state 10 / 12 (test 1 of 3), opens with a doing 7 / 10 (test 1 of 3), check-in 7 / 8,
presence, self-promotion and brand promotion 13 / 13; the vetoes are right 67-100% of the
time but each decides 1-12 posts. Most errors are the first-person cue on opinions, jokes,
lyrics and talk, and no surface feature separates them: the position of the first
first-person word, a link, a mention, the length, subject or object forms all leave its
precision at 0.5-0.8 (a time word or "I'm"/"estoy" raise it to 0.92 on 25 posts; the 110
others stay at 0.65).

Candidates (~40 s): the CV chooses `deictic+quote2` 12 times of 25, `deictic` 4,
`eso+pos12+quote2` 3; out of fold on the test posts en 0.53/0.68 -> 0.55/0.67, es
0.72/0.78 -> 0.74/0.75, on all posts en 0.69/0.76 -> 0.69/0.75, es 0.81/0.78 -> 0.81/0.74:
no candidate set beats the rules by more than a post or two.

Judged by GUIDELINE.md on 40 unlabelled flips each, most candidates take away posts that
are about the poster as often as not: `mention` ~50%, `deictic` ~40% (Spanish "este" and
"esta" are determiners: the CV's favourite fails here), `pos12` ~40%, a "you" after the
third word ~40%; dropping `opens with a doing` would lose ~60% positives, `state` ~45%.
Two held: a post that opens with an English "you" in its first three words (`youtop`:
~20% about the poster among 57 judged flips; 432 flips of 14,672 unlabelled posts said
about the poster) and a closing attribution with more than one space around its dash
(`quote2`, "I don't do any vulgar movements.  -  Elvis Presley": 30 flips, all quotes).
Both went into the rules, each with a test that failed without it (YOU_WITHIN 3: the CV of
1/2/3/5/all preferred 5 by one test post, and its extra flips hold a follower-count
template; a follower count exempted). Tune en 0.78/0.80 -> 0.78/0.78, test en 0.53/0.68
-> 0.57/0.68, es unchanged. The fresh part, read once with that design (aggregates only):
en P/R 0.414/0.571 (F1 0.480) -> 0.426/0.548 (F1 0.479), one post about the poster lost
and three others no longer counted; es 0.60/0.52 unchanged; composed-account agreement
0.84. Not better on unseen posts (the rule set beforehand: ship only if no language's F1
drops), so not shipped: the rules are as they were. The labels are not the limit
(`bench/relabel_check.py`: kappa 0.93 en, 0.89 es); surface cues are.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from _data import DATASETS
from labelled_posts import LabelledPost, _label_rows, all_posts

from scoring.about_poster import FIRST_PERSON, _headline, explain
from scoring.quotations import QUOTE_TAIL
from scoring.text import word_scan

LANGS = ("en", "es")
OBJECT_ONLY = frozenset(
    "me my mine myself mi mis mío mía conmigo meu minha meus minhas comigo".split()
)
MENTION_RE = re.compile(r"(?<!^)(?<![\w.])@\w")
YOU = frozenset("you your yours yourself u you're youre y'all yall".split())
DEICTIC = frozenset("eso esta estas este estos".split())
STATE_MORE = frozenset(
    """pumped stressed stressing nervous anxious sore ill lonely gutted buzzing hyped relaxed
    chilling sleepless jetlagged jetlag starving full estresado estresada nervioso nerviosa
    triste agotadísimo agotadísima desvelada harto harta ansioso ansiosa estressado
    estressada nervoso nervosa""".split()
)
SPACED_QUOTE_END_RE = re.compile(
    r"\s[-–—~―]\s*[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,3}(?:\s\([^)]{1,40}\))?\s*$"
)
Rule = Callable[[str, str, str, list[str]], bool]  # text, kind, deciding cue, words


def _first_at(words: list[str]) -> int:
    return next((i for i, w in enumerate(words) if w in FIRST_PERSON), 0)


# Vetoes on a "first person" (or named) decision; each returns True to say "not about".
VETOES: dict[str, Rule] = {
    "mention": lambda t, k, why, ws: why == "first person" and bool(MENTION_RE.search(t)),
    "you": lambda t, k, why, ws: why == "first person" and not YOU.isdisjoint(ws),
    "youtop": lambda t, k, why, ws: why == "first person" and not YOU.isdisjoint(ws[:3]),
    "pos12": lambda t, k, why, ws: why == "first person" and _first_at(ws) >= 12,
    "objlink": lambda t, k, why, ws: (
        why == "first person" and "http" in t and FIRST_PERSON.isdisjoint(set(ws) - OBJECT_ONLY)
    ),
    "deictic": lambda t, k, why, ws: (
        why == "first person" and "http" in t and not DEICTIC.isdisjoint(ws)
    ),
    "eso": lambda t, k, why, ws: why == "first person" and "http" in t and "eso" in ws,
    "shortlink": lambda t, k, why, ws: (
        why == "first person" and "http" in t and len(ws) <= 8 and "…" not in t
    ),
    "headline1": lambda t, k, why, ws: why == "first person" and _headline(t),
    "quote2": lambda t, k, why, ws: (
        why == "first person" and bool(SPACED_QUOTE_END_RE.search(t[-QUOTE_TAIL:]))
    ),
    "nodoing": lambda t, k, why, ws: why == "opens with a doing",
    "nostate": lambda t, k, why, ws: why == "state",
}
# A cue where the rules find none: more words of state among the first six.
CUES: dict[str, Rule] = {
    "state+": lambda t, k, why, ws: (
        why in ("no cue", "no cue left") and k == "post" and not STATE_MORE.isdisjoint(ws[:6])
    ),
}
NAMES = (*VETOES, *CUES)


def account(p: LabelledPost) -> str:
    if p.dataset == "own":
        return p.ref
    return p.ref.split("#", 1)[0] if "#" in p.ref else p.ref.rsplit("-", 1)[0]


class Judge:
    """The rules' verdicts, kept, and the same with a set of candidates on."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[bool, str, list[str]]] = {}

    def base(self, text: str, kind: str) -> tuple[bool, str, list[str]]:
        if text not in self.seen:
            said, why = explain(text, kind)
            self.seen[text] = (said, why, list(filter(None, word_scan(text.lower()))))
        return self.seen[text]

    def __call__(self, text: str, kind: str, on: frozenset[str]) -> bool:
        said, why, ws = self.base(text, kind)
        if said and any(VETOES[n](text, kind, why, ws) for n in on if n in VETOES):
            return False
        if not said and any(CUES[n](text, kind, why, ws) for n in on if n in CUES):
            return True
        return said


JUDGE = Judge()


def counts(posts: list[LabelledPost], on: frozenset[str], lang: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for p in posts:
        if p.lang == lang:
            said = JUDGE(p.text, p.kind, on)
            c["tp"] += said and p.label
            c["fp"] += said and not p.label
            c["fn"] += p.label and not said
    return c


def pr(c: Counter[str]) -> str:
    said, true = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return f"{c['tp'] / said if said else 0:.2f}/{c['tp'] / true if true else 0:.2f}"


def mean_f1(posts: list[LabelledPost], on: frozenset[str]) -> float:
    f = []
    for lang in LANGS:
        c = counts(posts, on, lang)
        f.append(2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0)
    return sum(f) / len(f)


MOST = 3  # candidates on at once in the CV (378 subsets; all 8,192 take too long)
SUBSETS = [frozenset(c) for k in range(MOST + 1) for c in itertools.combinations(NAMES, k)]


def best(posts: list[LabelledPost], subsets: list[frozenset[str]]) -> frozenset[str]:
    return max(subsets, key=lambda s: (round(mean_f1(posts, s), 6), -len(s)))


def cue_table(posts: list[LabelledPost]) -> None:
    table: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
    said_by: dict[str, bool] = {}
    for p in posts:
        said, why, _ = JUDGE.base(p.text, p.kind)
        said_by[why] = said
        table[why][p.part, said == p.label] += 1
    print("1. cues and vetoes (decides: right / all, tune | test | pooled)")
    for why, c in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        cells = []
        for part in ("tune", "test"):
            cells.append(f"{c[part, True]:>4}/{c[part, True] + c[part, False]:<4}")
        right = c["tune", True] + c["test", True]
        n = sum(c.values())
        kind = "cue " if said_by[why] else "veto"
        print(f"   {kind} {why:<28} {' | '.join(cells)} | {right / n:.2f} of {n}")


def candidates(posts: list[LabelledPost]) -> None:
    print("\n2. one candidate on (en P/R, es P/R)")
    parts = {part: [p for p in posts if p.part == part] for part in ("tune", "test")}
    for name in ("", *NAMES):
        on = frozenset({name} if name else ())
        cells = [
            f"{part} en {pr(counts(ps, on, 'en'))} es {pr(counts(ps, on, 'es'))}"
            for part, ps in parts.items()
        ]
        print(f"   {name or '(rules)':<10} {' | '.join(cells)}")


def grouped_cv(posts: list[LabelledPost], seeds: int = 5, folds: int = 5) -> None:
    print(f"\n3. {folds} folds x {seeds} seeds, grouped by account; chosen by mean F1 (en, es)")
    accounts = sorted({account(p) for p in posts})
    picks: Counter[str] = Counter()
    chosen: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rules: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for seed in range(seeds):
        order = accounts[:]
        random.Random(100 + seed).shuffle(order)
        fold = {a: i % folds for i, a in enumerate(order)}
        for k in range(folds):
            train = [p for p in posts if fold[account(p)] != k]
            held = [p for p in posts if fold[account(p)] == k]
            on = best(train, SUBSETS)
            picks["+".join(sorted(on)) or "(rules)"] += 1
            for scope in ("test", "all"):
                sub = [p for p in held if scope == "all" or p.part == "test"]
                for lang in LANGS:
                    chosen[scope, lang] += counts(sub, on, lang)
                    rules[scope, lang] += counts(sub, frozenset(), lang)
    print("   chosen: " + ", ".join(f"{s} {n}" for s, n in picks.most_common(6)))
    for scope in ("test", "all"):
        cells = " ".join(
            f"{lang} {pr(chosen[scope, lang])} (rules {pr(rules[scope, lang])})" for lang in LANGS
        )
        print(f"   out of fold, {scope} posts: {cells}")


def flips(name: str, show: int) -> None:
    labelled = {r["post"] for r, _ in _label_rows()}
    found: list[str] = []
    said = 0
    for dataset in ("pan19-bots", "twibot-20-sample"):
        with (DATASETS / dataset / "accounts.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                acc = json.loads(line)
                for i, post in enumerate(acc["posts"]):
                    text = post["text"]
                    ref = post.get("id") or f"{acc['id']}#{i}"
                    if ref in labelled or post.get("kind") == "repost" or text.startswith("RT @"):
                        continue
                    kind = "reply" if text.startswith("@") else "post"
                    before = JUDGE(text, kind, frozenset())
                    said += before
                    if JUDGE(text, kind, frozenset({name})) != before:
                        found.append(text)
    print(f"{said} unlabelled posts said about the poster; {len(found)} flipped by {name}")
    random.Random(7).shuffle(found)
    for i, text in enumerate(found[:show], 1):
        print(f"{i:>3} {' '.join(text.split())[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flips", choices=NAMES, help="a candidate's flips on unlabelled posts")
    parser.add_argument("show", nargs="?", type=int, default=40)
    args = parser.parse_args()
    if args.flips:
        flips(args.flips, args.show)
        return
    posts = [p for p in all_posts() if p.part in ("tune", "test")]
    cue_table(posts)
    candidates(posts)
    grouped_cv(posts)


if __name__ == "__main__":
    main()
