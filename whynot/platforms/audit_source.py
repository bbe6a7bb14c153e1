"""`bot.py audit --source bluesky|mastodon`: the owner's followers on that network whom the
owner does not follow back, read live through the platform adapter (both networks are free
to read), each judged from its profile and recent posts. An account that cannot be read
(deleted, suspended, deactivated) is listed as not reviewed.

The followers arrive page by page (Bluesky's `getFollowers` says whether the owner follows
each back; Mastodon's followers are checked with the owner's relationships); an audit that
stopped resumes by position, reading the pages again without fetching the accounts already
written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any, Self

from whynot.audit.files import Resume
from whynot.audit.sources import Item, Missing, SourceError, SourceUnreachable
from whynot.config import Settings
from whynot.models import Identity
from whynot.platform import PlatformError

KINDS = ("bluesky", "mastodon")
POSTS = 20
RESUME = "run the same command again: it resumes, the accounts done are kept"


def failed(exc: PlatformError) -> type[SourceError]:
    """Unreachable, or rate limited, is a wait (exit 1); the rest a set-up mistake (2)."""
    return SourceUnreachable if exc.transient else SourceError


class FollowerSource:
    """Followers not followed back on Bluesky or Mastodon (see the module docstring)."""

    def __init__(self, kind: str, settings: Settings, posts: int = POSTS) -> None:
        if kind not in KINDS:
            raise SourceError(f"unknown source {kind!r}")
        self.kind = kind
        self.description = f"{kind} followers"
        self.settings = settings
        self.posts = posts
        self._loop: asyncio.AbstractEventLoop | None = None
        self._platform: Any = None

    def _make(self) -> Any:
        label = "Bluesky" if self.kind == "bluesky" else "Mastodon"
        enabled = getattr(self.settings, f"{self.kind}_enabled")
        if not enabled:
            names = (
                "BLUESKY_HANDLE and BLUESKY_APP_PASSWORD"
                if self.kind == "bluesky"
                else "MASTODON_BASE_URL and MASTODON_ACCESS_TOKEN"
            )
            raise SourceError(f"--source {self.kind} needs {names} (the environment or .env)")
        if self.kind == "bluesky":
            from whynot.platforms.bluesky.platform import BlueskyPlatform

            return BlueskyPlatform.from_settings(
                self.settings.secrets, self.settings.bluesky.service
            )
        from whynot.platforms.mastodon.platform import MastodonPlatform

        assert self._loop is not None
        try:
            return self._loop.run_until_complete(
                MastodonPlatform.from_settings(self.settings.secrets)
            )
        except Exception as exc:  # Mastodon.py checks the base URL when it is made
            raise SourceError(f"{label}: {exc}") from None

    def __enter__(self) -> Self:
        self._loop = asyncio.new_event_loop()
        try:
            self._platform = self._make()
            self._loop.run_until_complete(self._platform.me())
        except PlatformError as exc:
            from whynot.platforms.side import sign_in_fix

            self.__exit__()
            fix = sign_in_fix(self.kind, exc, self.settings, "then audit again")
            raise failed(exc)(f"{self.description}: {exc}; {fix}") from None
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            if self._platform is not None:
                self._loop.run_until_complete(self._platform.close())
                self._platform = None
            self._loop.close()
            self._loop = None

    def total(self) -> int | None:
        return None  # not known before the whole list is read

    def items(self, after: Resume | None) -> Iterator[Item]:
        assert self._loop is not None and self._platform is not None, "use `with source:`"
        run = self._loop.run_until_complete
        position, skip = 0, after.position if after else 0
        cursor = None
        while True:
            try:
                page = run(self._platform.not_followed_back(cursor))
            except PlatformError as exc:
                raise failed(exc)(f"{self.description}: {exc}; {RESUME}") from None
            for account_id in page.ids:
                position += 1
                if position <= skip:
                    continue
                who = Identity(self.kind, account_id, "")
                try:
                    account = run(self._platform.fetch_account(who, self.posts))
                except PlatformError as exc:
                    raise failed(exc)(f"{self.description}: {exc}; {RESUME}") from None
                yield position, account if account is not None else Missing(account_id)
            cursor = page.next_cursor
            if cursor is None:
                return
