"""What a valid account handle looks like on each platform, and their display names.
Shared by the command line, the Discord commands and anything else that takes a handle
from a person."""

from __future__ import annotations

import re

HANDLE_PATTERNS = {
    "x": re.compile(r"[A-Za-z0-9_]{1,15}"),
    "discord": re.compile(r"[a-z0-9_.]{2,32}"),
}
PLATFORM_LABELS = {"x": "X", "discord": "Discord"}


def clean_handle(platform: str, handle: str) -> str | None:
    """The handle without "@" if it is a valid one on that platform, else None."""
    handle = handle.strip().lstrip("@")
    if platform == "discord":
        handle = handle.lower()  # Discord usernames are lower-case
    pattern = HANDLE_PATTERNS.get(platform)
    return handle if pattern is not None and pattern.fullmatch(handle) else None
