"""The unfollow watch on the in-memory platform: resumable crawls, the SQLite diff, and
what is (not) said about unfollows, refollows, flaps and vanished accounts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import Clock, account, followed_by, genuine_posts, posts

from scoring import build_owner_index
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.models import FollowEvent, Identity, Mention, ReplyState
from whynot.platform import PlatformError
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.watch import Watch

OWNER = Identity("x", "0", "owner")
DAY = 86_400.0


class FlakyFollowers(MemoryPlatform):
    """Fails the follower page after `fail_after` pages (a rate limit or a crash)."""

    fail_after: int | None = None
    served: int = 0

    async def follower_ids(self, cursor):
        if self.fail_after is not None and self.served >= self.fail_after:
            raise PlatformError("rate limited")
        self.served += 1
        return await super().follower_ids(cursor)


@pytest.fixture
async def world(tmp_path):
    clock = Clock(1_800_000_000.0)
    platform = followed_by(FlakyFollowers(owner=OWNER, name="x"), 2500)
    store = await Store.open(tmp_path / "w.db")
    desk = Desk(
        store, {"x": platform}, ReplyRenderer(), build_owner_index(None), Settings(), clock=clock
    )
    feed = []

    async def listen(outcome):
        feed.append(outcome)

    desk.subscribe(listen)
    watch = Watch(store, desk, platform, XSettings(crawl_pages_per_cycle=15), clock=clock)
    yield platform, store, watch, clock, feed
    await store.close()


async def crawl_fully(watch):
    report = await watch.crawl()
    while not report.finished:
        report = await watch.crawl()
    return report


async def test_a_crawl_of_2500_over_3_pages_survives_an_interruption(world, tmp_path):
    platform, store, watch, clock, _ = world
    platform.fail_after = 2
    with pytest.raises(PlatformError):
        await watch.crawl()
    resume = await store.followers.open_crawl("x", "0")
    assert resume is not None and resume[1] == "2000"  # two pages kept, cursor saved
    platform.fail_after = None
    report = await watch.crawl()  # resumes at page 3, does not start over
    assert report.finished and report.pages == 1 and report.ids == 500
    assert platform.served == 3
    snapshot = await store.followers.open_crawl("x", "0")
    assert snapshot is None
    assert await store.followers.count(1) == 2500


async def test_no_new_crawl_before_the_interval(world):
    platform, store, watch, clock, _ = world
    await crawl_fully(watch)
    clock.now += 3600
    assert (await watch.crawl()).pages == 0
    clock.now += DAY
    assert (await watch.crawl()).pages == 3


async def test_unfollows_refollows_and_new_followers_are_found_by_sqlite(world):
    platform, store, watch, clock, _ = world
    await crawl_fully(watch)
    platform.followers = [f for f in platform.followers if f not in {"5", "6"}] + ["9000"]
    clock.now += DAY
    report = await crawl_fully(watch)
    assert report.events["unfollow"] == 2 and report.events["follow"] == 1
    platform.followers.append("5")
    clock.now += DAY
    report = await crawl_fully(watch)
    kinds = [(a, k) for a, k, _, _ in await store.followers.events("x")]
    assert ("5", "refollow") in kinds and ("6", "unfollow") in kinds and ("9000", "follow") in kinds


async def test_settled_unfollows_go_to_the_feed_when_notices_are_off(world):
    platform, store, watch, clock, feed = world
    await crawl_fully(watch)
    platform.followers.remove("7")
    clock.now += DAY
    await crawl_fully(watch)
    assert await watch.announce() == []  # not settled for a day yet
    clock.now += DAY
    said = await watch.announce()
    assert [o.mention.author.handle for o in said] == ["user7"]
    assert platform.dms == []  # off by default: nothing sent to the person
    assert "shown in the owner's feed" in feed[-1].reason


async def test_notices_when_enabled_respect_the_daily_cap(world):
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True, notices_per_day=2)
    await crawl_fully(watch)
    for gone in ("1", "2", "3"):
        platform.followers.remove(gone)
    clock.now += DAY
    await crawl_fully(watch)
    clock.now += DAY
    await watch.announce()
    assert len(platform.dms) == 2
    assert "oversight" in platform.dms[0][1]
    statuses = sorted(s for _, k, s, _ in await store.followers.events("x") if k == "unfollow")
    assert statuses == ["notified", "notified", "shown"]
    # the third is in the feed for the day's cap, not "notices are off" (they are on)
    [shown] = [o for o in feed if o.state == "skipped"]
    assert shown.reason.startswith("today's 2 notices were sent ([x] notices_per_day)")


@pytest.mark.parametrize(
    ("per_day", "why"),
    [(1, "today's 1 notice was sent ([x]"), (0, "[x] notices_per_day is 0: shown")],
)
async def test_the_day_cap_line_reads_right_for_one_and_none(world, per_day, why):
    platform, store, watch, clock, feed = world  # was "today's 1 notices", "today's 0 notices"
    watch.settings = XSettings(notices_enabled=True, notices_per_day=per_day)
    await crawl_fully(watch)
    for gone in ("1", "2"):
        platform.followers.remove(gone)
    clock.now += DAY
    await crawl_fully(watch)
    clock.now += DAY
    await watch.announce()
    assert len(platform.dms) == per_day
    assert [o.reason for o in feed if o.state == "skipped"][-1].startswith(why)


async def test_suspended_and_protected_accounts_are_not_unfollows(world):
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True)
    await crawl_fully(watch)
    platform.followers = [f for f in platform.followers if f not in {"11", "12"}]
    platform.gone.add("11")
    platform.accounts["12"] = replace(platform.accounts["12"], protected=True)
    clock.now += DAY
    await crawl_fully(watch)
    clock.now += DAY
    assert await watch.announce() == []
    assert platform.dms == []
    assert sorted(s for _, k, s, _ in await store.followers.events("x") if k == "unfollow") == [
        "gone",
        "protected",
    ]


async def test_a_flap_within_a_day_produces_no_notice(world):
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True, crawl_interval_hours=1)
    await crawl_fully(watch)
    platform.followers.remove("20")
    clock.now += 2 * 3600
    await crawl_fully(watch)
    platform.followers.append("20")
    clock.now += 2 * 3600
    await crawl_fully(watch)
    clock.now += DAY
    said = await watch.announce()
    assert platform.dms == []
    assert [o.intent for o in said] == ["refollow"]
    assert ("20", "unfollow", "flap") in [
        (a, k, s) for a, k, s, _ in await store.followers.events("x")
    ]


async def test_a_crash_between_the_last_page_and_the_diff_loses_no_unfollow(world):
    platform, store, watch, clock, _ = world
    await crawl_fully(watch)
    platform.followers.remove("30")
    clock.now += DAY
    original = store.followers.diff

    async def crash(*args, **kwargs):
        raise RuntimeError("killed before the diff")

    store.followers.diff = crash
    with pytest.raises(RuntimeError):
        await crawl_fully(watch)
    store.followers.diff = original
    report = await watch.crawl()  # the next cycle compares what was left uncompared
    assert report.events.get("unfollow") == 1
    assert ("30", "unfollow") in [(a, k) for a, k, _, _ in await store.followers.events("x")]
    assert await store.followers.count(1) == 2500  # count kept; the old ids were dropped
    rows = await store.db.execute_fetchall(
        "SELECT COUNT(*) FROM follower_ids WHERE snapshot_id = 1"
    )
    assert rows[0][0] == 0


async def _settled_unfollow(world, gone: str = "40") -> None:
    platform, store, watch, clock, _ = world
    await crawl_fully(watch)
    platform.followers.remove(gone)
    clock.now += DAY
    await crawl_fully(watch)
    clock.now += DAY


async def test_a_dry_run_with_notices_on_leaves_unfollows_for_the_real_run(world):
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True)
    await _settled_unfollow(world)
    watch.desk.dry_run = True
    assert await watch.announce() == []
    assert platform.dms == []
    assert [(a, s) for a, k, s, _ in await store.followers.events("x") if k == "unfollow"] == [
        ("40", "new")
    ]
    watch.desk.dry_run = False  # the real run still has the notice to send
    await watch.announce()
    assert [to.handle for to, _ in platform.dms] == ["user40"]


async def test_the_desk_itself_sends_no_notice_in_a_dry_run(world):
    # Second line of defence: even if the watch asked, a dry run sends nothing and claims
    # nothing, so the real run can still send the notice.
    platform, store, watch, clock, feed = world
    event = await store.followers.add_event("x", OWNER, "unfollow", 0.0)
    watch.desk.dry_run = True
    outcome = await watch.desk.notice_unfollow(FollowEvent("x", OWNER, "unfollow", 0.0), event)
    assert outcome.reason == "dry run: not sent" and platform.dms == []
    watch.desk.dry_run = False
    sent = await watch.desk.notice_unfollow(FollowEvent("x", OWNER, "unfollow", 0.0), event)
    assert sent.state is ReplyState.SENT and len(platform.dms) == 1


async def test_an_unfollow_notice_is_sent_once_even_if_asked_twice(world):
    # Second line of defence behind the watch only picking new events: the claim.
    platform, store, watch, clock, feed = world
    event = await store.followers.add_event("x", OWNER, "unfollow", 0.0)
    first = await watch.desk.notice_unfollow(FollowEvent("x", OWNER, "unfollow", 0.0), event)
    second = await watch.desk.notice_unfollow(FollowEvent("x", OWNER, "unfollow", 0.0), event)
    assert first.state is ReplyState.SENT and second.reason == "already notified"
    assert len(platform.dms) == 1


async def test_a_refollow_within_the_day_is_a_flap_even_23_hours_later(world):
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True, crawl_interval_hours=1)
    await crawl_fully(watch)
    platform.followers.remove("21")
    clock.now += 3600
    await crawl_fully(watch)
    platform.followers.append("21")
    clock.now += 23 * 3600  # back after 23 hours: still a flap (README: within a day)
    await crawl_fully(watch)
    clock.now += DAY
    await watch.announce()
    assert platform.dms == []
    assert ("21", "unfollow", "flap") in [
        (a, k, s) for a, k, s, _ in await store.followers.events("x")
    ]


async def test_an_unfollow_excuse_says_the_owner_asked_only_when_the_notice_reached_them(world):
    # The excuse's reply began "I only asked in case it was an oversight" for anyone, also
    # for someone the bot never wrote to (no notice sent, or notices off): a false claim.
    from whynot.models import Mention

    platform, store, watch, clock, feed = world
    notified, stranger = Identity("x", "41", "user41"), Identity("x", "42", "user42")
    for who in (notified, stranger):  # enough posts to be reviewed
        platform.accounts[who.id] = replace(account(who.handle, posts=genuine_posts(20)), id=who.id)
    event = await store.followers.add_event("x", notified, "unfollow", clock())
    await watch.desk.notice_unfollow(FollowEvent("x", notified, "unfollow", clock()), event)
    excuse = "@owner I unfollowed you because you never followed me back"
    replies = {}
    for who in (notified, stranger):
        outcome = await watch.desk.handle(Mention("x", f"m{who.id}", who, excuse, clock()))
        assert outcome.intent == "unfollow_excuse" and outcome.state is ReplyState.SENT
        replies[who.id] = " ".join(outcome.posts)
    assert "I only asked in case it was an oversight" in replies["41"]
    assert "asked" not in replies["42"] and "oversight" not in replies["42"]


async def test_a_notice_of_long_ago_does_not_make_an_excuse_a_reply_to_it(world):
    # "I only asked in case it was an oversight" answers a notice of the last month: a
    # notice two months before the excuse is not what they are replying to.
    from whynot.models import Mention

    platform, store, watch, clock, feed = world
    who = Identity("x", "43", "user43")
    platform.accounts[who.id] = replace(account(who.handle, posts=genuine_posts(20)), id=who.id)
    event = await store.followers.add_event("x", who, "unfollow", clock())
    await watch.desk.notice_unfollow(FollowEvent("x", who, "unfollow", clock()), event)
    excuse = "@owner I unfollowed you because you never followed me back"
    later = clock() + 60 * DAY
    outcome = await watch.desk.handle(Mention("x", "m43", who, excuse, later))
    assert outcome.intent == "unfollow_excuse" and outcome.state is ReplyState.SENT
    assert "asked" not in " ".join(outcome.posts)


async def test_a_notice_cut_off_mid_send_is_neither_sent_again_nor_said_to_be_asked(world):
    # The claim came before the message: a crash (or a dropped connection) in between left
    # the event 'notified', and the excuse's reply then said "I only asked..." to someone
    # who may never have been asked.
    from whynot.models import Mention

    platform, store, watch, clock, feed = world
    who = Identity("x", "44", "user44")
    platform.accounts[who.id] = replace(account(who.handle, posts=genuine_posts(20)), id=who.id)
    event = await store.followers.add_event("x", who, "unfollow", clock())

    async def cut_off(to, text):
        raise ConnectionResetError("connection lost mid-send")

    platform.direct_message = cut_off
    with pytest.raises(ConnectionResetError):
        await watch.desk.notice_unfollow(FollowEvent("x", who, "unfollow", clock()), event)
    del platform.direct_message  # the restarted bot's own sender
    again = await watch.desk.notice_unfollow(FollowEvent("x", who, "unfollow", clock()), event)
    assert again.reason == "already notified" and platform.dms == []  # at most once
    excuse = "@owner I unfollowed you because you never followed me back"
    outcome = await watch.desk.handle(Mention("x", "m44", who, excuse, clock() + 60))
    assert outcome.intent == "unfollow_excuse" and outcome.state is ReplyState.SENT
    assert "asked" not in " ".join(outcome.posts)


async def test_an_unfollow_confirmed_before_a_crash_is_still_announced(world):
    # The event was marked 'confirmed' and the run died before its notice: only 'new'
    # events were settled, so it was never notified nor shown.
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True)
    event = await store.followers.add_event("x", Identity("x", "45", "user45"), "unfollow", 0.0)
    await store.followers.set_event_status(event, "confirmed", "user45")
    clock.now += DAY
    said = await watch.announce()
    assert [o.mention.author.handle for o in said] == ["user45"]
    assert [to.handle for to, _ in platform.dms] == ["user45"]
    assert await watch.announce() == [] and len(platform.dms) == 1


class Crash(BaseException):
    """Stands for the process dying (not an error anything would handle)."""


async def _crash_mid_notice(world, account_id: str) -> None:
    """An unfollow a day old whose notice the process died sending; then restarted."""
    platform, store, watch, clock, _ = world
    watch.settings = XSettings(notices_enabled=True)
    who = Identity("x", account_id, f"user{account_id}")
    await store.followers.add_event("x", who, "unfollow", clock() - DAY)

    async def crash(to, text):
        raise Crash

    platform.direct_message = crash
    with pytest.raises(Crash):
        await watch.announce()
    del platform.direct_message  # the restarted bot's own sender


async def test_a_notice_a_crash_cut_off_is_shown_to_the_owner_a_day_later(world):
    # The claim ('sending') came, then the process died: before the message went out or
    # after, nobody can tell. The event stayed 'sending' for good: in no feed line, in no
    # count after its day, so the owner never heard of that unfollow.
    platform, store, watch, clock, feed = world
    await _crash_mid_notice(world, "47")
    assert await watch.announce() == [] and feed == []  # a send may still be in flight
    clock.now += DAY
    said = await watch.announce()
    assert [(o.mention.author.handle, o.state) for o in said] == [("user47", "skipped")]
    assert "may have reached them" in said[0].reason and feed == said
    assert platform.dms == []  # never sent twice
    assert await watch.announce() == [] and len(feed) == 1
    assert not await store.followers.was_asked("x", "47", 0.0, clock())


async def test_a_cut_off_notice_is_told_as_such_after_notices_were_turned_off(world):
    # The owner turned notices off after a crash cut one off: the feed said "notices are
    # off", hiding that the note may have reached the person.
    platform, store, watch, clock, feed = world
    await _crash_mid_notice(world, "48")
    watch.settings = XSettings(notices_enabled=False)
    clock.now += DAY
    said = await watch.announce()
    assert [o.mention.author.handle for o in said] == ["user48"]
    assert "may have reached them" in said[0].reason and feed == said
    assert platform.dms == []


async def test_the_notice_speaks_the_language_the_bot_read_them_in(world):
    # The "was it an oversight?" note was English to everyone: @maria_pt, who wrote to the
    # owner in Portuguese, got "Hi Maria_Pt, I noticed you unfollowed me...".
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True)
    asked = Mention("x", "m1", Identity("x", "31", "user31"), "por que você não me segue?")
    await store.messages.record_skip(asked, "why_not_followed", "pt", "test", clock())
    judged = account("user32", posts=posts(["Hoy fue un gran día para el equipo y la ciudad"] * 5))
    await store.accounts.save("x", replace(judged, id="32"), clock() - 90 * DAY, 3600.0)
    for i in ("31", "32", "33"):
        gone = Identity("x", i, f"user{i}")
        await store.followers.add_event("x", gone, "unfollow", clock() - DAY)
    await watch.announce()
    notes = {to.handle: text for to, text in platform.dms}
    assert notes["user31"].startswith("Olá") and "deixou de me seguir" in notes["user31"]
    assert notes["user32"].startswith("Hola") and "dejaste de seguirme" in notes["user32"]
    assert notes["user33"].startswith("Hi")  # nothing read of them: English
