"""The owner's audit: every account of a source judged by the scorer, one CSV row each.

Owns the sources (account JSON Lines, an X archive plus cached profiles, the store's
cached accounts), the streaming loop, resuming, and the CSV row format. The HTML page is
`whynot.audit_report`; the command line is `whynot.cli.audit`.

Files in the output folder:

- `audit.csv`: one row per account in input order (`COLUMNS`); also the progress log.
- `audit.errors.jsonl`: input lines that could not be read, `{"line": N, "error": "..."}`.
- `audit.meta.json`: what is audited (source, owner config, the clock verdicts use);
  a later run into the same folder resumes only when these match.
- `audit.html`: written by `whynot.audit_report` once every account is done.

Streaming: the source is read one item at a time (a JSON line stays undecoded bytes until
a worker parses it) and at most a few small batches are in flight, so memory does not
grow with the number of accounts. Batches are judged in worker processes (the scorer is
pure CPU work; two cores halve the time) and their rows are written in input order.

Resuming: rows are appended and flushed batch by batch, so the CSV itself says how far
the audit got. On start, a partial last line (a kill mid-write) is cut off, and the last
complete row gives the position (and id) reached; the source then skips everything up
to it without parsing or judging it. A finished account is never judged again, and
resuming needs no set of finished ids (memory stays flat). Error lines past that point
are dropped and read again. Text cells never hold a line break, so one row is one line.
"""

from __future__ import annotations

import asyncio
import csv
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from tqdm import tqdm

from scoring import CRITERION_IDS, Account, OwnerIndex, Verdict, judge
from whynot.archive import read_archive
from whynot.jsonl import LineError, read_accounts
from whynot.owner_config import load_owner_config

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
BATCH = 32  # accounts per task sent to a worker
CELL_CHARS = 4000  # a longer text cell is cut (a handle is 15 characters on X)

# A spreadsheet runs a cell starting with one of these as a formula; handles and evidence
# are hostile input, so such cells get a leading apostrophe (OWASP's advice), and so does
# a cell that already starts with one, which makes `uncell` exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "'")

JudgeFn = Callable[[Account, OwnerIndex | None, datetime | None], Verdict]
T = TypeVar("T")


class AuditConflict(ValueError):
    """The output folder holds a different audit; the message says how to go on."""


