"""The audit's HTML page: `audit.csv` (see `whynot.audit`) -> one self-contained `audit.html`.

Owns the page: the summary (how many accounts fail each criterion), two charts (the
fake_score distribution, criteria failure counts), and a sortable, filterable table of
accounts with their reasons. Everything is inline: no network, no external script, style
or font, and a Content-Security-Policy that allows only this page's own script and style
(by hash), so even a string that escaped escaping could not run or load anything.

Charts are plain inline SVG written here, not a plotting library: two bar charts need
~60 lines, add no dependency (matplotlib alone is tens of MB), weigh a few KB where a
matplotlib SVG weighs ~50-100 KB (it draws every glyph as a path), keep their text as
real, selectable text in the page's font, and stay crisp at any zoom.

The page is built by streaming the CSV once: counts and histogram bins are a few
integers, and the table keeps at most `TABLE_CAP` rows (those with the most reasons
against them, then the highest fake_score), so memory stays flat; a note says so when
rows are left out (the CSV has them all). Every account-controlled string (handles, ids,
evidence quoting posts) goes through Jinja's autoescape or `html.escape`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import heapq
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from scoring import CRITERIA, CRITERION_IDS
from whynot.audit import (
    CSV_NAME,
    ERRORS_NAME,
    HTML_NAME,
    NOT_REVIEWED,
    TOO_LITTLE_DATA,
    read_meta,
    uncell,
)

TABLE_CAP = 5000  # rows in the page's table; ~0.5 KB each, and sorting stays instant
BINS = 20  # fake_score histogram: 0.05 wide
FAKE_LINE = 0.5  # bench/evaluate.py counts fake_score >= 0.5 as automated

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


# --- charts -------------------------------------------------------------------------------


def _ticks(top: int) -> list[int]:
    """Round axis ticks from 0 covering `top`, about four steps."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(s * magnitude for s in (1, 2, 5, 10) if s * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _compact(n: int) -> str:
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k"
    return f"{round(n / 1000)}k"


BLUE, RED, TRACK, GRID, INK, MUTED = (
    "#3b6ea8",
    "#c0392b",
    "#eef1f4",
    "#d8dee4",
    "#1f2328",
    "#59636e",
)


def criteria_chart(failed: dict[str, int], judged: int) -> Markup:
    """Horizontal bars: accounts failing each criterion, with count and share."""
    width, label_w, right, row_h, pad = 600, 150, 104, 32, 8
    height = pad * 2 + row_h * len(failed)
    bar_w = width - label_w - right
    most = max(failed.values(), default=0) or 1
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="cc-t" '
        f'font-size="14" font-family="inherit">',
        '<title id="cc-t">Accounts failing each criterion</title>',
    ]
    for i, (cid, n) in enumerate(failed.items()):
        y = pad + i * row_h
        mid = y + row_h / 2
        w = bar_w * n / most
        share = f"{100 * n / judged:.0f}%" if judged else "-"
        out += [
            f'<text x="{label_w - 10}" y="{mid}" text-anchor="end" dominant-baseline="central" '
            f'fill="{INK}">{escape(cid)}</text>',
            f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="{row_h - 12}" '
            f'fill="{TRACK}" rx="3"/>',
            f'<rect x="{label_w}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}" '
            f'fill="{RED if n else TRACK}" rx="3"/>',
            f'<text x="{label_w + w + 8:.1f}" y="{mid}" dominant-baseline="central" '
            f'fill="{INK}">{n:,} <tspan fill="{MUTED}">({share})</tspan></text>',
        ]
    out.append("</svg>")
    return Markup("".join(out))


