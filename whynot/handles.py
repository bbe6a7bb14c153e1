"""What a valid account handle looks like on each platform, and their display names;
`platform:handle` read as a platform and a handle. Shared by the command line, the Discord
commands and anything else that takes a handle from a person."""

from __future__ import annotations

import re

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HANDLE_PATTERNS = {
    "x": re.compile(r"[A-Za-z0-9_]{1,15}"),
    "discord": re.compile(r"[a-z0-9_.]{2,32}"),
    # Bluesky: a domain name (atproto handle syntax), at most 253 characters.
    "bluesky": re.compile(rf"(?=.{{3,253}}$)(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?"),
    # Mastodon: username, or username@instance for an account elsewhere.
    "mastodon": re.compile(rf"[A-Za-z0-9_]{{1,30}}(?:@(?:{_LABEL}\.)+[a-z]{{2,63}})?"),
}
PLATFORM_LABELS = {"x": "X", "discord": "Discord", "bluesky": "Bluesky", "mastodon": "Mastodon"}
# What a valid handle looks like, in a refusal's words (HANDLE_PATTERNS, said).
HANDLE_SHAPES = {
    "x": "1 to 15 letters, digits or _",
    "discord": "2 to 32 lower-case letters, digits, _ or .",
    "bluesky": "a domain name such as name.bsky.social: letters, digits and -, no _",
    "mastodon": "your username, or username@your.instance",
}


def clean_handle(platform: str, handle: str) -> str | None:
    """The handle without "@" if it is a valid one on that platform, else None."""
    handle = handle.strip().lstrip("@")
    if platform in ("discord", "bluesky"):
        handle = handle.lower()  # Discord usernames and Bluesky handles are lower-case
    pattern = HANDLE_PATTERNS.get(platform)
    return handle if pattern is not None and pattern.fullmatch(handle) else None


def split_target(raw: str, platform: str) -> tuple[str, str]:
    """`platform:handle` ("bluesky:ana.bsky.social", "mastodon:ana@social.example") ->
    (platform, handle); without a known platform prefix, (`platform`, raw) unchanged."""
    prefix, sep, rest = raw.strip().partition(":")
    if sep and prefix.lower() in PLATFORM_LABELS and rest.strip():
        return prefix.lower(), rest.strip()
    return platform, raw
