"""Text normalisation for short social-media messages (X, Discord), used by `whynot.intents`.

This module owns turning a raw mention into a canonical, space-separated token string that
simple patterns can read, and a best-guess language ("en", "es" or "pt") from marker words
and spelling (`whynot.intents` reports the learned language model's answer instead, and
this guess only for text without letters). It knows nothing about intents. The steps, in
order:

1. cap the input (`MAX_CHARS`), drop lone surrogates and control characters;
2. drop URLs (also bare `bit.ly/x`, `t.co/x`), quotations in double quotes when enough
   is said around them (quoting the letter is not asking), and @handles; split hashtags
   (`#TeamFollowBack` -> `team follow back`); map the few emoji that carry words (🔙 -> back);
3. lower-case, join spaced-out letters (`f o l l o w` -> `follow`), guess the language
   (while accents and `¿` still tell), mark the
   unambiguous "why" (`por qué`, `por quê`), then strip accents (NFKD, which also folds
   fancy Unicode letters such as 𝐟𝐨𝐥𝐥𝐨𝐰);
4. join contractions (`didn't` -> `didnt`), keep `?` and `=` as tokens, turn `. ! ; …`
   into a `.` token, everything else into spaces;
5. collapse letters repeated three or more times (`pleaseeee` -> `please`), then map each
   token through `WORDS` (abbreviations and typos: u, plz, bck, folow, unfolowed, vc, xq);
6. rewrite a few multi-word forms through `PHRASES` (`follow 4 follow` -> `f4f`).
A step whose pattern needs a character the text lacks ("@", "#", a quote) is skipped. Then
`whynot.intents.prepare` turns "follow" in idioms ("follow up") into "xfollow"
(`neutralised`, read by tokens: the same as the pattern `IDIOM`, without its scan); so
does a follow that asks nothing of the owner: counted toward a milestone ("one follow
away from 1k") or already received ("your follow made my day").

From the accents on, steps 3 to 5 work within words, so they are done per word of the
lower-cased text and kept (`_word_tokens`, a `whynot.memo.Memo`); the text's result is its
words' joined, as `tests/test_prefilter.py` checks against the whole-text steps.

Canonical tokens are mostly English (`please`, `back`, `follow`, `because`, `why`, `too`);
words that carry person (Spanish `sigues`, Portuguese `segue`) are kept as they are, since
who follows whom decides the intent. `pq` stands for the ambiguous `porque`/`por que`/`xq`
(why or because); `why` only for forms that can only mean why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from whynot.memo import Memo
from whynot.prefilter import Group, Hinted
from whynot.prefilter import joined as pieces_joined

MAX_CHARS = 2000

_BAD_CHARS = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]")
# Bare domains need a path unless the ending is unmistakable ("thanks.me too" is no URL).
# The two bare forms start alike, with a run of [\w-] that a "." follows: the lookahead
# (possessive, so it never backtracks) says so once per word instead of each form trying
# every shorter run of every word (what matches, and where, is unchanged).
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?=[\w-]++\.)(?:[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|biz|info|xyz)"
    r"\b(?:/\S*)?|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}/\S*)",
    re.IGNORECASE,
)
# Every URL above holds "://", "www." or a "." followed by a word character or "-" (any
# letter that matches one case-insensitively is a word character): text with none skips
# the scan (written out here because `whynot.prefilter` leaves case-insensitive patterns
# alone). Each starts at a "." or ":" (www. is read back from its "."), so the engine looks
# for those two characters alone: a third of the work of the same caseless pattern
# (`tests/test_intents_speed.py` checks they agree).
_URL_HINT = re.compile(r"\.(?:[\w-]|(?<=[wW]{3}\.))|://")
_HANDLE = Hinted.compile(r"@\w+")
_QUOTED = Hinted.compile(r'"[^"]{3,}"|“[^”]{3,}”|«[^»]{3,}»')
_HASHTAG = Hinted.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])|(?<=[A-ZÀ-Þ])(?=[A-ZÀ-Þ][a-zà-ÿ])")
_EMOJI_WORDS = {"🔙": " back ", "🔁": " back ", "🔄": " back ", "4️⃣": " 4 ", "🙏": " please "}
_EMOJI = Hinted.compile("|".join(map(re.escape, _EMOJI_WORDS)))
_WHY = Hinted.compile(r"¿\s*por\s?qu[eé]\b|\bpor\s?qu[éê]\b|¿\s*porque\b|\bpq(?=\s*\?)")
_APOSTROPHE = re.compile(r"['’‘`´]")
_SLASHED = {"f/b": " follow back ", "b/c": " because ", "w/": " with "}
_SLASH = Hinted.compile("|".join(map(re.escape, _SLASHED)))
_STOP = re.compile(r"[.!;…¡]+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACED = re.compile(r"\b(?:[a-z]\s+){3,}[a-z]\b")
# Every spaced-out word has two letters with whitespace on both sides, one after the other
# (a scan that starts at whitespace, cheaper than one that tries each word boundary).
_SPACED_HINT = re.compile(r"\s[a-z]\s+[a-z]\s")
# On printable text the only whitespace is " " (every other is unprintable), so the hint is
# this: a pattern that starts with a literal, which the engine scans for far faster.
_SPACED_PRINTABLE = re.compile(r" [a-z] +[a-z] ")

WORDS: dict[str, str] = {
    # English abbreviations and typos
    "u": "you", "yu": "you", "yuo": "you", "ur": "your", "urs": "yours", "youre": "you are",
    "plz": "please", "pls": "please", "plss": "please", "plox": "please", "pleas": "please",
    "pleasee": "please", "pleez": "please", "plis": "please", "pliss": "please",
    "plix": "please", "porfa": "please", "porfis": "please", "porfavor": "please",
    "pfv": "please", "pfvr": "please", "pf": "please", "pleaseee": "please",
    "bak": "back", "bck": "back", "bk": "back", "bac": "back", "bacc": "back", "bakc": "back",
    "backk": "back", "baack": "back",
    "folow": "follow", "follw": "follow", "flw": "follow", "fllw": "follow", "foll": "follow",
    "foloow": "follow", "followw": "follow", "follo": "follow",
    "folowed": "followed", "followd": "followed", "flwd": "followed", "folloed": "followed",
    "fllwd": "followed", "folowing": "following", "follwing": "following",
    "flwing": "following", "folows": "follows",
    "followback": "follow back", "folowback": "follow back", "followbak": "follow back",
    "followbck": "follow back", "fback": "follow back", "followbacks": "follow backs",
    "teamfollowback": "team follow back", "followforfollow": "f4f", "follow4follow": "f4f",
    "fxf": "f4f", "folowers": "followers", "followrs": "followers", "flwrs": "followers",
    "unfolow": "unfollow", "unfollw": "unfollow", "unfllw": "unfollow", "unfollo": "unfollow",
    "unfolowed": "unfollowed", "unfollowd": "unfollowed", "unfolowd": "unfollowed",
    "unfolowing": "unfollowing", "unfollowww": "unfollow",
    "mutual": "mutual", "mutals": "mutuals", "moots": "mutuals", "mooties": "mutuals",
    "cuz": "because", "coz": "because", "cause": "because", "cos": "because", "bc": "because",
    "bcs": "because", "bcuz": "because", "bcoz": "because", "becuz": "because",
    "becoz": "because", "bcause": "because", "cus": "because", "bcz": "because",
    "didint": "didnt", "didn": "didnt", "dint": "didnt", "ddnt": "didnt", "didt": "didnt",
    "dnt": "dont", "havnt": "havent", "dosnt": "doesnt", "wasent": "wasnt",
    "whyd": "why did", "whys": "why is", "wy": "why",
    "wht": "what", "wat": "what", "wut": "what", "wot": "what", "whats": "what is",
    "thx": "thanks", "thanx": "thanks", "thnx": "thanks", "thnks": "thanks", "tnx": "thanks",
    "ty": "thanks", "tysm": "thanks", "tyvm": "thanks", "thank": "thanks",
    "ppl": "people", "every1": "everyone", "some1": "someone", "any1": "anyone",
    "mee": "me", "ifb": "i follow back",
    # Spanish and Portuguese
    "xq": "pq", "porq": "pq", "porke": "pq", "xk": "pq", "pk": "pq", "porque": "pq",
    "q": "que", "k": "que", "d": "de", "x": "por",
    "tmb": "too", "tb": "too", "tbm": "too", "tambien": "too", "tambem": "too",
    "vc": "voce", "vcs": "voces", "vce": "voce", "ce": "voce", "naum": "nao",
    "sigeme": "sigueme", "siguenme": "siganme", "seguidevolta": "segui de volta",
    "seguedevolta": "segue de volta", "sigodevolta": "sigo de volta",
    "sigodevuelta": "sigo de vuelta", "siguemedevuelta": "sigueme de vuelta",
    "siguemeytesigo": "sigueme y te sigo",
}  # fmt: skip

PHRASES: tuple[tuple[Hinted, str], ...] = tuple(
    (Hinted.compile(pattern), repl)
    for pattern, repl in (
        (r"\bfollow (?:4|for|por|per|x) follow\b|\bf 4 f\b|\bf por f\b", "f4f"),
        (r"\bseguir por seguir\b|\bsigo por sigo\b", "f4f"),
        (r"\bpor favor\b", "please"),
        (r"\bpor que\b", "pq"),
        (r"\bhow come\b", "howcome"),
        (r"\bfb me\b", "follow me back"),
        (r"\bf back\b", "follow back"),
        (r"^fb\b|\bfb(?= please\b| \?)|(?<=please )fb\b|(?<=you )fb\b", "follow back"),
        (r"\b(voce|eu|tu|ele|ela) n\b", r"\1 nao"),
        (r"\by (?=(?:you|did|didnt|dont|do|are|arent|would|wont|havent|not)\b)", "why "),
    )
)

_PHRASE_GROUP = Group(pattern for pattern, _ in PHRASES)


def _phrases(text: str, start: int = 0) -> str:
    """`PHRASES` from `start` on, in order: only those whose literals the text may hold are
    tried (`whynot.prefilter.Group`), and after one changes it, those after it again."""
    for i in _PHRASE_GROUP.may_match(text):
        if i >= start:
            pattern, repl = PHRASES[i]
            changed = pattern.sub(repl, text)
            if changed != text:
                return _phrases(changed, i + 1)
    return text


_LANG_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the you u i my why and to is did didnt didn't dont don't please thanks thank for your"
        " it this that what how with of on just im i'm can so lol pls plz hey hi still your"
        " ur was are anyone who people great love because never".split()
    ),
    "es": frozenset(
        "que qué porqué no sigues sigue sígueme sigueme seguime seguí seguiste seguías seguir"
        " vuelta dejaste dejé dejó deje dejo gracias cómo para el la los las y es hola porfa xq"
        " mi tu tú ya muy buenos buenas tienes sí hace años pasó algo mal hice diste di"
        " devuelves devolviste sigas oye pero yo mis tus aquí toda razón sin esperando nunca"
        " así desde meses tengo hacer seguirte seguías seguidores enlace partido consigo"
        " herramienta usas siganme sigan quien quién gente pide necesidad consejo funcionó"
        " también tambien tmb seguimiento caso mañana primera vez comento saludos un una"
        " montón hoy noticias programar sueños carta buena comparto me x regalas compra"
        " baratos".split()
    ),
    "pt": frozenset(
        "você vc não nao segue seguiu seguia volta obrigado obrigada valeu pra o os do da dos"
        " das na um uma meu seu sua muito eu tb tbm deixei deixou parei parou sdv boa bom dia"
        " noite ótima vários faz há mais mano também então aconteceu alguma coisa ainda sem"
        " preciso fazer dica certo deu dei quem saber ganhar verdade perfil jogo acompanhe"
        " sigam agendar ferramenta adoro conteúdo concordo pfv pq ao vivo aqui bio seguia"
        " segui me segue alguém faço que pelo agora compre seguidores seguir".split()
    ),
}
# Words shared by Spanish and Portuguese, or common in the others' loanwords and slang
# ("y u", "follow me"), count half; it takes a whole point to move away from English.
_WEAK = (_LANG_MARKERS["es"] & _LANG_MARKERS["pt"]) | {"y", "me", "no", "x", "que"}
_ORTHOGRAPHY = {"es": re.compile(r"[ñ¿¡]"), "pt": re.compile(r"[ãõçêô]")}


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str  # canonical tokens joined by single spaces
    language: str  # "en", "es" or "pt"
    truncated: bool  # the input was longer than MAX_CHARS


def _hashtag(match: re.Match[str]) -> str:
    """A known compound whatever its case (#SIGODEVUELTA), else split at CamelCase."""
    tag = match.group(1)
    known = WORDS.get(tag.lower())
    return f" {known} " if known else f" {_CAMEL.sub(' ', tag)} "


def guess_language(lowered: str) -> str:
    """Best guess among en/es/pt from marker words and spelling; "en" when nothing tells."""
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", _REPEATS.sub(r"\1", lowered))
    scores = {lang: 0.0 for lang in _LANG_MARKERS}
    for word in words:
        for lang, markers in _LANG_MARKERS.items():
            if word in markers:
                scores[lang] += 0.5 if word in _WEAK else 1.0
    for lang, spelling in _ORTHOGRAPHY.items():
        if spelling.search(lowered):
            scores[lang] += 2.0
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] >= 1.0 else "en"


