"""The transport under tweepy's AsyncClient for X: requests sent to `[x] api_base`
instead of api.twitter.com (an API proxy, or a local test server), X's rate-limit
headers read from every response, one window per route, and X's refusals as the errors
the run tells apart (403 `Forbidden`, 401 `Unauthorized` with its fix, 404, 429)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from yarl import URL

from whynot.platform import PlatformError
from whynot.platforms.revoked import X_FIX, Revoked

TWEEPY_HOST = "https://api.twitter.com"


READ_ONLY = "oauth1 app permissions"  # in X's 403 to a token generated read-only
READ_ONLY_FIX = (
    " (the access token is read-only: set the app's permissions to Read and write, then"
    " regenerate the access token and secret)"
)
# What gives a token direct messages (said with X's 403 to a Read-and-write token sending
# one: `DM_FIX`, and in the run's warning: whynot.platforms.x_dm).
DM_PERMISSIONS = (
    "set the app's permissions to Read, write and Direct Messages, then regenerate the "
    "access token and secret"
)
DM_FIX = f" (the access token may not send direct messages: {DM_PERMISSIONS})"


class Forbidden(PlatformError):
    """X answered 403: the credentials were read, but this app or account may not make the
    call (an app outside a Project, an access level without the endpoint, no credits). A
    read-only token (`no_access`) waits for the owner to grant write access."""

    def __init__(self, message: str) -> None:
        read_only = READ_ONLY in message  # X's detail for it; its problem type is not kept
        fix = DM_FIX if " /2/dm_conversations:" in message else READ_ONLY_FIX
        super().__init__(message + (fix if read_only else ""), False, False, read_only)


class Unauthorized(Revoked):
    """X answered 401 after the start-up check passed: the tokens were revoked while the
    bot ran. Not worth retrying soon; `fix` is what the owner must do (the run says it
    once, then quietly while it lasts)."""

    fix = X_FIX


class ClockOff(Unauthorized):
    """X answered 401 and its `Date` is minutes away from this machine's clock: OAuth 1.0a
    signs the time, and X refuses a signature made at the wrong time whatever the tokens
    (new tokens would be refused alike). `fix` says to set the clock."""


CLOCK_OFF = 300.0  # seconds between this clock and X's `Date` that are no network delay


def clock_fix(skew: float) -> str:
    side = "ahead of" if skew > 0 else "behind"
    return (
        f"this machine's clock is {abs(skew) / 60:.0f} min {side} X's, and X refuses what is "
        "signed at the wrong time: set the clock right (timedatectl set-ntp true; a "
        "container has its host's clock), then restart `bot.py run`; the tokens may be fine"
    )


def skew_of(response: Any, now: float) -> float:
    """This clock minus X's (`Date` of the response), 0.0 when it does not say."""
    try:
        said = parsedate_to_datetime(response.headers["Date"])
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return 0.0
    # an HTTP date is UTC (RFC 9110), also in the asctime form, read without a zone: not local
    return now - (said if said.tzinfo else said.replace(tzinfo=UTC)).timestamp()


def refused(exc: Any, route: str, reason: str, now: float | None = None) -> PlatformError:
    """A 4xx other than 400, 403, 404 and 429: asking again will not help, but a 402
    (credits) will once paid, and a 401 (tokens revoked, or this clock off) once the owner
    puts new ones (or sets the clock)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status", 0)
    if status == 401:
        skew = skew_of(response, time.time() if now is None else now)
        if abs(skew) >= CLOCK_OFF:
            return ClockOff(f"X refused {route}: {reason}", clock_fix(skew))
        return Unauthorized(f"X refused {route}: {reason}")
    return PlatformError(f"X refused {route}: {reason}", False, status == 402)


class RateLimited(PlatformError):
    def __init__(self, route: str, reset: float) -> None:
        super().__init__(
            f"rate limited on {route} until {time.strftime('%H:%M:%S', time.gmtime(reset))} UTC"
        )
        self.reset = reset


class NoSuchResource(PlatformError):
    """X answered 400 or 404: no such user or post (a bad handle, a deleted account)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=False)


def route_of(path: str) -> str:
    """'/2/users/123/mentions' -> '/2/users/:id/mentions' (one rate window per route)."""
    return re.sub(r"(?<!^)/\d+(?=/|$)", "/:id", path)  # not the API version (/2)


@dataclass
class RateLimits:
    """What X's headers said about each route's window: remaining calls and reset time."""

    windows: dict[str, tuple[int, float]] = field(default_factory=dict)
    clock: Callable[[], float] = time.time
    skew: float = 0.0  # this clock minus X's, as the last response's Date said (the budget's)

    def record(self, path: str, headers: Any) -> None:
        try:
            remaining = int(headers["x-rate-limit-remaining"])
            reset = float(headers["x-rate-limit-reset"])
        except (KeyError, TypeError, ValueError):
            return
        self.windows[route_of(path)] = (remaining, reset)

    def exhaust(self, path: str, reset: float) -> None:
        self.windows[route_of(path)] = (0, reset)

    def check(self, path: str) -> None:
        window = self.windows.get(route_of(path))
        if window and window[0] <= 0 and window[1] > self.clock():
            raise RateLimited(route_of(path), window[1])


class RebasedSession:
    """What tweepy's AsyncClient needs of a session (`request` and `close`), sending each
    request to `base` instead of api.twitter.com and recording rate-limit headers."""

    def __init__(self, base: str, limits: RateLimits, timeout: float) -> None:
        self.base = base.rstrip("/")
        self.limits = limits
        trace = aiohttp.TraceConfig()
        trace.on_request_end.append(self._on_end)
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=timeout), trace_configs=[trace]
        )

    async def _on_end(self, session: Any, ctx: Any, params: Any) -> None:
        self.limits.record(params.url.path, params.response.headers)
        if "Date" in params.response.headers:
            self.limits.skew = skew_of(params.response, self.limits.clock())

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:
        text = str(url)
        if text.startswith(TWEEPY_HOST) and self.base != TWEEPY_HOST:
            encoded = getattr(url, "raw_path_qs", None)
            rest = encoded if encoded is not None else text[len(TWEEPY_HOST) :]
            url = URL(self.base + rest, encoded=True)
        return self._session.request(method, url, **kwargs)

    async def close(self) -> None:
        await self._session.close()
