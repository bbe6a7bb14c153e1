"""`[replies] max_wait_days`: a question kept waiting (for money, write access, room in the
hour) longer is given up by `Desk.retry_due`, and said so, rather than answered that late;
a dry run only says what a real run would give up."""

from __future__ import annotations

from factories import Clock
from test_desk import ask, make_desk, make_platform

from whynot.platform import SendError

DAY = 86_400


async def _waiting_for_money(tmp_path, clock):
    platform = make_platform()
    platform.failures["1"] = [SendError("402 credits spent", unpaid=True)]
    desk = await make_desk(tmp_path / "w.db", platform, clock)
    assert (await desk.handle(ask("1"))).reason.startswith("waiting for")
    return desk, platform


async def test_a_dry_run_gives_up_nothing_and_answers_no_late_question(tmp_path):
    # retry_due ran its sweep in a dry run too (`run --dry-run` calls it each cycle): the
    # question was given up for good in the real database, and a dry run writes nothing.
    clock = Clock()
    desk, platform = await _waiting_for_money(tmp_path, clock)
    try:
        clock.now += 8 * DAY
        desk.dry_run = True
        said = await desk.retry_due()
        assert [(o.mention.id, o.state) for o in said] == [("1", "failed")]
        assert said[0].reason.startswith("dry run") and "given up" in said[0].reason
        assert said[0].posts == () and platform.sent == []  # not shown as "would be sent"
        (row,) = await desk.store.messages.rows()
        assert row.next_attempt_at is not None and "given up" not in row.reason
        desk.dry_run = False  # the real run still gives it up, and says so
        given_up = await desk.retry_due()
        assert [o.mention.id for o in given_up] == ["1"] and "given up" in given_up[0].reason
        assert platform.sent == []
    finally:
        await desk.store.close()


async def test_a_question_given_up_is_not_reported_as_still_waiting_for_money(tmp_path, caplog):
    # The reason kept its "waiting for money: ..." start with "(given up ...)" after it: the
    # run's line said "1 reply waiting for money" (not failed), so an owner who tops up
    # expects an answer that will never be sent.
    from whynot.cli.run import report
    from whynot.models import WAITING_FOR_MONEY

    clock = Clock()
    desk, _ = await _waiting_for_money(tmp_path, clock)
    try:
        clock.now += 8 * DAY
        (given_up,) = await desk.retry_due()
        assert given_up.reason.startswith("given up") and "402" in given_up.reason
        with caplog.at_level("WARNING"):
            assert report("retries", [given_up]) is False
        (line,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert "1 reply failed: given up" in line and WAITING_FOR_MONEY not in line.split("(")[0]
        (row,) = await desk.store.messages.rows()
        assert row.reason == given_up.reason  # the row says the same
    finally:
        await desk.store.close()
