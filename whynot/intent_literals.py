"""The literal strings every match of a regular expression must contain, read from the
pattern itself (`required`), never written by hand: what `whynot.prefilter.Hinted` tests
before it lets an intent pattern run.

This module owns reading them from the parse tree of `re` (its private parser,
`re._parser`, since Python 3.11). The requirement is a conjunction of clauses, each a set of
alternatives ("unfollow" or "removed" or ...): a run of items that can each match only a
few strings (literals, a class such as `[oa]`, an alternation or optional part made of
such; zero-width items between them) requires one of the few joined strings; a group, an
atomic group, a lookaround, and a repeat of at least one, require what their body
requires; an alternation requires, for each way of picking one clause per branch, one of
the picked (a and b, or c: a or c, and b or c), the strongest kept. Anything else (wide
classes, negative lookarounds, unbounded repeats, back references) requires nothing, which
only weakens the filter; so do case-insensitive patterns, and a parser that is missing or
changes shape (behaviour never depends on it). With an `edge` (`EDGE`), word boundaries are
kept in the strings, for the pieces test of `whynot.prefilter`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # the parser `re` itself uses; private, so everything below degrades to "no filter"
    from re import _constants as sre_c  # type: ignore[attr-defined]  # private: no stubs
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # private: no stubs
except ImportError:  # pragma: no cover - other Python implementations
    sre_parse = None

Clause = frozenset[str]
# the strongest clauses kept per pattern (more costs more than it saves), per alternation
MAX_CLAUSES, BRANCH_CLAUSES = 4, 4
MAX_STRINGS = 8  # the most strings a run of literals, classes and alternations may stand for
# For the pieces alone (`whynot.prefilter._edged`), runs may stand for more strings, and a
# word boundary is kept in them as EDGE: "\bif " is "if" at the start of a word, at the end
# of a token.
EDGE, EDGED_STRINGS, EDGED_CLAUSES = "\x00", 64, 16


def _fixed(op: object, av: Any, edge: str = "", most: int = MAX_STRINGS) -> set[str] | None:
    """The few strings (at most `most`) one parsed item can match, when it is a literal, a
    small class of literals, an alternation or group of such, or an optional one ("" among
    them); else None. Zero-width items match "": the characters around them are adjacent;
    a word boundary matches `edge`."""
    if op is sre_c.LITERAL:
        if edge and chr(av) == edge:
            raise ValueError("the pattern holds EDGE itself")  # `required` gives nothing
        return {chr(av)}
    if op is sre_c.AT and av is sre_c.AT_BOUNDARY:
        return {edge}
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return {""}
    if op is sre_c.IN and all(kind is sre_c.LITERAL for kind, _ in av):
        return {chr(code) for _, code in av}
    if op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _fixed_run(list(av[3]), edge, most)
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _fixed_run(list(branch), edge, most)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= most else None
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[1] == 1:
        strings = _fixed_run(list(av[2]), edge, most)
        return None if strings is None else strings | ({""} if av[0] == 0 else set())
    return None


def _fixed_run(items: list, edge: str = "", most: int = MAX_STRINGS) -> set[str] | None:
    """The few strings a sequence can match (each item's, joined), or None."""
    out = {""}
    for op, av in items:
        strings = _fixed(op, av, edge, most)
        if strings is None or len(out) * len(strings) > most:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _strength(clause: Clause) -> tuple[int, int]:
    """Longer alternatives, and fewer of them, are less likely to be present."""
    return min(len(a) + a.count(EDGE) for a in clause), -len(clause)  # a boundary narrows


def _either(branches: list[list[Clause]], most: int = BRANCH_CLAUSES) -> list[Clause]:
    """Clauses of an alternation: (a and b) or (c and d) = (a or c) and (a or d) and ...,
    built branch by branch from each one's strongest clauses, the `most` strongest kept."""
    out: list[Clause] = [frozenset()]
    for clauses in branches:
        best = sorted(clauses, key=_strength, reverse=True)[:most]
        if not best:
            return []  # a branch that needs nothing: the alternation needs nothing
        joined = {c | b for c in out for b in best}
        out = sorted(joined, key=_strength, reverse=True)[:most]
    return out


def _clauses(
    items: list, edge: str = "", most: int = MAX_STRINGS, run: set[str] | None = None
) -> list[Clause]:
    """Clauses every match of the sequence `items` (after one of the strings `run`, when
    given) satisfies: runs of items with few strings ("(?:me|te) (?:dejaste|diste)" holds
    one of four), and what the other items require. With an `edge`, a run goes on into
    the alternatives of an alternation that has too many strings ("\\b(?:no|...)")."""
    out: list[Clause] = []
    run = run or {""}
    for op, av in items:
        strings = _fixed(op, av, edge, most)
        before = run if edge and strings is None else {""}
        if strings is not None and len(run) * len(strings) <= most:
            run = {a + b for a in run for b in strings}
            if op is not sre_c.ASSERT:
                continue
        else:
            out.append(frozenset(run))
            run = strings if strings is not None else {""}
        if op is sre_c.BRANCH:
            branches = [_clauses(list(branch), edge, most, before) for branch in av[1]]
            out += _either(branches, EDGED_CLAUSES if edge else BRANCH_CLAUSES)
        elif op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:
            out += _clauses(list(av[3]), edge, most, before)
        elif op is sre_c.ATOMIC_GROUP:
            out += _clauses(list(av), edge, most)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _clauses(list(av[2]), edge, most)
        elif op is sre_c.ASSERT:
            out += _clauses(list(av[1]), edge, most)
    out.append(frozenset(run))
    return out


def _simplified(clause: Clause) -> Clause:
    """Without alternatives that contain another one ("unfollowed" when "unfollow" is in)."""
    return frozenset(a for a in clause if not any(b != a and b in a for b in clause))


@lru_cache(maxsize=256)
def _parsed(pattern: str, flags: int) -> Any:  # re._parser.SubPattern
    """The parse tree of a pattern, read by `required` twice (with and without `edge`)."""
    return sre_parse.parse(pattern, flags)


def required(pattern: re.Pattern[str], edge: str = "") -> tuple[tuple[str, ...], ...]:
    """Clauses (sets of strings) every match of `pattern` satisfies: each clause has an
    alternative inside any string the pattern matches. Empty when nothing is known. With
    an `edge` (`_edged`), a word boundary is written as `edge` in them."""
    if sre_parse is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = _parsed(pattern.pattern, pattern.flags)
        most = EDGED_STRINGS if edge else MAX_STRINGS
        found = _clauses(list(parsed), edge, most)
        clauses = {_simplified(c) for c in found if all(a.replace(edge, "") for a in c)}
    except Exception:  # an unexpected parse tree: no filter, the pattern always runs
        return ()
    # a clause implied by another (each alternative of the other contains one of its own)
    kept = [
        c
        for c in clauses
        if not any(o != c and all(any(a in b for a in c) for b in o) for o in clauses)
    ]
    kept.sort(key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return tuple(tuple(sorted(c)) for c in kept[: EDGED_CLAUSES if edge else MAX_CLAUSES])
