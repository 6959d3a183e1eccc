"""Server-rendered SVG charts: no script, no external host, print as sharply as the text around
them, and scale to a phone's width (``viewBox`` with ``width=100%``). Every chart is drawn beside a
table holding the same numbers, so the chart is never the only way to read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinguishable in colour and in greyscale print (dark → light).
PALETTE = ("#1f4e79", "#c0504d", "#9bbb59", "#f2a93b", "#7f6aa8", "#4bacc6", "#8c8c8c")
WIDTH = 640
LABEL_W = 170
ROW_H = 26
FONT = 'font-family="sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None
    url: str = ""


def _num(value: Decimal | int | None, unit: str) -> str:
    return "—" if value is None else f"{value}{unit}"


def _link(svg: str, url: str) -> str:
    return f'<a href="{escape(url)}">{svg}</a>' if url else svg


def _open(height: int, title: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    )


def hbars(bars: Sequence[Bar], *, title: str, unit: str = "%", scale: float | None = None) -> SafeString:
    """One horizontal bar per row; percentages on a 0–100 scale, counts on their own maximum."""
    top = scale or (100.0 if unit == "%" else float(max((b.value or 0 for b in bars), default=0)) or 1.0)
    span = WIDTH - LABEL_W - 70
    height = ROW_H * len(bars) + 10
    parts = [_open(height, title)]
    for i, bar in enumerate(bars):
        y = 5 + i * ROW_H
        w = 0.0 if bar.value is None else span * float(bar.value) / top
        label = escape(bar.label[:14])
        row = (
            f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end" {FONT}>{label}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" fill="{PALETTE[0]}"/>'
            f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 16}" {FONT}>{escape(_num(bar.value, unit))}</text>'
        )
        parts.append(_link(row, bar.url))
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | None]


def lines(labels: Sequence[str], series: Sequence[Series], *, title: str) -> SafeString:
    """Rates (0–100%) over sessions or years, one line per series, with a legend."""
    left, right, top, bottom = 70, 70, 30, 40
    height = 240
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)
    parts = [_open(height, title)]
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{pct}%</text>'
        )
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(f'<text x="{x:.1f}" y="{height - 22}" text-anchor="middle" {FONT}>{escape(label[:10])}</text>')
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [
            (left + i * step, top + plot_h * (1 - float(v) / 100)) for i, v in enumerate(s.values) if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        lx = 10 + n * 150
        parts.append(
            f'<rect x="{lx}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="16" {FONT}>{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked(rows: Sequence[tuple[str, Sequence[tuple[str, Decimal | None]]]], *, title: str) -> SafeString:
    """One 100% bar per row split into shares (A/B/C/D), with a legend of the share names."""
    span = WIDTH - LABEL_W - 10
    height = ROW_H * len(rows) + 34
    parts = [_open(height, title)]
    names = [name for name, _share in rows[0][1]] if rows else []
    for n, name in enumerate(names):
        lx = LABEL_W + n * 80
        parts.append(
            f'<rect x="{lx}" y="4" width="12" height="12" fill="{PALETTE[n % len(PALETTE)]}"/>'
            f'<text x="{lx + 16}" y="14" {FONT}>{escape(name)}</text>'
        )
    for i, (label, shares) in enumerate(rows):
        y = 28 + i * ROW_H
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end" {FONT}>{escape(label[:14])}</text>')
        x = float(LABEL_W)
        for n, (name, share) in enumerate(shares):
            w = span * float(share or 0) / 100
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" '
                f'fill="{PALETTE[n % len(PALETTE)]}"><title>{escape(name)} {share}%</title></rect>'
            )
            x += w
    parts.append("</svg>")
    return mark_safe("".join(parts))
