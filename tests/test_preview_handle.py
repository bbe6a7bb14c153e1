"""`bot.py preview --handle NAME`: the asker picked among the accounts of a JSON Lines file
(an export or an audit's input holds many)."""

from __future__ import annotations

import json

import pytest
from test_preview import MEFORMER, PROMO, preview, preview_json


@pytest.fixture
def many(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps(MEFORMER) + "\n" + json.dumps(PROMO) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("handle", "found"), [("@Promo_Pete", "promo_pete"), ("me_mia", "me_mia")])
def test_one_account_is_picked_by_handle(capsys, many, handle, found):
    data = preview_json(capsys, "follow me back!", "--account", many, "--handle", handle)
    assert data["asker"]["handle"] == found


def test_a_handle_not_in_the_file_is_one_line_naming_those_it_has(capsys, many):
    code, out, err = preview(capsys, "hi", "--account", many, "--handle", "ana")
    assert (code, out) == (2, "")
    assert err.strip().endswith("has no account with handle ana (it has me_mia, promo_pete)")
    assert len(err.splitlines()) == 1


def test_a_handle_held_twice_is_refused(capsys, tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps(PROMO) + "\n" + json.dumps(PROMO) + "\n", encoding="utf-8")
    code, _, err = preview(capsys, "hi", "--account", str(path), "--handle", "promo_pete")
    assert code == 2 and "holds 2 accounts with handle promo_pete" in err


def test_the_account_option_says_a_file_may_hold_several(capsys):
    # --help said "one JSON object or one JSON Lines line" after --handle came in.
    with pytest.raises(SystemExit):
        preview(capsys, "--help")
    out = " ".join(capsys.readouterr().out.split())
    start = out.index("--account FILE the asker")
    account = out[start : out.index("--owner-config PATH", start)]
    assert "several with --handle" in account
