"""`bot.py override` with a Mastodon or Bluesky handle given without its platform (second
walkthrough): the one-line refusal says how to name it, rather than only that it is not
an X handle; nothing is written."""

from __future__ import annotations

import pytest

import whynot.cli


@pytest.fixture
def cli(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "cli.db"))
    assert whynot.cli.main(["migrate", "--create"]) == 0
    capsys.readouterr()

    def run(*argv: str) -> tuple[int, str, str]:
        code = whynot.cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize(
    ("handle", "extra", "hint"),
    [
        ("ana.bsky.social", (), "write bluesky:ana.bsky.social or add --platform bluesky"),
        ("@ana@social.example", (), "write mastodon:ana@social.example or add --platform mastodon"),
        (
            "ana@social.example",
            ("--platform", "bluesky"),
            "write mastodon:ana@social.example or add --platform mastodon",
        ),
    ],
)
def test_another_platforms_handle_is_named_with_the_fix(cli, handle, extra, hint):
    code, out, err = cli("override", "set", handle, "deny", "--reason", "only ads", *extra)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.rstrip().endswith(hint)
    assert cli("override", "list")[1] == "no decisions in force\n"


def test_a_handle_valid_nowhere_gets_no_hint(cli):
    code, _, err = cli("override", "set", "not valid!", "deny", "--reason", "only ads")
    assert code == 2
    assert err == (
        "bot.py override: 'not valid!' is not a valid X handle (letters, digits and _, up to 15)\n"
    )


def test_the_hinted_form_works(cli):
    code, out, err = cli("override", "set", "bluesky:ana.bsky.social", "deny", "--reason", "ads")
    assert code == 0, err
    assert "bluesky @ana.bsky.social" in out
