"""Waits between tries that double each time, never past a cap: start-up retries (X,
Discord, Bluesky, Mastodon), Jetstream reconnects and reply retries. One rule for all:
the exponent is bounded, since 2 ** 1,024 overflows a float and a service left running
while a platform is out of reach for a week makes that many tries. Also how a wait or a
run's length is said in one line (`duration`)."""

from __future__ import annotations

# A failure only the owner can end (revoked credentials, a missing permission, Discord's
# token reset) is warned again at most this often, in seconds, while it lasts.
WARN_AGAIN = 3600.0

# Start-up faults that pass (a platform unreachable, a 5xx): tried again after
# STARTUP_BASE x 2^(attempt - 1) seconds, never more than STARTUP_CAP.
STARTUP_BASE = 5.0
STARTUP_CAP = 600.0


def doubling(attempt: int, base: float, cap: float) -> float:
    """base x 2^(attempt - 1) seconds (attempt counts from 1), never more than `cap`."""
    return min(cap, base * 2.0 ** min(attempt - 1, 60))


def startup_delay(attempt: int) -> float:
    return doubling(attempt, STARTUP_BASE, STARTUP_CAP)


def duration(seconds: float) -> str:
    """'40 s', '14 min', '3 h 10 min'."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return f"{max(0, int(seconds))} s"
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
