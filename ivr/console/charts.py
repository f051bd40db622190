"""Small SVG charts drawn on the server: no chart library, nothing loaded from elsewhere.

Each chart is an <svg role="img"> with a text alternative; the page also shows the
numbers, so nothing depends on seeing the picture.
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

BAR_COLOR = "#1b5e20"
MISSED_COLOR = "#c62828"


def bar_chart(rows: Sequence[Tuple[str, float]], label: str, unit: str = "件", width: int = 520) -> Markup:
    """Horizontal bars, one per (name, value), largest value full width."""
    if not rows:
        return Markup("")
    top = max(value for _, value in rows) or 1
    row_height, label_width = 26, 220
    bars: List[str] = []
    for n, (name, value) in enumerate(rows):
        y = n * row_height
        length = (width - label_width - 60) * value / top
        shown = f"{value:.0%}" if unit == "%" else f"{value:g}{unit}"
        bars.append(
            f'<text x="0" y="{y + 17}" font-size="13">{escape(str(name)[:18])}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" fill="{BAR_COLOR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}" font-size="13">{escape(shown)}</text>'
        )
    height = row_height * len(rows)
    return Markup(  # noqa: S704 - every text inside is escaped above
        f'<svg role="img" aria-label="{escape(label)}" width="100%" viewBox="0 0 {width} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(bars)}</svg>'
    )


def daily_chart(days: Sequence[Tuple[str, int, int]], label: str, width: int = 520, height: int = 140) -> Markup:
    """Questions per day as columns, the answered part darker and the rest red."""
    if not days:
        return Markup("")
    top = max(questions for _, questions, _ in days) or 1
    step = width / len(days)
    columns: List[str] = []
    for n, (day, questions, answered) in enumerate(days):
        x = n * step + 2
        full, ok = (height - 20) * questions / top, (height - 20) * answered / top
        columns.append(
            f'<rect x="{x:.1f}" y="{height - 20 - full:.1f}" width="{step - 4:.1f}" height="{full - ok:.1f}"'
            f' fill="{MISSED_COLOR}">'
            f"<title>{escape(day)}: {questions}件中 {answered}件回答</title></rect>"
            f'<rect x="{x:.1f}" y="{height - 20 - ok:.1f}" width="{step - 4:.1f}" height="{ok:.1f}" fill="{BAR_COLOR}"/>'
            f'<text x="{x:.1f}" y="{height - 5}" font-size="11">{escape(day[5:])}</text>'
        )
    return Markup(  # noqa: S704 - every text inside is escaped above
        f'<svg role="img" aria-label="{escape(label)}" width="100%" viewBox="0 0 {width} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(columns)}</svg>'
    )
