"""The corpus every intent script reads (`corpus()`): the paraphrase families written for
this project (each member also seen once through a seeded surface change, `augment`), the
real posts about following (texts read in place from the shared datasets), and the old
labelled items. See `bench/fit_intents.py` for how it is used, README "Intents" for what
it holds."""


from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from _data import DATASETS, ROOT

from whynot.intents import (
    INTENTS,
)

DATA = ROOT / "bench" / "data"
# The project's families, and a second new hand's (kept under bench/fit_intents.py's rule).
FAMILY_FILES = (
    *(DATA / f"intents_families_{lang}.txt" for lang in ("en", "es", "pt")),
    DATA / "intents_newhand2_families.txt",
)
REAL = DATA / "intents_real.jsonl"
OLD = ROOT / "tests" / "data" / "intents.jsonl"
PAN19 = DATASETS / "pan19-bots" / "accounts.jsonl"
TWIBOT = DATASETS / "twibot-20-sample" / "accounts.jsonl"
# Which real posts are "about following" (the mining; see the labelling guideline).
MINE = re.compile(
    r"follow|f4f|\bmutuals?\b|seguidor|s[ií]gue?me|s[ií]ganme|seguime|me sigue|te sigo"
    r"|te segu[ií]|me segue|\bsdv\b|de seguir|seguirme|seguirte",
    re.IGNORECASE,
)
# Every match of MINE holds one of these once lower-cased (by str.lower, which folds case as
# re's IGNORECASE does but for the four characters of FOLDED_APART): most posts hold none,
# and these tests cost a fifth of MINE's case-insensitive alternation (`mined`).
MINE_NEEDLES = ("follow", "f4f", "mutual", "seg", "sig", "síg", "sdv")
FOLDED_APART = re.compile("[ſıİ\u212a]")  # long s, dotless i, dotted I, Kelvin sign


def mined(text: str) -> bool:
    """MINE.search(text), the same answer sooner."""
    lowered = text.lower()
    if any(n in lowered for n in MINE_NEEDLES) or (
        not text.isascii() and FOLDED_APART.search(text)
    ):
        return MINE.search(text) is not None
    return False


SEED = 14


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    lang: str | None
    group: str  # family id, "real:<account>" or "old:<n>": never split across folds
    source: str  # "family", "real", "old-dev" or "old-test"
    about_answer: bool = False  # a reply to one of the bot's answers (`## INTENT LANG reply`)


# ---------------------------------------------------------------- the corpus


def read_families(paths: Iterable[Path] = FAMILY_FILES) -> list[Example]:
    out: list[Example] = []
    for path in paths:
        lang_file = path.stem.rsplit("_", 1)[-1]
        intent = lang = ""
        about = False
        blocks: list[tuple[str, str, bool, list[str]]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                intent, lang, *context = line[3:].split()
                if intent not in INTENTS or context not in ([], ["reply"]):
                    raise ValueError(f"{path}: bad header {line!r}")
                about = context == ["reply"]
                blocks.append((intent, lang, about, []))
            elif not line.strip():
                blocks.append((intent, lang, about, []))
            else:
                blocks[-1][3].append(line.strip())
        family = 0
        for intent, lang, about, texts in blocks:
            if texts:
                family += 1
                group = f"{lang_file}:{intent}:{family}"
                out.extend(Example(t, intent, lang, group, "family", about) for t in texts)
    return out


_FILLERS = {
    "en": ("love your stuff", "have a good one", "hope you're well", "long time reader",
           "anyway", "no pressure", "cheers"),
    "es": ("me encanta tu contenido", "saludos", "que tengas buen día", "abrazo",
           "sin presión", "un saludo"),
    "pt": ("amo seu conteúdo", "abraço", "tenha um bom dia", "valeu", "sem pressão",
           "beijos"),
}  # fmt: skip
_EMOJI = ("🙏", "😊", "😭", "🥺", "👀", "😅", "🔥", "💕", "😤", "🙄", "✨", "👉👈")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return text + rng.choice(_EMOJI)
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1 :]  # a letter dropped
    elif kind == 1:
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]  # two letters swapped
    else:
        w = w + w[-1] * rng.randrange(2, 5)  # a stretched ending
    words[i] = w
    return " ".join(words)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def augment(example: Example, rng: random.Random) -> Example:
    """One surface variant of a family member (same family, same label)."""
    text, lang = example.text, example.lang or "en"
    kind = rng.randrange(7)
    if kind == 0:
        text = _typo(text, rng)
    elif kind == 1:
        text = f"@{rng.choice(('fsalas', 'maria_dev', 'TheOwner', 'jp_22'))} {text}"
    elif kind == 2:
        text = f"{text} {rng.choice(_EMOJI)}{rng.choice(_EMOJI)}"
    elif kind == 3:
        filler = rng.choice(_FILLERS[lang])
        text = f"{filler.capitalize()}. {text}" if rng.random() < 0.5 else f"{text}. {filler}"
    elif kind == 4:
        text = f"{text} https://t.co/{rng.randrange(10**6, 10**7):x}"
    elif kind == 5:
        text = text.lower() if rng.random() < 0.5 else text.upper()
    else:
        text = _plain(text).replace("?", "").replace("¿", "")
    return Example(
        text, example.intent, example.lang, example.group, example.source, example.about_answer
    )


def family_corpus() -> list[Example]:
    members = read_families()
    rng = random.Random(SEED)
    variants = [augment(e, rng) for e in members]
    seen: set[tuple[str, bool]] = set()
    out = []
    for e in members + variants:
        if (e.text, e.about_answer) not in seen:
            seen.add((e.text, e.about_answer))
            out.append(e)
    return out


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def real_texts() -> dict[tuple[str, str], str]:
    """(dataset, post) -> text of every mined post, read in place from the datasets."""
    out: dict[tuple[str, str], str] = {}
    for dataset, path in (("pan19-bots", PAN19), ("twibot-20-sample", TWIBOT)):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                account = json.loads(line)
                for i, post in enumerate(account["posts"]):
                    text = post.get("text") or ""
                    if mined(text):
                        out[dataset, post.get("id") or f"{account['id']}#{i:03d}"] = text
    return out


def real_available() -> bool:
    return PAN19.exists() and TWIBOT.exists()


def real_corpus() -> list[Example]:
    """The labelled real posts; raises FileNotFoundError when the datasets are absent."""
    if not real_available():
        raise FileNotFoundError(
            f"datasets not found under {DATASETS} (set WHYNOT_DATASETS to shared/datasets)"
        )
    texts = real_texts()
    out = []
    for line in REAL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = texts.get((row["dataset"], row["post"]))
        if text is None or _digest(text) != row["sha1"]:
            raise ValueError(f"real post {row['post']} missing or changed in {row['dataset']}")
        out.append(Example(text, row["intent"], row["lang"], f"real:{row['account']}", "real"))
    return out


def old_corpus() -> list[Example]:
    rows = [json.loads(line) for line in OLD.read_text(encoding="utf-8").splitlines() if line]
    return [
        Example(r["text"], r["intent"], r["lang"], f"old:{i}", f"old-{r['split']}")
        for i, r in enumerate(rows)
    ]


def corpus(with_real: bool = True) -> list[Example]:
    """Everything labelled: families (with variants), real posts, old items."""
    return family_corpus() + (real_corpus() if with_real else []) + old_corpus()
