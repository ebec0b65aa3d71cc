"""Safe HTML for the workbench: sanitized Markdown rationales and highlighted article text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from factcheck.rendering import highlight, render_markdown, segments


@dataclass
class Span:
    id: int
    start: int
    end: int
    status: str = "new"


def test_markdown_keeps_formatting_and_drops_anything_active() -> None:
    out = str(
        render_markdown(
            "**Bold** and [a link](https://example.org/x)\n\n<script>alert(1)</script>\n\n"
            "[bad](javascript:alert(1)) <img src=x onerror=alert(1)> ![pic](https://example.org/p.png)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |"
        )
    )
    assert "<strong>Bold</strong>" in out
    assert '<a href="https://example.org/x" rel="noopener nofollow ugc">a link</a>' in out
    assert "<script" not in out and "&lt;script&gt;" in out  # raw HTML shows as text
    assert 'href="javascript' not in out and "<img" not in out and "<table>" in out


def test_highlight_escapes_every_piece_and_adds_no_text() -> None:
    text = 'A <b>bold</b> claim & 🎉 then "quoted" words, and the end.'
    spans = [Span(7, text.index("<b>"), text.index("</b>") + 4, "submitted"), Span(9, text.index("🎉"), len(text))]
    out = str(highlight(text, spans))
    assert '<mark class="claim mark-submitted" id="claim-7" data-claim-id="7" data-nav tabindex="0">' in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "<b>" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # textContent equals the revision text


def test_overlapping_or_out_of_range_spans_are_skipped() -> None:
    text = "one two three four"
    pieces = segments(text, [Span(1, 0, 7), Span(2, 4, 13), Span(3, 8, 13), Span(4, 10, 99), Span(5, 14, 14)])
    assert [(p.text, p.claim.id if p.claim else None) for p in pieces] == [
        ("one two", 1),
        (" ", None),
        ("three", 3),
        (" four", None),
    ]
    assert "".join(p.text for p in pieces) == text
