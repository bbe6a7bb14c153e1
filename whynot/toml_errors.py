"""A TOML mistake in the owner's own files (`data/owner.toml`, `data/config.toml`) said
with what to write. tomllib's words ("Invalid value (at line 2, column 10)") name where,
not what: an owner who typed `handle = ana`, or whose editor or phone turned the quotes
into curly ones (“ana”), could not tell what was wrong."""

from __future__ import annotations

import re
import tomllib

CURLY = "“”‘’„«»"
AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
HINTS = (
    ("Invalid value", 'text goes in straight double quotes, such as handle = "ana"'),
    ("Unclosed array", 'a list ends with ], such as interests = ["a", "b"]'),
    ("Illegal character '\\n'", "a quote opened on that line is not closed"),
    ("Expected '=' after a key", 'each setting is one line: name = "value"'),
)


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """`not valid TOML: WHAT (at line N, column M)`, and what to write when it can tell."""
    said = f"not valid TOML: {exc}"
    found = AT_LINE.search(str(exc))
    lines = text.splitlines()
    number = int(found.group(1)) if found else 0
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    if any(mark in line for mark in CURLY):
        return f'{said}: curly quotes on that line, write straight ones (")'
    hint = next((hint for start, hint in HINTS if str(exc).startswith(start)), "")
    return f"{said}: {hint}" if hint else said
