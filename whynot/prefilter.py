"""Cheap proofs that a regular expression cannot match, so the intent patterns run only
where they might (`whynot.intents`, `whynot.intent_review`, `whynot.textnorm`).

This module owns `Hinted`: a compiled pattern together with the literal strings every
match must contain, read from the pattern itself (`required`), never written by hand. A
string that lacks them cannot match, so `Hinted.search` and `Hinted.sub` answer exactly
as the pattern would (None, the string unchanged) after a few substring tests, which
cost far less than a scan by the regular-expression engine. When it does contain them the
pattern runs as before: results are the pattern's own in every case.

The requirement is a conjunction of clauses, each a set of alternatives ("unfollow" or
"removed" or ...), derived from the parse tree of `re` (its private parser, `re._parser`,
present since Python 3.11): a run of items that can each match only a few strings
(literals, a class such as `[oa]`, an alternation or optional part made of such;
zero-width items between them) requires one of the few joined strings; a group, an atomic
group, a lookahead or lookbehind, and a repeat of at least one, require what their body
requires; an alternation requires, for each way of picking one clause per branch, one of
the picked (a and b, or c: a or c, and b or c), the strongest kept. Anything else
(wide classes, negative lookarounds, unbounded repeats, back references) is taken to
require nothing, which only weakens the filter. Case-insensitive patterns get no filter.
If the parser is missing or changes shape, every pattern simply runs (no filter), so
behaviour never depends on it. `tests/test_prefilter.py` checks every intent pattern
against its unfiltered self on the labelled messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from whynot.memo import Memo

try:  # the parser `re` itself uses; private, so everything below degrades to "no filter"
    from re import _compiler as sre_compile
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - other Python implementations
    sre_parse = None

Clause = frozenset[str]
Search = Callable[[str], re.Match[str] | None]
Replacement = str | Callable[[re.Match[str]], str]
MAX_CLAUSES = 4  # the strongest clauses kept per pattern: more costs more than it saves
BRANCH_CLAUSES = 4  # and per alternation, while it is built
MAX_STRINGS = 8  # the most strings a run of literals, classes and alternations may stand for


def _fixed(op: object, av: object) -> set[str] | None:
    """The few strings one parsed item can match, when it is a literal, a small class of
    literals, an alternation or group of such, or an optional one ("" among them); else
    None. Zero-width items match "": the characters around them are adjacent."""
    if op is sre_c.LITERAL:
        return {chr(av)}
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return {""}
    if op is sre_c.IN and all(kind is sre_c.LITERAL for kind, _ in av):
        return {chr(code) for _, code in av}
    if op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _fixed_run(list(av[3]))
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _fixed_run(list(branch))
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= MAX_STRINGS else None
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[1] == 1:
        strings = _fixed_run(list(av[2]))
        return None if strings is None else strings | ({""} if av[0] == 0 else set())
    return None


def _fixed_run(items: list) -> set[str] | None:
    """The few strings a sequence can match (each item's, joined), or None."""
    out = {""}
    for op, av in items:
        strings = _fixed(op, av)
        if strings is None or len(out) * len(strings) > MAX_STRINGS:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _strength(clause: Clause) -> tuple[int, int]:
    """Longer alternatives, and fewer of them, are less likely to be present."""
    return min(map(len, clause)), -len(clause)


def _either(branches: list[list[Clause]]) -> list[Clause]:
    """Clauses of an alternation: (a and b) or (c and d) = (a or c) and (a or d) and ...,
    built branch by branch from each one's strongest clauses, the strongest kept."""
    out: list[Clause] = [frozenset()]
    for clauses in branches:
        best = sorted(clauses, key=_strength, reverse=True)[:BRANCH_CLAUSES]
        if not best:
            return []  # a branch that needs nothing: the alternation needs nothing
        joined = {c | b for c in out for b in best}
        out = sorted(joined, key=_strength, reverse=True)[:BRANCH_CLAUSES]
    return out


def _clauses(items: list) -> list[Clause]:
    """Clauses every match of the sequence `items` satisfies: runs of items with few
    strings ("(?:me|te) (?:dejaste|diste)" holds one of four), and what the other items
    require."""
    out: list[Clause] = []
    run = {""}
    for op, av in items:
        strings = _fixed(op, av)
        if strings is not None and len(run) * len(strings) <= MAX_STRINGS:
            run = {a + b for a in run for b in strings}
            if op is not sre_c.ASSERT:
                continue
        else:
            out.append(frozenset(run))
            run = strings if strings is not None else {""}
        if op is sre_c.BRANCH:
            out += _either([_clauses(list(branch)) for branch in av[1]])
        elif op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:
            out += _clauses(list(av[3]))
        elif op is sre_c.ATOMIC_GROUP:
            out += _clauses(list(av))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _clauses(list(av[2]))
        elif op is sre_c.ASSERT:
            out += _clauses(list(av[1]))
    out.append(frozenset(run))
    return out


def _simplified(clause: Clause) -> Clause:
    """Without alternatives that contain another one ("unfollowed" when "unfollow" is in)."""
    return frozenset(a for a in clause if not any(b != a and b in a for b in clause))


def required(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Clauses (sets of strings) every match of `pattern` satisfies: each clause has an
    alternative inside any string the pattern matches. Empty when nothing is known."""
    if sre_parse is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        clauses = {_simplified(c) for c in _clauses(list(parsed)) if "" not in c}
    except Exception:  # an unexpected parse tree: no filter, the pattern always runs
        return ()
    # a clause implied by another (each alternative of the other contains one of its own)
    kept = [
        c
        for c in clauses
        if not any(o != c and all(any(a in b for a in c) for b in o) for o in clauses)
    ]
    kept.sort(key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return tuple(tuple(sorted(c)) for c in kept[:MAX_CLAUSES])


# The regular-expression engine enters each alternative that starts with \b as a jump
# (state saved, restored), at every position of the string, while one that starts with a
# literal is passed over at once when that letter is not there. So a run of alternatives
# that all start with \b is compiled as \b(?:...) with the \b taken out: the same
# alternatives, tried in the same order at the same positions (a zero-width test done once
# instead of once each), hence the same matches and spans; "^rt\b|\bretweet|\bwin\b|..."
# runs about five times faster. Done on the parse tree, the pattern's text is unchanged.
def _hoist(state: object, items: list, joins: list[int]) -> list:
    """`items` with their alternations so rewritten (`joins` counts the rewrites)."""
    out: list = []
    for op, av in items:
        if op is sre_c.BRANCH:
            branches: list = []
            run: list = []  # consecutive alternatives that start with \b
            for branch in av[1]:
                branch = _sub(state, branch, joins)
                if len(branch.data) > 1 and branch.data[0] == (sre_c.AT, sre_c.AT_BOUNDARY):
                    run.append(branch)
                    continue
                branches += _joined(state, run, joins)
                run = []
                branches.append(branch)
            branches += _joined(state, run, joins)
            if len(branches) == 1:
                out += branches[0].data
            else:
                out.append((op, (av[0], branches)))
        elif op is sre_c.SUBPATTERN:
            group, add_flags, del_flags, body = av
            out.append((op, (group, add_flags, del_flags, _sub(state, body, joins))))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            out.append((op, (av[0], av[1], _sub(state, av[2], joins))))
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            out.append((op, (av[0], _sub(state, av[1], joins))))
        elif op is sre_c.ATOMIC_GROUP:
            out.append((op, _sub(state, av, joins)))
        else:
            out.append((op, av))
    return out


def _sub(state: object, body: object, joins: list[int]) -> object:
    return sre_parse.SubPattern(state, _hoist(state, body.data, joins))


def _joined(state: object, run: list, joins: list[int]) -> list:
    """`run`'s alternatives as one, \b(?:a|b|...), when there are two or more."""
    if len(run) < 2:
        return run
    joins[0] += 1
    rest = sre_parse.SubPattern(state, [(sre_c.BRANCH, (None, [
        sre_parse.SubPattern(state, b.data[1:]) for b in run
    ]))])  # fmt: skip
    group = (sre_c.SUBPATTERN, (None, 0, 0, rest))
    return [sre_parse.SubPattern(state, [(sre_c.AT, sre_c.AT_BOUNDARY), group])]


# The engine scans fast for where a match may start only when the pattern starts with a
# literal or an alternation of alternatives that do; a leading \b gives it nothing, so
# each position is tried in full. Before a word character c, \b says the character before
# is no word character, so "\bc" is rewritten "c(?<!\wc)" (looked at just after c,
# which cannot fail or backtrack): the same matches, and the scan skips to the letters
# the pattern can start with.
def _word_first(state: object, items: list) -> list | None:
    """`items`, which start with \b, with \b moved after the first letter of each
    alternative; None when some alternative does not start with a word character."""
    if len(items) < 2 or items[0] != (sre_c.AT, sre_c.AT_BOUNDARY):
        return None
    op, av = items[1]
    if op is sre_c.LITERAL and (chr(av).isalnum() or av == 95):
        behind = sre_parse.SubPattern(state, [(sre_c.IN, [(sre_c.CATEGORY, sre_c.CATEGORY_WORD)]),
                                              (sre_c.LITERAL, av)])  # fmt: skip
        return [items[1], (sre_c.ASSERT_NOT, (-1, behind)), *items[2:]]
    if op is sre_c.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
        return _word_first(state, [items[0], *av[3].data, *items[2:]])
    if op is sre_c.BRANCH:
        branches = []
        for branch in av[1]:
            moved = _word_first(state, [items[0], *branch.data])
            if moved is None or moved[0][0] is not sre_c.LITERAL:
                return None
            branches.append(sre_parse.SubPattern(state, moved))
        return [(op, (av[0], branches)), *items[2:]]
    return None


# Only worth it when few letters can start a match: where many can ("she|he|they|..."),
# the scan stops nearly everywhere and a \b that fails inside words is cheaper.
FIRST_LETTERS = 3


def _first_letters(items: list) -> set[int]:
    op, av = items[0]
    return {av} if op is sre_c.LITERAL else {b.data[0][1] for b in av[1]}


def hoisted(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled with \b taken out of alternations (above); `pattern` itself when
    there is none to take out, or the private parser or compiler are missing or differ."""
    if sre_parse is None or not isinstance(pattern.pattern, str):
        return pattern
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        joins = [0]
        data = _hoist(parsed.state, parsed.data, joins)
        if not pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
            moved = _word_first(parsed.state, data)
            if moved is not None and len(_first_letters(moved)) <= FIRST_LETTERS:
                data, joins[0] = moved, joins[0] + 1
        if not joins[0]:
            return pattern
        return sre_compile.compile(sre_parse.SubPattern(parsed.state, data), pattern.flags)
    except Exception:  # an unexpected parse tree: the pattern as it is
        return pattern


# A message is searched by some sixty patterns in a row, so their clauses are first tested
# all at once, by pieces: a literal stands for its longest run without whitespace, which
# lies inside one token (`str.split`) of any string that holds the literal. Which clauses a
# token satisfies that way is found once per token and kept; a message satisfies the union
# of its tokens' (kept for the last string searched). Only a pattern whose clauses all pass
# this test has its literals tested, and only then does it run.
_CLAUSE_IDS: dict[frozenset[str], int] = {}  # clauses by pieces, numbered
_BY_PIECE: dict[str, list[int]] = {}  # piece -> the clauses it satisfies
_last: tuple[str, int] = ("", 0)


_PIECE_SIZES: set[int] = set()  # the lengths of the pieces in _BY_PIECE


def _clauses_of_token(token: str) -> int:
    # A piece in a token is one of its substrings of a piece's length: a few dict reads
    # find them all, where testing each of the ~430 pieces against the token cost hundreds.
    get, n = _BY_PIECE.get, len(token)
    found = {i for size in _PIECE_SIZES if size <= n for start in range(n - size + 1)
             for i in get(token[start : start + size], ())}  # fmt: skip
    return sum(1 << i for i in found)


_token_clauses: Memo[str, int] = Memo(_clauses_of_token)  # a bit per clause satisfied


def satisfied(s: str) -> int:
    """The clauses `s` satisfies by pieces, a bit each."""
    global _last
    last = _last
    if last[0] is s:
        return last[1]
    if last[0] == s:  # the same text again (normalised, then read by the rules)
        _last = (s, last[1])
        return last[1]
    found = 0
    for bits in map(_token_clauses.__getitem__, s.split()):
        found |= bits
    _last = (s, found)
    return found


def _numbered(needs: tuple[tuple[str, ...], ...]) -> int:
    """`needs`' clauses by pieces, a bit each (a clause with a literal of whitespace alone
    is left out: it proves nothing)."""
    global _last
    bits = 0
    for clause in needs:
        pieces = frozenset(max(literal.split(), key=len, default="") for literal in clause)
        if "" in pieces:
            continue
        if pieces not in _CLAUSE_IDS:
            number = _CLAUSE_IDS[pieces] = len(_CLAUSE_IDS)
            for piece in pieces:
                _BY_PIECE.setdefault(piece, []).append(number)
                _PIECE_SIZES.add(len(piece))
            _token_clauses.clear()  # what tokens satisfy has grown
            _last = ("", 0)
        bits |= 1 << _CLAUSE_IDS[pieces]
    return bits


def _exact_by_pieces(clause: tuple[str, ...]) -> bool:
    """Whether the pieces test decides `clause` alone: each literal is its own piece (no
    whitespace), so it is in a string exactly when it is in one of its `str.split` tokens."""
    return all(literal.split() == [literal] for literal in clause)


def _hinted_search(
    pattern: re.Pattern[str], needs: tuple[tuple[str, ...], ...], bits: int
) -> tuple[Search, Search]:
    """`pattern.search`, answering None at once where `needs` prove it cannot match: by
    pieces first (`bits` against what `satisfied` found), then by the literals of the
    clauses the pieces do not decide; and the same without the pieces test, for strings
    that passed it (`Group.may_match`)."""
    search = pattern.search
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
        return search(s)

    def search_if_possible(s: str) -> re.Match[str] | None:
        last = _last  # satisfied(s), without the call when `s` was searched last
        if (last[1] if last[0] is s else satisfied(s)) & bits != bits:
            return None
        return search_candidate(s)

    return search_if_possible, (search_candidate if spaced else search)


def _hinted_sub(
    pattern: re.Pattern[str], needs: tuple[tuple[str, ...], ...], bits: int
) -> Callable[[Replacement, str], str]:
    """`pattern.sub`, returning the string unchanged where `needs` prove no match: by its
    literals, or by pieces when those of the string are known (it was the last searched)."""
    sub = pattern.sub
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
        return sub(repl, s)

    return sub_if_possible


@dataclass(frozen=True, slots=True)
class Hinted:
    """A compiled pattern and its required literals; `search` and `sub` as the pattern's
    (`search` is a plain function attribute: a method call would cost as much as the
    test it saves)."""

    pattern: re.Pattern[str]
    needs: tuple[tuple[str, ...], ...]
    bits: int = field(init=False, repr=False, compare=False)  # its clauses by pieces
    fast: re.Pattern[str] = field(init=False, repr=False, compare=False)  # `hoisted`
    search: Search = field(init=False, repr=False, compare=False)
    # `search` for a string whose pieces passed (`Group.may_match` gave this pattern)
    search_candidate: Search = field(init=False, repr=False, compare=False)
    sub: Callable[[Replacement, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bits = _numbered(self.needs)
        fast = hoisted(self.pattern)
        object.__setattr__(self, "bits", bits)
        object.__setattr__(self, "fast", fast)
        search, candidate = _hinted_search(fast, self.needs, bits)
        object.__setattr__(self, "search", search)
        object.__setattr__(self, "search_candidate", candidate)
        object.__setattr__(self, "sub", _hinted_sub(fast, self.needs, bits))

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
        self.mask = 0
        for b in bits:
            self.mask |= b
        self._may: Memo[int, tuple[int, ...]] = Memo(
            lambda found: tuple(i for i, b in enumerate(bits) if found & b == b)
        )

    def may_match(self, s: str) -> tuple[int, ...]:
        """Positions of the patterns the pieces of `s` do not rule out."""
        last = _last
        return self._may[(last[1] if last[0] is s else satisfied(s)) & self.mask]
