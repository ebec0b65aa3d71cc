"""Turning stored text into safe HTML: Markdown rationales (markdown-it-py, then nh3) and highlighted articles.

No Flask here; `Markup` (markupsafe) tells Jinja the HTML is already safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def render_markdown(source: str) -> Markup:
    """Markdown to HTML, sanitized: raw HTML is escaped by the parser and nh3 keeps only harmless tags."""
    html = _MD.render(source or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )
    return Markup(clean)


class Span(Protocol):
    id: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Span | None = None


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` into plain pieces and claim pieces (spans sorted, non-overlapping; overlaps are skipped)."""
    pieces: list[Segment] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start < position or span.end > len(text) or span.start >= span.end:
            continue
        if span.start > position:
            pieces.append(Segment(text[position : span.start]))
        pieces.append(Segment(text[span.start : span.end], span))
        position = span.end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def highlight(text: str, spans: Sequence[Span], *, css_class: str = "claim") -> Markup:
    """The text with every span in a <mark>; each piece of text is escaped. The marks add no characters, so
    the element's textContent equals `text` and browser selection offsets count from the text's start."""
    out: list[str] = []
    for piece in segments(text, spans):
        if piece.claim is None:
            out.append(str(escape(piece.text)))
        else:
            cid = int(piece.claim.id)
            status = escape(str(getattr(piece.claim, "status", "")))
            out.append(
                f'<mark class="{escape(css_class)} mark-{status}" id="claim-{cid}" data-claim-id="{cid}" '
                f'data-nav tabindex="0">{escape(piece.text)}</mark>'
            )
    return Markup("".join(out))


QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›「」『』"


def unquoted(text: str) -> str:
    """A passage without the quotation marks a reviewer typed around it (readers' pages add their own)."""
    text = text.strip()
    while len(text) >= 2 and text[0] in QUOTE_MARKS and text[-1] in QUOTE_MARKS:
        text = text[1:-1].strip()
    return text
