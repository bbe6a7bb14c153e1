"""Does `whynot.reply_language` answer other languages in English without moving ours?

    python bench/reply_language.py

1. Every labelled message of the intent corpus in English, Spanish or Portuguese
   (`bench/intents_corpus.py`: paraphrase families with their variants, the real posts
   about following when ../shared/datasets is there, the old items), for the messages the
   bot would answer (not `other`) and for all: how many would be answered in another
   language than the classifier's, and which.
2. `bench/data/other_languages.jsonl`: 46 follow-back messages in 18 other languages,
   written for this check before it was first run (SURE = 0.9 and CANDIDATES were fixed
   before): how many are answered in English (or in their own language, had templates
   been added for it), against the classifier alone, which answers all of them in en, es
   or pt whatever they are in.
3. Time per message of the identifier, next to `classify` in the same process.
The fresh intent sets (e), (f) are not read here.

Result (2026-12-02, first run, ~20 s): 1 of the 7,265 labelled en/es/pt messages changes
language (a real post labelled Portuguese that is French, "Merci Tristan de tes
réponses", which the bot would not answer) and 0 of the 3,934 it would answer. Other
languages: 41 of 46 caught (the reply in English), against none by the classifier alone
(14 answered in Spanish, 23 in Portuguese, 9 in English); not caught, under 0.9: two
Indonesian (0.66, 0.68), one Russian (0.70; answered in Portuguese), "follow back stp"
(read as English) and "folgst du zurück? follow back pls" (German 0.86; English anyway).
The identifier takes ~80 µs a message, about as long as `classify`; it is asked about
every message the desk reads (since d651cb8: the language kept with a message is the one
a later "was it an oversight?" note is written in), not only those the bot answers.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import replace

from _data import DATASETS, ROOT, TWIBOT
from intents_corpus import REAL, corpus, real_available, real_texts

from scoring import Account, parse_account
from whynot.asker_language import own_posts_language, unsure
from whynot.intents import classify
from whynot.reply_language import READ, SURE, identify, reply_language

OTHERS = ROOT / "bench" / "data" / "other_languages.jsonl"


def main() -> None:
    examples = [e for e in corpus(with_real=real_available()) if e.lang in READ]
    moved: Counter[tuple[str, str]] = Counter()
    moved_answered = answered = 0
    samples: list[str] = []
    for e in examples:
        read = classify(e.text, e.about_answer)
        language = reply_language(e.text, read.language, READ)
        if read.intent != "other":
            answered += 1
        if language != read.language:
            moved[(read.language, language)] += 1
            moved_answered += read.intent != "other"
            samples.append(f"{read.language}->{language} {e.text[:80]!r}")
    print(f"1. labelled en/es/pt messages: {len(examples)} (real posts: {real_available()})")
    print(f"   answered in another language than the classifier's: {sum(moved.values())}"
          f" of {len(examples)}; of the {answered} it would answer: {moved_answered}")  # fmt: skip
    for line in samples[:10]:
        print("   e.g.", line)
    rows = [json.loads(line) for line in OTHERS.read_text(encoding="utf-8").splitlines()]
    ours: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    misses = []
    for row in rows:
        read = classify(row["text"])
        alone[read.language] += 1
        ours[reply_language(row["text"], read.language, READ)] += 1
        found, probability = identify(row["text"])
        if probability < SURE or found in READ:
            misses.append(f"{row['lang']}: {found} {probability:.2f} {row['text']!r}")
    kinds = len({r["lang"] for r in rows})
    print(f"\n2. other languages ({len(rows)} messages, {kinds} languages)")
    caught = len(rows) - len(misses)
    print(f"   caught (sure, not en/es/pt): {caught}; reply languages {dict(ours)}")
    print(f"   classify alone: {dict(alone)} (it reads three languages)")
    for line in misses:
        print("   not caught:", line)
    if real_available():
        with_posts()
    texts = [e.text for e in examples[:3000]]
    print()
    for name, work in (("identify", identify), ("classify", classify)):
        work(texts[0])
        start = time.process_time()
        for text in texts:
            work(text)
        each = (time.process_time() - start) / len(texts) * 1e6
        print(f"3. {name}: {each:.0f} µs a message (CPU, {len(texts)} corpus messages)")


def with_posts() -> None:
    """Section 4: the labelled real posts about following (pan19-bots and twibot-20-sample),
    each put as a mention from its author with the author's other posts as the stored
    snapshot: the reply's language against the label's (the author's language: pan19's
    Spanish authors post in English too, so a message's own language may differ), by the
    classifier alone, by
    `reply_language`, and with `asker_language`'s use of the posts when the message leaves
    its language open (`unsure`)."""
    authors: dict[str, Account] = {}
    for path in (DATASETS / "pan19-bots" / "accounts.jsonl", TWIBOT / "accounts.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            account = parse_account(json.loads(line))
            authors[account.id] = account
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()]
    texts = real_texts()
    right: Counter[str] = Counter()
    open_ = n = 0
    for row in rows:
        text = texts[row["dataset"], row["post"]]
        author = authors[row["account"]]
        others = replace(author, posts=tuple(p for p in author.posts if p.text != text))
        read = classify(text)
        message = reply_language(text, read.language, READ)
        posts = own_posts_language(others, READ) if unsure(text) else ""
        open_ += bool(posts)
        n += 1
        for name, said in (("classifier", read.language), ("message", message)):
            right[name] += said == row["lang"]
        right["with posts"] += (posts or message) == row["lang"]
    print(f"\n4. real posts about following as mentions from their authors ({n}), against")
    print("   the label's language, the author's (an es author may post in English): right by")
    print(f"   the classifier {right['classifier']}, by reply_language {right['message']}, with")
    print(f"   the author's posts where the message leaves it open {right['with posts']}"
          f" ({open_} decided by the posts)")  # fmt: skip


if __name__ == "__main__":
    main()
