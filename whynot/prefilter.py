"""Cheap proofs that a regular expression cannot match, so the intent patterns run only
where they might (`whynot.intents`, `whynot.intent_review`, `whynot.textnorm`).

This module owns `Hinted`: a compiled pattern together with the literal strings every
match must contain (`required`, read from the pattern itself by `whynot.intent_literals`,
never written by hand), and `Group`, patterns tried on the same strings. A string that
lacks the literals cannot match, so `Hinted.search` and `Hinted.sub` answer exactly as the
pattern would (None, the string unchanged) after a few substring tests, far cheaper than
a scan by the regular-expression engine; else the pattern runs as before.
`tests/test_prefilter.py` checks every intent pattern against its unfiltered self on the
labelled messages. A pattern that runs runs in the faster forms of `whynot.hoisting`: on
printable ASCII text its ASCII twin, elsewhere the pattern `hoisted`; both find what it
finds. All the patterns' clauses are first tested at once by pieces of tokens (below),
which know where in a token a piece sits: after whitespace, before it, where a word starts
or ends (`_edged`: the clauses again, with the word boundaries kept); this rules out about
half of the patterns the literals alone let run (`tests/test_intents_speed.py`). `any_of`
answers from the pieces alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import chain, product
from operator import or_

from whynot.hoisting import hoisted, twin
from whynot.intent_literals import EDGE, required
from whynot.memo import Memo

Needs = tuple[tuple[str, ...], ...]  # `required`'s clauses
Search = Callable[[str], re.Match[str] | None]
Replacement = str | Callable[[re.Match[str]], str]


# A message is searched by some sixty patterns in a row, so their clauses are first tested
# all at once, by pieces: each run without whitespace of a literal lies inside one token
# (`str.split`) of a string that holds it, where the literal says ("how do you " holds the
# token "do" whole and one ending in "how"). A clause by pieces picks one piece per
# literal; a clause gives several (its literals' best pieces, second best...), all needed.
# A token's clauses are found once and kept; a message's are its tokens' union (kept for
# the last string). Only a pattern whose clauses all pass has its literals tested, then runs.
Piece = tuple[int, str]  # where in a token (bits below) and the characters
# bit 1: starts a token, 2: ends one, 4: starts a word (a boundary before), 8: ends one
_STARTS, _ENDS, _WORD_STARTS, _WORD_ENDS = 1, 2, 4, 8
PIECE_RANKS = 3  # clauses by pieces made from one clause: its literals' best pieces, ...
_CLAUSE_IDS: dict[frozenset[Piece], int] = {}  # clauses by pieces, numbered
# Pieces by where they must be in a token (anywhere, its start, its end, all of it) -> the
# clauses they satisfy, a bit each; and their lengths, in order. In a token of word
# characters alone [0], words start and end where it does; in others [1] (rare) only where
# a piece starts or ends a token is read: weaker, as sure.
_PLACED: tuple[tuple[dict[str, int], ...], ...] = (({}, {}, {}, {}), ({}, {}, {}, {}))
_SIZES: tuple[tuple[list[int], ...], ...] = (([], [], [], []), ([], [], [], []))
_last: tuple[str, int, bool] = ("", 0, True)  # the string, its clauses, printable ASCII


def _word(c: str) -> bool:  # `\\w` as `re` reads it in Unicode patterns
    return c.isalnum() or c == "_"


def _place(kind: int, words: bool) -> int:
    """Where a piece of `kind` is in a token: 0 anywhere, 1 at its start, 2 at its end, 3 the
    whole token; word starts and ends read as the token's when `words`."""
    starts, ends = (_STARTS | _WORD_STARTS, _ENDS | _WORD_ENDS) if words else (_STARTS, _ENDS)
    return bool(kind & starts) + 2 * bool(kind & ends)


def _clauses_of_token(token: str) -> int:
    # A piece in a token is one of its substrings of a piece's length (where its kind
    # allows): a few dict reads find them all, not hundreds of tests of ~430 pieces.
    n, other = len(token), not token.isalnum()
    anywhere, starts, ends, whole = _PLACED[other]
    any_sizes, start_sizes, end_sizes, _ = _SIZES[other]
    found = whole.get(token, 0)
    for size in any_sizes:
        if size > n:
            break
        for i in range(n - size + 1):
            found |= anywhere.get(token[i : i + size], 0)
    for size in start_sizes:
        found |= starts.get(token[:size], 0) if size <= n else 0
    for size in end_sizes:
        found |= ends.get(token[n - size :], 0) if size <= n else 0
    return found


