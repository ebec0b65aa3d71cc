"""One poll of one feed: a conditional GET of the feed, its new entries' pages fetched and their articles imported,
each new claim matched against what was already checked.

Computed first with no lock held (the feed, the pages, the text checks); written in one short step. Whatever
goes wrong with the feed itself (refused, unreachable, 404, not a feed) is recorded on the feed as its last error
and is the poll's result, not an exception: a bad feed never stops the others, and it is tried again at its next
time. An entry whose page cannot be fetched is imported from the feed's own text when it has some.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import cpu
from factcheck.claims import embeddings
from factcheck.claims.matching import conflicts
from factcheck.fetch import FetchError, FetchPolicy, fetch
from factcheck.models import Article, Claim, Feed, FeedItem, MonitoredClaim, User, utcnow
from factcheck.services import importing, matching
from factcheck.services.articles import DEFAULT_MAX_CHARS, Extraction, check_article_url, clean_text, extract
from factcheck.services.errors import DomainError
from factcheck.services.feeds_parse import Entry, FeedUnreadable, parse
from factcheck.services.importing import ArticleDraft
from factcheck.services.matching import Found

FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"


Span = tuple[int, int]  # a claim's (start, end) in its text: how a match computed before the write finds its claim


@dataclass(frozen=True)
class Prepared:
    """An entry ready to write: its draft (checked, so the import cannot refuse it) with its claims, vectors and
    events computed, or why it has none."""

    entry: Entry
    draft: ArticleDraft | None
    from_feed_text: bool = False
    error: str | None = None
    extraction: Extraction | None = None
    matches: dict[Span, Found] = field(default_factory=dict)  # the best "already checked" match of each claim


@dataclass
class PollResult:
    feed_id: int
    state: str  # "imported" | "not_modified" | "failed"
    imported: int = 0  # new articles
    skipped: int = 0  # entries seen before (same GUID in this feed, or a URL already imported)
    failed: int = 0  # entries with neither a page nor text of their own
    claims: int = 0
    checked: int = 0  # claims with an "already checked" match
    error: str = ""
    article_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "article_ids"} | {"articles": len(self.article_ids)}


def new_entries(session: Session, feed: Feed, entries: list[Entry]) -> list[Entry]:
    """The entries not seen before: no item of this feed with the same GUID, and no item or article (of any
    feed, or imported by hand) with the same URL."""
    if not entries:
        return []
    guids = {e.guid for e in entries}
    urls = {e.url for e in entries if e.url}
    of_feed = select(FeedItem.guid).where(FeedItem.feed_id == feed.id, FeedItem.guid.in_(guids))
    seen_guids = set(session.scalars(of_feed))
    seen_urls: set[str | None] = set()
    if urls:
        seen_urls |= set(session.scalars(select(FeedItem.url).where(FeedItem.url.in_(urls))))
        seen_urls |= set(session.scalars(select(Article.url).where(Article.url.in_(urls))))
    fresh, taken = [], set()
    for entry in entries:
        if entry.guid in seen_guids or (entry.url and (entry.url in seen_urls or entry.url in taken)):
            continue
        taken.add(entry.url)
        fresh.append(entry)
    return fresh


def _checked(draft: ArticleDraft, max_chars: int) -> ArticleDraft:
    """The draft as import_text will take it, or a DomainError now (before anything is written)."""
    title = " ".join(draft.title.split())[:500] or (draft.url or "Untitled feed item")[:500]
    if draft.url:
        check_article_url(draft.url)
    return replace(draft, title=title, text=clean_text(draft.text, max_chars))


def _ready(entry: Entry, draft: ArticleDraft, max_chars: int, **kw: Any) -> Prepared:
    checked = _checked(draft, max_chars)
    return Prepared(entry, checked, extraction=cpu.heavy(lambda: extract(checked.text, checked.published_on)), **kw)


def prepare(entry: Entry, outlet: str, policy: FetchPolicy, max_chars: int = DEFAULT_MAX_CHARS) -> Prepared:
    """Fetch the entry's page and extract its article (filed under `outlet` when given, else the page's site name);
    the entry's own text when that fails. No database."""
    page_error = "the entry has no link"
    if entry.url:
        try:
            draft = importing.draft_from_url(entry.url, policy)
            draft = replace(
                draft,
                title=draft.title or entry.title,
                author=draft.author or entry.author,
                published_on=draft.published_on or entry.published_on,
                outlet=outlet or draft.outlet,
            )
            return _ready(entry, draft, max_chars)
        except DomainError as exc:
            page_error = exc.message
    fallback = ArticleDraft(
        title=entry.title,
        text=entry.text,
        origin="feed",
        outlet=outlet,
        url=entry.url,
        author=entry.author,
        published_on=entry.published_on,
    )
    if len(entry.text.split()) < importing.MIN_ARTICLE_WORDS:
        return Prepared(entry, None, error=f"{page_error}; the entry has no text of its own to import")
    try:
        return _ready(entry, fallback, max_chars, from_feed_text=True, error=page_error)
    except DomainError as exc:
        return Prepared(entry, None, error=f"{page_error}; {exc.message}")


