"""Small SVG charts drawn on the server: no chart library, nothing loaded from elsewhere.

Each chart is an <svg role="img"> with a text alternative, axes with numbers, and values
written on the bars; the two parts of the daily columns differ by pattern as well as colour
and a legend names them. The dashboard shows the same numbers as tables too.
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

BAR_COLOR = "#1b5e20"
MISSED_COLOR = "#c62828"
AXIS_COLOR = "#444"
MAX_COLUMN_WIDTH = 48  # one day of data is a column, not a block across the chart
# Red parts are hatched: told apart from green without seeing colour.
_PATTERNS = (
    '<defs><pattern id="mdg-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{MISSED_COLOR}"/><rect width="2" height="6" fill="#fff" opacity="0.6"/>'
    "</pattern></defs>"
)


def _svg(label: str, width: int, height: int, body: str) -> Markup:
    return Markup(  # noqa: S704 - every text inside is escaped by the callers
        f'<svg role="img" aria-label="{escape(label)}" width="100%" viewBox="0 0 {width} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{body}</svg>'
    )


def nice_top(value: float) -> float:
    """A round axis maximum at or above the value (1, 2, 5, 10, 20, 50 …)."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 < value:
        step *= 10
    return next(n * step for n in (1, 2, 5, 10) if n * step >= value)


def _shown(value: float, unit: str) -> str:
    return f"{value:.0%}" if unit == "%" else f"{value:g}{unit}"


def bar_chart(rows: Sequence[Tuple[str, float]], label: str, unit: str = "件", width: int = 560) -> Markup:
    """Horizontal bars, one per (name, value): the whole name above its bar, the value at its
    end, and a value axis below (0, half, top)."""
    if not rows:
        return Markup("")
    top = 1.0 if unit == "%" else nice_top(max(value for _, value in rows))
    left, right, row_height = 8, 70, 44
    plot = width - left - right
    parts: List[str] = []
    for n, (name, value) in enumerate(rows):
        y = n * row_height
        length = plot * value / top
        parts.append(
            f'<text x="{left}" y="{y + 14}" font-size="13">{escape(str(name))}</text>'
            f'<rect x="{left}" y="{y + 20}" width="{length:.1f}" height="16" fill="{BAR_COLOR}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 33}" font-size="13">{escape(_shown(value, unit))}</text>'
        )
    axis_y = row_height * len(rows) + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot}" y2="{axis_y}" stroke="{AXIS_COLOR}"/>')
    for fraction in (0, 0.5, 1):
        x = left + plot * fraction
        tick = escape(_shown(top * fraction, unit))
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{AXIS_COLOR}"/>'
            f'<text x="{x:.1f}" y="{axis_y + 18}" font-size="11" text-anchor="middle">{tick}</text>'
        )
    return _svg(label, width, axis_y + 24, "".join(parts))


def daily_chart(days: Sequence[Tuple[str, int, int]], label: str, width: int = 560, height: int = 200) -> Markup:
    """Questions per day as columns: the answered part solid green, the rest hatched red, the
    total written above each column; a y axis with numbers, dates below, and a legend."""
    if not days:
        return Markup("")
    top = nice_top(max(questions for _, questions, _ in days))
    left, bottom, legend = 40, 22, 22
    plot_w, plot_h = width - left - 8, height - bottom - legend - 16
    base = legend + 16 + plot_h
    step = plot_w / len(days)
    column = min(step - 4, MAX_COLUMN_WIDTH)
    parts: List[str] = [_PATTERNS, _legend()]
    for fraction in (0, 0.5, 1):
        y = base - plot_h * fraction
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{top * fraction:g}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{legend + 16}" x2="{left}" y2="{base}" stroke="{AXIS_COLOR}"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="{AXIS_COLOR}"/>')
    for n, (day, questions, answered) in enumerate(days):
        x = left + n * step + (step - column) / 2
        full, ok = plot_h * questions / top, plot_h * answered / top
        parts.append(
            f'<rect x="{x:.1f}" y="{base - full:.1f}" width="{column:.1f}" height="{full - ok:.1f}" fill="url(#mdg-hatch)">'
            f"<title>{escape(day)}: {questions}件中 {answered}件回答</title></rect>"
            f'<rect x="{x:.1f}" y="{base - ok:.1f}" width="{column:.1f}" height="{ok:.1f}" fill="{BAR_COLOR}"/>'
            f'<text x="{x + column / 2:.1f}" y="{base - full - 4:.1f}" font-size="11" text-anchor="middle">{questions}</text>'
        )
        if len(days) <= 14 or n % max(1, len(days) // 10) == 0:  # dates stay readable on 90 days
            parts.append(
                f'<text x="{x + column / 2:.1f}" y="{base + 15}" font-size="11" text-anchor="middle">{escape(day[5:])}</text>'
            )
    return _svg(label, width, height, "".join(parts))


def _legend() -> str:
    return (
        f'<rect x="40" y="4" width="14" height="14" fill="{BAR_COLOR}"/>'
        '<text x="60" y="16" font-size="12">回答できた</text>'
        '<rect x="150" y="4" width="14" height="14" fill="url(#mdg-hatch)"/>'
        '<text x="170" y="16" font-size="12">回答できなかった（斜線）</text>'
    )
