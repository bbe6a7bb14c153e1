"""Credentials revoked while the bot runs, for every platform: the error a step raises when
a platform refuses the credentials its start-up accepted (X's tokens, Mastodon's access
token, Bluesky's app password), carrying the `fix` only the owner can make. The run's
report (`whynot.cli.run_report.failing`) says it once with the fix, then quietly, the
warning again hourly, until the step works again. A reply it refuses is not given up: it
waits for new credentials, tried hourly (`whynot.platform.waits_for_owner`)."""

from __future__ import annotations

from whynot.platform import PlatformError

X_FIX = (
    "the X tokens were revoked or regenerated (keys regenerated, access removed, the "
    "password changed): generate new ones under Keys and tokens, put X_API_KEY, "
    "X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET in .env, then restart `bot.py run`"
)
MASTODON_FIX = (
    "the Mastodon access token was revoked (the application deleted under Preferences, "
    "Development, or its access removed under Account, Authorized apps): make a new one there "
    "(scopes read and write:statuses), put it in MASTODON_ACCESS_TOKEN in .env, then restart "
    "`bot.py run`"
)
BLUESKY_FIX = (
    "the Bluesky app password was revoked or changed (deleted under Settings, Privacy and "
    "security, App passwords): create a new one there, put it in BLUESKY_APP_PASSWORD in "
    ".env (and BLUESKY_HANDLE if the handle changed), then restart `bot.py run`"
)


class Revoked(PlatformError):
    """The platform refused the credentials (a 401): not worth retrying soon, since only
    the owner can end it; `fix` says how (one line, no secret)."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message, transient=False, fix=fix)