# `str.translate` tables, filled as characters are met: combining marks dropped; and
# what `[^\w?=.]|_` matches (str.isalnum is the regex module's \w less "_") made a space.
_DROP_COMBINING: Memo[int, int | None] = Memo(
    lambda code: None if unicodedata.combining(chr(code)) else code
)
_NON_WORD_TO_SPACE: Memo[int, int] = Memo(
    lambda code: 32 if code == 95 or not (chr(code).isalnum() or chr(code) in "?=.") else code
)


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


def _map_token(token: str) -> str:
    token = _REPEATS.sub(r"\1", token)
    if token in WORDS:
        return WORDS[token]
    if len(token) > 3 and token[-1] == token[-2] and token[:-1] in WORDS:
        return WORDS[token[:-1]]
    return token


_MAPPED: Memo[str, str] = Memo(_map_token)  # token -> its mapping, kept per token


def _word_tokens(word: str) -> str:
    """One whitespace-free word of the lower-cased text, from accents on: its canonical
    tokens, joined by single spaces ("" when none). Every step from here works within
    words (none reads or makes whitespace across them: accents, apostrophes, f/b, runs of
    stops, ? and =, other punctuation), so the text's result is its words' joined."""
    text = _strip_accents(word).lower()
    text = _APOSTROPHE.sub("", text)
    text = _SLASH.sub(lambda m: _SLASHED[m.group(0)], text)
    text = _STOP.sub(" . ", text)
    text = text.replace("?", " ? ").replace("=", " = ")  # kept as tokens
    text = text.translate(_NON_WORD_TO_SPACE)  # a space each (they are split next)
    return " ".join(map(_MAPPED.__getitem__, text.split()))


