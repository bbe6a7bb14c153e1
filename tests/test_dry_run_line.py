"""`run --dry-run` shows the owner what each question would be answered, on one line:
the whole reply (every post), its language and the verdict. Before, the line held the
first line of the first post only ("Hi Deals Daily! I don't do automatic follow-backs,
and right now:"), so a dry run, which docs/operations.md offers as the check before the
first real run, never showed a reason."""

from __future__ import annotations

import pytest

from whynot.cli import main
from whynot.cli.run_report import DRY, report
from whynot.models import Identity, Mention, Outcome, ReplyState

SAM = Identity("x", "7", "salesy_sam", "Sam Sells")
POSTS = (
    "Gracias por preguntar, Sam Sells. Esto me frenó:\n\n- Temas que no cubro: ninguna de "
    "tus últimas 10\npublicaciones toca café de especialidad. (1/2)",
    "- Solo ventas, poca variedad.\n\nSi esto cambia, vuelve a preguntarme. (2/2)",
)


def test_a_dry_run_line_holds_the_whole_reply_its_language_and_verdict(caplog):
    mention = Mention("x", "9", SAM, "@cafe_lanube ¿por qué no me sigues?\nte sigo")
    outcome = Outcome(
        mention,
        ReplyState.SKIPPED,
        DRY,
        "why_not_followed",
        language="es",
        verdict_line="fails: off_topic 1.00, one_track 1.00 (fake 0.85)",
        posts=POSTS,
    )
    with caplog.at_level("INFO", logger="whynot.run"):
        report("x mentions", [outcome])
    line = caplog.records[-1].getMessage()
    assert line == (
        'dry run: x @salesy_sam "@cafe_lanube ¿por qué no me sigues? te sigo": would reply in '
        "2 post(s) (es; fails: off_topic 1.00, one_track 1.00 (fake 0.85)): "
        '"Gracias por preguntar, Sam Sells. Esto me frenó: - Temas que no cubro: ninguna de '
        'tus últimas 10 publicaciones toca café de especialidad. (1/2)" '
        '"- Solo ventas, poca variedad. Si esto cambia, vuelve a preguntarme. (2/2)"'
    )
    assert "\n" not in line


def test_run_help_says_a_dry_run_still_pays_for_x_reads(capsys):
    # Sixth walkthrough: `bot.py run --help` said "--dry-run  do everything but send
    # replies", which a careful owner reads as free; X bills every read it makes.
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "do everything but send replies (on X the reads are still paid" in said
