"""The bundled demo world (`data/demo/`) as a platform: personas, the owner, the accounts
the owner follows, and a script of mentions (on the demo network, or on Bluesky and
Mastodon), moderator decisions and unfollows."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scoring import Account
from whynot.config import ROOT
from whynot.jsonl import AccountFileError, read_account_file
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform

DEMO = ROOT / "data" / "demo"
NETWORKS = ("bluesky", "mastodon")  # script steps may say "platform": one of these
START = 1_793_534_400.0  # 2026-11-01 12:00 UTC, the world's "now"


class DemoError(ValueError):
    """The demo world files are missing or malformed."""


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # "mention", "override", "unfollow"
    at: float
    data: dict[str, Any]


def identity(account: Account) -> Identity:
    return Identity(
        "demo",
        account.id,
        account.handle,
        account.display_name or "",
        bool(account.is_bot_declared),
    )


def load_accounts(path: Path) -> dict[str, Account]:
    try:
        return {a.handle: a for a in read_account_file(path)}
    except AccountFileError as exc:
        raise DemoError(str(exc)) from None


def load_script(path: Path) -> list[Step]:
    steps = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DemoError(f"cannot read {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            data = json.loads(line)
            if data.get("type") not in ("mention", "override", "unfollow"):
                raise DemoError(f"{path}:{number}: unknown step type {data.get('type')!r}")
            steps.append(Step(data["type"], START + 60.0 * float(data["at"]), data))
    return steps


def demo_world(
    folder: Path = DEMO, owner_handle: str = "fsalas"
) -> tuple[MemoryPlatform, list[Step]]:
    accounts = load_accounts(folder / "accounts.jsonl")
    if owner_handle not in accounts:
        raise DemoError(f"{folder}: the owner @{owner_handle} is not in accounts.jsonl")
    platform = MemoryPlatform(owner=identity(accounts[owner_handle]), name="demo", reply_format="x")
    platform.accounts = {a.id: a for a in accounts.values()}
    steps = load_script(folder / "script.jsonl")
    for number, step in enumerate(steps, start=1):
        if step.kind == "mention":
            author = accounts.get(step.data["from"])
            if author is None:
                raise DemoError(f"script step {number}: unknown persona @{step.data['from']}")
            network = step.data.get("platform", "demo")
            if network not in ("demo", *NETWORKS):
                raise DemoError(f"script step {number}: unknown platform {network!r}")
            who = replace(identity(author), platform=network)
            platform.inbox.append(Mention(network, f"m{number}", who, step.data["text"], step.at))
    return platform, steps


def networks(platform: MemoryPlatform) -> dict[str, MemoryPlatform]:
    """The demo world on Bluesky and Mastodon: the same owner and accounts, each network's
    own reply format (300 graphemes; 500 characters), so their askers get real replies."""
    return {
        name: MemoryPlatform(
            owner=replace(platform.owner, platform=name),
            name=name,
            reply_format=name,
            accounts=platform.accounts,
        )
        for name in NETWORKS
    }


def persona(platform: MemoryPlatform, handle: str) -> Identity:
    for account in platform.accounts.values():
        if account.handle == handle:
            return identity(account)
    raise DemoError(f"unknown persona @{handle}")
