"""A bot process for the kill test: answers a queue of mentions on a platform whose posts
are appended to a file (so they survive the process), with the real desk and store.

    python -m tests.faults.kill_runner DB OUTBOX
    python -m tests.faults.kill_runner --forks DB OUTBOX

The second form imports once, then starts one such bot process (a fork) per line it reads,
printing the process id, then how it ended (0, or -9 after a SIGKILL): the test kills a
dozen of them, and a fork answers within milliseconds where a new interpreter takes seconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from scoring import OwnerIndex
from whynot.config import ReplySettings, Settings
from whynot.desk import Desk
from whynot.intents import model
from whynot.models import Mention
from whynot.platforms.demo import demo_world, identity
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.reply_language import warm
from whynot.store import Store

MENTIONS = 200
TEXTS = (
    "why didn't you follow me back?",
    "follow me back pls",
    "why did you unfollow me?",
    "¿por qué no me sigues?",
)


@dataclass
class FilePlatform(MemoryPlatform):
    """Posting = appending one line to OUTBOX (one write call, flushed to disk)."""

    outbox: Path = Path("outbox.jsonl")

    async def reply(self, to: Mention, posts, under=None):
        await asyncio.sleep(0.004)  # a network round trip: the process can die during it
        line = json.dumps({"to": to.id, "posts": len(posts)}) + "\n"
        fd = os.open(self.outbox, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        return [f"r-{to.id}-{i}" for i in range(len(posts))]  # a thread: an id a post

    async def already_replied(self, to: Mention) -> tuple[str, ...] | None:
        if not self.outbox.exists():
            return ()
        sent = [json.loads(line) for line in self.outbox.read_text().splitlines() if line.strip()]
        made = sum(s["posts"] for s in sent if s["to"] == to.id)  # one line a whole reply
        return tuple(f"r-{to.id}-{i}" for i in range(made))


def queue(platform: MemoryPlatform) -> list[Mention]:
    people = [
        identity(a)
        for a in platform.accounts.values()
        if not a.is_bot_declared and a.handle != platform.owner.handle
    ]
    return [
        Mention("demo", f"k{i:03d}", people[i % len(people)], TEXTS[i % len(TEXTS)])
        for i in range(MENTIONS)
    ]


async def main(db: Path, outbox: Path) -> None:
    world, _ = demo_world()
    platform = FilePlatform(owner=world.owner, name="demo", accounts=world.accounts, outbox=outbox)
    platform.inbox = queue(platform)
    store = await Store.open(db)
    settings = Settings(
        replies=ReplySettings(cooldown_hours=0, max_per_hour=10**6, retry_base_seconds=0)
    )
    desk = Desk(store, {"demo": platform}, ReplyRenderer(), OwnerIndex(), settings)
    try:
        await desk.recover()
        await desk.retry_due()
        await desk.poll(platform)
        await desk.retry_due()
    finally:
        await store.close()
    print("done", flush=True)


def forks(db: Path, outbox: Path) -> None:
    """One bot process per line on stdin, forked from this one (nothing opened yet; the
    intent model and the language identifier, which a bot loads at its first mention,
    loaded already: every fork is answering within milliseconds)."""
    model()
    warm()
    for _ in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the bot: its own event loop, store and platform, as a fresh start
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)  # its "done" is not a line of this protocol
                asyncio.run(main(db, outbox))
                code = 0
            except BaseException:
                traceback.print_exc()  # to the server's stderr, which the test shows
            finally:
                os._exit(code)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--forks":
        forks(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
