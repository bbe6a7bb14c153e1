"""Commands that only read the database refuse one that is not there, in one line: a
mistyped `--db` (or db_path) used to create a new, empty database and report "$0.000 spent"
or "no decisions in force", as if that were the truth about the bot's own database. And a
`--json` listing with nothing in it prints nothing (JSON Lines), not an empty line."""

from __future__ import annotations

import pytest

from whynot.cli import main


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["cost"], "the bot has not run with it, so nothing is spent (check --db"),
        (["override", "list"], "no decision was made with it (check --db"),
        (["override", "list", "--json"], "no decision was made with it (check --db"),
        (["override", "history"], "no decision was made with it (check --db"),
        (["override", "clear", "promo"], "no decision was made with it (check --db"),
    ],
)
def test_a_database_that_is_not_there_is_not_created(argv, says, tmp_path, capsys):
    typo = tmp_path / "whynto.db"
    assert main([*argv, "--db", str(typo)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"bot.py {argv[0]}: no database at {typo}: {err.split(': ', 2)[2]}"
    assert says in err and len(err.splitlines()) == 1
    assert not typo.exists()


def test_set_still_makes_the_database_and_empty_json_listings_print_nothing(tmp_path, capsys):
    db = str(tmp_path / "w.db")
    assert main(["override", "list", "--json", "--db", db]) == 2  # not there yet
    assert main(["override", "set", "promo", "deny", "--reason", "ads", "--db", db]) == 0
    assert main(["override", "clear", "promo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["override", "list", "--json", "--db", db]) == 0
    assert main(["reviews", "--json", "--db", db]) == 0
    assert capsys.readouterr().out == ""
    assert main(["cost", "--db", db]) == 0
    out = capsys.readouterr().out  # the suite sets no X credentials: no X bill is shown
    assert "nothing yet" in out or "nothing is spent" in out


def test_a_decision_that_makes_the_database_says_so(tmp_path, capsys):
    # Sixth walkthrough: the bot in a container, the owner typed `python bot.py override set`
    # on the host as the README shows: "approved x @joana_s ..." went to a database made
    # there and then, which the container never reads; the asker went on being denied.
    db = tmp_path / "whynot.db"
    decide = ["override", "set", "joana_s", "--db", str(db), "--reason"]
    assert main([*decide, "regular", "approve"]) == 0
    first = capsys.readouterr().out
    assert first.count("\n") == 1 and first.startswith("approved x @joana_s by ")
    assert f"{db} was not there, so it was made" in first and "docker exec whynot" in first
    assert "no question from @joana_s" not in first  # of course not: a new database
    assert main([*decide, "only ads", "deny"]) == 0
    again = capsys.readouterr().out
    assert again.startswith("denied x @joana_s by ") and "was not there" not in again


def test_a_missing_database_names_the_container(tmp_path, capsys, monkeypatch):
    # Sixth walkthrough: `python bot.py cost` typed on the host while the bot runs in a
    # container said "nothing is spent"; its database is in the container's volume.
    typo = str(tmp_path / "whynot.db")
    monkeypatch.delenv("WHYNOT_ON_SETUP_MISTAKE", raising=False)
    assert main(["cost", "--db", typo]) == 2
    err = capsys.readouterr().err
    hint = "; with the bot in a container, run this there: docker exec whynot .venv/bin/python"
    assert err.endswith(f"{hint} bot.py ...\n") and err.count("\n") == 1
    monkeypatch.setenv("WHYNOT_ON_SETUP_MISTAKE", "wait")  # in the container: no such hint
    assert main(["reviews", "--db", typo]) == 2
    assert "docker exec" not in capsys.readouterr().err


def test_a_decision_made_in_the_container_does_not_send_the_owner_into_it(
    tmp_path, capsys, monkeypatch
):
    # The note on a database just made named `docker exec whynot ...` inside the container
    # too, as if the owner had to enter the container they were in.
    db = tmp_path / "whynot.db"
    monkeypatch.setenv("WHYNOT_ON_SETUP_MISTAKE", "wait")
    decide = ["override", "set", "joana_s", "approve", "--reason", "regular", "--db", str(db)]
    assert main(decide) == 0
    said = capsys.readouterr().out
    assert f"{db} was not there, so it was made" in said and "docker exec" not in said
