"""A list of async listeners that hear of something (the desk's outcomes, the feed's
digests): subscribe, unsubscribe, and publish to each in turn. A failing listener is
logged, with a line naming what it was told of, and stops neither the others nor the
publisher: the feed is a courtesy to the owner, never a reason to lose a reply."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Listeners(Generic[T]):
    def __init__(self, what: Callable[[T], str]) -> None:
        self._what = what  # names the thing told, for the log line of a failing listener
        self._listeners: list[Callable[[T], Awaitable[None]]] = []

    def __iter__(self) -> Iterator[Callable[[T], Awaitable[None]]]:
        return iter(list(self._listeners))

    def subscribe(self, listener: Callable[[T], Awaitable[None]]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[T], Awaitable[None]]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def publish(self, item: T) -> None:
        for listener in list(self._listeners):
            try:
                await listener(item)
            except Exception:
                log.exception("feed listener failed for %s", self._what(item))