_token_clauses: Memo[str, int] = Memo(_clauses_of_token)  # a bit per clause satisfied
# the same for a few tokens joined by spaces (a word's, `whynot.textnorm`): their union
_part_clauses: Memo[str, int] = Memo(
    lambda part: reduce(or_, map(_token_clauses.__getitem__, part.split()), 0)
)


def satisfied(s: str) -> int:
    """The clauses `s` satisfies by pieces, a bit each."""
    global _last
    last = _last
    if last[0] is s:
        return last[1]
    if last[0] == s:  # the same text again (normalised, then read by the rules)
        _last = (s, last[1], last[2])
        return last[1]
    found = reduce(or_, map(_token_clauses.__getitem__, s.split()), 0)
    _last = (s, found, s.isascii() and s.isprintable())
    return found


def joined(parts: list[str]) -> str:
    """`" ".join(parts)`, whose clauses (`satisfied`, asked next) are its parts' union: each
    part's is kept, where the string's tokens would be looked up one by one."""
    global _last
    s, found = " ".join(parts), reduce(or_, map(_part_clauses.__getitem__, parts), 0)
    _last = (s, found, s.isascii() and s.isprintable())
    return s


def any_of(literals: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a string holds one of `literals` (none empty or with whitespace): each is a
    piece, anywhere in a token, so the pieces `satisfied` found decide it alone."""
    if not all(x and x.split() == [x] and EDGE not in x for x in literals):
        raise ValueError(literals)
    bit = _numbered((literals,))
    return lambda s: bool((_last[1] if _last[0] is s else satisfied(s)) & bit)


@lru_cache(maxsize=4096)
def _pieces(literal: str) -> tuple[Piece, ...]:
    """The runs without whitespace or EDGE of `literal`, each with where it sits (a run that
    whitespace follows ends a token, one that an EDGE follows ends a word if its last
    character is a word character...), the rarest first: the longest, then the most placed."""
    parts = literal.split()
    pieces = []
    for j, part in enumerate(parts):
        starts = j > 0 or literal[0].isspace()
        ends = j < len(parts) - 1 or literal[-1].isspace()
        subs = part.split(EDGE)
        for k, sub in enumerate(subs):
            if not sub:
                continue
            kind = 0  # a boundary before a word character: a word starts there
            if starts and not "".join(subs[:k]):
                kind |= _STARTS
            elif k and _word(sub[0]):
                kind |= _WORD_STARTS
            if ends and not "".join(subs[k + 1 :]):
                kind |= _ENDS
            elif k < len(subs) - 1 and _word(sub[-1]):
                kind |= _WORD_ENDS
            pieces.append((kind, sub))
    return tuple(sorted(pieces, key=lambda p: (len(p[1]), bin(p[0]).count("1"), p), reverse=True))


def _edged(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """`required` with word boundaries kept (EDGE); none where \\b is not Unicode's."""
    return () if pattern.flags & (re.ASCII | re.LOCALE) else required(pattern, EDGE)


def _numbered(*needs: tuple[tuple[str, ...], ...]) -> int:
    """The clauses by pieces of clauses `needs`, a bit each (`PIECE_RANKS` per clause; one
    with a literal of whitespace alone is left out: it proves nothing)."""
    global _last
    bits = 0
    for clause in chain.from_iterable(needs):
        ranked = [_pieces(literal) for literal in clause]
        if not all(ranked):
            continue
        for rank in range(min(PIECE_RANKS, max(map(len, ranked)))):
            pieces = frozenset(p[min(rank, len(p) - 1)] for p in ranked)
            if pieces not in _CLAUSE_IDS:
                number = _CLAUSE_IDS[pieces] = len(_CLAUSE_IDS)
                for (kind, text), other in product(pieces, (0, 1)):
                    place = _place(kind, words=not other)
                    placed = _PLACED[other][place]
                    placed[text] = placed.get(text, 0) | 1 << number
                    sizes = _SIZES[other][place]
                    sizes[:] = sorted({*sizes, len(text)})
                _token_clauses.clear()  # what tokens satisfy has grown
                _part_clauses.clear()
                _last = ("", 0, True)
            bits |= 1 << _CLAUSE_IDS[pieces]
    return bits


def _exact_by_pieces(clause: tuple[str, ...]) -> bool:
    """Whether the pieces test decides `clause` alone: each literal is a piece (no space)."""
    return all(literal.split() == [literal] for literal in clause)


def _hinted_search(
    pattern: re.Pattern[str], on_ascii: re.Pattern[str], needs: Needs, bits: int
) -> tuple[Search, Search]:
    """`pattern.search` (`on_ascii`'s on printable ASCII), answering None at once where `needs`
    prove it cannot match: by pieces first (`bits` against what `satisfied` found), then by
    the literals of the clauses the pieces do not decide; and the same without the pieces
    test, for strings that passed it (`Group.may_match`)."""
    search, plain = pattern.search, on_ascii.search
    if not needs:
        return search, search
    spaced = tuple(clause for clause in needs if not _exact_by_pieces(clause))

    def search_candidate(s: str) -> re.Match[str] | None:
        for clause in spaced:
            for literal in clause:
                if literal in s:
                    break
            else:
                return None
        last = _last  # printable ASCII (as in `_hinted_sub`), known when `s` was searched last
        ok = last[2] if last[0] is s else s.isascii() and s.isprintable()
        return plain(s) if ok else search(s)

    def search_if_possible(s: str) -> re.Match[str] | None:
        last = _last  # satisfied(s), without the call when `s` was searched last
        if (last[1] if last[0] is s else satisfied(s)) & bits != bits:
            return None
        return search_candidate(s)

    return search_if_possible, search_candidate


def _hinted_sub(
    pattern: re.Pattern[str], on_ascii: re.Pattern[str], needs: Needs, bits: int
) -> Callable[[Replacement, str], str]:
    """`pattern.sub` (`on_ascii`'s on printable ASCII), returning the string unchanged where
    `needs` prove no match: by its literals, or by pieces when those of the string are
    known (it was the last searched)."""
    sub, plain = pattern.sub, on_ascii.sub
    if not needs:
        return sub
    spaced = tuple(clause for clause in needs if not _exact_by_pieces(clause))

    def sub_if_possible(repl: Replacement, s: str) -> str:
        clauses = needs
        last = _last
        if last[0] is s or last[0] == s:
            if last[1] & bits != bits:
                return s
            clauses = spaced
        for clause in clauses:
            for literal in clause:
                if literal in s:
                    break
            else:
                return s
        # printable ASCII, where a pattern and its `hoisting.twin` agree
        ok = last[2] if last[0] is s else s.isascii() and s.isprintable()
        return plain(repl, s) if ok else sub(repl, s)

    return sub_if_possible


@dataclass(frozen=True, slots=True)
class Hinted:
    """A compiled pattern and its required literals; `search` and `sub` as the pattern's
    (plain function attributes: a method call would cost as much as the test it saves)."""

    pattern: re.Pattern[str]
    needs: tuple[tuple[str, ...], ...]
    bits: int = field(init=False, repr=False, compare=False)  # its clauses by pieces
    fast: re.Pattern[str] = field(init=False, repr=False, compare=False)  # `hoisted`
    twin: re.Pattern[str] = field(init=False, repr=False, compare=False)  # `hoisting.twin`
    search: Search = field(init=False, repr=False, compare=False)
    # `search` for a string whose pieces passed (`Group.may_match` gave this pattern)
    search_candidate: Search = field(init=False, repr=False, compare=False)
    sub: Callable[[Replacement, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bits = _numbered(self.needs, _edged(self.pattern))
        fast, plain = hoisted(self.pattern), twin(self.pattern)
        search, candidate = _hinted_search(fast, plain, self.needs, bits)
        sub = _hinted_sub(fast, plain, self.needs, bits)
        names = ("bits", "fast", "twin", "search", "search_candidate", "sub")
        for name, value in zip(names, (bits, fast, plain, search, candidate, sub), strict=True):
            object.__setattr__(self, name, value)

    @classmethod
    def compile(cls, pattern: str | re.Pattern[str]) -> Hinted:
        compiled = re.compile(pattern)
        return cls(compiled, required(compiled))


class Group:
    """Patterns tried on the same strings: which of them may match one (their positions,
    in order) is a single look-up, kept per combination of the clauses that matter."""

    __slots__ = ("_may", "mask")

    def __init__(self, patterns: Iterable[Hinted]) -> None:
        bits = [p.bits for p in patterns]
        self.mask = reduce(or_, bits, 0)
        self._may: Memo[int, tuple[int, ...]] = Memo(
            lambda found: tuple(i for i, b in enumerate(bits) if found & b == b)
        )

    def may_match(self, s: str) -> tuple[int, ...]:
        """Positions of the patterns the pieces of `s` do not rule out."""
        last = _last
        return self._may[(last[1] if last[0] is s else satisfied(s)) & self.mask]
