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

# What a setting's value must be, in the words of the file (not Python's type names: an
# owner read "monthly_budget_usd must be float, got '15'" and did not know what to write).
KIND_WORDS = {
    float: "a number without quotes, such as 20 or 20.5",
    int: "a whole number without quotes, such as 30",
    bool: "true or false, without quotes",
    str: 'text in straight double quotes, such as "polite"',
}


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """`not valid TOML: WHAT (at line N, column M)`, and what to write when it can tell."""
    said = f"not valid TOML: {exc}"
    found = AT_LINE.search(str(exc))
    lines = text.splitlines()
    number = int(found.group(1)) if found else 0
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    if any(mark in line for mark in CURLY):
        return f'{said}: curly quotes on that line, write straight ones (")'
    value = line.partition("=")[2].partition("#")[0].strip()
    if str(exc).startswith("Invalid value") and (bare := _bare_hint(value)):
        return f"{said}: {bare}"  # quoting a number or a yes/no would be the next mistake
    hint = next((hint for start, hint in HINTS if str(exc).startswith(start)), "")
    return f"{said}: {hint}" if hint else said


def _bare_hint(value: str) -> str:
    """What to write for a number or a yes/no that TOML refused (`$20`, `True`), which
    quotes would not fix: they make it text, which the setting refuses next."""
    if value.lower() in ("true", "false"):
        return "a yes/no setting is true or false, in lower case, without quotes"
    if value[:1] in ("$", "€", "£") and value[1:2].isdigit():
        return "a number is written without quotes or a currency sign, such as 20 or 20.5"
    return ""
