"""Text every layer can carry: decoded JSON may hold lone surrogates (\\ud800), which
SQLite, aiohttp and the platforms cannot encode. They become U+FFFD at the boundaries
(the store's parameters and the replies' values)."""

from __future__ import annotations


def clean(value: object) -> str:
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def clean_params(params: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(clean(p) if isinstance(p, str) else p for p in params)
