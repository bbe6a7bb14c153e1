"""Bluesky or Mastodon out of reach for long: the words of each attempt, and no end to the
attempts (a service keeps trying with its capped backoff)."""

from __future__ import annotations

import pytest

from whynot.backoff import STARTUP_CAP
from whynot.platform import PlatformError
from whynot.platforms.bluesky.platform import _reason
from whynot.platforms.side import _sign_in


def test_a_network_error_with_no_words_says_what_to_check():
    from atproto_client import exceptions as atx

    # it said only "NetworkError"
    assert _reason(atx.NetworkError()) == (
        "NetworkError: no answer (network down, or a wrong [bluesky] service)"
    )
    assert _reason(ValueError("boom")) == "boom"


async def test_a_week_of_failed_attempts_does_not_end_the_service():
    # past 1,024 attempts (a week at the 10-minute cap) 5.0 * 2 ** n overflowed
    class Down:
        calls = 0

        async def me(self, retries=None):
            self.calls += 1
            if self.calls > 1100:
                raise PlatformError("Bluesky refused createSession: 401", False)
            raise PlatformError("Bluesky unavailable for getProfile: NetworkError", True)

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    with pytest.raises(PlatformError, match="401"):  # only a refusal ends the attempts
        await _sign_in("bluesky", Down(), once=False, sleep=sleep)
    assert len(waits) == 1100 and max(waits) == STARTUP_CAP