CANDIDATES = 3  # matches looked at for the best one that is close in meaning and says the same thing


def _best(quote: str, found: list[Found]) -> Found | None:
    """The best match that is close in meaning and not a different claim in the same words (other figures, or a
    negation): "already checked" must not be said of a claim whose check found other numbers."""
    return next((f for f in found if not f.match.weak and not conflicts(quote, f.match.text)), None)


def find_checked(session: Session, extraction: Extraction) -> dict[Span, Found]:
    """The best "already checked" match of each claim an extraction found (reads only: no lock is taken)."""
    vectors = extraction.encoded[1] if extraction.encoded else [None] * len(extraction.found)
    out: dict[Span, Found] = {}
    for claim, stored in zip(extraction.found, vectors, strict=True):
        vector = embeddings.from_bytes(stored) if stored is not None else None
        if (best := _best(claim.quote, matching.find(session, claim.quote, vector=vector, top=CANDIDATES))) is not None:
            out[(claim.start, claim.end)] = best
    return out


def monitor_article(
    session: Session, feed: Feed, article_id: int, matches: dict[Span, Found] | None = None
) -> tuple[int, int]:
    """A MonitoredClaim row, with its best "already checked" match, for each claim of a new article: `matches`
    computed beforehand (find_checked), else looked up now."""
    claims = list(session.scalars(select(Claim).where(Claim.article_id == article_id).order_by(Claim.id)))
    checked = 0
    for claim in claims:
        if matches is not None:
            best = matches.get((claim.start, claim.end))
        else:
            best = _best(claim.quote, matching.find_for_claim(session, claim, top=CANDIDATES))
        row = MonitoredClaim(
            claim_id=claim.id,
            feed_id=feed.id,
            checkworthiness=claim.checkworthiness,
            checked=best is not None,
            match_score=best.match.score if best else None,
            matched_claim_id=best.claim.id if best and best.claim else None,
            external_check_id=best.external.id if best and best.external else None,
        )
        session.add(row)
        checked += best is not None
    session.flush()
    return len(claims), checked


def store(session: Session, actor: User | None, feed: Feed, prepared: list[Prepared], result: PollResult) -> None:
    """The write step: the articles, their items and their monitored claims."""
    for p in prepared:
        item = FeedItem(
            feed_id=feed.id,
            guid=p.entry.guid,
            url=p.entry.url,
            title=p.entry.title,
            from_feed_text=p.from_feed_text,
            error=p.error,
        )
        if p.draft is not None:
            imported = importing.import_draft(session, actor, p.draft, extraction=p.extraction)
            item.article_id = imported.article.id
            if imported.created:
                result.imported += 1
                result.article_ids.append(imported.article.id)
                found, checked = monitor_article(session, feed, imported.article.id, p.matches)
                result.claims += found
                result.checked += checked
        else:
            result.failed += 1
        session.add(item)
    session.flush()


def _failed(session: Session, feed: Feed, reason: str, now: dt.datetime) -> PollResult:
    feed.last_polled_at, feed.last_error = now, reason[:2000]
    feed.error_count += 1
    session.flush()
    return PollResult(feed.id, "failed", error=feed.last_error)


def poll(
    session: Session,
    actor: User | None,
    feed: Feed,
    policy: FetchPolicy,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    now: dt.datetime | None = None,
) -> PollResult:
    """Poll `feed` once (the caller commits). Never raises for what the feed or its pages do."""
    now = now or utcnow()
    try:
        fetched = fetch(feed.url, policy, accept=FEED_ACCEPT, etag=feed.etag, last_modified=feed.last_modified)
        declared = f"{fetched.content_type}; charset={fetched.charset}" if fetched.charset else fetched.content_type
        parsed = None if fetched.not_modified else parse(fetched.body, fetched.final_url, declared)
    except FetchError as exc:
        return _failed(session, feed, f"The feed could not be fetched: {exc.reason}", now)
    except FeedUnreadable as exc:
        return _failed(session, feed, f"The feed could not be read: {exc}", now)
    result = PollResult(feed.id, "not_modified" if parsed is None else "imported")
    if parsed is not None:
        fresh = new_entries(session, feed, parsed.entries)
        result.skipped = len(parsed.entries) - len(fresh)
        outlet = feed.outlet or (feed.title or parsed.title)[:200]  # its articles (and the Monitor filter) go under
        prepared = [prepare(entry, outlet, policy, max_chars) for entry in fresh]
        prepared = [replace(p, matches=find_checked(session, p.extraction)) if p.extraction else p for p in prepared]
        # Everything is computed: the writes start here (on SQLite, the write lock is taken at the first).
        feed.title, feed.outlet = feed.title or parsed.title[:300], outlet
        store(session, actor, feed, prepared, result)
        feed.items_imported += result.imported
    feed.etag = (fetched.etag or feed.etag or "")[:300] or None
    feed.last_modified = (fetched.last_modified or feed.last_modified or "")[:100] or None
    feed.last_polled_at = feed.last_success_at = now
    feed.last_error, feed.error_count = None, 0
    session.flush()
    return result