_WORD_TOKENS: Memo[str, str] = Memo(_word_tokens)  # word -> its tokens, kept per word


def normalise(raw: str, guess: bool = True) -> Normalised:
    """Canonical token string and language of one message; never raises on a string.
    With `guess` false the language is left empty (the caller decides it otherwise)."""
    if not isinstance(raw, str):
        raw = str(raw)
    text, language = _normalised(raw, guess)
    return Normalised(text, language, len(raw) > MAX_CHARS)


def normalised_text(raw: str) -> tuple[str, bool]:
    """`normalise(raw, False)`'s text and `truncated`, without the object (the classifier
    reads nothing else)."""
    if not isinstance(raw, str):
        raw = str(raw)
    return _normalised(raw, False)[0], len(raw) > MAX_CHARS


def _normalised(raw: str, guess: bool) -> tuple[str, str]:
    """`normalise`'s text and language. A step whose pattern needs a character the text
    lacks is skipped here, without the call (the pattern would leave the text as it is)."""
    text = raw[:MAX_CHARS]
    plain = text.isascii()
    if not text.isprintable():  # else no character _BAD_CHARS names (none is printable)
        text = _BAD_CHARS.sub(" ", text)
    if ("." in text or "/" in text) and _URL_HINT.search(text):
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if '"' in text or not plain:
        unquoted = _QUOTED.sub(" ", text)
        if unquoted != text and len(re.findall(r"\w+", unquoted)) >= 3:
            text = unquoted  # talks about a quotation: judge what is said
    if "#" in text:
        text = _HASHTAG.sub(_hashtag, text)
    text = text.lower()
    if (_SPACED_PRINTABLE if text.isprintable() else _SPACED_HINT).search(text):
        text = _SPACED.sub(lambda m: "".join(m.group(0).split()), text)
    language = guess_language(text) if guess else ""
    if not plain:  # every emoji of _EMOJI_WORDS is outside ASCII
        text = _EMOJI.sub(lambda m: _EMOJI_WORDS[m.group(0)], text)
    if "por" in text or "pq" in text:
        text = _WHY.sub(" why ", text)
    # the rest (step 4 and the word map) is done per word and kept (`_word_tokens`)
    # (`prefilter.joined`: the pieces of the result read from its words', kept per word)
    joined = pieces_joined(list(filter(None, map(_WORD_TOKENS.__getitem__, text.split()))))
    text = _phrases(joined)
    # words' tokens joined by single spaces are already so spaced; a phrase may not be
    return (text if text is joined else " ".join(text.split())), language


