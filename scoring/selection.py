"""Which of an account's posts are read: the newest `ANALYSED_POSTS`, in a canonical order,
so that a verdict never depends on the order the posts arrive in.

Every post of every account passes through here, so the keys are built with C-level maps
and sorted without calling a Python function per post. Posts still as parsed
(`models.ParsedPosts`) are picked from their texts and dates, and only the posts picked
are built.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from itertools import islice, repeat
from operator import attrgetter, eq

from scoring.models import ParsedPosts, Post

_TEXT = attrgetter("text")
_CREATED = attrgetter("created_at")


def _pick_by_text_hash(posts: list[Post], room: int) -> list[Post]:
    """The `room` posts whose texts have the highest CRC-32 (`_top_by_text_hash`)."""
    return [posts[i] for i in _top_by_text_hash(list(map(_TEXT, posts)), room)]


def _top_by_text_hash(texts: list[str], room: int) -> list[int]:
    """Positions of the `room` texts with the highest CRC-32, in the order of (hash, text,
    position): equal hashes go by text, then by input position (copies of one text: any
    copy serves). With distinct hashes (the usual case) the positions are sorted by their
    hash alone, plain ints compared in C: several times cheaper than sorting tuples, and
    this runs for every undated post of every account. Two different texts sharing a hash
    take the tuple sort, so the pick never depends on the order the posts arrive in."""
    hashes = _text_hashes(texts)
    n = len(texts)
    if len(set(hashes)) == n:
        return sorted(range(n), key=hashes.__getitem__)[n - room :]
    return _ranked(hashes, texts, room)


def _text_hashes(texts: list[str]) -> list[int]:
    try:
        return list(map(zlib.crc32, map(str.encode, texts)))
    except UnicodeEncodeError:  # a lone surrogate: hashed as its own bytes (asked only then)
        utf8 = map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass"))
        return list(map(zlib.crc32, utf8))


def _ranked(hashes: list[int], texts: list[str], room: int) -> list[int]:
    n = len(texts)
    ranked = sorted(zip(hashes, texts, range(n), strict=True))
    return [i for _, _, i in ranked[n - room :]]


def _picked_by_text_hash(texts: list[str], room: int) -> list[int]:
    """The positions `_top_by_text_hash` picks, for a caller that orders them by text
    itself (a stable sort): then only a hash shared across the edge of the pick can change
    what is picked, so that edge alone is looked at, not every hash (a set of them all)."""
    hashes = _text_hashes(texts)
    n = len(texts)
    order = sorted(range(n), key=hashes.__getitem__)
    if hashes[order[n - room - 1]] != hashes[order[n - room]]:
        return order[n - room :]
    return _ranked(hashes, texts, room)


def _newest_parsed(posts: ParsedPosts, limit: int) -> list[Post]:
    """`newest_posts` of posts as parsed, every one dated or every one undated and none
    with an id: the same pick and order from their texts and dates, and only the posts
    picked are built (as `ParsedPosts.built` builds them)."""
    texts, kinds, times = posts.texts, posts.kinds, posts.times
    n = len(texts)
    if times is None:
        # Undated: the pick by text hash when not all fit, then by text. Copies of one
        # text (the only ties) keep their input order: the pick lists them so (they share
        # a hash), and the sort by text is stable.
        if n <= limit:
            picked = list(range(n))
        elif limit:
            picked = _picked_by_text_hash(texts, limit)
        else:
            picked = []
        picked.sort(key=texts.__getitem__)
        return list(map(Post, map(texts.__getitem__, picked), map(kinds.__getitem__, picked)))
    # Dated: by time, ties in input order, then (time, no id, text) only when a time is
    # shared; the newest `limit`.
    order = sorted(range(n), key=times.__getitem__)
    ordered = list(map(times.__getitem__, order))
    if any(map(eq, ordered, islice(ordered, 1, None))):
        order.sort(key=lambda i: (times[i], "", texts[i]))
    order = order[-limit:]
    return list(
        map(
            Post,
            map(texts.__getitem__, order),
            map(kinds.__getitem__, order),
            repeat(None),
            map(times.__getitem__, order),
        )
    )


def newest_posts(posts: Sequence[Post], limit: int) -> list[Post]:
    """The `limit` newest posts in a canonical order, oldest first, so a verdict never
    depends on the order posts arrive in. Undated posts count as older than dated ones.
    When only some undated posts fit, they are picked by a hash of their text: the pick is
    as good as random for every kind of post (an alphabetical one would take all replies,
    '@...'), and copies of one text hash alike, so they are kept or left together and the
    share of repeated texts survives the sampling (an even stride would split them)."""
    if isinstance(posts, ParsedPosts) and not posts.is_built:
        return _newest_parsed(posts, limit)
    undated = [p for p in posts if p.created_at is None]
    dated = []
    if len(undated) < len(posts):
        # By time alone first: date-times with one time zone compare in C without a key
        # tuple per post. Only when two posts share a time are ties put in id and text
        # order, so the order never depends on the input's.
        dated = sorted((p for p in posts if p.created_at is not None), key=_CREATED)
        times = list(map(_CREATED, dated))
        if any(map(eq, times, islice(times, 1, None))):
            dated.sort(key=lambda p: (p.created_at, p.id or "", p.text))
        dated = dated[-limit:]
    room = limit - len(dated)
    if len(undated) > room:
        undated = _pick_by_text_hash(undated, room) if room else []
    texts = list(map(_TEXT, undated))
    if len(set(texts)) == len(texts):
        undated.sort(key=_TEXT)  # distinct texts: the text alone is a canonical order
    else:
        undated.sort(key=lambda p: (p.text, p.id or ""))
    return undated + dated
