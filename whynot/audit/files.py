"""The audit's output folder: file names and formats, the CSV row of a verdict, the meta
file that says what is audited, and where an interrupted audit resumes.

Files in the output folder:

- `audit.csv`: one row per account in input order (`COLUMNS`); also the progress log.
- `audit.errors.jsonl`: input lines that could not be read, `{"line": N, "error": "..."}`.
- `audit.meta.json`: what is audited (source, owner config, the clock verdicts use);
  a later run into the same folder resumes only when these match.
- `audit.html`: the page (`whynot.audit.report`), written once every account is done.

Resuming: rows are appended and flushed batch by batch, so the CSV itself says how far
the audit got. On start, a partial last line (a kill mid-write) is cut off, and the last
complete row gives the position (and id) reached; the source then skips everything up
to it without parsing or judging it. A finished account is never judged again, and
resuming needs no set of finished ids (memory stays flat). Error lines past that point
are dropped and read again. Text cells never hold a line break, so one row is one line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from scoring import CRITERION_IDS, Verdict
from whynot.jsonl import LineError
from whynot.safe_text import clean

CSV_NAME = "audit.csv"
ERRORS_NAME = "audit.errors.jsonl"
META_NAME = "audit.meta.json"
HTML_NAME = "audit.html"

REVIEWED = "reviewed"
TOO_LITTLE_DATA = "too little data"  # no criterion had enough data to judge at all
NOT_REVIEWED = "not reviewed"  # known by id only (an archive follower with no cached profile)

CRITERION_FIELDS = ("passed", "score", "confidence")
COLUMNS: tuple[str, ...] = (
    "position",  # input line (jsonl), follower number (archive), order by id (store)
    "id",
    "handle",
    "status",
    "fake_score",
    "follow_back",
    "failed",  # failed criteria, worst first, space-separated
    *(f"{c}_{f}" for c in CRITERION_IDS for f in CRITERION_FIELDS),
    "top_evidence",  # "criterion: first evidence" per failed criterion, worst first, " | "
)
META_FORMAT = 1
ERROR_CHARS = 300  # an error message longer than this is cut: the errors file stays small
CELL_CHARS = 4000  # a longer text cell is cut (a handle is 15 characters on X)

# A spreadsheet runs a cell starting with one of these as a formula; handles and evidence
# are hostile input, so such cells get a leading apostrophe (OWASP's advice), and so does
# a cell that already starts with one, which makes `uncell` exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "'")

ItemResult = list[str] | LineError | None  # a CSV row, an unreadable line, or a blank line


class AuditConflict(ValueError):
    """The output folder holds a different audit; the message says how to go on."""


@dataclass(frozen=True, slots=True)
class Resume:
    """The last row already in audit.csv: the source skips up to and including it."""

    position: int
    id: str


# --- CSV cells ----------------------------------------------------------------------------


def cell(text: str) -> str:
    """Account-controlled text as one safe CSV cell: one line, never a formula, and far
    below the csv module's 128 KiB field limit."""
    if len(text) > CELL_CHARS:
        text = text[: CELL_CHARS - 1] + "…"
    text = text.replace("\r", " ").replace("\n", " ").replace("\0", "")
    return "'" + text if text.startswith(_FORMULA_START) else text


def uncell(text: str) -> str:
    """The text `cell` was given (less line breaks)."""
    return text[1:] if text.startswith("'") else text


def _num(value: float) -> str:
    return repr(round(value, 4))  # as `score` prints it in JSON


def _bool(value: bool) -> str:
    return "true" if value else "false"


def verdict_row(position: int, verdict: Verdict) -> list[str]:
    failed = verdict.failed
    by_id = {c.id: c for c in verdict.criteria}
    row = [
        str(position),
        cell(verdict.id),
        cell(verdict.handle),
        REVIEWED if verdict.reviewable else TOO_LITTLE_DATA,
        _num(verdict.fake_score),
        _bool(verdict.follow_back),
        " ".join(c.id for c in failed),
    ]
    for criterion_id in CRITERION_IDS:
        c = by_id.get(criterion_id)
        row += [_bool(c.passed), _num(c.score), _num(c.confidence)] if c else ["", "", ""]
    # "|" inside evidence (a quoted post) becomes "¦", so the cell splits back unambiguously.
    row.append(
        cell(" | ".join(f"{c.id}: {c.evidence[0].replace('|', '¦')}" for c in failed if c.evidence))
    )
    return row


def missing_row(position: int, account_id: str) -> list[str]:
    row = [str(position), cell(account_id), "", NOT_REVIEWED, "", "", ""]
    return row + [""] * (len(COLUMNS) - len(row))


# --- the output folder --------------------------------------------------------------------


