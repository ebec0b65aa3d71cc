"""Turning what a user brings (pasted text, a .txt or .html file, a URL) into an article draft, then importing it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from pathlib import PurePath

from sqlalchemy.orm import Session

from factcheck import textin
from factcheck.claims.scraped import parse_scraped
from factcheck.extraction import ExtractionError, ensure_html, extract_article
from factcheck.fetch import FetchError, FetchPolicy, check_url, fetch
from factcheck.models import Job, User
from factcheck.services import jobs
from factcheck.services.articles import (
    DEFAULT_MAX_CHARS,
    Extraction,
    ImportResult,
    check_article_url,
    clean_text,
    import_text,
)
from factcheck.services.errors import ValidationError
from factcheck.textin import bom_encoding

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MIN_ARTICLE_WORDS = 8


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    text: str
    origin: str
    outlet: str = ""
    url: str | None = None
    author: str = ""
    published_on: dt.date | None = None

    def with_overrides(self, **fields: object) -> ArticleDraft:
        """What the user typed wins over what was found in the file or page; empty fields do not."""
        return replace(self, **{k: v for k, v in fields.items() if v not in (None, "")})  # type: ignore[arg-type]


def draft_from_text(text: str, *, title: str = "", origin: str = "paste") -> ArticleDraft:
    """Pasted or plain-text input; the seed's scraped format (` date YYYY-MM-DD ...`) is recognised."""
    scraped = parse_scraped(text)
    if scraped is not None:
        return ArticleDraft(
            title=title or scraped.title, text=scraped.body, origin=origin, published_on=scraped.published
        )
    return ArticleDraft(title=title, text=text, origin=origin)


def decode_text_file(data: bytes) -> str:
    """An uploaded or local text file's bytes as text: a byte-order mark (UTF-8, UTF-16 or UTF-32) decides,
    else UTF-8, else charset detection limited to text encodings. NUL is looked for after the mark is read (a
    UTF-16 file is full of zero bytes): without a mark, or in the decoded text, it means a binary file."""
    binary = ValidationError("The file is binary, not text: import a .txt or .html file.", fields={"file": "binary"})
    if bom_encoding(data) is None and b"\x00" in data:
        raise binary
    decoded = textin.decode(data)
    if "\x00" in decoded.text:
        raise binary
    if decoded.text.count("\ufffd") > max(8, len(decoded.text) // 10):
        raise ValidationError(
            "The file's text encoding could not be recognised: save it as UTF-8 and try again.",
            fields={"file": "undecodable"},
        )
    return decoded.text


def _name_title(filename: str) -> str:
    """A title made of a file name: no control characters, no lone surrogates (a local file name that is not
    UTF-8 arrives with surrogate escapes)."""
    stem = textin.scrub_surrogates(PurePath(filename).stem)[0]
    stem = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in stem)
    return " ".join(stem.replace("_", " ").replace("-", " ").split())


def draft_from_file(filename: str, data: bytes) -> ArticleDraft:
    suffix = PurePath(filename or "").suffix.lower()
    if not data.strip():
        raise ValidationError("The file is empty.", fields={"file": "empty"})
    if suffix in TEXT_SUFFIXES:
        draft = draft_from_text(decode_text_file(data), origin="file")
    elif suffix in HTML_SUFFIXES:
        draft = _draft_from_html(decode_text_file(data), url=None, origin="file")
    else:
        raise ValidationError(
            f"Only .txt and .html files can be imported, not {suffix or 'files without a suffix'}.",
            fields={"file": "unsupported type"},
        )
    if not draft.title:
        draft = replace(draft, title=_name_title(filename))
    return draft


def _draft_from_html(html: str, *, url: str | None, origin: str) -> ArticleDraft:
    try:
        page = extract_article(html, url)
    except ExtractionError as exc:
        raise ValidationError(f"No article could be extracted: {exc.reason}.", fields={"url": "no article"}) from exc
    if len(page.text.split()) < MIN_ARTICLE_WORDS:
        raise ValidationError(
            f"No article could be extracted: the page has fewer than {MIN_ARTICLE_WORDS} words of text.",
            fields={"url": "no article"},
        )
    return ArticleDraft(
        title=page.title or "",
        text=page.text,
        origin=origin,
        outlet=page.sitename or "",
        url=url,
        author=page.author or "",
        published_on=page.published,
    )


