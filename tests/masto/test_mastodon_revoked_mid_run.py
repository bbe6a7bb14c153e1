"""A running bot whose Mastodon access token is revoked (401 on the notifications call after
sign-in passed), as the owner reads the log. Before: "mastodon mentions failed: Mastodon
refused notifications: ..." as a warning every cycle, with no word of what to do; an
unreachable instance logged two "retrying in" warnings a cycle beside the failure."""

from __future__ import annotations

import logging

from tests.masto.fake_mastodon import TOKEN, Fault
from tests.serve_cycles import fix_once_then_quietly, said, serve_cycles
from whynot.config import MastodonSettings, Secret, Settings

NOTIFICATIONS = "/api/v1/notifications"
REVOKED = Fault(401, '{"error": "The access token was revoked"}')


async def run_cycles(fake, tmp_path, faults: list[Fault], cycles: int) -> None:
    """`bot.py run` (serve) with Mastodon alone: a first cycle that answers, then `faults`
    on the notifications call, for `cycles` cycles in all."""
    fake.streaming = False
    settings = Settings(
        db_path=tmp_path / "bot.db",
        owner_config=None,
        mastodon=MastodonSettings(watch_followers=False),
        secrets={"MASTODON_BASE_URL": Secret(fake.base), "MASTODON_ACCESS_TOKEN": Secret(TOKEN)},
    )

    def revoke() -> None:
        fake.faults[NOTIFICATIONS] = list(faults)

    await serve_cycles(settings, settings.mastodon.poll_seconds, revoke, cycles)


async def test_token_revoked_mid_run_says_the_fix_once_then_quietly(fake, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    await run_cycles(fake, tmp_path, [REVOKED] * 4, cycles=6)
    first, *rest = fix_once_then_quietly(caplog, "mastodon mentions", 4)
    assert "Mastodon refused notifications" in first
    assert "put it in MASTODON_ACCESS_TOKEN in .env, then restart `bot.py run`" in first
    assert "(2 failed cycles since" in rest[0]
    back = [r.getMessage() for r in said(caplog) if "works again" in r.getMessage()]
    assert len(back) == 1 and "after 4 failed cycles" in back[0]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in text


async def test_an_unreachable_instance_is_one_line_a_cycle(fake, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("whynot.platforms.mastodon.platform.BACKOFF_BASE", 0.001)
    caplog.set_level(logging.INFO)
    await run_cycles(fake, tmp_path, [Fault(503)] * 9, cycles=5)  # 3 tries x 3 cycles
    warnings = [
        r.getMessage() for r in said(caplog, logging.WARNING) if "mastodon" in r.getMessage()
    ]
    assert len(warnings) == 4, warnings  # 3 cycles failed, then the end of the outage
    assert all(w.startswith("mastodon mentions failed: Mastodon unavailable") for w in warnings[:3])
    assert warnings[3].startswith("mastodon mentions works again, after 3 failed cycles")
    assert not [r for r in said(caplog) if "retrying in" in r.getMessage()]
