"""Faster compiled forms of a regular expression that find the same matches, used by
`whynot.prefilter.Hinted` for every intent pattern.

This module owns rewriting a pattern's parse tree (from `re`'s private parser,
`re._parser`, present since Python 3.11) so that the engine does less work per position:
`hoisted` takes a shared word boundary out of alternations and, where few letters can
start a match, moves it after the first letter (below, with why each rewrite keeps every
match and span); `twin` compiles a pattern for printable ASCII text. If the parser or
compiler are missing or change shape, a pattern is used as it is, so behaviour never
depends on them. `tests/test_prefilter.py` checks every intent pattern against its
rewritten forms on the labelled messages.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser `re` itself uses; private, so everything below degrades to "as it is"
    from re import _compiler as sre_compile  # type: ignore[attr-defined]  # private: no stubs
    from re import _constants as sre_c  # type: ignore[attr-defined]  # private: no stubs
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # private: no stubs
except ImportError:  # pragma: no cover - other Python implementations
    sre_parse = None


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


def _sub(state: object, body: Any, joins: list[int]) -> Any:  # re._parser.SubPattern
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
    ascii_ok = not pattern.flags & re.ASCII  # with ASCII \b, not before a non-ASCII letter
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        joins = [0]
        data = _hoist(parsed.state, parsed.data, joins)
        if not pattern.flags & (re.IGNORECASE | re.LOCALE):
            moved = _word_first(parsed.state, data)
            letters = set() if moved is None else _first_letters(moved)
            if moved and len(letters) <= FIRST_LETTERS and (max(letters) < 128 or ascii_ok):
                data, joins[0] = moved, joins[0] + 1
        if not joins[0]:
            return pattern
        return sre_compile.compile(sre_parse.SubPattern(parsed.state, data), pattern.flags)
    except Exception:  # an unexpected parse tree: the pattern as it is
        return pattern


def twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled with re.ASCII (and `hoisted`), for printable ASCII text only:
    there the word, digit and space classes and word boundaries mean what they mean in
    Unicode, so it finds what `pattern` finds, where it finds it, with less work (the
    engine reads a character's class from a table instead of Unicode's data). `pattern`
    itself when case-insensitive (ASCII would change its case folding) or not of text."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return pattern
    return hoisted(re.compile(pattern.pattern, pattern.flags & ~re.UNICODE | re.ASCII))
