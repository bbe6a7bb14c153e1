"""`bot.py audit` for an owner who answers on Mastodon, Bluesky or Discord (second
walkthrough): the store's default is X, and an empty X audit said only "try --source
archive or jsonl" though the database held their askers. It now names the platforms it
holds and the --platform to add."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scoring import parse_account
from whynot.cli import main
from whynot.config import X_SECRETS
from whynot.store import Store


def seed(db: Path, counts: dict[str, int]) -> None:
    async def go() -> None:
        store = await Store.open(db)
        try:
            for platform, n in counts.items():
                for i in range(n):
                    account = parse_account(
                        {"id": f"{platform}-{i}", "handle": f"a{i}", "platform": platform}
                    )
                    await store.accounts.save(platform, account, now=1.0, ttl=1.0)
        finally:
            await store.close()

    asyncio.run(go())


def audit(tmp_path: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["audit", "--db", str(tmp_path / "bot.db"), "--out", str(tmp_path / "out"), *extra])
    return code, capsys.readouterr().err


def test_an_empty_x_audit_names_the_platforms_the_database_holds(tmp_path, capsys):
    seed(tmp_path / "bot.db", {"mastodon": 3, "bluesky": 1})
    code, err = audit(tmp_path, capsys, "--workers", "1")
    assert code == 1
    assert err == (
        "bot.py audit: nothing to audit: the database holds no cached x accounts, "
        "but 3 mastodon and 1 bluesky: add --platform mastodon\n"
    )
    code, err = audit(tmp_path, capsys, "--workers", "1", "--platform", "mastodon", "--fresh")
    assert (code, err) == (0, "")


def test_an_empty_database_keeps_the_first_hint(tmp_path, capsys):
    seed(tmp_path / "bot.db", {})
    code, err = audit(tmp_path, capsys, "--workers", "1")
    assert code == 1
    assert err.startswith("bot.py audit: nothing to audit: the database holds no cached x ")
    assert "try --source archive PATH or --source jsonl FILE" in err and "--platform" not in err


def test_an_owner_with_bluesky_and_mastodon_is_pointed_at_their_live_followers(
    tmp_path, capsys, monkeypatch
):
    # Fifth walkthrough: an owner without X, on Bluesky and Mastodon, ran `audit` first
    # and was told to try an X archive or a JSON Lines file, not their own followers.
    seed(tmp_path / "bot.db", {})
    for name, value in (
        ("BLUESKY_HANDLE", "me.bsky.social"),
        ("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop"),
        ("MASTODON_BASE_URL", "https://mastodon.social"),
        ("MASTODON_ACCESS_TOKEN", "token"),
    ):
        monkeypatch.setenv(name, value)
    code, err = audit(tmp_path, capsys, "--workers", "1")
    assert code == 1 and err.count("\n") == 1
    assert "--source bluesky" in err and "--source mastodon" in err
    assert "archive" not in err


def test_an_unknown_platform_is_refused_not_reported_as_empty(tmp_path, capsys):
    seed(tmp_path / "bot.db", {})
    try:
        code = main(["audit", "--db", str(tmp_path / "bot.db"), "--platform", "tiktok"])
    except SystemExit as exc:  # argparse's refusal, as main lets it out
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and "tiktok" in err and "nothing to audit" not in err


def test_an_owner_with_x_and_bluesky_keeps_the_archive_hint(tmp_path, capsys, monkeypatch):
    # 16b158a dropped the X archive from the hint of every owner with Bluesky or Mastodon
    # credentials, an X owner's too, whose archive is the way to their followers.
    seed(tmp_path / "bot.db", {})
    for name in X_SECRETS:
        monkeypatch.setenv(name, "token")
    monkeypatch.setenv("BLUESKY_HANDLE", "me.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    code, err = audit(tmp_path, capsys, "--workers", "1")
    assert code == 1 and err.count("\n") == 1
    assert "--source archive PATH" in err and "--source bluesky" in err
