"""Whether a message says anything about following at all: the condition the intent model
must meet before it answers (`whynot.intents`).

This module owns `about_following`: a word about following, followers, mutuals, adding,
dropping or removing someone, in English, Spanish or Portuguese, spelled right or with one
slip (a letter dropped, added, changed or two swapped). Every mention reaches the
classifier, and most say nothing about following ("happy birthday bro", "what year was
that then?"); the model, trained on messages about following, answered some of those
anyway (cue words such as "would", "except", "everyone" pushing it). The words are those of
the answered paraphrase families (bench/data/intents_families_*.txt) whose messages hold no
form of "follow"; the check is a necessary condition only: a message that passes is
decided by the rules and the model as before.
"""

from __future__ import annotations

import re
from functools import cache

# Stems: a word holding one of these is about following (or may be).
_STEMS = re.compile(
    r"f[o0]l+[o0]|f[o0]?l+[o0]w|fal+ow|segu|sigu|sigo|siga|sigan|sige|sege|seg[ui]|sdv|f4f"
    r"|mutu|moot|remov|drop|unf|agreg|anade|adicion|favou?r|retribu|quitaste|tirou|limp"
    r"|purg"
)
# Whole words (and every form one slip away from them, `_near`).
_WORDS = (
    "follow", "follows", "followed", "following", "unfollow", "unfollowed", "unfollowing",
    "flow", "fallow", "drop", "dropped", "remove", "removed", "add", "mutual", "mutuals",
    "mutuo", "mutuos", "moots", "seguir", "sigue", "sigues", "sigueme", "siguenos", "segue",
    "segues", "segueme", "seguirme", "seguiu", "seguiste", "siganme", "sigam", "seguindo",
    "siguiendo", "followers", "seguidores", "agregame", "anademe", "adiciona",
)  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz0"


@cache
def _near() -> frozenset[str]:
    """`_WORDS` and every string one slip away from one of those of five letters or more."""
    out: set[str] = set()
    for w in _WORDS:
        out.add(w)
        if len(w) < 5:  # "add" one slip away is "and", "had", "odd": short words stay exact
            continue
        for i in range(len(w) + 1):
            for c in _LETTERS:
                out.add(w[:i] + c + w[i:])  # a letter added
                if i < len(w):
                    out.add(w[:i] + c + w[i + 1 :])  # a letter changed
            if i < len(w):
                out.add(w[:i] + w[i + 1 :])  # a letter dropped
            if i + 1 < len(w):
                out.add(w[:i] + w[i + 1] + w[i] + w[i + 2 :])  # two letters swapped
    return frozenset(out)


def about_following(s: str) -> bool:
    """Whether the prepared message `s` (`whynot.intents.prepare`) holds a word about
    following: a stem (`_STEMS`) or a word one slip from one of `_WORDS` (those of five
    letters or more; shorter ones exactly)."""
    if _STEMS.search(s):
        return True
    near = _near()
    return any(token in near for token in _TOKEN.findall(s))
