"""The owner's X data archive (the zip X lets every user download, or its unpacked folder):
followers, followed accounts, the account, and the owner's own posts, read without
spending API money.

Each `data/*.js` file is JavaScript that assigns a JSON array:
`window.YTD.<type>.part<N> = [ ... ]`. Large archives split a type across
`<type>-part1.js`, `<type>-part2.js`, ...
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from whynot.safe_text import clean_json

_ASSIGNMENT = re.compile(r"^\s*window\.YTD\.[\w.]+\s*=\s*", re.S)


class ArchiveError(ValueError):
    """The archive cannot be read; the message names the file."""


@dataclass
class Archive:
    account_id: str = ""
    handle: str = ""
    display_name: str = ""
    followers: list[str] = field(default_factory=list)
    following: list[str] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)  # account-schema posts


def _parts(names: list[str], kind: str) -> list[str]:
    pattern = re.compile(rf"(?:^|/)data/{kind}(?:-part\d+)?\.js$")
    return sorted(n for n in names if pattern.search(n))


def _decode(name: str, text: str) -> list[dict[str, Any]]:
    body = _ASSIGNMENT.sub("", text, count=1).strip().rstrip(";")
    try:
        items = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ArchiveError(f"{name}: not a window.YTD data file ({exc.msg})") from None
    if not isinstance(items, list):
        raise ArchiveError(f"{name}: expected a list")
    # An archive holds lone surrogates where X cut an emoji: U+FFFD from here on.
    return [clean_json(i) for i in items if isinstance(i, dict)]


def _files(path: Path) -> Iterator[tuple[list[str], Any]]:
    if path.is_dir():
        names = [str(p.relative_to(path)) for p in path.rglob("*.js")]
        yield names, lambda n: (path / n).read_text(encoding="utf-8")
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            yield zf.namelist(), lambda n: zf.read(n).decode("utf-8")
    else:
        raise ArchiveError(f"{path}: not a folder or a zip file")


def _post(tweet: dict[str, Any]) -> dict[str, Any]:
    entities = tweet.get("entities") or {}
    text = str(tweet.get("full_text") or tweet.get("text") or "")
    kind = "post"
    if tweet.get("in_reply_to_status_id_str"):
        kind = "reply"
    elif text.startswith("RT @"):
        kind = "repost"
    created = tweet.get("created_at")
    when = None
    if isinstance(created, str):
        try:
            when = datetime.strptime(created, "%a %b %d %H:%M:%S %z %Y").isoformat()
        except ValueError:
            when = None
    return {
        "id": str(tweet.get("id_str") or tweet.get("id") or ""),
        "text": text,
        "kind": kind,
        "created_at": when,
        "urls": [u["expanded_url"] for u in entities.get("urls") or [] if u.get("expanded_url")],
        "hashtags": [h["text"] for h in entities.get("hashtags") or [] if h.get("text")],
        "mentions": [
            m["screen_name"] for m in entities.get("user_mentions") or [] if m.get("screen_name")
        ],
    }


def read_archive(path: Path) -> Archive:
    archive = Archive()
    try:
        for names, read in _files(path):
            accounts = _parts(names, "account")
            if not accounts:
                raise ArchiveError(f"{path}: no data/account.js: is this an X archive?")
            for name in accounts:
                for item in _decode(name, read(name)):
                    acc = item.get("account") or {}
                    archive.account_id = str(acc.get("accountId", archive.account_id))
                    archive.handle = str(acc.get("username", archive.handle))
                    archive.display_name = str(acc.get("accountDisplayName", ""))
            for name in _parts(names, "follower"):
                archive.followers += [
                    str(i["follower"]["accountId"])
                    for i in _decode(name, read(name))
                    if "follower" in i
                ]
            for name in _parts(names, "following"):
                archive.following += [
                    str(i["following"]["accountId"])
                    for i in _decode(name, read(name))
                    if "following" in i
                ]
            for name in _parts(names, "tweets") or _parts(names, "tweet"):
                archive.posts += [_post(i.get("tweet", i)) for i in _decode(name, read(name))]
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path}: cannot read the archive: {exc}") from None
    return archive
