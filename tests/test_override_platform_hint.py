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


def test_the_platform_defaults_to_the_owners_one_platform(cli, monkeypatch):
    # Before, --platform defaulted to x even for an owner whose config has no X: a
    # Bluesky-only owner's `override set ana.bsky.social deny` was refused as no X handle.
    monkeypatch.setenv("BLUESKY_HANDLE", "owner.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "app-pass")
    code, out, err = cli("override", "set", "ana.bsky.social", "deny", "--reason", "only ads")
    assert code == 0, err
    assert out.startswith("denied bluesky @ana.bsky.social by ")
    assert cli("override", "history", "ana.bsky.social")[1].count("bluesky @ana.bsky.social") == 1


def test_an_owner_with_several_platforms_is_asked_which(cli, monkeypatch):
    for name, value in (("BLUESKY_HANDLE", "owner.bsky.social"), ("BLUESKY_APP_PASSWORD", "p"),
                        ("DISCORD_TOKEN", "t")):  # fmt: skip
        monkeypatch.setenv(name, value)
    code, out, err = cli("override", "set", "ana.bsky.social", "deny", "--reason", "only ads")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "--platform discord|bluesky" in err and "bluesky:ana.bsky.social" in err, err
    assert cli("override", "list")[1] == "no decisions in force\n"
    code, out, err = cli("override", "set", "bluesky:ana.bsky.social", "deny", "--reason", "ads")
    assert code == 0 and "bluesky @ana.bsky.social" in out, err  # named: nothing to ask


@pytest.mark.parametrize(
    ("handle", "hint", "not_said"),
    [  # Discord usernames may hold a "."; neither platform takes user@instance
        ("john.doe", "or write it as discord:john.doe", "bluesky"),
        ("ana@social.example", "add --platform x|discord", "mastodon"),
    ],
)
def test_the_question_names_only_a_platform_this_bot_serves(cli, monkeypatch, handle, hint,
                                                            not_said):  # fmt: skip
    # The hint guessed from the handle's shape alone: an X and Discord owner's
    # `override set john.doe ...` was told to write bluesky:john.doe, a platform this bot
    # does not serve (the decision would never be read).
    monkeypatch.setenv("DISCORD_TOKEN", "t")
    for name in ("X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN",
                 "X_ACCESS_TOKEN_SECRET"):  # fmt: skip
        monkeypatch.setenv(name, "v")
    code, out, err = cli("override", "set", handle, "deny", "--reason", "only ads")
    assert (code, out) == (2, "") and err.count("\n") == 1, err
    assert "this bot serves x, discord" in err and err.rstrip().endswith(hint), err
    assert not_said not in err, err