def histogram(bins: list[int]) -> Markup:
    """Vertical bars: accounts per fake_score band, the 0.5 line marked."""
    width, height = 600, 300
    left, right, top, bottom = 56, 16, 40, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max(bins, default=0))
    y_max = ticks[-1]
    bar = plot_w / len(bins)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="hg-t" '
        f'font-size="13" font-family="inherit">',
        '<title id="hg-t">Accounts by fake score</title>',
    ]
    for t in ticks:
        out += [
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>',
            f'<text x="{left - 8}" y="{y(t):.1f}" text-anchor="end" dominant-baseline="central" '
            f'fill="{MUTED}">{_compact(t)}</text>',
        ]
    for i, n in enumerate(bins):
        if not n:
            continue
        x = left + i * bar
        colour = RED if i / len(bins) >= FAKE_LINE else BLUE
        out += [
            f'<rect x="{x + 1.5:.1f}" y="{y(n):.1f}" width="{bar - 3:.1f}" '
            f'height="{plot_h - (y(n) - top):.1f}" fill="{colour}"/>',
            f'<text x="{x + bar / 2:.1f}" y="{y(n) - 5:.1f}" text-anchor="middle" '
            f'font-size="11" fill="{INK}">{_compact(n)}</text>',
        ]
    line_x = left + plot_w * FAKE_LINE
    out += [
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>',
        # The label sits above the plot, where no bar's count can reach it.
        f'<line x1="{line_x}" x2="{line_x}" y1="{top - 30}" y2="{top + plot_h}" stroke="{INK}" '
        f'stroke-dasharray="4 3" stroke-width="1"/>',
        f'<text x="{line_x + 6}" y="{top - 22}" font-size="12" fill="{INK}">'
        "0.5 and above: likely automated</text>",
    ]
    for t in (0, 0.25, 0.5, 0.75, 1):
        x = left + plot_w * t
        out += [
            f'<line x1="{x}" x2="{x}" y1="{top + plot_h}" y2="{top + plot_h + 5}" stroke="{INK}"/>',
            f'<text x="{x}" y="{top + plot_h + 20}" text-anchor="middle" fill="{MUTED}">{t:g}'
            "</text>",
        ]
    out += [
        f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle" fill="{INK}">'
        "fake score (0: acts like a person; 1: automated)</text>",
        f'<text transform="translate(16 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" '
        f'fill="{INK}">accounts</text>',
        "</svg>",
    ]
    return Markup("".join(out))


# --- the page -----------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --soft: #f6f8fa; --bad: #b42318; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 32px 56px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; }
.sub { color: var(--muted); margin: 0; }
.sub code { font-size: 13px; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
  gap: 12px; margin: 24px 0 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
  background: var(--soft); }