# Idioms where "follow" is not about accounts ("follow up", "sigue el link"), for
# `whynot.intents.prepare`: the verb becomes "xfollow" (`neutralised`). A follow that asks
# nothing becomes "xfollow" too: the noun counted toward a milestone ("one follow away from
# 1k", "a un follow de los 500") or already received, told in the past ("your follow made
# my day", "un follow de tu parte me alegró el día").
_IDIOM_FORMS = "follow|follows|followed|following|sigue|sigan|siga|segue|sigam|segui"
_IDIOM_NEXT = (
    "up|along|through|suit|instructions|the|your|my|our|this|these|that|el|la|los|las|tus"
    "|mis|sus|su|nuestra|nuestro|o|os|as|sua|seu|minha|meu|nossa|nosso|este|esta|link|enlace"
)
_NOUNS = "follow|follows"  # the forms that are also nouns
_DETERMINERS = (
    "a|an|one|the|your|my|his|her|their|our|um|uma|un|una|o|el|tu|teu|seu|sua|su|mi|meu|minha"
)
_AWAY = "away|left"  # after a count: "one follow away from 1k", "2 follows left"
_COUNTS = "two|three|few|couple|dos|tres|dois"  # and determiners, and tokens ending in a digit
_AT_ONE = ("a un", "a um", "a 1")  # "a un follow de los 1000", "a um follow dos 1k"
_TOWARD = "de|do|dos|das|del|pra|pro|pros|para"
_PAST = "made|meant|alegro|alegrou|hizo|fez|encanto|encantou"  # "your follow made my day"
_AFTER_COUNT = "|".join(
    [r"(?<=\d )", *(rf"(?<=\b{w} )" for w in (*_DETERMINERS.split("|"), *_COUNTS.split("|")))]
)
_AT_ONE_BEFORE = "|".join(rf"(?<=\b{p} )" for p in _AT_ONE)
_AFTER_DETERMINER = "|".join(rf"(?<=\b{d} )" for d in _DETERMINERS.split("|"))
IDIOM = Hinted.compile(
    rf"\b(?:(?:{_IDIOM_FORMS})(?! your turn)(?= (?:{_IDIOM_NEXT}|back the)\b)"
    rf"|(?:{_AFTER_COUNT})(?:{_NOUNS})(?= (?:{_AWAY})\b)"
    rf"|(?:{_AT_ONE_BEFORE})(?:{_NOUNS})(?= (?:{_TOWARD})\b)"
    rf"|(?:{_AFTER_DETERMINER})(?:{_NOUNS})(?=(?: \S+){{0,4}} (?:{_PAST})\b))"
)
_FORMS, _NEXT = frozenset(_IDIOM_FORMS.split("|")), frozenset(_IDIOM_NEXT.split("|"))
_NOUN_FORMS, _DETS = frozenset(_NOUNS.split("|")), frozenset(_DETERMINERS.split("|"))
_AWAY_SET, _COUNT_SET = frozenset(_AWAY.split("|")), frozenset(_COUNTS.split("|"))
_AT_ONE_SET, _TOWARD_SET = frozenset(_AT_ONE), frozenset(_TOWARD.split("|"))
_PAST_SET = frozenset(_PAST.split("|"))


