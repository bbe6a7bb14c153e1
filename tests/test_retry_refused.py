"""A platform that refuses before a due message is even claimed (Bluesky with its app
password revoked: its sign-in, `me`, is refused from then on) must not stop the other
platforms' retries. Before, `Desk.retry_due` tried the due messages in one go, and the
first refusal ended it: an X question waiting for room in the hour (or for money) was not
tried while Bluesky's app password stayed revoked. Now the refusing platform's messages
wait for the next cycle, the others are tried, and the step still fails with the refusal
(the run says it, with its fix)."""

from __future__ import annotations

import time

import pytest
from factories import Clock
from test_desk import PERSON, PROMO, ask, make_desk, make_platform

from whynot.desk import CAPPED
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform
from whynot.platforms.revoked import BLUESKY_FIX, Revoked


def refusing_bluesky() -> MemoryPlatform:
    bluesky = MemoryPlatform(owner=Identity("bluesky", "0", "owner"), name="bluesky")
    calls: list[int] = []

    async def refused() -> Identity:
        calls.append(1)
        raise Revoked("Bluesky did not accept the handle and app password", BLUESKY_FIX)

    bluesky.me = refused  # type: ignore[method-assign]
    bluesky.calls = calls  # type: ignore[attr-defined]
    return bluesky


def bluesky_and_mastodon(tmp_path):
    """Settings of a run serving Bluesky and Mastodon (sign-ins replaced by the test)."""
    from whynot.config import BlueskySettings, MastodonSettings, Secret, Settings

    return Settings(
        db_path=tmp_path / "bot.db",
        owner_config=None,
        bluesky=BlueskySettings(watch_followers=False),
        mastodon=MastodonSettings(watch_followers=False),
        secrets={
            "BLUESKY_HANDLE": Secret("owner.bsky.social"),
            "BLUESKY_APP_PASSWORD": Secret("app-pass"),
            "MASTODON_BASE_URL": Secret("https://masto.example"),
            "MASTODON_ACCESS_TOKEN": Secret("token"),
        },
    )


async def test_a_platform_refusing_its_sign_in_does_not_stop_the_others_retries(tmp_path):
    clock, x, bluesky = Clock(time.time()), make_platform(), refusing_bluesky()
    desk = await make_desk(tmp_path / "w.db", x, clock)
    desk.platforms["bluesky"] = bluesky
    store, now = desk.store, clock.now
    try:
        for n, who in enumerate(("b1", "b2")):  # Bluesky's, due first
            asked = Mention("bluesky", who, Identity("bluesky", f"9{n}", who), "follow back?")
            await store.messages.defer(asked, "follow_back_request", "en", CAPPED, now - 9 + n, now)
        for mention in (ask("1", PROMO), ask("2", PERSON, "follow me back?")):
            await store.messages.defer(mention, "why_not_followed", "en", CAPPED, now - 1, now)
        with pytest.raises(Revoked):  # the step fails, saying the refusal and its fix
            await desk.retry_due()
        assert sorted(s.to.id for s in x.sent) == ["1", "2"]  # X's were answered
        assert len(bluesky.calls) == 1  # asked once, not once per message
        waiting = await store.messages.rows(["failed"])
        assert sorted(r.mention.id for r in waiting) == ["b1", "b2"]  # kept, still due
    finally:
        await store.close()


def joined(platform: MemoryPlatform):
    """A side platform's start (whynot.platforms.side.STARTERS) that returns `platform`."""
    from whynot.platforms.side import Started

    async def start(*_: object) -> Started:
        return Started(platform)

    return start


async def test_the_run_still_reports_the_other_platforms_retries(tmp_path, caplog, monkeypatch):
    # Before, the run's one "retries" step raised the refusal after the others were tried:
    # their replies went out, but the cycle's line for them ("retries: 1 done (1 sent)")
    # was never logged, only "retries failed: ...". Each platform's retries are a step.
    import logging

    from whynot.cli.run import serve
    from whynot.platforms import side
    from whynot.store import Store

    bluesky = refusing_bluesky()
    masto = MemoryPlatform(
        owner=Identity("mastodon", "0", "owner"), name="mastodon", reply_format="mastodon",
        accounts={PROMO.id: PROMO},
    )  # fmt: skip
    for platform in (bluesky, masto):  # signed in at once
        monkeypatch.setitem(side.STARTERS, platform.name, joined(platform))
    settings = bluesky_and_mastodon(tmp_path)
    store, now = await Store.open(settings.db_path), time.time()
    for name in ("bluesky", "mastodon"):  # Bluesky's due first
        author = Identity(name, PROMO.id, PROMO.handle)
        asked = Mention(name, f"{name[0]}1", author, "why didn't you follow me back?")
        await store.messages.defer(asked, "why_not_followed", "en", CAPPED, now - 9, now - 9)
    await store.close()
    caplog.set_level(logging.INFO, logger="whynot")
    await serve(settings, once=True, dry_run=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "whynot.run"]
    assert [s.to.id for s in masto.sent] == ["m1"]  # answered, and said so
    assert "mastodon retries: 1 done (1 sent)" in lines, lines
    refused = [line for line in lines if line.startswith("bluesky retries failed: ")]
    assert len(refused) == 1 and BLUESKY_FIX in refused[0], lines


async def test_a_platform_that_does_not_load_still_has_its_late_questions_given_up(
    tmp_path, caplog, monkeypatch
):
    # With each platform's retries a step of its own, only the loaded platforms' questions
    # were looked at: one whose platform did not load (Bluesky's sign-in refused; X paused,
    # or its month spent under cron) waited on past max_wait_days with no word of it, where
    # operations.md says it is given up then and the run's log says so (as before the steps).
    import logging

    from whynot.cli.run import serve
    from whynot.platform import PlatformError
    from whynot.platforms import side
    from whynot.store import Store

    async def refused(*_: object) -> None:
        raise PlatformError("Bluesky did not accept the handle and app password", False)

    masto = MemoryPlatform(owner=Identity("mastodon", "0", "owner"), name="mastodon")
    monkeypatch.setitem(side.STARTERS, "mastodon", joined(masto))
    monkeypatch.setitem(side.STARTERS, "bluesky", refused)
    settings = bluesky_and_mastodon(tmp_path)
    store, now = await Store.open(settings.db_path), time.time()
    for name, seen in (("bluesky", now - 8 * 86_400), ("x", now - 60)):  # late; recent
        author = Identity(name, PROMO.id, PROMO.handle)
        asked = Mention(name, f"{name[0]}1", author, "why didn't you follow me back?")
        await store.messages.defer(asked, "why_not_followed", "en", CAPPED, now - 9, seen)
    await store.close()
    caplog.set_level(logging.INFO, logger="whynot")
    await serve(settings, once=True, dry_run=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "whynot.run"]
    given_up = [line for line in lines if line.startswith("bluesky retries: 1 reply failed: ")]
    assert len(given_up) == 1 and "given up, waited too long" in given_up[0], lines
    store = await Store.open(settings.db_path)
    try:
        rows = {r.mention.platform: r for r in await store.messages.rows(["failed"])}
        assert rows["bluesky"].next_attempt_at is None  # given up: never answered this late
        assert rows["x"].next_attempt_at is not None  # a recent one waits for its platform
    finally:
        await store.close()
