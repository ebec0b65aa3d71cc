"""Article and source extraction from fetched HTML (trafilatura), independent of Flask and HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from factcheck.fetch import FetchResult
from factcheck.textin import drop_nul, scrub_surrogates

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CHROME_XPATH = (
    "//nav | //header | //footer | //aside | //menu | //form | //script | //style | //noscript | //template"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='search']"
)


@dataclass(frozen=True)
class ExtractedPage:
    title: str | None
    author: str | None
    published: date | None
    sitename: str | None
    text: str  # paragraphs separated by a blank line


class ExtractionError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ensure_html(result: FetchResult) -> None:
    """Refuse anything that is not an HTML page before trying to extract an article from it."""
    if result.content_type not in HTML_TYPES:
        raise ExtractionError(f"the URL returned {result.content_type}, not an HTML page")


def extract_article(html: str, url: str | None = None) -> ExtractedPage:
    """Main text and metadata (title, author, date, site) of a page; boilerplate is left out."""
    html = _storable(html or "")
    if not html.strip() or not _has_text_outside_chrome(html):
        raise ExtractionError("no article text could be extracted from this page")
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    text = _paragraphs(getattr(doc, "text", None) or "")
    if doc is None or not text:
        raise ExtractionError("no article text could be extracted from this page")
    return ExtractedPage(
        title=_clean(getattr(doc, "title", None)),
        author=_clean(getattr(doc, "author", None)),
        published=_parse_date(getattr(doc, "date", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
        text=text,
    )


def _has_text_outside_chrome(html: str) -> bool:
    """False for pages whose only words sit in navigation, headers, footers and the like.

    trafilatura's fallbacks would otherwise return a menu ("Home About") as the "article".
    """
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8")
        tree = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return False
    body = tree.find("body")
    if body is None:
        return False
    for element in body.xpath(_CHROME_XPATH):
        if element.getparent() is not None:
            element.drop_tree()
    return bool(body.text_content().strip())


def _storable(text: str) -> str:
    """What a parser hands back may still hold NUL or a lone surrogate (from a character reference, say):
    neither is ever stored."""
    return scrub_surrogates(drop_nul(text)[0])[0]


def _paragraphs(text: str) -> str:
    """One blank line between paragraphs, no trailing spaces, no runs of blank lines."""
    lines = (line.strip() for line in _storable(text).replace("\r\n", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(_storable(value).split())
    return value or None


def _parse_date(value: object) -> date | None:
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
