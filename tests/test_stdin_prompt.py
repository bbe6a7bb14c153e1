"""`bot.py score` or `bot.py intent` typed alone at a prompt read what is typed: they
waited without a word, and a new owner saw a cursor and nothing else. At a terminal
they now say what they wait for, on stderr; piped input is read as before, silently."""

from __future__ import annotations

import io
import json
import sys

import pytest
from cli_capture import bot


class Typed(io.TextIOWrapper):
    """Standard input as a terminal gives it (isatty), holding what the person typed."""

    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("argv", "typed", "waits_for"),
    [
        (("score",), '{"id": "1", "handle": "ana"}\n', "bot.py score FILE"),
        (("intent",), "¿por qué no me sigues de vuelta?\n", 'bot.py intent "..."'),
    ],
)
def test_at_a_terminal_the_command_says_what_it_waits_for(monkeypatch, argv, typed, waits_for):
    monkeypatch.setattr(sys, "stdin", Typed(typed, tty=True))
    code, out, err = bot(*argv)
    assert code == 0 and err.count("\n") == 1 and "Ctrl-D" in err and waits_for in err
    assert len(out.splitlines()) == 1 and json.loads(out)  # and it read what was typed
    monkeypatch.setattr(sys, "stdin", Typed(typed, tty=False))  # piped: silent as before
    code, out, err = bot(*argv)
    assert (code, err) == (0, "") and len(out.splitlines()) == 1
