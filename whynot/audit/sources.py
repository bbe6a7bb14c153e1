"""Where the audited accounts come from, read one item at a time: account JSON Lines (a line
stays undecoded bytes until a worker parses it), the followers in an X archive with their
cached profiles, or every account the store has cached. Each yields (position, payload)
and can skip to where an earlier run stopped (`Resume`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

from scoring import Account
from whynot.archive import read_archive
from whynot.audit.files import Resume
from whynot.jsonl import account_lines, pretty_printed

T = TypeVar("T")


class SourceError(ValueError):
    """The source cannot be read; the message says which and why."""


class SourceUnreachable(SourceError):
    """A live source did not answer just now (no network, the service down, a rate
    limit): nothing to fix in the set-up, and the same command later resumes (exit 1)."""


@dataclass(frozen=True, slots=True)
class Missing:
    """An account known by id only: there is no profile to judge."""

    id: str


Payload = bytes | Account | Missing
Item = tuple[int, Payload]  # (position, what to judge); positions grow from 1


class Source(Protocol):
    """Accounts to audit, in a stable order. Used as a context manager (opened on enter)."""

    description: str  # what is audited, e.g. "jsonl /path/file.jsonl"; checked on resume

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def total(self) -> int | None:
        """How many items `items(None)` yields, for the progress bar (None: unknown)."""
        ...

    def items(self, after: Resume | None) -> Iterator[Item]:
        """(position, payload) in order, skipping everything up to `after`."""
        ...


class AccountCache(Protocol):
    """What the sources read of `whynot.store.accounts.Accounts`."""

    async def cached(self, platform: str, account_id: str, now: float) -> Account | None: ...

    def every(self, platform: str, after: str = "") -> AsyncIterator[Account]: ...

    async def count(self, platform: str) -> int: ...


class CachedProfiles(Protocol):
    """What the archive and store sources need from `whynot.store.Store`."""

    @property
    def accounts(self) -> AccountCache: ...

    async def close(self) -> None: ...


class _Loop:
    """A private event loop, so the synchronous audit loop can call the async store."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()

    def run(self, coro: Coroutine[Any, Any, T] | Awaitable[T]) -> T:
        return self._loop.run_until_complete(coro)

    def iterate(self, agen: AsyncIterator[T]) -> Iterator[T]:
        try:
            while True:
                try:
                    yield self.run(agen.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            aclose = getattr(agen, "aclose", None)
            if aclose is not None:
                self.run(aclose())

    def close(self) -> None:
        self._loop.close()


class JsonlSource:
    """Account-schema JSON Lines; the position is the line number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"jsonl {path.resolve()}"

    def __enter__(self) -> Self:
        if not self.path.is_file():
            raise SourceError(f"cannot read {self.path}: not a file")
        try:
            with self.path.open("rb"):
                pass
        except OSError as exc:
            raise SourceError(f"cannot read {self.path}: {exc.strerror}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def total(self) -> int:
        lines, last = 0, b"\n"
        with self.path.open("rb") as fh:
            if pretty_printed(fh.readline()):  # one account or several, not lines
                fh.seek(0)
                return sum(1 for _ in account_lines(fh))
            fh.seek(0)
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")

    def items(self, after: Resume | None) -> Iterator[Item]:
        skip = after.position if after else 0
        with self.path.open("rb") as fh:
            for number, line in enumerate(account_lines(fh), start=1):
                if number > skip:
                    yield number, line


class _StoreSession:
    """The store a source reads, opened on a private loop by `_open` and closed, loop and
    all, on exit (also when opening fails half-way)."""

    def __init__(self, open_store: Callable[[], Awaitable[CachedProfiles]]) -> None:
        self._open_store = open_store
        self._loop: _Loop | None = None
        self._store: CachedProfiles | None = None

    def _open(self) -> CachedProfiles:
        self._loop = _Loop()
        try:
            self._store = self._loop.run(self._open_store())
        except BaseException:
            self.__exit__()
            raise
        return self._store

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            if self._store is not None:
                self._loop.run(self._store.close())
                self._store = None
            self._loop.close()
            self._loop = None


class ArchiveSource(_StoreSession):
    """The followers in an X archive whom the owner does not follow back, with their
    latest cached profiles; the position is the follower's number in that list. A
    follower with no cached profile is listed as not reviewed."""

    def __init__(
        self,
        path: Path,
        open_store: Callable[[], Awaitable[CachedProfiles]],
        platform: str = "x",
    ) -> None:
        super().__init__(open_store)
        self.path = path
        self.description = f"archive {path.resolve()}"
        self.platform = platform
        self.owner_handle = ""
        self.followers = 0
        self._ids: list[str] = []

    def __enter__(self) -> Self:
        archive = read_archive(self.path)  # ArchiveError names the file
        followed = set(archive.following)
        self.owner_handle = archive.handle
        self.followers = len(archive.followers)
        self._ids = list(dict.fromkeys(i for i in archive.followers if i not in followed))
        self._open()
        return self

    def total(self) -> int:
        return len(self._ids)

    def items(self, after: Resume | None) -> Iterator[Item]:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        start = after.position if after else 0
        for position, account_id in enumerate(self._ids[start:], start=start + 1):
            # now=0.0: any cached snapshot, however old, beats none for an audit.
            account = self._loop.run(self._store.accounts.cached(self.platform, account_id, 0.0))
            yield position, account if account is not None else Missing(account_id)


class StoreSource(_StoreSession):
    """Every account cached in the store for one platform, in account id order.

    Resumes after the last id written (keyset), not after a count, so accounts cached
    between two runs do not shift the others; one cached meanwhile with an id before the
    resume point is left out until an audit with --fresh.
    """

    def __init__(self, open_store: Callable[[], Awaitable[Any]], platform: str = "x") -> None:
        super().__init__(open_store)
        self.platform = platform
        self.description = f"store {platform}"

    def __enter__(self) -> Self:
        store = self._open()
        if not hasattr(getattr(store, "accounts", None), "every"):
            self.__exit__()
            raise SourceError(
                "this version of the store cannot list its cached accounts yet "
                "(Store.accounts.every is missing); use --source jsonl or archive"
            )
        return self

    def total(self) -> int:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        return self._loop.run(self._store.accounts.count(self.platform))

    def items(self, after: Resume | None) -> Iterator[Item]:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        position = after.position if after else 0
        accounts = self._store.accounts.every(self.platform, after.id if after else "")
        for account in self._loop.iterate(accounts):
            position += 1
            yield position, account
