"""Direct messages on X (the unfollow notes), and what is said when X refuses one.

A refusal that is about one person (they accept no messages, a deleted account, the
month's money) is an info line per note: the note is shown in the owner's feed instead.
A refusal for the app's permissions (X's 403 "oauth1 app permissions": the access token
may not send direct messages) is the same for every note until the owner acts, so it is
a warning saying what to do, again at most hourly while it lasts (as the run's other
refusals only the owner can end); the notes between are info lines. A message X takes
ends it: a later refusal is news, warned at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whynot.backoff import WARN_AGAIN
from whynot.platform import PlatformError
from whynot.platforms.x_http import DM_PERMISSIONS
from whynot.spend import OverBudget

if TYPE_CHECKING:
    from whynot.models import Identity
    from whynot.platforms.x import XPlatform

log = logging.getLogger("whynot.platforms.x")

NO_DM_PERMISSION = (
    "direct messages not sent: X refuses them to this app (403, oauth1 app permissions); "
    f"give it Direct Message permission: {DM_PERMISSIONS} and put them in .env. Until "
    "then unfollow notes are shown in the owner's feed"
)


@dataclass
class DirectMessages:
    """Sends for one `XPlatform`; remembers when it last warned of permissions (None: not
    since X last took a message)."""

    told: float | None = None

    async def send(self, x: XPlatform, to: Identity, text: str) -> bool:
        """True when X took the message; False (said, never raised) when it did not."""
        try:
            await x.budget.allow("dm_create", 1, x.clock())
            await x._call(
                "/2/dm_conversations",
                lambda: x.client.create_direct_message(
                    participant_id=to.id, text=text, user_auth=True
                ),
                retries=1,
            )
        except (PlatformError, OverBudget) as exc:
            self.not_sent(to, exc, x.clock())
            return False
        self.told = None  # X takes them again: a later refusal for permissions is news
        await x.budget.charge("dm_create", 1, f"dm to {to.id}", x.clock())
        return True

    def not_sent(self, to: Identity, exc: Exception, now: float) -> None:
        permissions = isinstance(exc, PlatformError) and exc.no_access
        if permissions and (self.told is None or now - self.told >= WARN_AGAIN):
            which = "first" if self.told is None else "still"  # the hourly repeat: not first
            self.told = now
            log.warning("%s (%s refused: the note to %s)", NO_DM_PERMISSION, which, to.handle)
            return
        log.info("direct message to %s not sent: %s", to.handle, exc)
