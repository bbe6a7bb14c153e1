"""Account snapshots as account-schema dicts (for the cache and for fixtures): the inverse
of `scoring.parse_account`, so a cached account judges exactly like a fresh one."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from scoring import Account
from scoring.models import ParsedPosts


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | ParsedPosts):  # (posts kept as parsed: a tuple when read)
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if getattr(value, f.name) is not None
        }
    return value


def account_to_dict(account: Account) -> dict[str, Any]:
    return _plain(account)
