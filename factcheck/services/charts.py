"""Server-side SVG charts (no JavaScript): the ratings distribution and published checks per week.

Pure Python; labels are XML-escaped; colours come from presentation attributes (fill=...), never style=,
so the SVG can be served inline under a CSP that forbids inline styles. Classes (chart-*) let CSS restyle it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from factcheck.services.reports.summary import RatingTotal, WeekCount

_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_DEFAULT = "#6b7280"
WIDTH = 640


def _colour(value: str) -> str:
    return value if _COLOUR.match(value or "") else _DEFAULT


def _svg(title: str, height: int, body: list[str], css_class: str) -> str:
    t = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>' + "".join(body) + "</svg>"
    )


def ratings_chart(totals: Sequence[RatingTotal], title: str = "Ratings distribution") -> str:
    """Horizontal bars, one per rating, in scale order, in each rating's colour, with the count at the end."""
    if not totals:
        return _svg(
            title,
            40,
            [
                '<text class="chart-empty" x="8" y="24" font-size="13" fill="#6b7280">'
                "No verdicts in this selection.</text>"
            ],
            "chart-ratings",
        )
    row, label_w, top = 26, 170, 8
    bar_max = WIDTH - label_w - 60
    most = max(t.count for t in totals) or 1
    body = []
    for i, t in enumerate(totals):
        y = top + i * row
        width = max(1, round(bar_max * t.count / most)) if t.count else 0
        name = t.label if t.value is None else f"{t.label} ({t.value})"
        body.append(
            f'<g class="chart-row"><text class="chart-label" x="{label_w - 8}" y="{y + 15}" text-anchor="end" '
            f'font-size="13" fill="#1f2937">{escape(name)}</text>'
            f'<rect class="chart-bar" x="{label_w}" y="{y + 2}" width="{width}" height="{row - 8}" '
            f'fill="{_colour(t.colour)}"><title>{escape(t.label)}: {t.count}</title></rect>'
            f'<text class="chart-value" x="{label_w + width + 6}" y="{y + 15}" font-size="13" '
            f'fill="#1f2937">{t.count}</text></g>'
        )
    return _svg(title, top * 2 + row * len(totals), body, "chart-ratings")


def weekly_chart(weeks: Sequence[WeekCount], title: str = "Published checks per week") -> str:
    """Vertical bars per ISO week; a dashed line marks one a week (the IFCN's minimum); empty weeks in red."""
    if not weeks:
        return _svg(
            title,
            40,
            [
                '<text class="chart-empty" x="8" y="24" font-size="13" fill="#6b7280">'
                "Nothing published in this selection.</text>"
            ],
            "chart-weekly",
        )
    height, left, bottom, top = 220, 36, 40, 12
    plot_h, plot_w = height - bottom - top, WIDTH - left - 8
    most = max(2, max(w.count for w in weeks))
    step = plot_w / len(weeks)
    bar_w = max(1.0, step * 0.75)
    label_every = max(1, round(len(weeks) / 8))

    def y_of(n: float) -> float:
        return top + plot_h - plot_h * n / most

    body = [
        f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 8}" y2="{top + plot_h}" '
        'stroke="#9ca3af"/>',
        f'<text class="chart-tick" x="{left - 6}" y="{y_of(most) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="#4b5563">{most}</text>',
        f'<text class="chart-tick" x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end" font-size="11" '
        'fill="#4b5563">0</text>',
    ]
    for i, w in enumerate(weeks):
        x = left + i * step + (step - bar_w) / 2
        label = f"week of {w.week.isoformat()}: {w.count}"
        if w.count:
            body.append(
                f'<rect class="chart-bar" x="{x:.1f}" y="{y_of(w.count):.1f}" width="{bar_w:.1f}" '
                f'height="{plot_h * w.count / most:.1f}" fill="#2563eb"><title>{label}</title></rect>'
            )
        else:
            body.append(
                f'<rect class="chart-zero" x="{x:.1f}" y="{top + plot_h - 3}" width="{bar_w:.1f}" '
                f'height="3" fill="#b3261e"><title>{label}</title></rect>'
            )
        if i % label_every == 0:
            body.append(
                f'<text class="chart-tick" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle" font-size="11" fill="#4b5563">{w.week.strftime("%d %b")}</text>'
            )
    body.append(
        f'<line class="chart-target" x1="{left}" y1="{y_of(1):.1f}" x2="{WIDTH - 8}" y2="{y_of(1):.1f}" '
        'stroke="#b3261e" stroke-dasharray="4 3"><title>one a week</title></line>'
    )
    body.append(
        f'<text class="chart-tick" x="{WIDTH - 10}" y="{y_of(1) - 4:.1f}" text-anchor="end" '
        'font-size="11" fill="#b3261e">1 a week</text>'
    )
    return _svg(title, height, body, "chart-weekly")
