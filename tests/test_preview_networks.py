"""`bot.py preview --platform mastodon|bluesky`: a Mastodon or Bluesky owner sees the
reply in the posts the running bot would make there (Mastodon: a default instance's 500
characters, less the room for the "@asker " the bot puts first; Bluesky: up to 3 posts of
300 graphemes), sending nothing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from whynot.cli import main
from whynot.threads import graphemes

ROOT = Path(__file__).resolve().parent.parent
ASKER = ROOT / "data" / "demo" / "accounts.jsonl"  # its first line: a promo bot (IFTTT)
OWNER = ROOT / "data" / "demo" / "owner.toml"


def preview(tmp_path: Path, *flags: str) -> tuple[int, str, str]:
    account = tmp_path / "asker.json"
    account.write_text(ASKER.read_text().splitlines()[0])
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        argv = ["preview", "why didn't you follow me back?", "--account", str(account)]
        code = main([*argv, "--owner-config", str(OWNER), *flags])
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_mastodon_posts_leave_room_for_the_mention_the_bot_adds(tmp_path):
    code, out, err = preview(tmp_path, "--platform", "mastodon", "--json")
    assert code == 0, err
    shown = json.loads(out)
    reply = shown["reply"]
    assert shown["platform"] == "mastodon" and reply["limit"] == 500 - 32
    assert len(reply["posts"]) >= 1 and all(len(p) <= 468 for p in reply["posts"])
    assert reply["lengths"] == [len(p) for p in reply["posts"]]


def test_bluesky_posts_are_counted_in_graphemes(tmp_path):
    code, out, err = preview(tmp_path, "--platform", "bluesky")
    assert code == 0, err
    assert "posts on bluesky" in out and "/300 graphemes" in out
    code, out, err = preview(tmp_path, "--platform", "bluesky", "--json")
    posts = json.loads(out)["reply"]["posts"]
    assert 1 <= len(posts) <= 3 and all(graphemes(p) <= 300 for p in posts)


def test_an_unknown_platform_names_the_four(tmp_path):
    code, _, err = preview(tmp_path, "--platform", "myspace")
    assert code == 2
    assert "choose x, discord, mastodon, bluesky" in err


def test_mastodon_posts_follow_the_instance_limit_given(tmp_path):
    # The running bot reads the instance's own limit at sign-in (many raise the default
    # 500): the preview showed 2 posts where such an instance gets 1.
    code, out, err = preview(tmp_path, "--platform", "mastodon", "--json")
    assert code == 0, err
    assert len(json.loads(out)["reply"]["posts"]) == 2  # at a default instance's 500
    code, out, err = preview(
        tmp_path, "--platform", "mastodon", "--mastodon-limit", "5000", "--json"
    )
    assert code == 0, err
    reply = json.loads(out)["reply"]
    assert reply["limit"] == 5000 - 32 and len(reply["posts"]) == 1
    code, out, _ = preview(tmp_path, "--platform", "mastodon", "--mastodon-limit", "5000")
    assert "1 post on mastodon" in out and "/4968 characters" in out
    for flags in (
        ("--platform", "x", "--mastodon-limit", "5000"),
        ("--platform", "mastodon", "--mastodon-limit", "40"),
    ):
        code, _, err = preview(tmp_path, *flags)
        assert code == 2 and "--mastodon-limit" in err
