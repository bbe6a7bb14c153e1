"""Reading account files: JSON Lines (one `Account` or one error per non-blank line, in
order), and the one account a command such as `preview` is about."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scoring import Account, AccountError, parse_account

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    error: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "error": self.error}


def read_accounts(
    lines: Iterable[str | bytes], skip_blank: bool = True
) -> Iterator[tuple[int, Account | LineError]]:
    """Yield (line number from 1, account or error) for every line. Blank lines are
    skipped, or reported as errors when every input line must get an output line."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, LineError(number, "not valid UTF-8 text")
                continue
        if number == 1:
            # Notepad and Excel start a UTF-8 file with a byte-order mark; it is no text.
            raw = raw.removeprefix(BOM)
        if not raw.strip():
            if not skip_blank:
                yield number, LineError(number, "empty line: expected one JSON object")
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, LineError(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield number, LineError(number, "not valid JSON: nested too deeply")
            continue
        except ValueError as exc:  # e.g. an integer with more digits than Python allows
            yield number, LineError(number, f"not valid JSON: {exc}")
            continue
        try:
            yield number, parse_account(obj)
        except AccountError as exc:
            yield number, LineError(number, str(exc))


_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


def pretty_printed(first_line: bytes) -> bool:
    """A first line that is a lone "{" opens a pretty-printed JSON object (the kind
    `preview --account` takes, or the first of several, as `jq .` writes them): never
    JSON Lines, whose every line is a whole object."""
    return first_line.removeprefix(BOM.encode()).strip() == b"{"


def account_lines(source: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of an accounts file (an open binary file): JSON Lines as they are, or
    pretty-printed accounts as a single line each (`pretty_printed`, `compacted`)."""
    lines = iter(source)
    first = next(lines, b"")
    if pretty_printed(first):
        yield from compacted(first + b"".join(lines))
    elif first:
        yield first
        yield from lines


def compacted(whole: bytes) -> Iterator[bytes]:
    """Pretty-printed JSON objects, one or several one after another (`jq .` writes a
    JSON Lines file so), as JSON Lines lines, one each; from where it is not valid JSON,
    the rest's lines joined as one line, so the reader names one error for it rather than
    one per line (or "Extra data" for the whole file)."""
    try:
        text = whole.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError:
        yield b" ".join(whole.splitlines())
        return
    decoder, at = json.JSONDecoder(), _past_space(text, 0)
    while at < len(text):
        try:
            obj, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            yield " ".join(text[at:].splitlines()).encode("utf-8")
            return
        yield json.dumps(obj, ensure_ascii=False).encode("utf-8")
        at = _past_space(text, at)


def _past_space(text: str, at: int) -> int:
    """Where the JSON whitespace from `at` ends."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # `*`: always matches


class AccountFileError(ValueError):
    """An account file cannot be used: unreadable, or a line that is not an account."""


def read_account_file(path: Path) -> list[Account]:
    """Every account of a JSON Lines file, or AccountFileError naming the first bad line
    (for files the owner maintains, where a bad line is a mistake to fix, not to skip)."""
    try:
        with path.open(encoding="utf-8") as fh:
            parsed = list(read_accounts(fh))
    except OSError as exc:
        raise AccountFileError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AccountFileError(f"cannot read {path}: not UTF-8 text") from None
    for _, item in parsed:
        if isinstance(item, LineError):
            raise AccountFileError(f"{path}: line {item.line}: {item.error}")
    return [item for _, item in parsed if isinstance(item, Account)]


def read_one_account(path: Path, handle: str | None = None) -> Account:
    """One account from FILE ('-': standard input): one JSON object (pretty-printed or
    not), or a JSON Lines file holding one account, or several (as lines, or pretty-printed
    one after another) and `handle` naming it (case and a leading "@" ignored). ValueError
    with a one-line reason otherwise."""
    try:
        raw = (
            sys.stdin.buffer.read().decode("utf-8")
            if str(path) == "-"
            else path.read_text(encoding="utf-8")
        )
    except OSError as exc:
        raise ValueError(f"cannot read account file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValueError(f"cannot read account file {path}: not UTF-8 text") from None
    raw = raw.removeprefix(BOM)
    if not raw.strip():
        raise ValueError(f"account file {path} is empty: expected one account JSON object")
    try:
        whole = json.loads(raw)
    except (json.JSONDecodeError, RecursionError, ValueError):
        whole = None  # not one JSON value: perhaps JSON Lines
    if whole is None:  # JSON Lines, or several pretty-printed accounts (`jq .` writes so)
        # split as JSON Lines is (at "\n"; str.splitlines would split at a U+2028 in a post)
        lines = account_lines(raw.encode("utf-8").splitlines(keepends=True))
        accounts: list[Account] = []
        for _, item in read_accounts(lines):
            if isinstance(item, LineError):
                raise ValueError(f"account file {path}: line {item.line}: {item.error}")
            accounts.append(item)
    elif isinstance(whole, dict):
        try:
            accounts = [parse_account(whole)]
        except AccountError as exc:
            raise ValueError(f"account file {path}: {exc}") from None
    else:
        raise ValueError(
            f"account file {path}: expected one account JSON object, not {type(whole).__name__}"
        )
    if handle is not None:
        return _by_handle(path, accounts, handle)
    if len(accounts) != 1:
        raise ValueError(
            f"account file {path} holds {len(accounts)} accounts; name the asker with "
            f"--handle (e.g. --handle {accounts[0].handle})"
        )
    return accounts[0]


def _by_handle(path: Path, accounts: list[Account], handle: str) -> Account:
    wanted = handle.strip().lstrip("@").lower()
    found = [a for a in accounts if a.handle.lstrip("@").lower() == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        raise ValueError(f"account file {path} holds {len(found)} accounts with handle {handle}")
    some = ", ".join(a.handle for a in accounts[:5]) + (", ..." if len(accounts) > 5 else "")
    raise ValueError(f"account file {path} has no account with handle {handle} (it has {some})")
