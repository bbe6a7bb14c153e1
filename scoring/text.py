"""Text patterns the criteria share: links, hashtags, self-promotion, sales pitch,
follow-back phrases, topic terms and near-duplicate fingerprints.

Patterns cover English, Spanish and Portuguese, the languages the owner's audience writes
in. They run on lower-cased text; each helper takes one string and returns plain values.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from bisect import bisect_right

from scoring.thresholds import URL_SHORTENERS

# Links, found in lower-cased text: scoring only compares hosts and normalised links, and
# the scan is about 2.5x cheaper than an IGNORECASE one over the original text.
LOWER_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'\)\]]+")
# Words with links and @mentions skipped, in one scan: the skipped parts match the first
# alternatives and yield '' for the group.
_WORDS_RE = re.compile(r"(?:https?://|www\.)\S*|@\w+|([^\W_]+)")
# The same scan for texts without "_", where `\w` and `[^\W_]` agree: a category test is
# cheaper than a negated class, and a plain range cheaper still for lower-cased ASCII text
# (about half of all posts). Possessive repeats (nothing follows them to backtrack into)
# spare the engine its backtracking bookkeeping: a quarter of the ASCII scan. Not
# re.ASCII: its `\S` would run a link over \x1c-\x1f, which Unicode counts as spaces.
_WORDS_NO_UNDERSCORE_RE = re.compile(r"(?:https?://|www\.)\S*+|@\w++|(\w++)")
_WORDS_ASCII_RE = re.compile(r"(?:https?://|www\.)\S*+|@\w++|([a-z0-9]++)")
HASHTAG_RE = re.compile(r"#(\w+)")

# Self-promotion phrases, each opening with a lower-case word (the patterns add the
# word boundary before it).
_MY_THINGS = (
    "new|latest|book|album|single|song|video|podcast|blog|shop|store|channel|website"
    "|course|e-?book|product|mixtape|music|app|brand|show|newsletter|merch"
)
_SELF_PROMO_PHRASES = (
    *(
        verb + r" (?:out )?my\b"
        for verb in (
            "check(?:ing)? out|listen to|watch|read|buy|get|grab|order|download|subscribe to"
            "|support|stream|pre-?order|vote for"
        ).split("|")
    ),
    r"my (?:" + _MY_THINGS + r")\b",
    r"link in (?:my )?bio\b",
    r"new (?:video|blog post|episode|single|podcast)\b",
    r"i'?m live\b",
    r"i am live\b",
    r"check me out\b",
    r"follow me (?:on|at)\b",
    r"mi (?:nuevo|nueva|canal|libro|tienda|disco|video|podcast|blog)\b",
    r"meu (?:novo|canal|livro|disco|podcast|blog)\b",
    r"minha (?:nova|loja)\b",
    r"s[ií]ganme\b",
    r"s[ií]gueme en\b",
    r"me sigam\b",
)
SELF_PROMO_RE = re.compile("|".join(r"\b" + phrase for phrase in _SELF_PROMO_PHRASES))


# Whether SELF_PROMO_RE matches, asked of the same phrases anchored at their last or
# rarest word, which each search looks for as a literal ("my", "new", "live", "bio", "g" of
# "síganme"): the engine then jumps from one to the next, where one pattern of all the
# phrases tries a match at nearly every letter (twice the cost; features ask it of every
# gated post). The words before the anchor, and the word boundary before the phrase,
# are looked for behind it, one fixed-length look-behind per wording.
_PROMO_VERBS = (
    "check out|checking out|listen to|watch|read|buy|get|grab|order|download|subscribe to"
    "|support|stream|pre-order|preorder|vote for"
).split("|")
_AFTER_VERB = "|".join(f"(?<=\\b{verb}{out} my)" for verb in _PROMO_VERBS for out in ("", " out"))
_PROMO_SEARCHES = tuple(
    re.compile(pattern).search
    for pattern in (
        r"m(?:y(?:(?<!\wmy) (?:" + _MY_THINGS + r")\b|\b(?:" + _AFTER_VERB + "))"
        r"|e(?:(?<!\wme) sigam\b| out\b(?<=\bcheck me out)| (?:on|at)\b(?<=\bfollow me (?:on|at)))"
        r"|i(?<!\wmi) (?:nuevo|nueva|canal|libro|tienda|disco|video|podcast|blog)\b"
        r"|eu(?<!\wmeu) (?:novo|canal|livro|disco|podcast|blog)\b"
        r"|inha(?<!\wminha) (?:nova|loja)\b)",
        r"new(?<!\wnew) (?:video|blog post|episode|single|podcast)\b",
        r"live\b(?:(?<=\bi'm live)|(?<=\bim live)|(?<=\bi am live))",
        r"bio\b(?:(?<=\blink in bio)|(?<=\blink in my bio))",
        r"g(?:anme\b(?<=\bs[ií]ganme)|ueme en\b(?<=\bs[ií]gueme en))",
    )
)
_MY, _NEW, _LIVE, _BIO, _GANME = _PROMO_SEARCHES


def is_self_promo(lowered: str) -> bool:
    """`SELF_PROMO_RE.search(lowered) is not None`, found faster."""
    return (
        _MY(lowered) is not None
        or _NEW(lowered) is not None
        or _LIVE(lowered) is not None
        or _BIO(lowered) is not None
        or _GANME(lowered) is not None
    )


# The phrases of a sales pitch, each opening with the literal text every match of it
# holds (what `_SALES_HINTS` looks for before the pattern runs).
_SALES_PHRASES = (
    *"buy now,shop now,order now,on sale,sale ends,discount,promo code,coupon,use code".split(","),
    *"free shipping,limited (?:time|offer|stock),deal of the day,best price,in stock".split(","),
    *"giveaway,flash sale,% off,off today,dm (?:me )?to order,oferta,descuento".split(","),
    *"compra ya,promoção,desconto,frete grátis".split(","),
)
_SALES_PARTS = (
    r"\b(?:" + "|".join(_SALES_PHRASES) + r")\b",
    r"\d+ ?% off\b",
    r"[$€£]\s?\d",
    r"#(?:ad|sponsored|sale|deal|deals|promo|shopnow|discount)\b",
)
_WORDS_PART, _PERCENT_PART, _PRICE_PART, _TAG_PART = (re.compile(p).search for p in _SALES_PARTS)
# Each phrase's literal opening ("limited " of "limited (?:time|...)"): a text holding
# none of them cannot match the phrase pattern, which is then not run (it has no literal
# start of its own, so the engine would try it at every position: 57k instructions a
# post, against 2k for these substring tests).
_SALES_HINTS = tuple(re.split(r"[(\\]", phrase, maxsplit=1)[0] for phrase in _SALES_PHRASES)


def is_sales_pitch(lowered: str) -> bool:
    """Whether one of the `_SALES_PARTS` patterns matches. The parts are asked one after
    the other, the cheapest first (one pattern of them all, trying every part at every
    position, costs more), each only when the text holds a literal every match of it
    holds: "#", a currency sign, "%", or the opening of a phrase."""
    return (
        ("#" in lowered and _TAG_PART(lowered) is not None)
        or (
            ("$" in lowered or "€" in lowered or "£" in lowered)
            and _PRICE_PART(lowered) is not None
        )
        or ("%" in lowered and _PERCENT_PART(lowered) is not None)
        or (any(map(lowered.__contains__, _SALES_HINTS)) and _WORDS_PART(lowered) is not None)
    )


FOLLOW_BACK_RE = re.compile(
    r"#(?:followback|f4f|follow4follow|followforfollow|teamfollowback|ifb|followtrain"
    r"|autofollow|instantfollowback|sougofollow|tfb|followme|sdv|sigodevolta)\b"
    r"|\bf4f\b|\bfollow ?4 ?follow\b|\bfollow for follow\b|\bi (?:always )?follow back\b"
    r"|\b100 ?% follow ?back\b|\bfollow me (?:and|&) i(?:'ll| will) follow\b"
    r"|\bfollow back\b|\bte sigo de vuelta\b|\bsigo de volta\b|\bsigo a todos\b"
)

# The phrase patterns above are slow to scan (alternations of words); a post is only
# scanned when one of these words is among its tokens, which skips most posts for the
# cost of one set intersection.
SELF_PROMO_TRIGGERS = frozenset(
    "my mi meu minha bio live me new síganme siganme sígueme sigueme sigam".split()
)
SALES_TRIGGERS = frozenset(
    """buy shop order sale sales discount promo coupon code shipping limited deal deals price
    stock giveaway off dm oferta descuento compra promoção desconto frete ad sponsored
    shopnow""".split()
)
FOLLOW_BACK_TRIGGERS = frozenset(
    """follow followback f4f follow4follow followforfollow teamfollowback ifb followtrain
    autofollow instantfollowback sougofollow tfb followme sdv sigodevolta sigo""".split()
)
# Every follow-back phrase contains one of these strings: a cheap gate for text that is
# not split into words (a bio, where a phrase inside a link or @mention counts too).
FOLLOW_BACK_HINTS = ("follow", "f4f", "ifb", "tfb", "sdv", "sigo")
# Most posts hold none of them: one look-up against all three sets clears those.
ANY_TRIGGER = SELF_PROMO_TRIGGERS | SALES_TRIGGERS | FOLLOW_BACK_TRIGGERS
_DIGIT_RE = re.compile("[0-9]")
# The same for ASCII text, dropped from its bytes: `bytes.translate` walks a plain table,
# where `str.translate` looks every distinct character up in a dict on each call (a
# quarter of a fingerprint's cost, cachegrind).
_DIGITS = b"0123456789"
FINGERPRINT_MIN_CHARS = 15  # shorter texts ("lol", "thanks!") repeat innocently

# The first person, as fake_signals counts the posts that speak in it (Spanish and
# Portuguese drop the pronoun, so object and possessive forms carry most of it there).
I_WORDS = frozenset(
    "i i'm im me my mine myself yo mí mi mis me conmigo eu meu minha meus minhas comigo".split()
)

STOPWORDS = frozenset(
    """the and for you your are with this that from have has was were will just not but all
    can our out about what when who how its it's they them their there here more one new now
    get got like love today day time good great make see via amp http https www com les des que
    los las por para con una del como más pero sus era está esto esta uma com não para mais
    por muito the""".split()
)


TCO = ("https://t.co/", "http://t.co/")  # X's link wrapper: no site of its own


def domain_of(url: str) -> str | None:
    """Host of a link, lower-case without www; None for shorteners and junk.

    Hand-rolled rather than urllib.parse.urlsplit: this runs for every link of every
    post and urlsplit costs ~10x more; hosts are all the scorer needs."""
    if url.startswith(TCO):  # X wraps every link in a post's text in t.co
        return None
    rest = url.split("://", 1)[1] if "://" in url else url
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().removeprefix("www.").rstrip(".")
    if not host or "." not in host or host in URL_SHORTENERS:
        return None
    return host


_STEM = operator.itemgetter(slice(None, 6))


def stems_of(tokens: frozenset[str]) -> frozenset[str]:
    """Six-letter prefixes of words: crude but language-neutral stemming ('marketing' ~
    'marketer'). Unfiltered, so it runs at C speed; callers compare against stems that
    `content_stems` already cleaned of stopwords."""
    return frozenset(map(_STEM, tokens))


def content_stems(tokens: frozenset[str]) -> frozenset[str]:
    """Stems of content words only (3+ letters, no digits, no stopwords), unaccented."""
    return frozenset(
        fold(t)[:6] for t in tokens if len(t) >= 3 and t not in STOPWORDS and not t.isdigit()
    )


def fold(word: str) -> str:
    """The word without its accents ("café" -> "cafe", "atenção" -> "atencao"): people
    often leave them out, so a topic matches whether the post or the owner wrote them."""
    return word if word.isascii() else _unaccented(word)


def folded(words: frozenset[str]) -> frozenset[str]:
    """`frozenset(map(fold, words))`, the ASCII words (most) kept without a call each."""
    return frozenset(filter(str.isascii, words)).union(
        map(_unaccented, itertools.filterfalse(str.isascii, words))
    )


@functools.lru_cache(maxsize=65_536)
def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def has_sales_symbol(lowered: str) -> bool:
    # Four substring tests cost a seventh of one character-class regex scan.
    # (features._post_facts inlines the same four for most posts: change both.)
    return "%" in lowered or "$" in lowered or "€" in lowered or "£" in lowered


def word_scan(lowered: str) -> list[str]:
    """The words of a lower-cased text in order, with an empty string where a link or a
    mention was skipped: joining them, or a set of them less '', needs no filtering pass."""
    if "_" in lowered:
        return _WORDS_RE.findall(lowered)
    if lowered.isascii():
        return _WORDS_ASCII_RE.findall(lowered)
    return _WORDS_NO_UNDERSCORE_RE.findall(lowered)


# Links and mentions where `_WORDS_RE`'s scan would meet them: a link not inside a word
# (no letter or digit before it; looked behind for after its literal start, so the engine
# tries only at an "h", "w" or "@").
_SKIPPED_RE = re.compile(r"http(?<![^\W_]http)s?://\S*|www\.(?<![^\W_]www\.)\S*|@\w+")
# Its branches alone, for a text where the other branches cannot match (no "@", no
# "www."; or no "http", no "www."): most texts hold links only or mentions only, and a
# pattern with a literal start is scanned for that literal, where the three branches'
# first letters are tested one character at a time (half the cost of the scan).
_LINK_RE = re.compile(r"http(?<![^\W_]http)s?://\S*")
_MENTION_RE = re.compile(r"@\w+")
# ASCII letters and digits stay, every other ASCII character ("_" too) parts words: a
# table over UTF-8 bytes, which leaves every byte of a non-ASCII character as it is.
_ASCII_WORDS = bytes(c if c >= 128 or chr(c).isalnum() else ord(" ") for c in range(256))
# What is left to part words after that table: runs of non-ASCII characters that are
# neither word characters nor spaces (emoji, curly quotes, dashes). The ASCII range comes
# first in the class, so an ASCII character, most of any text, fails it at once. Written
# to start with its class, so the engine jumps from one run to the next.
_NOT_WORD_RE = re.compile(r"[^\x00-\x7f\w\s][^\x00-\x7f\w\s]*+")


def words_of(lowered: str) -> list[str]:
    """Letters-and-digits words of a lower-cased text, links and mentions left out: the
    non-empty words of `word_scan`, without its scan (a word match per word). Links and
    mentions are blanked, then every character that is not a letter or digit made a
    space (a byte table for the ASCII ones; one pattern over the runs of the non-ASCII
    ones, where there are any), and the rest split at spaces: what is left between
    spaces is exactly the runs of letters and digits `word_scan` finds."""
    if "www." in lowered:
        lowered = _SKIPPED_RE.sub(" ", lowered)
    elif "@" in lowered:
        lowered = (_SKIPPED_RE if "http" in lowered else _MENTION_RE).sub(" ", lowered)
    elif "http" in lowered:
        lowered = _LINK_RE.sub(" ", lowered)
    if lowered.isascii():
        return lowered.encode().translate(_ASCII_WORDS).decode().split()
    # (surrogatepass: a lone surrogate survives the round trip, to part words like any
    # other character that is neither a word character nor a space)
    utf8 = lowered.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS)
    return _NOT_WORD_RE.sub(" ", utf8.decode("utf-8", "surrogatepass")).split()


# Any character three times in a row: a superset of a lengthened word's letters
# (`about_poster.ELONGATED_RE`), cheaper to find. DOTALL only because its "any
# character" is a cheaper test.
TRIPLED_RE = re.compile(r"(.)\1\1", re.DOTALL)


def tripled_each(texts: list[str]) -> list[bool]:
    """`[TRIPLED_RE.search(text) is not None for text in texts]`, for an account's posts
    at once. The pattern has no literal to look for, so the engine tries a match at every
    character: the costliest test of a post. The ASCII texts (most) are joined instead,
    and each byte XORed with the one before it (the bytes read as one integer, shifted by
    a byte): three equal characters in a row leave two zero bytes in a row, which
    `bytes.find` looks for in C. Only the texts where it finds some (a few an account,
    or none) and the non-ASCII ones (a character of several bytes) meet the pattern."""
    ascii = list(map(str.isascii, texts))
    asked = list(itertools.compress(range(len(texts)), map(operator.not_, ascii)))
    plain = list(itertools.compress(texts, ascii))
    data = "\n".join(plain).encode()
    number = int.from_bytes(data, "big")
    pairs = (number ^ (number >> 8)).to_bytes(len(data), "big")
    at = pairs.find(b"\0\0", 1)  # (the first byte is XORed with nothing)
    if at != -1:
        where = list(itertools.compress(range(len(texts)), ascii))
        ends = list(itertools.accumulate(len(text) + 1 for text in plain))  # with its "\n"
        while at != -1:
            i = bisect_right(ends, at - 1)  # the text the three start in
            asked.append(where[i])
            at = pairs.find(b"\0\0", ends[i] + 1)
    found = [False] * len(texts)
    for i in asked:
        found[i] = TRIPLED_RE.search(texts[i]) is not None
    return found


def topic_terms(lowered: str) -> frozenset[str]:
    """Stemmed content words of a lower-cased text, links and mentions removed."""
    return content_stems(frozenset(words_of(lowered)))


def fingerprint_of(tokens: list[str]) -> str | None:
    """Words run together without digits: texts that differ only in punctuation, numbers,
    links, mentions or spacing collide. None when too short to mean anything."""
    core = "".join(tokens)
    if core.isascii():
        core = core.encode().translate(None, _DIGITS).decode()
    elif not core.isalpha():  # letters only means no digits to drop, and is checked in C
        core = _DIGIT_RE.sub("", core)
    return core if len(core) >= FINGERPRINT_MIN_CHARS else None


def fingerprint(lowered: str) -> str | None:
    return fingerprint_of(words_of(lowered))
