"""Fitting a reply into a platform's posts: how each platform measures a post (X's
weighted length, Bluesky's graphemes, Mastodon's characters), and the greedy packer that
turns a reply's paragraphs into one post or a numbered thread of a few ("(1/3)"), never
cutting a paragraph that is a reason, never opening a thread with its greeting alone and
never ending one on its closing line alone.
Discord takes one message of 2,000 characters. `unlinked` keeps text X would link (a
post with a link costs $0.200, not $0.015) from being linked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex
from twitter_text import parse_tweet
from twitter_text.extract_urls import extract_urls_with_indices

X_LIMIT = 280
X_MAX_POSTS = 3
DISCORD_LIMIT = 2000
BLUESKY_LIMIT = 300  # graphemes
MASTODON_LIMIT = 500  # characters, the default of a Mastodon instance
MASTODON_MENTION_ROOM = 32  # "@username " (usernames are at most 30); Mastodon counts no domain

BULLET = "- "  # a paragraph that starts so is a reason


# --- measuring --------------------------------------------------------------------
# twitter-text v3: code points in these ranges weigh 1, all others 2; a URL weighs 23; an
# emoji sequence weighs 2 however many code points it has.
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
# Characters an emoji can start with or contain (© ®, and U+203C "‼" upwards).
_EMOJI_CANDIDATE = re.compile("[\u00a9\u00ae\u203c-\U0010ffff]")


@lru_cache(maxsize=8192)
def x_length(text: str) -> int:
    """Length as X counts it (twitter-text v3 weighting), exactly as twitter-text's
    parse_tweet does. The library's emoji scan costs ~1 ms a call, so it runs only on text
    that may hold an emoji; otherwise the same rules are applied directly."""
    if _EMOJI_CANDIDATE.search(text):
        return parse_tweet(text).weightedLength
    text = unicodedata.normalize("NFC", text)
    length = len(text) + len(_HEAVY.findall(text))
    if "." in text:
        for url in extract_urls_with_indices(text):
            start, end = url["indices"]
            chunk = text[start:end]
            length += 23 - len(chunk) - len(_HEAVY.findall(chunk))
    return length


ZWSP = "\u200b"  # zero-width space: breaks a link or a mention without showing


def unlinked(text: str) -> str:
    """`text` with each span X would link (a URL, a bare domain such as dlvr.it) shown but
    not linked: a zero-width space before its dots and inside its "://"."""
    if "." not in text:  # a link needs a dot: most text skips the scan
        return text
    out, at = [], 0
    for span in extract_urls_with_indices(text):
        start, end = span["indices"]
        link = text[start:end].replace("://", ":" + ZWSP + "//").replace(".", ZWSP + ".")
        out += [text[at:start], link]
        at = end
    return "".join(out) + text[at:] if out else text


def _fits_x(posts: list[str], length: Callable[[str], int] = x_length, most: int = X_LIMIT) -> bool:
    return all(length(p) <= most for p in posts)


_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    """Length as Bluesky counts it: Unicode extended grapheme clusters (an emoji family, a
    flag or a letter with its accents is one)."""
    return len(_GRAPHEME.findall(text))


_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def _sentences(
    paragraphs: list[str], limit: int, length: Callable[[str], int] = x_length
) -> list[str]:
    """Prose paragraphs too long for one post break between sentences, and a sentence too
    long for one post (a moderator's note) between words (never inside a word, but for a
    word longer than a post: Chinese or Japanese, written without spaces). The reply's
    opening never stands alone in the first post: its first sentence (the greeting), or
    an opening under half a post, takes the first words of a next sentence that does not
    fit beside it. Reasons (bullets) stay whole: the renderer shortens them instead."""
    units: list[str] = []
    for para in paragraphs:
        if para.startswith(BULLET) or length(para) <= limit:
            units.append(para)
            continue
        current = ""
        first, *_ = sentences = _SENTENCE_END.split(para)
        for sentence in sentences:
            candidate = f"{current} {sentence}" if current else sentence
            if length(candidate) <= limit:
                current = candidate
                continue
            opening = not units and (current == first or 2 * length(current) < limit)
            if current and not opening:
                units.append(current)  # a post's worth: the sentence starts the next unit
                current = ""
            for word in sentence.split(" "):
                candidate = f"{current} {word}" if current else word
                if length(candidate) <= limit:
                    current = candidate
                elif current and length(word) <= limit:
                    units.append(current)
                    current = word
                else:  # longer than a post alone: a note in Chinese or Japanese (no spaces)
                    current = _cut(units, f"{current} " if current else "", word, limit, length)
        units.append(current)
    return units


def _cut(
    units: list[str], current: str, word: str, limit: int, length: Callable[[str], int]
) -> str:
    """`word` after `current`, between graphemes into as many full units as it takes (on
    `units`); the rest, to go on. Each cut is found by halving (X measures a CJK text
    with twitter-text's ~1 ms parse)."""
    rest = _GRAPHEME.findall(word)
    while rest:
        low, high = 0, len(rest)  # the most graphemes that fit after `current`
        while low < high:
            middle = (low + high + 1) // 2
            if length(current + "".join(rest[:middle])) <= limit:
                low = middle
            else:
                high = middle - 1
        if low == len(rest):
            break
        low = low or (0 if current.strip() else 1)  # one grapheme over a post: as it is
        units.append((current + "".join(rest[:low])).rstrip())
        current, rest = "", rest[low:]
    return current + "".join(rest)


PARAGRAPH_GAP = "\n\n"


def pack_thread(
    paragraphs: list[str],
    length: Callable[[str], int] = x_length,
    most: int = X_LIMIT,
    posts_at_most: int = X_MAX_POSTS,
) -> list[str] | None:
    """Greedy: whole paragraphs into as few posts as possible, numbered when a thread.
    None when a paragraph is too long for one post or more than `posts_at_most` posts are
    needed. `length` and `most` measure a post (X by default; Bluesky and Mastodon by their
    own)."""
    paragraphs = _sentences(paragraphs, most - 6, length)
    for numbered in (False, True):
        limit = most - (6 if numbered else 0)
        groups: list[list[str]] = []
        for para in paragraphs:
            if groups and length("\n\n".join([*groups[-1], para])) <= limit:
                groups[-1].append(para)
            else:
                groups.append([para])
        if len(groups) == 1:
            posts = ["\n\n".join(groups[0])]
            return posts if _fits_x(posts, length, most) else None
        if not numbered:
            continue
        if len(groups) > posts_at_most:
            return None
        _not_alone(groups, limit, length)
        total = len(groups)
        posts = [f"{PARAGRAPH_GAP.join(g)} ({i}/{total})" for i, g in enumerate(groups, start=1)]
        return posts if _fits_x(posts, length, most) else None
    return None


def _not_alone(
    groups: list[list[str]], limit: int, length: Callable[[str], int] = x_length
) -> None:
    """A thread never ends on its closing line alone: the last post takes the paragraph
    before it along when that fits (the post it leaves keeps at least one paragraph)."""
    last, before = groups[-1], groups[-2]
    if len(last) == 1 and len(before) > 1:
        moved = [before[-1], *last]
        if length("\n\n".join(moved)) <= limit:
            groups[-1] = moved
            del before[-1]


def ends_on_closing_alone(posts: list[str]) -> bool:  # the last post: one closing paragraph
    return len(posts) > 1 and PARAGRAPH_GAP not in posts[-1] and not posts[-1].startswith(BULLET)


def _pack_discord(paragraphs: list[str]) -> list[str] | None:
    text = ""
    for i, para in enumerate(paragraphs):
        bullets = para.startswith(BULLET) and i and paragraphs[i - 1].startswith(BULLET)
        text += ("\n" if bullets else "\n\n" if i else "") + para
    return [text] if len(text) <= DISCORD_LIMIT else None


Packer = Callable[[list[str]], list[str] | None]  # paragraphs -> posts, or None: no fit
PACKERS: dict[str, Packer] = {
    "x": pack_thread,
    "discord": _pack_discord,
    # Bluesky: 300 graphemes a post; Mastodon: 500 characters unless the instance says
    # otherwise (its adapter registers its own limit with `thread_format`). Both thread.
    "bluesky": lambda paragraphs: pack_thread(paragraphs, graphemes, BLUESKY_LIMIT),
    "mastodon": lambda paragraphs: pack_thread(paragraphs, len, MASTODON_LIMIT),
}
