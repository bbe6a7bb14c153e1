"""The audit's HTML page: `audit.csv` (see `whynot.audit.files`) -> one self-contained
`audit.html`.

Owns reading the CSV for the page and rendering it: the summary (how many accounts fail
each criterion), two charts (the fake_score distribution, criteria failure counts; their
geometry in `whynot.audit.charts`, their SVG as macros in `templates/audit/charts.j2`), and a
sortable, filterable table of accounts with their reasons. The page itself, its style and
its script are files in `templates/audit/` (`page.html.j2`, `audit.css`, `audit.js`).
Everything is inline: no network, no external script, style or font, and a
Content-Security-Policy that allows only this page's own script and style, by the hashes of
the files as loaded, so even a string that escaped escaping could not run or load anything.

The page is built by streaming the CSV once: counts and histogram bins are a few
integers, and the table keeps at most `TABLE_CAP` rows (those with the most reasons
against them, then the highest fake_score), so memory stays flat; a note says so when
rows are left out (the CSV has them all). Every account-controlled string (handles, ids,
evidence quoting posts) goes through Jinja's autoescape.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from scoring import CRITERIA, CRITERION_IDS
from whynot.audit.charts import BINS, criteria_chart, histogram
from whynot.audit.files import (
    CSV_NAME,
    ERRORS_NAME,
    HTML_NAME,
    NOT_REVIEWED,
    TOO_LITTLE_DATA,
    read_meta,
    uncell,
)

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "audit"
TABLE_CAP = 5000  # rows in the page's table; ~0.5 KB each, and sorting stays instant

_EVIDENCE = re.compile(r"(?:^| \| )(" + "|".join(map(re.escape, CRITERION_IDS)) + r"): ")


@dataclass(slots=True)
class TableRow:
    position: int
    id: str
    handle: str
    status: str
    fake: float | None
    follow_back: bool | None
    failed: list[str]
    evidence: list[tuple[str, str]]  # (criterion, its first evidence), worst first

    @property
    def status_key(self) -> str:
        return self.status.replace(" ", "-")


@dataclass(slots=True)
class Summary:
    accounts: int = 0
    judged: int = 0  # has a verdict (reviewed or too little data)
    too_little: int = 0
    not_reviewed: int = 0
    follow_back: int = 0
    failing: int = 0  # fails at least one criterion
    failed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERION_IDS, 0))
    unjudged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERION_IDS, 0))
    bins: list[int] = field(default_factory=lambda: [0] * BINS)


def _split_evidence(text: str) -> list[tuple[str, str]]:
    parts = _EVIDENCE.split(text)  # ["", id, evidence, id, evidence, ...]
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def read_csv(path: Path, cap: int = TABLE_CAP) -> tuple[Summary, list[TableRow]]:
    """One pass: the summary of every row, and the `cap` rows the table shows."""
    summary = Summary()
    kept: list[tuple[tuple[int, float, int], TableRow]] = []
    with path.open(encoding="utf-8", newline="", errors="replace") as fh:
        for rec in csv.DictReader(fh):
            summary.accounts += 1
            status = rec["status"]
            fake = _float(rec["fake_score"])
            failed = rec["failed"].split()
            if status == NOT_REVIEWED:
                summary.not_reviewed += 1
            else:
                summary.judged += 1
                summary.too_little += status == TOO_LITTLE_DATA
                summary.follow_back += rec["follow_back"] == "true"
                summary.failing += bool(failed)
                for cid in failed:
                    if cid in summary.failed:
                        summary.failed[cid] += 1
                for cid in CRITERION_IDS:
                    if _float(rec.get(f"{cid}_confidence") or "") == 0.0:
                        summary.unjudged[cid] += 1
                if fake is not None:
                    summary.bins[min(BINS - 1, max(0, int(fake * BINS)))] += 1
            position = int(rec["position"])
            key = (len(failed), -1.0 if fake is None else fake, -position)
            if len(kept) >= cap and key <= kept[0][0]:
                continue
            row = TableRow(
                position=position,
                id=uncell(rec["id"]),
                handle=uncell(rec["handle"]),
                status=status,
                fake=fake,
                follow_back=None if not rec["follow_back"] else rec["follow_back"] == "true",
                failed=failed,
                evidence=_split_evidence(uncell(rec["top_evidence"])),
            )
            if len(kept) < cap:
                heapq.heappush(kept, (key, row))
            else:
                heapq.heapreplace(kept, (key, row))
    rows = [row for _, row in sorted(kept, key=lambda kr: kr[0], reverse=True)]
    return summary, rows


# --- the page -----------------------------------------------------------------------------


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source for an inline script or style of exactly `text`."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@dataclass(frozen=True, slots=True)
class Assets:
    """The page template, and the style and script inlined into it, as loaded."""

    page: Template
    css: str
    script: str


@cache
def assets(folder: Path = TEMPLATES) -> Assets:
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    css = (folder / "audit.css").read_text(encoding="utf-8")
    script = (folder / "audit.js").read_text(encoding="utf-8")
    return Assets(env.get_template("page.html.j2"), css, script)


def render(
    summary: Summary,
    rows: list[TableRow],
    *,
    source: str,
    owner_config: str | None,
    clock: str,
    errors: int,
) -> Iterator[str]:
    """The page in pieces (streamed to the file: the whole page is never one string)."""

    def pct(n: int) -> str:
        return f"{100 * n / summary.judged:.0f}%" if summary.judged else "-"

    def evidence(row: TableRow, cid: str) -> str:
        return next((text for c, text in row.evidence if c == cid), "")

    page = assets()
    return page.page.generate(
        s=summary,
        rows=rows,
        source=source,
        owner_config=owner_config,
        clock=clock,
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        errors=errors,
        errors_name=ERRORS_NAME,
        csv_name=CSV_NAME,
        criteria=CRITERIA,
        pct=pct,
        evidence=evidence,
        not_reviewed=NOT_REVIEWED,
        too_little=TOO_LITTLE_DATA,
        criteria_chart=criteria_chart(summary.failed, summary.judged),
        histogram=histogram(summary.bins),
        css=Markup(page.css),
        script=Markup(page.script),
        css_hash=csp_hash(page.css),
        script_hash=csp_hash(page.script),
    )


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def write_report(out: Path, cap: int = TABLE_CAP) -> Path:
    """Read `out/audit.csv` (and its meta and errors files); write `out/audit.html`."""
    meta = read_meta(out) or {}
    summary, rows = read_csv(out / CSV_NAME, cap)
    page = render(
        summary,
        rows,
        source=str(meta.get("source", "?")),
        owner_config=meta.get("owner_config"),
        clock=str(meta.get("now", "?"))[:16].replace("T", " "),
        errors=_count_lines(out / ERRORS_NAME),
    )
    path = out / HTML_NAME
    tmp = out / (HTML_NAME + ".tmp")
    with tmp.open("w", encoding="utf-8", errors="replace") as fh:
        fh.writelines(page)
    tmp.replace(path)
    return path
