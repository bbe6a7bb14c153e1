"""The geometry of the audit page's two charts, as plain numbers the SVG macros of
`templates/audit/charts.j2` draw: accounts failing each criterion (horizontal bars) and
accounts per fake_score band (a histogram with the 0.5 line marked).

Charts are plain inline SVG, not a plotting library: two bar charts need a few dozen
lines, add no dependency (matplotlib alone is tens of MB), weigh a few KB where a
matplotlib SVG weighs ~50-100 KB (it draws every glyph as a path), keep their text as
real, selectable text in the page's font, and stay crisp at any zoom. Numbers are
formatted here, so the templates only place them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BINS = 20  # fake_score histogram: 0.05 wide
FAKE_LINE = 0.5  # bench/evaluate.py counts fake_score >= 0.5 as automated


def ticks(top: int) -> list[int]:
    """Round axis ticks from 0 covering `top`, about four steps."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(s * magnitude for s in (1, 2, 5, 10) if s * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def compact(n: int) -> str:
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k"
    return f"{round(n / 1000)}k"


@dataclass(frozen=True, slots=True)
class CriterionBar:
    label: str
    y: int  # top of the bar
    mid: float  # the row's centre line, for its texts
    width: str  # the filled part
    filled: bool
    text_x: str
    count: str
    share: str


@dataclass(frozen=True, slots=True)
class CriteriaChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    track: int  # the bar's full length
    bar_h: int
    bars: list[CriterionBar]


def criteria_chart(failed: dict[str, int], judged: int) -> CriteriaChart:
    """Horizontal bars: accounts failing each criterion, with count and share."""
    width, label_w, right, row_h, pad = 600, 150, 104, 32, 8
    bar_w = width - label_w - right
    most = max(failed.values(), default=0) or 1
    bars = []
    for i, (cid, n) in enumerate(failed.items()):
        y = pad + i * row_h
        w = bar_w * n / most
        bars.append(
            CriterionBar(
                label=cid,
                y=y + 6,
                mid=y + row_h / 2,
                width=f"{w:.1f}",
                filled=bool(n),
                text_x=f"{label_w + w + 8:.1f}",
                count=f"{n:,}",
                share=f"{100 * n / judged:.0f}%" if judged else "-",
            )
        )
    height = pad * 2 + row_h * len(failed)
    return CriteriaChart(width, height, label_w - 10, label_w, bar_w, row_h - 12, bars)


@dataclass(frozen=True, slots=True)
class Tick:
    at: str  # y for the value axis, x for the score axis
    label: str


@dataclass(frozen=True, slots=True)
class Band:
    x: str
    y: str
    width: str
    height: str
    likely_automated: bool
    label_x: str
    label_y: str
    count: str


@dataclass(frozen=True, slots=True)
class Histogram:
    width: int
    height: int
    left: int
    right_x: int
    top: int
    base_y: int  # the x axis
    y_ticks: list[Tick]
    bands: list[Band]
    line_x: float  # the FAKE_LINE marker
    x_ticks: list[Tick]
    mid_x: float
    mid_y: float


def histogram(bins: list[int]) -> Histogram:
    """Vertical bars: accounts per fake_score band, the 0.5 line marked."""
    width, height = 600, 300
    left, right, top, bottom = 56, 16, 40, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = ticks(max(bins, default=0))
    y_max = steps[-1]
    bar = plot_w / len(bins)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    bands = [
        Band(
            x=f"{left + i * bar + 1.5:.1f}",
            y=f"{y(n):.1f}",
            width=f"{bar - 3:.1f}",
            height=f"{plot_h - (y(n) - top):.1f}",
            likely_automated=i / len(bins) >= FAKE_LINE,
            label_x=f"{left + i * bar + bar / 2:.1f}",
            label_y=f"{y(n) - 5:.1f}",
            count=compact(n),
        )
        for i, n in enumerate(bins)
        if n
    ]
    return Histogram(
        width=width,
        height=height,
        left=left,
        right_x=width - right,
        top=top,
        base_y=top + plot_h,
        y_ticks=[Tick(f"{y(t):.1f}", compact(t)) for t in steps],
        bands=bands,
        line_x=left + plot_w * FAKE_LINE,
        x_ticks=[Tick(str(left + plot_w * t), f"{t:g}") for t in (0, 0.25, 0.5, 0.75, 1)],
        mid_x=left + plot_w / 2,
        mid_y=top + plot_h / 2,
    )