def _asks_nothing(tokens: list[str], i: int) -> bool:
    """Whether the noun "follow" at `tokens[i]` (a next token exists) asks nothing:
    counted toward a milestone or already received."""
    after, last = tokens[i + 1], tokens[i - 1] if i > 0 else ""
    if after in _AWAY_SET and (last in _DETS or last in _COUNT_SET or last[-1:].isdigit()):
        return True
    if after in _TOWARD_SET and " ".join(tokens[max(i - 2, 0) : i]) in _AT_ONE_SET:
        return True
    return last in _DETS and not _PAST_SET.isdisjoint(tokens[i + 1 : i + 6])


def neutralised(s: str) -> str:
    """`IDIOM.sub("xfollow", s)` on a normalised message, read by whole tokens (runs of
    word characters, or a lone ". ? ="), cheaper than the pattern's scan."""
    return neutralised_tokens(s)[0]


def neutralised_tokens(s: str) -> tuple[str, list[str]]:
    """`neutralised(s)` and its tokens: on a normalised message (single spaces), those of
    `str.split()`, already hashed (the model reads them: `whynot.intents`)."""
    tokens = s.split(" ") if s else []
    if _FORMS.isdisjoint(tokens):
        return s, tokens
    for i in range(len(tokens) - 1):
        if tokens[i] in _FORMS:
            if tokens[i] in _NOUN_FORMS and _asks_nothing(tokens, i):
                tokens[i] = "xfollow"
                continue
            after = tokens[i + 1 : i + 3]
            turn = after[0] == "your" and len(after) > 1 and after[1].startswith("turn")
            if not turn and (after[0] in _NEXT or after == ["back", "the"]):
                tokens[i] = "xfollow"
    out = " ".join(tokens)
    return (s if out == s else out), tokens  # the same string: `whynot.prefilter` keeps it
