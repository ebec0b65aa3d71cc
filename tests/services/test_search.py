"""The readers' search (services/search.py): published text and checked claims, on SQLite and PostgreSQL,
never anything unpublished."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.models import ClaimStatus
from factcheck.services import articles, search
from tests.support import builders

TREATY = (
    "Negotiators met in Geneva on Tuesday.\n\n"
    "The envoy said the INF Treaty had banned every ground-launched missile with a range of 500 to 5,500 km."
)
OTHER = "The harbour board reported record ferry traffic.\n\nCrossings doubled in four years, it said."


def _titles(db: Session, query: str) -> list[str]:
    return [found.title for found in search.search_published(db, query)]


def test_published_text_is_found_by_its_words(db: Session) -> None:
    treaty = builders.make_article(db, TREATY, extract=False, title="Geneva talks", outlet="Wire")
    builders.make_claim(db, treaty, "The envoy said the INF Treaty had banned", status=ClaimStatus.PUBLISHED.value)
    harbour = builders.make_article(db, OTHER, extract=False, title="Harbour year", outlet="Alder Courier")
    builders.make_claim(db, harbour, "Crossings doubled in four years", status=ClaimStatus.PUBLISHED.value)
    db.flush()

    assert _titles(db, "INF Treaty") == ["Geneva talks"]
    assert _titles(db, "inf treaty") == ["Geneva talks"]
    assert _titles(db, "missiles banned") == ["Geneva talks"]  # stemmed: missile(s), banned
    assert _titles(db, "treaty ferry") == []  # every word must match
    assert _titles(db, "Alder Courier") == ["Harbour year"]  # by outlet, as before
    assert _titles(db, "crossings") == ["Harbour year"]


def test_nothing_unpublished_is_searched(db: Session) -> None:
    draft = builders.make_article(db, TREATY, extract=False, title="Unpublished treaty piece")
    builders.make_claim(db, draft, "The envoy said the INF Treaty had banned", status=ClaimStatus.APPROVED.value)
    published = builders.make_article(
        db, OTHER, extract=False, title="Harbour year", url="https://news.example.org/harbour"
    )
    builders.make_claim(db, published, "Crossings doubled in four years", status=ClaimStatus.PUBLISHED.value)
    # A later revision, not published, adds words: they are not searched until it is.
    articles.import_text(
        db,
        None,
        title="Harbour year",
        text=OTHER + "\n\nThe INF Treaty was mentioned by nobody.",
        origin="paste",
        url="https://news.example.org/harbour",
    )
    db.flush()
    assert _titles(db, "INF Treaty") == []
    assert _titles(db, "") == []