def _owner_key(owner_config: Path | None) -> str | None:
    return str(owner_config.resolve()) if owner_config is not None else None


def read_meta(out: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((out / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def prepare(
    out: Path, description: str, owner_config: Path | None, fresh: bool, now: datetime | None
) -> dict[str, Any]:
    """Start or continue the audit in `out`; returns its meta (the clock is kept)."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / CSV_NAME
    if fresh:
        for name in (CSV_NAME, ERRORS_NAME, META_NAME, HTML_NAME):
            (out / name).unlink(missing_ok=True)
    meta = read_meta(out)
    wanted = {"source": description, "owner_config": _owner_key(owner_config)}
    if csv_path.exists() and csv_path.stat().st_size > 0:
        if meta is None:
            raise AuditConflict(
                f"{csv_path} exists but {META_NAME} is missing: add --fresh to start over, "
                "or choose another --out"
            )
        differs = [k for k, v in wanted.items() if meta.get(k) != v]
        if meta.get("columns") != list(COLUMNS):
            differs.append("columns")
        if differs:
            raise AuditConflict(
                f"{out} holds another audit ({meta.get('source')}, owner config "
                f"{meta.get('owner_config')}): add --fresh to start over, or choose another --out"
            )
        return meta
    (out / ERRORS_NAME).unlink(missing_ok=True)
    (out / HTML_NAME).unlink(missing_ok=True)
    meta = {
        "format": META_FORMAT,
        **wanted,
        "now": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "columns": list(COLUMNS),
    }
    tmp = out / (META_NAME + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out / META_NAME)
    return meta


def _header_line() -> bytes:
    return (",".join(COLUMNS) + "\n").encode()  # no column name needs quoting


def resume_point(csv_path: Path) -> tuple[Resume | None, int]:
    """Cut a partial last line off audit.csv; return the last row and the row count.
    One pass over the file, one line in memory at a time."""
    if not csv_path.exists():
        return None, 0
    rows, last, good_end = 0, b"", 0
    with csv_path.open("rb+") as fh:
        header = fh.readline()
        if header != _header_line():
            if _header_line().startswith(header):  # killed while writing the header
                fh.truncate(0)
                return None, 0
            raise AuditConflict(f"{csv_path}: unexpected columns; add --fresh to start over")
        good_end = fh.tell()
        for line in fh:
            if not line.endswith(b"\n"):
                break
            rows, last, good_end = rows + 1, line, good_end + len(line)
        fh.truncate(good_end)
    if not rows:
        return None, 0
    fields = next(csv.reader([last.decode("utf-8", "replace")]))
    try:
        return Resume(int(fields[0]), uncell(fields[1])), rows
    except (IndexError, ValueError):
        raise AuditConflict(
            f"{csv_path}: the last row is damaged; add --fresh to start over"
        ) from None


def trim_errors(path: Path, upto: int) -> int:
    """Keep the error lines up to position `upto` (later ones are read again); count them."""
    if not path.exists():
        return 0
    kept, end = 0, 0
    with path.open("rb+") as fh:
        for line in fh:
            try:
                number = json.loads(line)["line"] if line.endswith(b"\n") else None
            except (ValueError, KeyError, TypeError):
                number = None
            if not isinstance(number, int) or number > upto:
                break
            kept, end = kept + 1, end + len(line)
        fh.truncate(end)
    return kept


class Writer:
    """Appends rows to audit.csv and errors to audit.errors.jsonl."""

    def __init__(self, out: Path, new: bool) -> None:
        # errors="replace": a handle may hold lone surrogates, which UTF-8 cannot encode.
        self._csv = (out / CSV_NAME).open("a", newline="", encoding="utf-8", errors="replace")
        self._rows = csv.writer(self._csv, lineterminator="\n")
        if new:
            self._rows.writerow(COLUMNS)
        # Line-buffered: an error line is on disk before any later row can be.
        self._errors = (out / ERRORS_NAME).open(
            "a", encoding="utf-8", errors="replace", buffering=1
        )
        self.rows = 0
        self.errors = 0

    def write(self, result: ItemResult) -> None:
        if result is None:
            return
        if isinstance(result, LineError):
            error = clean(result.error).replace("\n", " ")[:ERROR_CHARS]
            self._errors.write(
                json.dumps({"line": result.line, "error": error}, ensure_ascii=False) + "\n"
            )
            self.errors += 1
        else:
            # a lone surrogate (an emoji cut in half) is written as U+FFFD, as everywhere
            self._rows.writerow([clean(v) if isinstance(v, str) else v for v in result])
            self.rows += 1

    def flush(self) -> None:
        self._csv.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._csv.close()
        self._errors.close()


def is_empty(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0
