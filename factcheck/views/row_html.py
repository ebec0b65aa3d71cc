"""The status badge and the score bar, written in Python: list pages show them on every row (a hundred on the
article work page), and a Jinja macro call costs about as much as the rest of the cell. The macros of
templates/macros/ui.html call these, so there is one way to draw each."""

from __future__ import annotations

from markupsafe import Markup, escape


def status_badge(status: str) -> Markup:
    # f-strings and one escape: Markup.format runs string.Formatter in Python, several times slower
    value = escape(str(status))
    return Markup(f'<span class="badge badge-{value}">{value.replace("_", " ")}</span>')


def score_bar(score: float) -> Markup:
    shown = f"{score:.2f}"  # a number: nothing to escape
    return Markup(
        f'<span class="score" title="check-worthiness {shown}">\n'
        f'    <span class="score-fill" data-score="{round(score * 100)}"></span>\n'
        f'    <span class="score-num">{shown}</span>\n'
        "  </span>"
    )
