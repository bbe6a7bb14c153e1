"""A running bot whose Bluesky app password is revoked (its sessions end: the service
answers ExpiredToken, and signing in again is refused with 401), as the owner reads the
log. Before: "bluesky mentions failed: Bluesky did not accept the handle and app
password: ..." as a warning every cycle with no word of what to do, and every cycle
(every step) signed in again with the refused password, spending the account's sign-in
rate limit."""

from __future__ import annotations

import logging

from tests.bluesky.conftest import SECRETS
from tests.serve_cycles import fix_once_then_quietly, serve_cycles
from whynot.config import BlueskySettings, Settings


async def run_cycles(fake, tmp_path, cycles: int) -> None:
    """`bot.py run` (serve) with Bluesky alone: a first cycle that answers, then the app
    password revoked, for `cycles` cycles in all."""
    settings = Settings(
        db_path=tmp_path / "bot.db",
        owner_config=None,
        bluesky=BlueskySettings(service=fake.base, watch_followers=False),
        secrets=SECRETS,
    )

    def revoke() -> None:  # the sessions end, the password is refused
        fake.password, fake._tokens, fake._refresh = "new-app-pass", set(), set()

    await serve_cycles(settings, settings.bluesky.poll_seconds, revoke, cycles)


async def test_app_password_revoked_mid_run_says_the_fix_once_then_quietly(fake, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    await run_cycles(fake, tmp_path, cycles=5)
    first, *rest = fix_once_then_quietly(caplog, "bluesky mentions", 4)
    assert "did not accept the handle and app password" in first
    assert "put it in BLUESKY_APP_PASSWORD in .env" in first
    assert "then restart `bot.py run`" in first
    assert "(2 failed cycles since" in rest[0]
    assert fake.sessions == 1  # the start's sign-in
    signing_in = [h for h in fake.hits if "createSession" in h]
    assert len(signing_in) == 2, signing_in  # the start's, and one try once revoked
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRETS["BLUESKY_APP_PASSWORD"].reveal() not in text and "new-app-pass" not in text
