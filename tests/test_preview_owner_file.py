"""`bot.py preview` says whose interests judge the asker when it takes them from the
config: an owner file that is not there names `init` (it said only "cannot read owner
config ...: No such file or directory"), and the demo owner's (no config written yet) is
said on stderr, since its interests would judge a real asker without a word."""

from __future__ import annotations

import json

from whynot.cli import main

ASKER = {"id": "1", "handle": "ana", "posts": [{"text": "hello there"}]}


def _preview(tmp_path, *extra: str) -> int:
    account = tmp_path / "asker.json"
    account.write_text(json.dumps(ASKER))
    return main(["preview", "why no follow back?", "--account", str(account), *extra])


def test_a_config_naming_an_owner_file_that_is_not_there_names_init(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\nowner_config = "owner.toml"\n')
    assert _preview(tmp_path, "--config", str(config)) == 2
    err = capsys.readouterr().err
    assert err == (
        f"bot.py preview: the owner file {tmp_path / 'owner.toml'} (owner_config in {config}) "
        "does not exist: run `python bot.py init`, or give --owner-config\n"
    )


def test_the_demo_owner_s_file_is_said(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WHYNOT_CONFIG", str(tmp_path / "none.toml"))  # none: the demo's
    assert _preview(tmp_path) == 0
    out, err = capsys.readouterr()
    assert err.startswith("note: judged with the demo owner's interests (")
    assert "(preview: nothing was sent)" in out
    own = tmp_path / "mine.toml"
    own.write_text('[owner]\nhandle = "me"\ninterests = ["cx"]\n')
    assert _preview(tmp_path, "--owner-config", str(own)) == 0
    assert capsys.readouterr().err == ""