class SourceError(ValueError):
    """The source cannot be read; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Missing:
    """An account known by id only: there is no profile to judge."""

    id: str


Payload = bytes | Account | Missing
Item = tuple[int, Payload]  # (position, what to judge); positions grow from 1
Outcome = list[str] | LineError | None  # a CSV row, an unreadable line, or a blank line


@dataclass(frozen=True, slots=True)
class Resume:
    """The last row already in audit.csv: the source skips up to and including it."""

    position: int
    id: str


@dataclass(slots=True)
class AuditResult:
    out: Path
    rows: int  # accounts in audit.csv
    judged: int  # rows this run wrote
    resumed_at: int  # input position reached by earlier runs (0: a fresh audit)
    errors: int  # unreadable input lines listed in audit.errors.jsonl
    seconds: float
    interrupted: bool
    html: Path | None  # None when interrupted: the page is written once everything is done


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


# --- sources ------------------------------------------------------------------------------


class Source(Protocol):
    """Accounts to audit, in a stable order. Used as a context manager (opened on enter)."""

    description: str  # what is audited, e.g. "jsonl /path/file.jsonl"; checked on resume

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def total(self) -> int | None:
        """How many items `items(None)` yields, for the progress bar (None: unknown)."""
        ...

    def items(self, after: Resume | None) -> Iterator[Item]:
        """(position, payload) in order, skipping everything up to `after`."""
        ...


class AccountCache(Protocol):
    """What the sources read of `whynot.store.accounts.Accounts`."""

    async def cached(self, platform: str, account_id: str, now: float) -> Account | None: ...

    def every(self, platform: str, after: str = "") -> AsyncIterator[Account]: ...

    async def count(self, platform: str) -> int: ...


class CachedProfiles(Protocol):
    """What the archive and store sources need from `whynot.store.Store`."""

    @property
    def accounts(self) -> AccountCache: ...

    async def close(self) -> None: ...


class _Loop:
    """A private event loop, so the synchronous audit loop can call the async store."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()

    def run(self, coro: Coroutine[Any, Any, T] | Awaitable[T]) -> T:
        return self._loop.run_until_complete(coro)

    def iterate(self, agen: AsyncIterator[T]) -> Iterator[T]:
        try:
            while True:
                try:
                    yield self.run(agen.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            aclose = getattr(agen, "aclose", None)
            if aclose is not None:
                self.run(aclose())

    def close(self) -> None:
        self._loop.close()


class JsonlSource:
    """Account-schema JSON Lines; the position is the line number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"jsonl {path.resolve()}"

    def __enter__(self) -> Self:
        if not self.path.is_file():
            raise SourceError(f"cannot read {self.path}: not a file")
        try:
            with self.path.open("rb"):
                pass
        except OSError as exc:
            raise SourceError(f"cannot read {self.path}: {exc.strerror}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def total(self) -> int:
        lines, last = 0, b"\n"
        with self.path.open("rb") as fh:
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")

    def items(self, after: Resume | None) -> Iterator[Item]:
        skip = after.position if after else 0
        with self.path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                if number > skip:
                    yield number, line


class ArchiveSource:
    """The followers in an X archive whom the owner does not follow back, with their
    latest cached profiles; the position is the follower's number in that list. A
    follower with no cached profile is listed as not reviewed."""

    def __init__(
        self,
        path: Path,
        open_store: Callable[[], Awaitable[CachedProfiles]],
        platform: str = "x",
    ) -> None:
        self.path = path
        self.description = f"archive {path.resolve()}"
        self.platform = platform
        self.owner_handle = ""
        self.followers = 0
        self._ids: list[str] = []
        self._open_store = open_store
        self._loop: _Loop | None = None
        self._store: CachedProfiles | None = None

    def __enter__(self) -> Self:
        archive = read_archive(self.path)  # ArchiveError names the file
        followed = set(archive.following)
        self.owner_handle = archive.handle
        self.followers = len(archive.followers)
        self._ids = list(dict.fromkeys(i for i in archive.followers if i not in followed))
        self._loop = _Loop()
        try:
            self._store = self._loop.run(self._open_store())
        except BaseException:
            self._loop.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            if self._store is not None:
                self._loop.run(self._store.close())
            self._loop.close()

    def total(self) -> int:
        return len(self._ids)

    def items(self, after: Resume | None) -> Iterator[Item]:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        start = after.position if after else 0
        for position, account_id in enumerate(self._ids[start:], start=start + 1):
            # now=0.0: any cached snapshot, however old, beats none for an audit.
            account = self._loop.run(self._store.accounts.cached(self.platform, account_id, 0.0))
            yield position, account if account is not None else Missing(account_id)


class StoreSource:
    """Every account cached in the store for one platform, in account id order.

    Resumes after the last id written (keyset), not after a count, so accounts cached
    between two runs do not shift the others; one cached meanwhile with an id before the
    resume point is left out until an audit with --fresh.
    """

    def __init__(self, open_store: Callable[[], Awaitable[Any]], platform: str = "x") -> None:
        self.platform = platform
        self.description = f"store {platform}"
        self._open_store = open_store
        self._loop: _Loop | None = None
        self._store: CachedProfiles | None = None

    def __enter__(self) -> Self:
        self._loop = _Loop()
        try:
            store = self._loop.run(self._open_store())
            self._store = store
            if not hasattr(getattr(store, "accounts", None), "every"):
                raise SourceError(
                    "this version of the store cannot list its cached accounts yet "
                    "(Store.accounts.every is missing); use --source jsonl or archive"
                )
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            if self._store is not None:
                self._loop.run(self._store.close())
                self._store = None
            self._loop.close()
            self._loop = None

    def total(self) -> int:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        return self._loop.run(self._store.accounts.count(self.platform))

    def items(self, after: Resume | None) -> Iterator[Item]:
        assert self._loop is not None and self._store is not None, "use `with source:`"
        position = after.position if after else 0
        accounts = self._store.accounts.every(self.platform, after.id if after else "")
        for account in self._loop.iterate(accounts):
            position += 1
            yield position, account


# --- judging (in this process or in workers) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Judging:
    judge: JudgeFn
    owner: OwnerIndex | None
    now: datetime


_worker: _Judging | None = None  # set in each worker process by _start_worker


def _start_worker(owner_config: Path | None, now: datetime, judge_fn: JudgeFn) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the main process stops the audit and
    # the workers just finish their batch instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    owner = load_owner_config(owner_config) if owner_config is not None else None
    _worker = _Judging(judge_fn, owner, now)


def _judge_batch(items: list[Item]) -> list[Outcome]:
    assert _worker is not None, "_start_worker did not run"
    return [_outcome(item, _worker) for item in items]


def _outcome(item: Item, judging: _Judging) -> Outcome:
    position, payload = item
    if isinstance(payload, Missing):
        return missing_row(position, payload.id)
    if isinstance(payload, bytes):
        parsed = next(read_accounts((payload,)), None)
        if parsed is None:
            return None  # a blank line
        if isinstance(parsed[1], LineError):
            return LineError(position, parsed[1].error)
        payload = parsed[1]
    try:
        verdict = judging.judge(payload, judging.owner, judging.now)
    except Exception as exc:  # a scorer bug on one odd account must not end a long audit
        return LineError(position, f"could not judge this account: {type(exc).__name__}: {exc}")
    return verdict_row(position, verdict)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# --- the output folder --------------------------------------------------------------------


def _owner_key(owner_config: Path | None) -> str | None:
    return str(owner_config.resolve()) if owner_config is not None else None


def read_meta(out: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((out / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _prepare(
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


def _resume_point(csv_path: Path) -> tuple[Resume | None, int]:
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


def _trim_errors(path: Path, upto: int) -> int:
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


# --- the audit ----------------------------------------------------------------------------


class _Writer:
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

    def write(self, outcome: Outcome) -> None:
        if outcome is None:
            return
        if isinstance(outcome, LineError):
            error = outcome.error.replace("\n", " ")[:ERROR_CHARS]
            self._errors.write(
                json.dumps({"line": outcome.line, "error": error}, ensure_ascii=False) + "\n"
            )
            self.errors += 1
        else:
            self._rows.writerow(outcome)
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


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def run_audit(
    source: Source,
    out: Path,
    *,
    owner_config: Path | None = None,
    workers: int = 1,
    judge_fn: JudgeFn = judge,
    fresh: bool = False,
    progress: bool | None = None,
    now: datetime | None = None,
    batch: int = BATCH,
    report: bool = True,
) -> AuditResult:
    """Audit every account of an open `source` into `out`, resuming what is there.

    `workers` > 1 judges in that many processes (then `judge_fn` must be a module-level
    function); `progress` None shows the bar only on a terminal; `now` is the clock for
    accounts without dates (kept in the meta file, so a resumed audit uses the same).
    On Ctrl-C the rows written so far stay and `interrupted` is set.
    """
    started = time.perf_counter()
    owner = load_owner_config(owner_config) if owner_config is not None else None
    meta = _prepare(out, source.description, owner_config, fresh, now)
    clock = datetime.fromisoformat(meta["now"])
    resume, rows_before = _resume_point(out / CSV_NAME)
    reached = resume.position if resume else 0
    errors_before = _trim_errors(out / ERRORS_NAME, reached)
    interrupted = False
    with (
        _Writer(out, new=_is_empty(out / CSV_NAME)) as w,
        tqdm(
            total=source.total(),
            initial=reached,
            unit=" accounts",
            desc="audit",
            disable=None if progress is None else not progress,
            dynamic_ncols=True,
            smoothing=0.05,
            file=sys.stderr,
        ) as bar,
    ):
        items = source.items(resume)
        try:
            if workers <= 1:
                judging = _Judging(judge_fn, owner, clock)
                for chunk in _batches(items, batch):
                    for item in chunk:
                        w.write(_outcome(item, judging))
                    w.flush()
                    bar.update(len(chunk))
            else:
                _judge_in_workers(items, w, bar, workers, batch, owner_config, clock, judge_fn)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
    html = None
    if not interrupted and report:
        from whynot.audit_report import write_report

        html = write_report(out)
    return AuditResult(
        out=out,
        rows=rows_before + w.rows,
        judged=w.rows,
        resumed_at=reached,
        errors=errors_before + w.errors,
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        html=html,
    )


def _is_empty(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def _judge_in_workers(
    items: Iterator[Item],
    w: _Writer,
    bar: tqdm,
    workers: int,
    batch: int,
    owner_config: Path | None,
    clock: datetime,
    judge_fn: JudgeFn,
) -> None:
    # spawn, not fork: the store source runs an aiosqlite thread, and a forked child of a
    # threaded process can deadlock.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(owner_config, clock, judge_fn),
    )
    # A few batches per worker in flight keeps them busy; more would only hold memory
    # (Pool.imap would read the whole input ahead).
    pending: deque[tuple[int, Future[list[Outcome]]]] = deque()

    def finish_one() -> None:
        size, future = pending.popleft()
        for outcome in future.result():
            w.write(outcome)
        w.flush()
        bar.update(size)

    try:
        for chunk in _batches(items, batch):
            pending.append((len(chunk), pool.submit(_judge_batch, chunk)))
            if len(pending) >= workers * 3:
                finish_one()
        while pending:
            finish_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
