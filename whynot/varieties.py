"""Varieties of a reply language the owner chooses between: Brazilian or European Portuguese.

`templates/pt/` speaks Brazilian Portuguese, the default. An owner in Portugal writes
`portuguese = "pt-PT"` in the owner file, and a Portuguese asker's reply then comes from
`templates/pt-PT/`, which holds only the files that differ: any other is `templates/pt/`'s,
then English (`folders`). A variety's folder is never a language of its own
(`whynot.replies.languages_in` skips it): the language identifier reads "pt", and the
owner's choice says which Portuguese to answer in.
"""

from __future__ import annotations

from collections.abc import Mapping

# language -> its varieties, the default first (the language's own folder speaks it)
VARIETIES: dict[str, tuple[str, ...]] = {"pt": ("pt-BR", "pt-PT")}
# the owner file's key choosing each language's variety
VARIETY_KEYS: dict[str, str] = {"portuguese": "pt"}
NAMES = {"pt-BR": "Brazil, the default", "pt-PT": "Portugal"}


def is_variety_folder(name: str) -> bool:
    """Whether a templates folder holds a variety (`pt-PT`), not a language."""
    return any(name in kinds[1:] for kinds in VARIETIES.values())


def variety_of(language: str, chosen: Mapping[str, str]) -> str:
    """The variety a reply in `language` speaks ("pt-PT"), "" for a language without any."""
    kinds = VARIETIES.get(language, ())
    return chosen.get(language, kinds[0]) if kinds else ""


def folders(language: str, chosen: Mapping[str, str]) -> tuple[str, ...]:
    """The templates folders a reply in `language` reads, the first holding a file wins:
    the owner's variety's own (when not the default), the language's, English."""
    variety = variety_of(language, chosen)
    own = (variety,) if variety and variety != VARIETIES[language][0] else ()
    return tuple(dict.fromkeys((*own, language, "en")))


def allowed(key: str) -> str:
    """The values an owner-file key takes, for its one-line error."""
    kinds = VARIETIES[VARIETY_KEYS[key]]
    return " or ".join(f'"{kind}" ({NAMES.get(kind, kind)})' for kind in kinds)