.card b { display: block; font-size: 28px; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.card span { color: var(--muted); font-size: 14px; }
.card.bad b { color: var(--bad); }
.card.ok b { color: var(--ok); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: 20px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figcaption small { display: block; font-weight: 400; color: var(--muted); font-size: 13px; }
figure svg { display: block; width: 100%; height: auto; }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  margin: 0 4px 0 10px; }
.key.blue { background: #3b6ea8; } .key.red { background: #c0392b; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { position: sticky; top: 0; background: #fff; z-index: 1;
  box-shadow: inset 0 -2px 0 var(--line); white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.criteria td:first-child, .crit { font-family: ui-monospace, SFMono-Regular, Menlo,
  Consolas, "Liberation Mono", monospace; font-size: 13px; }
.crit { display: inline-block; background: #fdecea; color: #8c1d13;
  border: 1px solid #f4c7c0; border-radius: 4px; padding: 0 6px; margin-right: 6px; }
.why { overflow-wrap: anywhere; }
.why ul { margin: 0; padding: 0; list-style: none; }
.why li + li { margin-top: 4px; }
.muted { color: var(--muted); }
.handle { font-weight: 600; overflow-wrap: anywhere; }
.account { min-width: 200px; }
.id { display: block; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.yes { color: var(--ok); font-weight: 600; }
.no { color: var(--bad); font-weight: 600; }
meter { width: 64px; height: 10px; margin-left: 8px; vertical-align: middle; }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap;
  margin: 0 0 12px; }
input[type=search], select { font: inherit; padding: 6px 10px; border: 1px solid #afb8c1;
  border-radius: 6px; background: #fff; color: var(--ink); }
input[type=search] { width: 360px; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0;
  padding: 0; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
.note { background: #fff8c5; border: 1px solid #e9d98c; border-radius: 6px;
  padding: 8px 12px; margin: 0 0 12px; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
"""

SCRIPT = """
"use strict";
(() => {
  const table = document.getElementById("accounts");
  if (!table) return;
  const body = table.tBodies[0];
  let rows = Array.from(body.rows);
  const text = new Map(rows.map((r) => [r, r.textContent.toLowerCase()]));
  const q = document.getElementById("q");
  const which = document.getElementById("which");
  const shown = document.getElementById("shown");
  const keep = (r, needle, want) => {
    if (needle && !text.get(r).includes(needle)) return false;
    if (want === "any") return r.dataset.failed !== "";
    if (want === "follow") return r.dataset.follow === "true";
    if (want.startsWith("c:")) {
      return (" " + r.dataset.failed + " ").includes(" " + want.slice(2) + " ");
    }
    if (want.startsWith("s:")) return r.dataset.status === want.slice(2);
    return true;
  };
  const filter = () => {
    const needle = q.value.trim().toLowerCase();
    let n = 0;
    for (const r of rows) {
      const ok = keep(r, needle, which.value);
      r.hidden = !ok;
      n += ok ? 1 : 0;
    }
    shown.textContent = n.toLocaleString("en");
  };
  q.addEventListener("input", filter);
  which.addEventListener("change", filter);
  const heads = Array.from(table.tHead.rows[0].cells);
  for (const th of heads) {
    const button = th.querySelector("button");
    if (!button) continue;
    button.addEventListener("click", () => {
      const col = th.cellIndex;
      const numeric = th.dataset.type === "num";
      const now = th.getAttribute("aria-sort");
      const dir = now ? (now === "ascending" ? -1 : 1) : (numeric ? -1 : 1);
      for (const h of heads) h.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      const value = (r) => {
        const c = r.cells[col];
        const v = c.dataset.v !== undefined ? c.dataset.v : c.textContent.trim();
        return numeric ? (v === "" ? NaN : Number(v)) : v.toLowerCase();
      };
      const keyed = rows.map((r) => [value(r), r]);
      keyed.sort((a, b) => {
        const x = a[0], y = b[0];
        if (numeric) {
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y);
          return (x - y) * dir;
        }
        return x < y ? -dir : x > y ? dir : 0;
      });
      rows = keyed.map((k) => k[1]);
      const frag = document.createDocumentFragment();
      for (const r of rows) frag.appendChild(r);
      body.appendChild(frag);
    });
  }
})();
"""

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; \
style-src '{{ css_hash }}'; script-src '{{ script_hash }}'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>Follow-back audit: {{ "{:,}".format(s.accounts) }} accounts</title>
<style>{{ css }}</style>
</head>
<body>
<main>
<h1>Follow-back audit</h1>
<p class="sub">{{ "{:,}".format(s.accounts) }} accounts from <code>{{ source }}</code>, judged
against the reasons of the open letter on follow-backs{% if owner_config %}, with the owner
context <code>{{ owner_config }}</code>{% else %} (no owner config: off_topic and redundant
cannot judge){% endif %}. Judged as of {{ clock }} UTC; page written {{ written }}.</p>

<div class="cards">
  <div class="card"><b>{{ "{:,}".format(s.accounts) }}</b><span>accounts audited</span></div>
  <div class="card ok"><b>{{ "{:,}".format(s.follow_back) }}</b>
    <span>would get a follow-back</span></div>
  <div class="card bad"><b>{{ "{:,}".format(s.failing) }}</b>
    <span>fail at least one reason</span></div>
  <div class="card"><b>{{ "{:,}".format(s.too_little) }}</b>
    <span>too little data to judge</span></div>
  <div class="card"><b>{{ "{:,}".format(s.not_reviewed) }}</b>
    <span>not reviewed (no cached profile)</span></div>
  <div class="card{% if errors %} bad{% endif %}"><b>{{ "{:,}".format(errors) }}</b>
    <span>unreadable input lines{% if errors %} (see {{ errors_name }}){% endif %}</span></div>
</div>

<h2>Reasons</h2>
<div class="charts">
<figure>
  <figcaption>Accounts failing each criterion
    <small>count and share of the {{ "{:,}".format(s.judged) }} judged accounts; an account
    can fail several</small></figcaption>
  {{ criteria_svg }}
</figure>
<figure>
  <figcaption>Fake score distribution
    <small><span class="key blue"></span>below 0.5<span class="key red"></span>0.5 or more
    &nbsp;&middot;&nbsp; bands 0.05 wide</small></figcaption>
  {{ histogram_svg }}
</figure>
</div>

<h2>Criteria</h2>
<table class="criteria">
<thead><tr><th>criterion</th><th>the letter's reason</th><th class="num">fail</th>
<th class="num">share of judged</th><th class="num">could not judge</th></tr></thead>
<tbody>
{% for c in criteria %}<tr><td>{{ c.id }}</td><td>{{ c.description }}</td>
<td class="num">{{ "{:,}".format(s.failed[c.id]) }}</td>
<td class="num">{{ pct(s.failed[c.id]) }}</td>
<td class="num">{{ "{:,}".format(s.unjudged[c.id]) }}</td></tr>
{% endfor %}</tbody>
</table>

<h2>Accounts</h2>
{% if rows|length < s.accounts %}<p class="note">This table holds the
{{ "{:,}".format(rows|length) }} accounts with the most reasons against them (then the highest
fake score) of {{ "{:,}".format(s.accounts) }}. <code>{{ csv_name }}</code> has every
account.</p>{% endif %}
<div class="controls">
  <input id="q" type="search" placeholder="Filter by handle, id or evidence"
    aria-label="Filter by handle, id or evidence">
  <select id="which" aria-label="Show">
    <option value="">all accounts</option>
    <option value="any">fail at least one reason</option>
    <option value="follow">would get a follow-back</option>
    {% for c in criteria %}<option value="c:{{ c.id }}">fail {{ c.id }}
      ({{ "{:,}".format(s.failed[c.id]) }})</option>
    {% endfor %}<option value="s:too-little-data">too little data to judge</option>
    <option value="s:not-reviewed">not reviewed</option>
  </select>
  <span class="muted">showing <b id="shown">{{ "{:,}".format(rows|length) }}</b> of
    {{ "{:,}".format(rows|length) }}; click a column title to sort</span>
</div>
<table id="accounts">
<thead><tr>
  <th data-type="num" class="num"><button type="button">#</button></th>
  <th data-type="text"><button type="button">account</button></th>
  <th data-type="num" class="num" aria-sort="descending">\
<button type="button">fake score</button></th>
  <th data-type="num"><button type="button">follow back</button></th>
  <th data-type="num" class="num"><button type="button">reasons</button></th>
  <th>why</th>
</tr></thead>
<tbody>
{% for r in rows %}<tr data-failed="{{ r.failed|join(' ') }}" data-status="{{ r.status_key }}" \
data-follow="{{ '' if r.follow_back is none else ('true' if r.follow_back else 'false') }}">
<td class="num muted">{{ r.position }}</td>
<td class="account"><span class="handle">\
{% if r.handle %}@{{ r.handle }}{% else %}<span class="muted">handle unknown</span>{% endif %}\
</span>\
<span class="id">{{ r.id }}</span></td>
{% if r.fake is none %}<td class="num muted" data-v="">-</td>{% else %}\
<td class="num" data-v="{{ r.fake }}">{{ "%.2f"|format(r.fake) }}\
<meter min="0" max="1" low="0.3" high="0.5" optimum="0" value="{{ r.fake }}"></meter></td>\
{% endif %}
{% if r.follow_back is none %}<td data-v="" class="muted">-</td>\
{% elif r.follow_back %}<td data-v="1" class="yes">yes</td>\
{% else %}<td data-v="0" class="no">no</td>{% endif %}
{% if r.status == not_reviewed %}<td class="num muted" data-v="">-</td>{% else %}\
<td class="num" data-v="{{ r.failed|length }}">{{ r.failed|length }}</td>{% endif %}
<td class="why">{% if r.status == not_reviewed %}<span class="muted">not reviewed: no cached \
profile</span>{% elif r.failed %}<ul>{% for cid in r.failed %}<li>\
<span class="crit">{{ cid }}</span>\
{{ evidence(r, cid) }}</li>{% endfor %}</ul>{% elif r.status == too_little %}<span class="muted">\
too little data to judge</span>{% else %}<span class="muted">passes every criterion</span>\
{% endif %}</td>
</tr>
{% endfor %}</tbody>
</table>
<footer>Written by <code>bot.py audit</code>. Each reason links a criterion of the open letter
to facts anyone can check; fake score is how likely the account is not a person acting by
hand. Full data: <code>{{ csv_name }}</code>.</footer>
</main>
<script>{{ script }}</script>
</body>
</html>
"""


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


_env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
_template = _env.from_string(TEMPLATE)


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

    return _template.generate(
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
        criteria_svg=criteria_chart(summary.failed, summary.judged),
        histogram_svg=histogram(summary.bins),
        css=Markup(CSS),
        script=Markup(SCRIPT),
        css_hash=_csp_hash(CSS),
        script_hash=_csp_hash(SCRIPT),
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
