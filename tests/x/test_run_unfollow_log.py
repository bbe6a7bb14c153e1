"""`bot.py run --once` names who unfollowed: with X alone (no Discord feed, as cron runs it)
the run's log is the owner's only word of an unfollow the follower watch settled, so it
is a warning line naming the account, kept by `--log-level warning`. Before, the log said
only "unfollow notices: 1 done (1 skipped)": the owner paid for the watch and never
learnt who had left."""

from __future__ import annotations

import sqlite3

from tests.x.conftest import user
from tests.x.test_run_once import cycle_here, run_once

DAY = 86_400


def _settings(folder) -> None:
    (folder / "owner.toml").write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    (folder / "config.toml").write_text(
        '[whynot]\nowner_config = "owner.toml"\n'
        "[x]\nwatch_followers = true\nwatch_budget_usd = 5.0\ncrawl_interval_hours = 0.0001\n"
    )


def _age(db, table: str, *columns: str) -> None:
    """Move `columns` of every row of `table` two days back (the unfollow settles a day)."""
    with sqlite3.connect(db) as conn:
        sets = ", ".join(f"{c} = {c} - {2 * DAY}" for c in columns)
        conn.execute(f"UPDATE {table} SET {sets}")


async def test_an_unfollow_is_named_in_the_log_when_no_feed_listens(fake_x, tmp_path, caplog):
    # The two cycles that build the state run in this process (cycle_here: a store and
    # clients of their own, as a new process has); the one whose log line is the point is
    # `bot.py run --once` itself.
    _settings(tmp_path)
    db = tmp_path / "bot.db"
    fake_x.users["601"] = user("601", "ana_leaves")
    fake_x.users["602"] = user("602", "bo_stays")
    fake_x.followers = ["601", "602"]
    assert await cycle_here(fake_x, db) == 0  # the first snapshot
    _age(db, "follower_snapshots", "started_at", "finished_at")
    fake_x.followers = ["602"]
    with caplog.at_level("INFO"):  # `run`'s level without --log-level
        assert await cycle_here(fake_x, db) == 0  # the unfollow, not yet settled
    assert "follower crawl complete: 1 followers" in caplog.text  # its log, captured
    assert "ana_leaves" not in caplog.text
    _age(db, "follow_events", "at")
    code, out = await run_once(fake_x, db, "--log-level", "warning")
    assert code == 0, out
    (line,) = [line for line in out.splitlines() if "ana_leaves" in line]
    assert " WARNING whynot.run: x: @ana_leaves unfollowed you (notices are off" in line
    assert "bo_stays" not in out


def test_with_a_feed_the_lines_are_info_and_a_dry_run_shows_the_note(caplog):
    from whynot.cli.run import report
    from whynot.models import Identity, Mention, Outcome, ReplyState

    ana = Identity("bluesky", "did:plc:ana", "ana.bsky.social", "Ana")
    off = "notices are off: shown in the owner's feed"
    shown = Outcome(Mention("bluesky", "unfollow-1", ana, ""), ReplyState.SKIPPED, off, "unfollow")
    back = Outcome(Mention("bluesky", "refollow-2", ana, ""), ReplyState.SKIPPED, "", "refollow")
    dry = Outcome(
        Mention("x", "unfollow-3", Identity("x", "7", "bo", "Bo"), ""),
        ReplyState.SKIPPED,
        "dry run: not sent",
        "unfollow",
        posts=("Hi Bo, was it an oversight?\nNo worries if not.",),
    )
    with caplog.at_level("INFO", logger="whynot.run"):
        assert report("unfollow notices", [shown, back, dry], feed=True)
    said = [(r.levelname, r.getMessage()) for r in caplog.records][1:]
    assert said == [
        ("INFO", f"bluesky: @ana.bsky.social unfollowed you ({off})"),
        ("INFO", "bluesky: @ana.bsky.social followed you again"),
        (
            "INFO",
            'dry run: x: @bo unfollowed you; the note would be sent: "Hi Bo, was it an oversight?"',
        ),
    ]
