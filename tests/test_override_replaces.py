"""`bot.py override set` on an account another moderator decided says whose decision it
replaced, when and why (eighth walkthrough: two moderators at the same minute; the second
line read "denied x @promo by joao" and nothing told joao that rosa had approved it)."""

from __future__ import annotations

from whynot.cli import main


def test_a_replaced_decision_is_named_in_the_line(tmp_path, capsys):
    db = str(tmp_path / "whynot.db")
    decide = ["override", "set", "--db", db, "--platform", "x"]
    assert main([*decide, "promo", "approve", "--reason", "runs our shop", "--by", "rosa"]) == 0
    first = capsys.readouterr().out
    assert "replaces" not in first
    assert main([*decide, "@Promo", "deny", "--reason", "only ads now", "--by", "joao"]) == 0
    second = capsys.readouterr().out
    assert second.startswith("denied x @Promo by joao: “only ads now”")
    assert "; this replaces the approve by rosa (20" in second
    assert second.endswith(" UTC): “runs our shop”.\n") and second.count("\n") == 1
    assert ".;" not in second  # the hint for a handle never met comes before it
    assert main([*decide, "promo", "approve", "--reason", "spoke to them", "--by", "joao"]) == 0
    assert "; this replaces the deny by you (" in capsys.readouterr().out


def test_a_cleared_decision_is_named_in_the_line(tmp_path, capsys):
    db = str(tmp_path / "whynot.db")
    assert main(["override", "set", "--db", db, "--platform", "x", "promo", "deny",
                 "--reason", "only ads", "--by", "rosa"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["override", "clear", "--db", db, "--platform", "x", "promo", "--by", "joao"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("cleared the decision on x @promo (written to the moderation log); ")
    assert "; it was the deny by rosa (20" in line and " UTC): “only ads”." in line
