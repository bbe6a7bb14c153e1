"""Other people's words in a post, for "about the poster" (`scoring.about_poster`): a
quotation tagged, signed or attributed, a scripture verse, a joke told as dialogue, a
speaker's words before a colon. The letter's "informers" share these; a first-person word
inside them is the quoted person's, not the poster's.

`quotation` names the sign found, or None; `speaker_first` answers for a speaker's name before
a colon and a first-person opening. Both read the raw text (and its lower-cased form and
judged words), and are pure.
"""

from __future__ import annotations

import re

# A scripture verse ("4:3 But with me said unto the beast", "... John 3:16"): a quotation.
VERSE_RE = re.compile(r"^\d{1,3}:\d{1,3}\s|\s[1-3]?\s?[A-Z][a-z]+\.? \d{1,3}:\d{1,3}\)?\s*$")
# A quotation signed by a bare name after its last sentence: "... an open book. With
# illustrations. Hugh Hefner" (two or three capitalised words, nothing after them).
# Initials count as words ("Q. Latifah"), and a topic may follow ("Brad Pitt, on fatherhood").
NAME_END_RE = re.compile(
    r"[.!?…\"”]\s+(?:(?:[A-Z]\.|[A-Z][a-z]+\.?) ){1,2}[A-Z][a-z]+(?:, on [a-z ]+)?\s*$"
)
# A tag naming quotations: "#GoTQuotes", "#quoteoftheday", "#imagequote".
QUOTE_HASHTAG_RE = re.compile(r"#\w*quote")
# A joke told as dialogue, each turn opened by a dash: "—¿Quieres ser mi novia? —Sorry...".
DIALOGUE_TURN_RE = re.compile(r"(?:^|\s)[—–-]\s?[¿¡\w]")
# A quotation attributed after a dash: "... - Yogi Berra", "... — Mark Twain (1897)".
QUOTE_END_RE = re.compile(
    r"\s[-–—~―]\s?[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,3}(?:\s\([^)]{1,40}\))?\s*$"
)
QUOTE_TAIL = 48  # characters: " - " and an author's name of up to four words
# ... or after an arrow ("... --> Tyra Banks"; X sends it as "--&gt;"), or after a dash with
# the title a film or book line carries ('-Lilo in "Lilo & Stitch"').
ARROW_END_RE = re.compile(r"(?:-+>|-+&gt;|→)\s*[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,3}\s*$")
TITLED_END_RE = re.compile(
    r"\s[-–—]\s?[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,3}"
    r"\sin\s[\"“][^\"”]{1,40}[\"”]?\s*$"
)
# A speaker's name before a colon and a first-person opening: someone else's words, as news
# and scripts quote them ("Sen. Paul: I never wanted...", "Kramer: I love the name").
# Labels a poster puts before their own news are not names ("Update: I'm home").
SPEAKER_RE = re.compile(r"^((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*):\s+(?:I|My|Me)\b")
NOT_SPEAKERS = frozenset(
    """update today tonight status psa confession storytime fact reminder note edit ps me mood
    goals goal tfw mfw thread day week morning night weekend thought random true plot spoiler
    rant""".split()
)
ROMAN = frozenset("I II III IV V".split())
QUOTE_DASHES = ("-", "–", "—", "~", "―")
QUOTE_DASH_RE = re.compile("[" + "".join(QUOTE_DASHES) + "]")
QUOTE_TAGS = frozenset("quote quotes frase frasedeldia citas cita".split())


def quotation(text: str, lowered: str, words: frozenset[str]) -> str | None:
    """Why the post is someone else's words ("quote tag", "dialogue", "quote attribution",
    "scripture verse", "quote signed by a name"), or None. An attribution closes the
    text: only its tail is scanned."""
    if not QUOTE_TAGS.isdisjoint(words) or (
        "quote" in lowered and QUOTE_HASHTAG_RE.search(lowered)
    ):
        return "quote tag"
    if lowered.startswith(("-", "—", "–")) and len(DIALOGUE_TURN_RE.findall(text)) >= 2:
        return "dialogue"
    tail = text[-QUOTE_TAIL:]
    if QUOTE_DASH_RE.search(tail) and QUOTE_END_RE.search(tail):
        return "quote attribution"
    if (">" in tail or "&gt;" in tail or "→" in tail) and ARROW_END_RE.search(tail):
        return "quote attribution"
    if " in " in tail and QUOTE_DASH_RE.search(tail) and TITLED_END_RE.search(tail):
        return "quote attribution"
    if ":" in text and (text[:1].isdigit() or _ends_like_verse(text)) and VERSE_RE.search(text):
        return "scripture verse"
    if "http" not in lowered and NAME_END_RE.search(text[-QUOTE_TAIL:]):
        return "quote signed by a name"
    return None


def speaker_first(text: str) -> bool:
    """A speaker's name before a colon and a first-person opening ("Sen. Paul: I never
    wanted..."), not one of the labels a poster puts before their own news."""
    speaker = SPEAKER_RE.match(text)
    if speaker is None:
        return False
    name = speaker.group(1).split()
    # "Part I: I am so relieved" names a part, not a speaker.
    return name[0].lower().rstrip(".") not in NOT_SPEAKERS and name[-1] not in ROMAN


def _ends_like_verse(text: str) -> bool:
    """The end VERSE_RE's second branch needs: a digit (any script's, as `\\d`) or ")"."""
    end = text[-1:]
    if end.isspace():
        end = text.rstrip()[-1:]
    return end.isdigit() or end == ")"
