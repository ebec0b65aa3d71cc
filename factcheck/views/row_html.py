"""The status badge and the score bar, written in Python: list pages show them on every row (a hundred on the
article work page), and a Jinja macro call costs about as much as the rest of the cell. The macros of
templates/macros/ui.html call these, so there is one way to draw each."""

from __future__ import annotations

from markupsafe import Markup


def status_badge(status: str) -> Markup:
    return Markup('<span class="badge badge-{}">{}</span>').format(status, str(status).replace("_", " "))


def score_bar(score: float) -> Markup:
    shown = f"{score:.2f}"
    return Markup(
        '<span class="score" title="check-worthiness {0}">\n'
        '    <span class="score-fill" data-score="{1}"></span>\n'
        '    <span class="score-num">{0}</span>\n'
        "  </span>"
    ).format(shown, round(score * 100))
