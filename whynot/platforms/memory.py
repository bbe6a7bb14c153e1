"""An in-memory platform: the demo world and the tests' fake. Everything a real adapter
does, against dicts and lists; optional scripted send failures for tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from scoring import Account
from whynot.models import Identity, Mention
from whynot.platform import AccountStatus, FollowerPage, SendError


@dataclass
class SentReply:
    to: Mention
    posts: tuple[str, ...]
    ids: tuple[str, ...]
    under: str | None = None  # the post it went on from (the rest of a thread cut earlier)


@dataclass
class MemoryPlatform:
    owner: Identity
    name: str = "demo"
    reply_format: str = "x"
    accounts: dict[str, Account] = field(default_factory=dict)  # by account id
    inbox: list[Mention] = field(default_factory=list)
    followers: list[str] = field(default_factory=list)
    page_size: int = 1000
    sent: list[SentReply] = field(default_factory=list)
    dms: list[tuple[Identity, str]] = field(default_factory=list)
    # message id -> errors to raise on the next send attempts, in order
    failures: dict[str, list[SendError]] = field(default_factory=dict)
    fetches: int = 0
    gone: set[str] = field(default_factory=set)  # suspended or deleted account ids
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def me(self) -> Identity:
        return self.owner

    async def fetch_account(self, who: Identity, max_posts: int) -> Account | None:
        self.fetches += 1
        account = self.accounts.get(who.id)
        if account is None:
            return None
        newest = sorted(account.posts, key=lambda p: (p.created_at is not None, p.created_at))
        return replace(account, posts=tuple(newest[-max_posts:]) if max_posts else ())

    async def identify(self, who: Identity) -> Identity:
        return who  # messages arrive with their authors' handles and names

    async def mentions_since(
        self, since_id: str | None, not_before: float | None = None
    ) -> Sequence[Mention]:
        if since_id is None:
            return list(self.inbox)
        ids = [m.id for m in self.inbox]
        return list(self.inbox[ids.index(since_id) + 1 :]) if since_id in ids else list(self.inbox)

    async def follower_ids(self, cursor: str | None) -> FollowerPage:
        start = int(cursor or 0)
        page = self.followers[start : start + self.page_size]
        end = start + len(page)
        return FollowerPage(tuple(page), str(end) if end < len(self.followers) else None)

    async def reply(
        self, to: Mention, posts: Sequence[str], under: str | None = None
    ) -> Sequence[str]:
        pending = self.failures.get(to.id)
        if pending:
            raise pending.pop(0)
        ids = tuple(f"r{next(self._ids)}" for _ in posts)
        self.sent.append(SentReply(to, tuple(posts), ids, under))
        return ids

    async def direct_message(self, to: Identity, text: str) -> bool:
        self.dms.append((to, text))
        return True

    async def lookup(self, ids: Sequence[str]) -> dict[str, AccountStatus]:
        found = {}
        for i in ids:
            account = self.accounts.get(i)
            if account is None or i in self.gone:
                found[i] = AccountStatus("gone")
            else:
                who = Identity(self.name, account.id, account.handle, account.display_name or "")
                found[i] = AccountStatus("protected" if account.protected else "active", who)
        return found

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        return tuple(i for s in self.sent if s.to.id == to.id for i in s.ids)  # a thread's rest too
