"""The errors Bluesky's adapter raises and how it words the service's answers: a route
rate limited until its reset, an account or post gone, the handle and app password
refused (with the owner's fix, said by the run once then quietly when it happens while the
bot runs), and the one-line reason read from an atproto error."""

from __future__ import annotations

import time

from whynot.platform import PlatformError
from whynot.platforms.revoked import BLUESKY_FIX, Revoked


class RateLimited(PlatformError):
    def __init__(self, route: str, reset: float) -> None:
        when = time.strftime("%H:%M:%S", time.gmtime(reset))
        super().__init__(f"Bluesky rate limited {route} until {when} UTC")
        self.reset = reset


class Gone(PlatformError):
    """The account or post does not exist any more, or is deactivated or taken down."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=False)


class Rejected(Revoked):
    """The service refused the credentials: a wrong handle or app password at start-up (the
    start-up line says what to check), or the app password revoked while the bot ran
    (`fix`, which the run's report says)."""

    fix = BLUESKY_FIX


def error_name(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    content = getattr(response, "content", None)
    return str(getattr(content, "error", "") or "")


def reason(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    content, status = getattr(response, "content", None), getattr(response, "status_code", None)
    message = getattr(content, "message", None) or getattr(content, "error", None)
    silent = f"{type(exc).__name__}: no answer (network down, or a wrong [bluesky] service)"
    text = f"{status} {message}" if status else str(message or exc) or silent
    return text[:200]
