"""What a dry run (`run --dry-run`) remembers of its own would-be answers. It stores no
reply, and the cooldown and the hourly cap read stored replies: without this, a dry run
would show answered an asker a real run answers once, and more replies in an hour than a
real run may send. Kept in memory only, and only while a rule can still read it, so a
dry run left running for weeks does not grow with every asker it has seen."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from whynot.models import Mention

HOUR = 3600.0


@dataclass
class DryAnswers:
    _last: dict[tuple[str, str], float] = field(default_factory=dict)  # asker -> when
    _times: deque[float] = field(default_factory=deque)  # the last hour's, oldest first

    def __len__(self) -> int:
        return len(self._last)

    def seen(
        self, mention: Mention, last_reply: float | None, sent_last_hour: int, now: float
    ) -> tuple[float | None, int]:
        """The store's (asker's last reply, replies sent in the last hour), with this dry
        run's own answers counted as sent."""
        mine = self._last.get((mention.platform, mention.author.id))
        if mine is not None:
            last_reply = max(last_reply or 0.0, mine)
        return last_reply, sent_last_hour + sum(1 for t in self._times if t > now - HOUR)

    def add(self, mention: Mention, now: float, cooldown_seconds: float) -> None:
        """A reply the dry run would have sent now; what no rule reads any more goes."""
        self._last[(mention.platform, mention.author.id)] = now
        self._times.append(now)
        while self._times and self._times[0] <= now - HOUR:
            self._times.popleft()
        past = [who for who, at in self._last.items() if now - at >= cooldown_seconds]
        for who in past:
            del self._last[who]
