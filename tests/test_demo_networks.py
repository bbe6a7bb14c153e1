"""The demo world's Bluesky and Mastodon askers (issue 19): real replies through the same
pipeline, fitted to each network's limits."""

from __future__ import annotations

from whynot.cli.demo import play
from whynot.platforms.demo import demo_world, networks
from whynot.threads import graphemes


async def test_bluesky_and_mastodon_askers_are_answered_in_their_formats(tmp_path):
    lines = await play(tmp_path / "demo.db", None, None)
    text = "\n".join(lines)
    assert "@reposting.bsky.social" in text and "reply on Bluesky" in text
    assert "@autofeed@toot.example" in text and "reply on Mastodon" in text
    summary = lines[-1]
    assert "Bluesky posts sent: 2" in summary and "Mastodon posts sent: 2" in summary


def test_the_network_mentions_come_from_their_own_platforms():
    platform, _ = demo_world()
    by_platform = {m.platform for m in platform.inbox}
    assert by_platform == {"demo", "bluesky", "mastodon"}
    elsewhere = networks(platform)
    assert {p.reply_format for p in elsewhere.values()} == {"bluesky", "mastodon"}
    asker = next(m for m in platform.inbox if m.platform == "bluesky")
    assert asker.author.platform == "bluesky"


async def test_their_replies_fit_their_limits(tmp_path, monkeypatch):
    from whynot.cli import demo as cli_demo

    captured = {}

    def keep(platform):
        captured.update(networks(platform))
        return captured

    monkeypatch.setattr(cli_demo, "networks", keep)
    await play(tmp_path / "demo.db", None, None)
    sky = [p for s in captured["bluesky"].sent for p in s.posts]
    toots = [p for s in captured["mastodon"].sent for p in s.posts]
    assert sky and all(graphemes(p) <= 300 for p in sky)
    assert toots and all(len(p) <= 500 for p in toots)
