"""Running an audit: every item of a source judged by the scorer and written to the output
folder (`whynot.audit.files`) in input order, resuming what is there.

Streaming: at most a few small batches are in flight, so memory does not grow with the
number of accounts. Batches are judged in worker processes (the scorer is pure CPU work;
two cores halve the time) and their rows are written in input order. The page is written
after, by the caller (`whynot.audit.report.write_report`, as `bot.py audit` does).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from scoring import Account, OwnerIndex, Verdict, judge
from whynot.audit.files import (
    CSV_NAME,
    ERRORS_NAME,
    ItemResult,
    Writer,
    is_empty,
    missing_row,
    prepare,
    resume_point,
    trim_errors,
    verdict_row,
)
from whynot.audit.sources import Item, Missing, Source
from whynot.jsonl import LineError, read_accounts
from whynot.owner_config import load_owner_config

BATCH = 32  # accounts per task sent to a worker

JudgeFn = Callable[[Account, OwnerIndex | None, datetime | None], Verdict]
T = TypeVar("T")


@dataclass(slots=True)
class AuditResult:
    out: Path
    rows: int  # accounts in audit.csv
    judged: int  # rows this run wrote
    resumed_at: int  # input position reached by earlier runs (0: a fresh audit)
    errors: int  # unreadable input lines listed in audit.errors.jsonl
    seconds: float
    interrupted: bool


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


def _judge_batch(items: list[Item]) -> list[ItemResult]:
    assert _worker is not None, "_start_worker did not run"
    return [_judge_item(item, _worker) for item in items]


def _judge_item(item: Item, judging: _Judging) -> ItemResult:
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
) -> AuditResult:
    """Audit every account of an open `source` into `out`, resuming what is there.

    `workers` > 1 judges in that many processes (then `judge_fn` must be a module-level
    function); `progress` None shows the bar only on a terminal; `now` is the clock for
    accounts without dates (kept in the meta file, so a resumed audit uses the same).
    On Ctrl-C the rows written so far stay and `interrupted` is set.
    """
    started = time.perf_counter()
    owner = load_owner_config(owner_config) if owner_config is not None else None
    meta = prepare(out, source.description, owner_config, fresh, now)
    clock = datetime.fromisoformat(meta["now"])
    resume, rows_before = resume_point(out / CSV_NAME)
    reached = resume.position if resume else 0
    errors_before = trim_errors(out / ERRORS_NAME, reached)
    interrupted = False
    with (
        Writer(out, new=is_empty(out / CSV_NAME)) as w,
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
                        w.write(_judge_item(item, judging))
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
    return AuditResult(
        out=out,
        rows=rows_before + w.rows,
        judged=w.rows,
        resumed_at=reached,
        errors=errors_before + w.errors,
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
    )


def _judge_in_workers(
    items: Iterator[Item],
    w: Writer,
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
    pending: deque[tuple[int, Future[list[ItemResult]]]] = deque()

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
