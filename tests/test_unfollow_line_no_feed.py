"""An unfollow `run` logs with no Discord feed listening (cron, X alone) does not send the
owner to a feed that is not there. Before, `run --once` said "x: @marie unfollowed you
(today's 1 notice was sent ([x] notices_per_day): shown in the owner's feed)" to an
owner with no feed; with a feed the line is unchanged."""

from __future__ import annotations

import pytest

from whynot.cli.run_report import report
from whynot.models import Identity, Mention, Outcome, ReplyState
from whynot.oversight import CUT_OFF
from whynot.watch import NOTICES_OFF, day_full

MARIE = Identity("x", "602", "marie_part", "Marie")
NO_DM = "could not send a direct message: shown in the owner's feed"


def unfollow(reason: str) -> Outcome:
    return Outcome(Mention("x", "unfollow-9", MARIE, ""), ReplyState.SKIPPED, reason, "unfollow")


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        (NOTICES_OFF, "notices are off"),
        (day_full(1, "x"), "today's 1 notice was sent ([x] notices_per_day)"),
        (day_full(0, "x"), "[x] notices_per_day is 0"),
        (NO_DM, "could not send a direct message"),
        ("", "no note sent"),
        (CUT_OFF, CUT_OFF),
    ],
)
def test_without_a_feed_the_line_names_no_feed(caplog, reason, said):
    with caplog.at_level("INFO", logger="whynot.run"):
        report("unfollow notices", [unfollow(reason)], feed=False)
    line = caplog.records[-1]
    assert (line.levelname, line.getMessage()) == (
        "WARNING",
        f"x: @marie_part unfollowed you ({said})",
    )


def test_with_a_feed_the_line_says_where_it_is_shown(caplog):
    with caplog.at_level("INFO", logger="whynot.run"):
        report("unfollow notices", [unfollow(day_full(1, "x"))], feed=True)
    assert caplog.records[-1].getMessage() == (
        "x: @marie_part unfollowed you (today's 1 notice was sent ([x] notices_per_day): "
        "shown in the owner's feed)"
    )
