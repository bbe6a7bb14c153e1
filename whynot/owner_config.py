"""The owner context file (`--owner-config PATH`, TOML) -> a ready `OwnerIndex`.

[owner]
handle = "fsalas"
interests = ["social media", "marketing", "customer service"]
news_outlets = ["cnn", "tmz"]
following = "following.jsonl"   # account schema lines, relative to this file
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from scoring import Account, OwnerContext, OwnerIndex, build_owner_index
from whynot.jsonl import AccountFileError, read_account_file


class OwnerConfigError(ValueError):
    """The owner config cannot be used; the message says which file and what is wrong."""


def _str_list(table: dict, key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OwnerConfigError(f"{path}: [owner] {key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _accounts(table: dict, key: str, base: Path, path: Path) -> tuple[Account, ...]:
    name = table.get(key)
    if name is None:
        return ()
    if not isinstance(name, str):
        raise OwnerConfigError(f"{path}: [owner] {key} must be a file name")
    try:
        return tuple(read_account_file((base / name).resolve()))
    except AccountFileError as exc:
        raise OwnerConfigError(f"{path}: [owner] {key}: {exc}") from None


def read_owner_context(path: Path) -> OwnerContext:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OwnerConfigError(f"cannot read owner config {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise OwnerConfigError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("owner")
    if not isinstance(table, dict):
        raise OwnerConfigError(f"{path}: missing the [owner] table")
    handle = table.get("handle", "")
    if not isinstance(handle, str):
        raise OwnerConfigError(f"{path}: [owner] handle must be a string")
    return OwnerContext(
        handle=handle.lstrip("@"),
        interests=_str_list(table, "interests", path),
        news_outlets=frozenset(
            h.lower().lstrip("@") for h in _str_list(table, "news_outlets", path)
        ),
        following=_accounts(table, "following", path.parent, path),
        own_posts=tuple(
            p for a in _accounts(table, "own_posts", path.parent, path) for p in a.posts
        ),
    )


def load_owner_config(path: Path) -> OwnerIndex:
    return build_owner_index(read_owner_context(path))
