"""Builders for account dicts (account schema) used across tests: small and explicit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scoring import CRITERION_IDS, Account, Verdict, parse_account
from scoring.models import CriterionResult

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def posts(
    texts: list[str],
    *,
    start: datetime | None = None,
    step: timedelta | None = timedelta(hours=7, minutes=13),
    jitter: bool = True,
    **extra: Any,
) -> list[dict[str, Any]]:
    """Dated posts, oldest first, `step` apart (with a fixed irregular jitter, as people
    post), ending shortly before NOW unless `start` is given. step=None: undated."""
    out = []
    if step is not None and start is None:
        start = NOW - step * (len(texts) + 1)
    for i, text in enumerate(texts):
        kind = "repost" if text.startswith("RT @") else "reply" if text.startswith("@") else "post"
        post: dict[str, Any] = {"id": f"p{i}", "text": text, "kind": kind}
        if step is not None:
            wobble = ((i * 7919) % 13 - 6) / 13 * step if jitter else timedelta()
            post["created_at"] = iso(start + step * i + wobble)
        post.update(extra)
        out.append(post)
    return out


def account_dict(handle: str = "asker", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"id-{handle}",
        "handle": handle,
        "platform": "x",
        "observed_at": iso(NOW),
    }
    data.update(fields)
    return data


def account(handle: str = "asker", **fields: Any) -> Account:
    return parse_account(account_dict(handle, **fields))


def followed_by(platform: Any, n: int) -> Any:
    """`platform` (a MemoryPlatform) followed by `n` accounts, ids "0" ... "n-1", handles
    user0 ... (the follower watch's tests)."""
    for i in range(n):
        platform.accounts[str(i)] = parse_account(account_dict(f"user{i}", id=str(i)))
    platform.followers = [str(i) for i in range(n)]
    return platform


CHATTY = [
    "Lovely sunset over the harbour tonight",
    "@maria_k ha, that recipe worked, thank you!",
    "Reading a great book on community building",
    "RT @cx_weekly: Why empathy matters in customer service",
    "Who else is watching the football later?",
    "@dan_p congrats on the new job!",
    "Rain again. Tea and a podcast it is",
    "Marketing idea of the day: listen before you post",
    "@ana_cx totally agree with your thread",
    "Weekend hike photos coming soon",
    "What is the best note-taking app these days?",
    "RT @socialmediatoday: social media tips for small shops",
    "Our team closed 40 support tickets today",
    "@leo_markets good luck with the launch",
    "Trying a new coffee place downtown",
    "Quote of the day: be kind, it costs nothing",
    "Anyone going to the meetup on Thursday?",
    "@sam_r thanks for the recommendation",
    "Spent the morning answering customer questions",
    "Long week, proud of the team",
]


def genuine_posts(n: int = 20) -> list[dict[str, Any]]:
    texts = [
        CHATTY[i % len(CHATTY)] + ("" if i < len(CHATTY) else f" {'again ' * (i // 20)}")
        for i in range(n)
    ]
    return posts(texts)


class Clock:
    """A clock tests move by hand: `clock.now += 3600`."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def verdicts_by_first_reason() -> list[Verdict]:
    """One failing verdict per criterion as its worst reason, with another after it: what
    the thread-fit tests render every reply with."""
    verdicts = []
    for first in CRITERION_IDS:
        second = next(cid for cid in CRITERION_IDS if cid != first)
        failed = tuple(
            CriterionResult(cid, False, score, 1.0, (), (), ())
            for cid, score in ((first, 1.0), (second, 0.9))
        )
        verdicts.append(Verdict("1", "h", 0.5, False, failed))
    return verdicts
