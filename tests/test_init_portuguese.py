"""`bot.py init` and the Portuguese the replies speak: `--portuguese pt-PT`, or the
question asked when the interests read as Portuguese (Enter keeps pt-BR), writes
`portuguese = "pt-PT"` in the owner file, which `run` reads; any other owner file offers
the key as a commented line; a value it does not take is one line (exit 2)."""

from __future__ import annotations

from pathlib import Path

from test_init import init

from whynot.cli.init import Answers, owner_text
from whynot.owner_config import read_owner_file

OWNER = Path("data") / "owner.toml"


def test_the_flag_writes_what_run_reads(tmp_path):
    code, out, err = init(tmp_path, "--handle", "padaria_lx", "--portuguese", "pt-PT")
    assert code == 0, err
    assert 'portuguese = "pt-PT"' in (tmp_path / OWNER).read_text()
    assert read_owner_file(tmp_path / OWNER).varieties == {"pt": "pt-PT"}


def test_a_bad_flag_is_one_line_and_writes_nothing(tmp_path):
    code, out, err = init(tmp_path, "--handle", "padaria_lx", "--portuguese", "Lisboa")
    assert code == 2 and err.count("\n") == 1
    assert '"pt-BR" (Brazil, the default) or "pt-PT" (Portugal)' in err and "'Lisboa'" in err
    assert not (tmp_path / "data").exists()


def test_portuguese_interests_are_asked_which_portuguese(tmp_path):
    # platforms, handle, interests, a wording each, the Portuguese (one mistake first),
    # news outlets, tone, budget, watch
    answers = "x\npadaria_lx\npão, pastelaria\n\n\nLisboa\nPortugal\n\npolite\n20\nn\n"
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    assert "got 'Lisboa'; try again" in err
    assert read_owner_file(tmp_path / OWNER).varieties == {"pt": "pt-PT"}


def test_enter_keeps_brazilian_portuguese(tmp_path):
    answers = "x\npadaria_sp\npão, confeitaria\n\n\n\n\npolite\n20\nn\n"
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    owner = read_owner_file(tmp_path / OWNER)
    assert owner.varieties == {"pt": "pt-BR"} and owner.context.news_outlets == frozenset()


def test_other_owners_are_not_asked_but_offered_the_key(tmp_path):
    text = owner_text(Answers(handle="marca", interests=["marketing"]))
    assert text.count('# portuguese = "pt-PT"') == 1
    path = tmp_path / "owner.toml"
    path.write_text(text.replace('# portuguese = "pt-PT"', 'portuguese = "pt-PT"'), "utf-8")
    assert read_owner_file(path).varieties == {"pt": "pt-PT"}
