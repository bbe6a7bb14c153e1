"""X refusing the bot's direct messages for the app's permissions (a 403 "oauth1 app
permissions" on /2/dm_conversations) refuses every unfollow note the same way until the
owner gives the app Direct Message permission. Before, each refusal was an info line (cron
mails warnings only, so the owner never heard); now the first is a warning saying what to
do, the later ones info lines, the warning again at most hourly (before: once a process, so
a service running for weeks said it once, on its first day); a refusal about one person
stays an info line."""

from __future__ import annotations

import logging

from tests.x.fake_x import Fault
from tests.x.test_write_access import READ_ONLY_403
from whynot.models import Identity

PERSON_403 = (
    '{"title":"Forbidden","status":403,"detail":"You are not permitted to send direct'
    ' messages to this user.","type":"about:blank"}'
)


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_permission_refusal_is_one_warning_a_run_saying_what_to_do(x, fake_x, caplog):
    for uid, handle in (("701", "ann"), ("702", "bo"), ("703", "cy")):
        fake_x.users[uid] = {"id": uid, "name": handle.title(), "username": handle}
    fake_x.faults[r"/2/dm_conversations/.*"] = [Fault(403, READ_ONLY_403)] * 3
    caplog.set_level(logging.INFO, logger="whynot.platforms.x")
    for uid, handle in (("701", "ann"), ("702", "bo"), ("703", "cy")):
        assert await x.direct_message(Identity("x", uid, handle), "was it an oversight?") is False
    [warned] = warnings(caplog)
    assert "\n" not in warned
    assert "give it Direct Message permission" in warned
    assert "Read, write and Direct Messages, then regenerate the access token" in warned
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert [m.split(":")[0] for m in infos] == [
        "direct message to bo not sent",
        "direct message to cy not sent",
    ]


async def test_a_refusal_about_one_person_stays_an_info_line(x, fake_x, caplog):
    fake_x.users["701"] = {"id": "701", "name": "Ann", "username": "ann"}
    fake_x.faults[r"/2/dm_conversations/.*"] = [Fault(403, PERSON_403)]
    caplog.set_level(logging.INFO, logger="whynot.platforms.x")
    assert await x.direct_message(Identity("x", "701", "ann"), "was it an oversight?") is False
    assert warnings(caplog) == []
    assert any("direct message to ann not sent" in r.getMessage() for r in caplog.records)


async def test_the_permission_warning_is_said_again_hourly_while_it_lasts(x, fake_x, caplog):
    fake_x.users["701"] = {"id": "701", "name": "Ann", "username": "ann"}
    clock = [1_000_000.0]
    x.clock = lambda: clock[0]
    caplog.set_level(logging.INFO, logger="whynot.platforms.x")
    ann = Identity("x", "701", "ann")
    for minute in (0, 30, 59, 60, 61, 125):
        clock[0] = 1_000_000.0 + minute * 60
        fake_x.faults[r"/2/dm_conversations/.*"] = [Fault(403, READ_ONLY_403)]
        assert await x.direct_message(ann, "was it an oversight?") is False
    levels = [logging.getLevelName(r.levelno) for r in caplog.records]
    assert levels == ["WARNING", "INFO", "INFO", "WARNING", "INFO", "WARNING"]
    first, *again = warnings(caplog)
    assert "(first refused: the note to ann)" in first  # the repeats do not say "first"
    assert all("(still refused: the note to ann)" in line for line in again), again
    # X takes a message (permission given): a later refusal is news, warned at once.
    caplog.clear()
    clock[0] += 60
    assert await x.direct_message(ann, "was it an oversight?") is True
    fake_x.faults[r"/2/dm_conversations/.*"] = [Fault(403, READ_ONLY_403)]
    clock[0] += 60
    assert await x.direct_message(ann, "was it an oversight?") is False
    assert len(warnings(caplog)) == 1
