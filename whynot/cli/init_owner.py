"""The owner file `bot.py init` writes (`data/owner.toml`), and which Portuguese it speaks.

Portuguese askers are answered in Brazilian Portuguese unless the owner file says
`portuguese = "pt-PT"` (`whynot.varieties`). init asks it when the interests or their
other wordings read as Portuguese ("pastelaria, pão" as the identifier reads them; Enter
keeps pt-BR), takes it as `--portuguese`, and offers the key as a commented line in every
owner file it writes, beside `language`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from whynot.cli.errors import UsageError
from whynot.varieties import VARIETIES, allowed

if TYPE_CHECKING:
    from whynot.cli.init import Answers

PORTUGUESE_QUESTION = (
    'Portuguese askers get Brazilian Portuguese ("pt-BR") or Portugal\'s ("pt-PT": '
    '"sigo-te", "a tua conta")'
)
# What an owner may type for each: the code in any case or with "_", or the country
_SAID = {kind.lower(): kind for kind in VARIETIES["pt"]} | {
    "brazil": "pt-BR",
    "brasil": "pt-BR",
    "portugal": "pt-PT",
}


def portuguese_choice(text: str) -> str:
    """ "pt_pt", "Portugal" -> "pt-PT"; "" (not said) stays ""; else one line naming both."""
    said = text.strip().replace("_", "-").lower()
    if not said:
        return ""
    if said not in _SAID:
        raise UsageError(f"the Portuguese must be {allowed('portuguese')}, got {text!r}")
    return _SAID[said]


def check_portuguese(answers: Answers) -> None:
    answers.portuguese = portuguese_choice(answers.portuguese)


def speaks_portuguese(answers: Answers) -> bool:
    """Whether the owner's interests or their wordings read as Portuguese, one by one or
    together (the identifier is surer of a list than of "pastelaria" alone)."""
    from whynot.interest_names import form_language
    from whynot.replies import LANGUAGES

    wordings = [*answers.interests, *(w for ws in answers.synonyms.values() for w in ws)]
    together = ", ".join(wordings)
    return any(form_language(text, LANGUAGES) == "pt" for text in (*wordings, together) if text)


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(map(toml_str, values)) + "]"


def owner_text(a: Answers) -> str:
    lines = [
        "# The owner this bot answers for, written by `bot.py init`. Edit freely: `bot.py run`",
        "# reads it at start; an unknown key is refused, never ignored.",
        "[owner]",
        "# Your handle on X, without @: the X credentials must log in as this account."
        if "x" in a.platforms
        else "# Your handle, without @.",
        f"handle = {toml_str(a.handle)}",
        '# What you post about: an asker whose posts touch none of these is "off topic".',
        f"interests = {toml_list(a.interests)}",
        '# Breaking-news outlets, exempt from "one track minded".',
        f"news_outlets = {toml_list(a.news_outlets)}",
        '# Your audience\'s language, for notes to people never read ("en", "es", "pt"):',
        '# language = "es"',
        '# The Portuguese your replies speak: "pt-BR" (Brazil, the default) or "pt-PT"',
        '# (Portugal: "sigo-te", "a tua conta"; see the README).',
        f"portuguese = {toml_str(a.portuguese)}" if a.portuguese else '# portuguese = "pt-PT"',
        '# Accounts you follow (account lines with posts), for "redundant", and your own',
        "# posts: `bot.py import-archive` writes both files and prints the two lines.",
        '# following = "following.jsonl"',
        '# own_posts = "own_posts.jsonl"',
        "",
        "# Other wordings of each interest (translations, synonyms), keyed by the interest",
        "# exactly as written above.",
        "[owner.synonyms]",
    ]
    lines += [f"{toml_str(k)} = {toml_list(v)}" for k, v in a.synonyms.items() if v]
    return "\n".join(lines) + "\n"
