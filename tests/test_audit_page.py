"""The audit page (`whynot.audit.report`, `templates/audit/`): every account listed and
escaped, nothing loaded from outside, the CSP hashes those of the style and script files
as loaded, and a capped table that still counts everything."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from factories import account_dict, genuine_posts
from test_audit import audit_jsonl, known_accounts, known_input, promo_posts, write_lines

from whynot.audit.charts import criteria_chart, histogram, ticks
from whynot.audit.report import TEMPLATES, assets, csp_hash, read_csv, render, write_report


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.handles: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.csp = ""
        self.rows = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "href", "action", "data", "poster", "srcset", "xlink:href"):
            value = (a.get(name) or "").strip().lower()
            if name in a and (value.startswith(("http:", "https:", "//")) or "://" in value):
                self.external.append(f"{tag} {name}={value}")
        if tag == "script" and "src" in a:
            self.external.append("script src")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content") or ""
        if tag == "span" and a.get("class") == "handle":
            self._in = "handle"
            self.handles.append("")
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")
        if tag == "tr" and "data-status" in a:
            self.rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "handle":
            self.handles[-1] += data
        elif self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_page_lists_every_account_escaped_and_loads_nothing_from_outside(tmp_path):
    out = tmp_path / "out"
    audit_jsonl(known_input(tmp_path), out)
    html = out / "audit.html"
    raw = html.read_text(encoding="utf-8")
    page = parse_page(html)
    assert sorted(page.handles) == sorted("@" + a["handle"] for a in known_accounts())
    assert page.rows == 4
    # Hostile text arrives as text: no live tag, no template evaluation.
    assert "<script>alert" not in raw and "<img src=http" not in raw
    assert "{{ 7*7 }}" in " ".join(page.handles)
    assert page.tags.count("script") == 1 and "img" not in page.tags
    # Self-contained: no external resource, no stylesheet links, no @import, no fonts.
    assert page.external == []
    assert "link" not in page.tags and "iframe" not in page.tags
    assert all("@import" not in s and "url(" not in s for s in page.styles)
    assert "svg" in page.tags and page.tags.count("svg") == 2
    # The CSP allows exactly this page's script and style: a browser would run them.
    assert "default-src 'none'" in page.csp
    assert sha(page.scripts[0]) in page.csp and sha(page.styles[0]) in page.csp


def test_a_large_audit_caps_the_table_with_a_note_but_counts_everything(tmp_path):
    lines = [json.dumps(account_dict(f"user{i}", posts=genuine_posts(12))) for i in range(6)]
    lines.append(
        json.dumps(
            account_dict("spammy", followers_count=3, following_count=5000, posts=promo_posts())
        )
    )
    out = tmp_path / "out"
    audit_jsonl(write_lines(tmp_path / "a.jsonl", lines), out)
    html = write_report(out, cap=3)
    page = parse_page(html)
    text = html.read_text(encoding="utf-8")
    assert page.rows == 3 and "@spammy" in page.handles  # the most reasons are kept
    assert "This table holds the\n3 accounts" in text
    assert re.search(r"<b>7</b><span>accounts audited", text)


def test_the_csp_hashes_are_those_of_the_files_as_loaded(tmp_path):
    folder = tmp_path / "audit"
    folder.mkdir()
    for name in ("page.html.j2", "charts.j2", "audit.js"):
        (folder / name).write_text((TEMPLATES / name).read_text(encoding="utf-8"))
    (folder / "audit.css").write_text("body { color: #123456; }\n")
    mine = assets(folder)
    assert mine.css == "body { color: #123456; }\n"
    assert csp_hash(mine.css) != csp_hash(assets().css)
    shipped = assets()
    assert shipped.css == (TEMPLATES / "audit.css").read_text(encoding="utf-8")
    assert shipped.script == (TEMPLATES / "audit.js").read_text(encoding="utf-8")


def test_the_charts_place_every_bar_and_band(tmp_path):
    out = tmp_path / "out"
    audit_jsonl(known_input(tmp_path), out)
    summary, rows = read_csv(out / "audit.csv")
    chart = criteria_chart(summary.failed, summary.judged)
    assert [b.label for b in chart.bars] == list(summary.failed)
    assert all(b.filled == (summary.failed[b.label] > 0) for b in chart.bars)
    bands = histogram(summary.bins).bands
    assert len(bands) == sum(1 for n in summary.bins if n)
    assert ticks(0) == [0, 1] and ticks(7) == [0, 2, 4, 6, 8] and ticks(1234)[-1] >= 1234
    page = "".join(render(summary, rows, source="s", owner_config=None, clock="c", errors=0))
    assert page.count("<rect") == 2 * len(chart.bars) + len(bands)