def draft_from_url(url: str, policy: FetchPolicy) -> ArticleDraft:
    url = url.strip()
    try:
        result = fetch(url, policy)
        ensure_html(result)
    except FetchError as exc:
        raise ValidationError(f"Could not fetch {url}: {exc.reason}", fields={"url": exc.code}) from exc
    except ExtractionError as exc:
        raise ValidationError(f"Could not import {url}: {exc.reason}.", fields={"url": "not html"}) from exc
    draft = _draft_from_html(result.text(), url=result.final_url or url, origin="url")
    # Keep the address the user gave as the article's identity, so re-importing it finds the same article.
    return replace(draft, url=url)


def import_draft(
    session: Session,
    actor: User | None,
    draft: ArticleDraft,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    extraction: Extraction | None = None,
) -> ImportResult:
    if not draft.title.strip():
        raise ValidationError("The article needs a title.", fields={"title": "empty"})
    return import_text(
        session,
        actor,
        title=draft.title,
        text=draft.text,
        origin=draft.origin,
        outlet=draft.outlet,
        url=draft.url,
        author=draft.author,
        published_on=draft.published_on,
        max_chars=max_chars,
        extraction=extraction,
    )


IMPORT_URL_JOB = "article.import_url"  # factcheck/tasks/articles.py runs it


def request_url_import(
    session: Session,
    actor: User | None,
    url: str,
    policy: FetchPolicy,
    overrides: dict[str, object] | None = None,
) -> Job:
    """Check the URL on its face now (form, scheme, a literal refused address) and queue the fetch, the
    extraction and the import as a job. Importing a URL already imported is a re-import: a new revision, the
    claims re-anchored."""
    url = url.strip()
    check_article_url(url)
    try:
        check_url(url, policy)
    except FetchError as exc:
        raise ValidationError(f"Could not fetch {url}: {exc.reason}", fields={"url": exc.code}) from exc
    clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in (overrides or {}).items() if v}
    return jobs.enqueue(session, actor, IMPORT_URL_JOB, {"url": url, "overrides": clean})


IMPORT_TEXT_JOB = "article.import_text"  # factcheck/tasks/articles.py runs it
# Texts up to this many characters are imported within the request (tens of milliseconds); longer ones by a job.
DEFAULT_INLINE_IMPORT_CHARS = 100_000


def runs_inline(draft: ArticleDraft, inline_chars: int = DEFAULT_INLINE_IMPORT_CHARS) -> bool:
    """Whether importing this draft is quick enough to do within the request (else: request_text_import)."""
    return len(draft.text) <= inline_chars


def request_text_import(
    session: Session, actor: User | None, draft: ArticleDraft, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Job:
    """Check a long text now (title, size, URL: the user hears at once what is wrong) and queue its import as
    a job: finding its claims, or a re-import's re-anchoring, takes seconds that no web worker should spend. The
    text travels in the job's payload; the job imports it exactly as import_draft would (running it twice adds
    nothing: the second run finds the same article with the same text)."""
    if not " ".join(draft.title.split()):
        raise ValidationError("The article needs a title.", fields={"title": "empty"})
    if len(" ".join(draft.title.split())) > 500:
        raise ValidationError("The title is longer than 500 characters.", fields={"title": "too long"})
    clean_text(draft.text, max_chars)
    if draft.url and draft.url.strip():
        check_article_url(draft.url.strip())
    fields = {
        "title": draft.title,
        "origin": draft.origin,
        "outlet": draft.outlet,
        "url": draft.url,
        "author": draft.author,
        "published_on": draft.published_on.isoformat() if draft.published_on else None,
        "chars": len(draft.text),
    }
    return jobs.enqueue(session, actor, IMPORT_TEXT_JOB, fields, payload=draft.text.encode("utf-8"))


def draft_from_job(arguments: dict[str, object], payload: bytes | None) -> ArticleDraft:
    """The draft a text-import job was queued with (request_text_import)."""
    if payload is None:
        raise ValidationError("The job has lost the text it was to import.", fields={"text": "missing"})
    published = arguments.get("published_on")
    return ArticleDraft(
        title=str(arguments.get("title") or ""),
        text=payload.decode("utf-8"),
        origin=str(arguments.get("origin") or "paste"),
        outlet=str(arguments.get("outlet") or ""),
        url=str(arguments["url"]) if arguments.get("url") else None,
        author=str(arguments.get("author") or ""),
        published_on=dt.date.fromisoformat(str(published)) if published else None,
    )
