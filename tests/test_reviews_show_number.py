"""`bot.py reviews show` takes the number as the list writes it (second walkthrough): the
list says "#1", and `reviews show #1` was refused with "say which request to show"; a
word is named as not a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from whynot.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reviews") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0  # its script ends with review #1, decided
    return db


def reviews(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["reviews", *argv, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_list_writes_hash_one_and_show_takes_it(demo_db, capsys):
    code, listed, _ = reviews(capsys, demo_db)
    assert code == 0 and listed.startswith("#1 ")
    code, shown, err = reviews(capsys, demo_db, "show", "#1")
    assert code == 0, err
    assert shown.startswith("review #1: answered")
    assert reviews(capsys, demo_db, "show", "1")[1] == shown


def test_a_word_is_named_as_not_a_number(demo_db, capsys):
    code, out, err = reviews(capsys, demo_db, "show", "abc")
    assert (code, out) == (2, "")
    assert err == (
        "bot.py reviews: 'abc' is not a request number: bot.py reviews show ID, such as 3 "
        "(see list)\n"
    )
    code, _, err = reviews(capsys, demo_db, "show", "#9")
    assert (
        code == 2 and err == "bot.py reviews: there is no review request #9 (see bot.py reviews)\n"
    )
