"""Articles: create from text, add revisions, extract claims, re-anchor claims on new text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import cpu
from factcheck.claims.extract import ExtractedClaim, extract_claims
from factcheck.models import Article, ArticleRevision, User, text_sha256
from factcheck.netpolicy import FetchError, any_address_policy, check_url
from factcheck.services import audit, events, reimport, vectors
from factcheck.services.claims import store_extracted
from factcheck.services.errors import TooLarge, ValidationError

DEFAULT_MAX_CHARS = 2 * 1024 * 1024
ORIGINS = ("paste", "file", "url", "demo", "feed")  # feed: a monitored feed entry's own text (services/feed_poll.py)


@dataclass
class ImportResult:
    article: Article
    revision: ArticleRevision
    created: bool  # a new article
    new_revision: bool  # False when the text was unchanged
    claims_added: int = 0
    anchors: dict[str, int] = field(default_factory=dict)  # exact / fuzzy / orphan counts after re-anchoring


def clean_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Normalise line endings and trailing space; refuse empty, oversized or binary-looking text."""
    if "\x00" in text:
        raise ValidationError(
            "The text contains NUL bytes: it looks like a binary file, not an article.", fields={"text": "binary"}
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if not text.strip():
        raise ValidationError("The article text is empty.", fields={"text": "empty"})
    if len(text) > max_chars:
        raise TooLarge(
            f"The article has {len(text):,} characters; the limit is {max_chars:,}.", fields={"text": "too long"}
        )
    return text


def check_article_url(url: str) -> None:
    """An article's URL is shown to readers as a link and used in ClaimReview: absolute http(s) only."""
    if len(url) > 2000:
        raise ValidationError("The URL is longer than 2,000 characters.", fields={"url": "too long"})
    try:
        check_url(url, any_address_policy())
    except FetchError as exc:
        raise ValidationError(f"{url!r} is not an article address: {exc.reason}.", fields={"url": exc.code}) from exc


@dataclass(frozen=True)
class Extraction:
    """What importing a text computes before it writes anything: the claims, their vectors and the events. A
    caller that writes several articles in one transaction (a feed poll) computes each first, holding no lock."""

    text: str  # as clean_text left it
    published_on: dt.date | None
    found: list[ExtractedClaim]
    encoded: vectors.Encoded | None
    events: events.ArticleEvents


def extract(text: str, published_on: dt.date | None) -> Extraction:
    """The claims, vectors and events of a cleaned text (no database)."""
    found = extract_claims(text, published_on)
    encoded = vectors.encode([claim.quote for claim in found])
    return Extraction(text, published_on, found, encoded, events.compute(text, published_on, found))


def unique_slug(session: Session, title: str) -> str:
    base = slugify(title, max_length=80, word_boundary=True) or "article"
    slug, n = base, 2
    while session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_text(
    session: Session,
    actor: User | None,
    *,
    title: str,
    text: str,
    origin: str,
    outlet: str = "",
    url: str | None = None,
    author: str = "",
    published_on: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    extraction: Extraction | None = None,
) -> ImportResult:
    """Create an article (or a new revision of the article at the same URL) and its claims. `extraction` is
    `extract(text, published_on)` computed beforehand (used if it is of this text and date)."""
    if origin not in ORIGINS:
        raise ValidationError(f"Unknown origin {origin!r}.")
    title = " ".join(title.split())
    if not title:
        raise ValidationError("The article needs a title.", fields={"title": "empty"})
    if len(title) > 500:
        raise ValidationError("The title is longer than 500 characters.", fields={"title": "too long"})
    text = clean_text(text, max_chars)
    url = url.strip() if url and url.strip() else None
    if url is not None:
        check_article_url(url)

    existing = session.scalar(select(Article).where(Article.url == url)) if url else None
    if existing is not None:
        return _add_revision(session, actor, existing, text, origin, url)

    # Computed before anything is written, so no lock is held meanwhile: the claims, their vectors, the events.
    if extraction is None or (extraction.text, extraction.published_on) != (text, published_on):
        extraction = cpu.heavy(lambda: extract(text, published_on))
    found, encoded, computed = extraction.found, extraction.encoded, extraction.events
    article = Article(
        slug=unique_slug(session, title),
        title=title,
        outlet=outlet.strip()[:200],
        url=url,
        author=author.strip()[:300],
        published_on=published_on,
        created_by_id=actor.id if actor else None,
    )
    session.add(article)
    session.flush()
    revision = ArticleRevision(
        article_id=article.id,
        number=1,
        text=text,
        sha256=text_sha256(text),
        origin=origin,
        source_url=url,
        created_by_id=actor.id if actor else None,
    )
    session.add(revision)
    session.flush()
    store_extracted(session, article, revision, found, encoded)
    session.refresh(article, ["revisions"])
    audit.record(
        session,
        actor,
        "article.import",
        "article",
        article.id,
        {"title": title, "origin": origin, "url": url, "revision": 1, "claims": len(found)},
    )
    events.write(session, actor, article, revision, computed)  # linked to the events other articles speak of
    return ImportResult(article, revision, created=True, new_revision=True, claims_added=len(found))


def _add_revision(
    session: Session, actor: User | None, article: Article, text: str, origin: str, url: str | None
) -> ImportResult:
    """Compute the new revision with no lock held, then write it in one short step (services/reimport.py)."""
    current = article.current_revision
    assert current is not None, "an article always has a revision"
    if current.sha256 == text_sha256(text):
        return ImportResult(article, current, created=False, new_revision=False)
    inputs = reimport.load_inputs(session, article)
    plan = cpu.heavy(lambda: reimport.plan_revision(inputs, text, origin, url))
    article, revision, anchors = reimport.write_revision(session, actor, plan)
    session.refresh(article, ["revisions"])
    audit.record(
        session,
        actor,
        "article.revise",
        "article",
        article.id,
        {
            "revision": revision.number,
            "sha256": revision.sha256,
            "anchors": anchors,
            "exact": reimport.moved_exactly(plan),  # [claim, old start, new start]; the others have their own event
        },
    )
    events.write(session, actor, article, revision, plan.events)  # in place of the earlier revision's mentions
    return ImportResult(article, revision, created=False, new_revision=True, anchors=anchors)


def by_slug(session: Session, slug: str) -> Article | None:
    return session.scalar(select(Article).where(Article.slug == slug)) if slug else None
