"""The owner's follower audit ("audit" means this only; the moderators' record is the
moderation log): every account of a source judged by the scorer, one CSV row each, then
one self-contained HTML page.

- `files`: the output folder, its file names and formats, the CSV row, resuming;
- `sources`: account JSON Lines, an X archive with cached profiles, the store's cache;
- `runner`: `run_audit`, the streaming loop and the worker processes;
- `charts` and `report`: the page (`write_report`), from `templates/audit/`.

`bot.py audit` (whynot/cli/audit.py) runs the audit, then writes the report; the runner
never imports the report, so there is no import circle. The names below are the runner's
public face; the page is `whynot.audit.report`.
"""

from whynot.audit.files import (
    CELL_CHARS,
    COLUMNS,
    CSV_NAME,
    ERRORS_NAME,
    HTML_NAME,
    META_NAME,
    NOT_REVIEWED,
    REVIEWED,
    TOO_LITTLE_DATA,
    AuditConflict,
    Resume,
    cell,
    read_meta,
    uncell,
)
from whynot.audit.runner import AuditResult, default_workers, run_audit
from whynot.audit.sources import (
    ArchiveSource,
    JsonlSource,
    Missing,
    Source,
    SourceError,
    SourceUnreachable,
    StoreSource,
)

__all__ = [
    "CELL_CHARS",
    "COLUMNS",
    "CSV_NAME",
    "ERRORS_NAME",
    "HTML_NAME",
    "META_NAME",
    "NOT_REVIEWED",
    "REVIEWED",
    "TOO_LITTLE_DATA",
    "ArchiveSource",
    "AuditConflict",
    "AuditResult",
    "JsonlSource",
    "Missing",
    "Resume",
    "Source",
    "SourceError",
    "SourceUnreachable",
    "StoreSource",
    "cell",
    "default_workers",
    "read_meta",
    "run_audit",
    "uncell",
]
