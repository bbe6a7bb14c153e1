"""Text every layer can carry: decoded JSON may hold lone surrogates (\\ud800), which
SQLite, aiohttp, UTF-8 files and the platforms cannot encode. They become U+FFFD at the
boundaries: the store's parameters, the replies' values, the feed, files read from an
archive (`clean_json`), and the standard streams (whynot.cli.safe_streams)."""

from __future__ import annotations

import re
from typing import Any, overload

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: object) -> str:
    """The text with each lone surrogate replaced by one U+FFFD."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def clean_params(params: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(clean(p) if isinstance(p, str) else p for p in params)


@overload
def clean_json(value: dict[str, Any]) -> dict[str, Any]: ...
@overload
def clean_json(value: object) -> object: ...
def clean_json(value: object) -> object:
    """Decoded JSON with every string (keys too) made encodable."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean_json(v) for k, v in value.items()}
    return value
