"""Draws the posts to label for "about the poster", at random with a fixed seed, from the
shared datasets read in place; prints one tab-separated line per post (dataset, post
reference, text) for the labeller. The labels file keeps only the references.

    python bench/data/about_poster/draw.py > /tmp/to_label.tsv            # first draw
    python bench/data/about_poster/draw.py --second > /tmp/to_label_2.tsv  # second draw
    python bench/data/about_poster/draw.py --third > /tmp/to_label_3.tsv   # third draw
    python bench/data/about_poster/draw.py --fourth > /tmp/to_label_4.tsv  # fourth draw

(`--draw N` chooses the same.) Each later draw leaves out every post of the labels files
before it: the second (seed 1302, `labels_2.tsv`) those of `labels.tsv`, the third (seed
2611, `labels_3.tsv`) those of `labels.tsv` and `labels_2.tsv`.

The fourth draw (seed 4013, `labels_4.tsv`) is not random over posts: it is drawn among
the posts the rules of commit 47d12da call "about the poster" (the precision the test part
misses is there), at most one post per pan19 English author and two per Spanish or twibot
author, leaving out every labelled post and every author with a post in the test or fresh
parts, so that nothing learned from it has seen a held-out account. It is training data
for a check on the rules' "yes", never a part to measure on.

Reposts ("RT @...") are left out: sharing another's post is never about the poster, so
labelling them would spend the set on answers known in advance.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # bench/
sys.path.insert(1, str(Path(__file__).resolve().parents[3]))  # the repository, for scoring/

from _data import DATASETS, read_jsonl

SEED = 13
# (dataset, id prefix, PAN group to keep or "", posts). A second draw from PAN's people
# only: posts about oneself are rare in feeds, and the rules need positives to be judged.
DRAWS = (
    ("pan19-bots", "en-", "", 250),
    ("pan19-bots", "es-", "", 250),
    ("twibot-20-sample", "", "", 140),
    ("pan19-bots", "en-", "human", 80),
    ("pan19-bots", "es-", "human", 80),
)
# The second draw, made after round 1 of the rule changes, to grow the test part (13
# English positives were too few to read a precision from).
SEED_2 = 1302
DRAWS_2 = (
    ("pan19-bots", "en-", "", 250),
    ("pan19-bots", "es-", "", 100),
    ("twibot-20-sample", "", "", 100),
    ("pan19-bots", "en-", "human", 100),
    ("pan19-bots", "es-", "human", 60),
)
# The third draw, a held-out test as a whole: labelled blind, read once after the
# session's rule changes, never used to tune a rule.
SEED_3 = 2611
DRAWS_3 = (
    ("pan19-bots", "en-", "", 150),
    ("pan19-bots", "es-", "", 100),
    ("twibot-20-sample", "", "", 80),
    ("pan19-bots", "en-", "human", 200),
    ("pan19-bots", "es-", "human", 150),
)
# The fourth draw: (dataset, id prefix, posts, at most per author), among the rules' "yes".
SEED_4 = 4013
DRAWS_4 = (
    ("pan19-bots", "en-", 450, 1),
    ("pan19-bots", "es-", 300, 2),
    ("twibot-20-sample", "", 50, 2),
)
# Draw number -> (seed, draws, labels files whose posts it leaves out).
PLANS = {
    1: (SEED, DRAWS, ()),
    2: (SEED_2, DRAWS_2, ("labels.tsv",)),
    3: (SEED_3, DRAWS_3, ("labels.tsv", "labels_2.tsv")),
}
HERE = Path(__file__).resolve().parent


def pan_groups() -> dict[str, str]:
    with (DATASETS / "pan19-bots" / "labels.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row["group"] for row in csv.DictReader(fh)}


def candidates(dataset: str, prefix: str, group: str) -> list[tuple[str, str]]:
    groups = pan_groups() if group else {}
    out = []
    for acc in read_jsonl(DATASETS / dataset / "accounts.jsonl"):
        if not acc["id"].startswith(prefix) or group not in groups.get(acc["id"], ""):
            continue
        for i, post in enumerate(acc["posts"]):
            if post.get("kind") == "repost" or post["text"].startswith("RT @"):
                continue
            out.append((post.get("id") or f"{acc['id']}#{i}", post["text"]))
    return out


def labelled(names: tuple[str, ...]) -> set[str]:
    seen: set[str] = set()
    for name in names:
        with (HERE / name).open(encoding="utf-8") as fh:
            seen.update(row["post"] for row in csv.DictReader(fh, delimiter="\t"))
    return seen


def held_out_authors() -> set[str]:
    """Authors with a post in the test or fresh parts (pan19 ids and twibot account ids)."""
    from labelled_posts import real_posts

    return {
        p.ref.split("#", 1)[0] if "#" in p.ref else p.ref.rsplit("-", 1)[0]
        for p in real_posts()
        if p.part != "tune"
    }


def fourth_draw() -> None:
    from scoring.about_poster import is_about_poster

    rng = random.Random(SEED_4)
    seen = labelled(("labels.tsv", "labels_2.tsv", "labels_3.tsv"))
    held = held_out_authors()
    for dataset, prefix, count, per_author in DRAWS_4:
        by_author: dict[str, list[tuple[str, str]]] = {}
        for ref, text in candidates(dataset, prefix, ""):
            author = ref.split("#", 1)[0] if "#" in ref else ref.rsplit("-", 1)[0]
            kind = "reply" if text.startswith("@") else "post"
            if ref in seen or author in held or not is_about_poster(text, kind):
                continue
            by_author.setdefault(author, []).append((ref, text))
        pool = [
            pick
            for author in sorted(by_author)
            for pick in rng.sample(by_author[author], min(per_author, len(by_author[author])))
        ]
        for ref, text in rng.sample(pool, min(count, len(pool))):
            flat = " ".join(text.split())
            print(f"{dataset}\t{ref}\t{flat}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    draws = (*sorted(PLANS), 4)
    parser.add_argument("--draw", type=int, choices=draws, default=1, help="which draw")
    parser.add_argument("--second", dest="draw", action="store_const", const=2, help="--draw 2")
    parser.add_argument("--third", dest="draw", action="store_const", const=3, help="--draw 3")
    parser.add_argument("--fourth", dest="draw", action="store_const", const=4, help="--draw 4")
    if parser.parse_args().draw == 4:
        return fourth_draw()
    seed, draws, exclude = PLANS[parser.parse_args().draw]
    rng = random.Random(seed)
    seen = labelled(exclude)
    for dataset, prefix, group, count in draws:
        pool = [c for c in candidates(dataset, prefix, group) if c[0] not in seen]
        for ref, text in rng.sample(pool, count):
            seen.add(ref)
            flat = " ".join(text.split())
            print(f"{dataset}\t{ref}\t{flat}")


if __name__ == "__main__":
    main()
