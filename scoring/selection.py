"""Which of an account's posts are read: the newest `ANALYSED_POSTS`, in a canonical order,
so that a verdict never depends on the order the posts arrive in.

Every post of every account passes through here, so the keys are built with C-level maps
and sorted without calling a Python function per post.
"""

from __future__ import annotations

import zlib
from itertools import islice, repeat
from operator import attrgetter, eq

from scoring.models import Post

_TEXT = attrgetter("text")
_CREATED = attrgetter("created_at")


def _pick_by_text_hash(posts: list[Post], room: int) -> list[Post]:
    """The `room` posts whose texts have the highest CRC-32; equal hashes go by text, then
    by input position (copies of one text: any copy serves). With distinct hashes (the
    usual case) the positions are sorted by their hash alone, plain ints compared in C:
    several times cheaper than sorting tuples, and this runs for every undated post of
    every account. Two different texts sharing a hash take the tuple sort, so the pick
    never depends on the order the posts arrive in."""
    n = len(posts)
    texts = list(map(_TEXT, posts))
    try:
        hashes = list(map(zlib.crc32, map(str.encode, texts)))
    except UnicodeEncodeError:  # a lone surrogate: hashed as its own bytes (asked only then)
        utf8 = map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass"))
        hashes = list(map(zlib.crc32, utf8))
    if len(set(hashes)) == n:
        order = sorted(range(n), key=hashes.__getitem__)
        return [posts[i] for i in order[n - room :]]
    ranked = sorted(zip(hashes, texts, range(n), strict=True))
    return [posts[i] for _, _, i in ranked[n - room :]]


def newest_posts(posts: tuple[Post, ...], limit: int) -> list[Post]:
    """The `limit` newest posts in a canonical order, oldest first, so a verdict never
    depends on the order posts arrive in. Undated posts count as older than dated ones.
    When only some undated posts fit, they are picked by a hash of their text: the pick is
    as good as random for every kind of post (an alphabetical one would take all replies,
    '@...'), and copies of one text hash alike, so they are kept or left together and the
    share of repeated texts survives the sampling (an even stride would split them)."""
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
