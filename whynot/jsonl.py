"""Reading account JSON Lines: one `Account` or one error per non-blank line, in order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scoring import Account, AccountError, parse_account


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
