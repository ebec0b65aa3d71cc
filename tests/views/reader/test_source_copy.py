""" "Archived copy" links on reader pages: shown only for sources that have an archived copy, and the copy is
served only while the current published version of an article cites the source."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Publication, Source, User
from factcheck.services import demo, publishing, reading, sources, verdicts

FETCHED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def _demo(db: Session) -> tuple[Article, Publication, User]:
    demo.load_demo(db)
    db.commit()
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one(), editor


def _published_claim(db: Session, pub: Publication) -> Claim:
    item = next(c for c in pub.snapshot["claims"] if c["checked"])
    claim = db.get(Claim, item["id"])
    assert claim is not None
    return claim


def _archive_links(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/sources/(\d+)/archive">archived copy</a>', html)}


def _pdf_source(db: Session, editor: User) -> Source:
    """Fetched and hashed, but nothing could be extracted: no archived copy."""
    source = Source(
        url="http://example.org/report.pdf",
        final_url="http://example.org/report.pdf",
        title="A report",
        publisher="Example",
        http_status=200,
        content_type="application/pdf",
        fetched_at=FETCHED,
        sha256=hashlib.sha256(b"%PDF-1.7").hexdigest(),
        archived_text=None,
        created_by_id=editor.id,
    )
    db.add(source)
    db.flush()
    return source


def _approve_again(db: Session, editor: User, claim: Claim) -> None:
    """Evidence added to a published claim sends it back to review: submitted and approved again (the demo's
    verdict is a reviewer's, so the editor may do both), it can be published."""
    verdicts.submit(db, editor, claim)
    verdicts.approve(db, editor, claim)


def test_published_archived_sources_are_linked_and_served(client: FlaskClient, db: Session) -> None:
    article, pub, _editor = _demo(db)
    cited = {e["source"]["id"] for c in pub.snapshot["claims"] for e in c["evidence"]}
    assert cited
    html = client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert _archive_links(html) == cited
    claim = _published_claim(db, pub)
    claim_html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert _archive_links(claim_html) and _archive_links(claim_html) <= cited
    for source_id in cited:
        response = client.get(f"/sources/{source_id}/archive")
        assert response.status_code == 200
        source = db.get(Source, source_id)
        assert source is not None and (source.archived_text or "")[:40] in response.get_data(as_text=True)


def test_a_source_without_an_archived_copy_gets_no_link(client: FlaskClient, db: Session) -> None:
    article, pub, editor = _demo(db)
    claim = _published_claim(db, pub)
    pdf = _pdf_source(db, editor)
    sources.add_evidence(db, editor, claim, pdf, stance="context", passage="")
    _approve_again(db, editor, claim)
    publishing.publish(db, editor, article, "A report was added to the sources.")
    db.commit()
    latest = publishing.latest_publication(db, article)
    assert latest is not None and latest.version == 2
    assert any(
        e["source"]["id"] == pdf.id and e["source"]["sha256"] for c in latest.snapshot["claims"] for e in c["evidence"]
    )
    assert pdf.id not in reading.archived_source_ids(db, latest.snapshot)
    html = client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "A report" in html and pdf.id not in _archive_links(html) and _archive_links(html)
    assert pdf.id not in _archive_links(client.get(f"/claims/{claim.id}").get_data(as_text=True))
    assert client.get(f"/sources/{pdf.id}/archive").status_code == 404


def test_evidence_added_after_publication_stays_private_until_approved_and_republished(
    client: FlaskClient, db: Session
) -> None:
    article, pub, editor = _demo(db)
    claim = _published_claim(db, pub)
    assert claim.status == "published"
    late = sources.archived_source(
        db,
        editor,
        url="http://example.org/late",
        title="Late",
        publisher="Example",
        text="Something found after publication.",
        fetched_at=FETCHED,
    )
    sources.add_evidence(db, editor, claim, late, stance="context", passage="found after publication")
    db.commit()
    assert client.get(f"/sources/{late.id}/archive").status_code == 404
    publishing.publish(db, editor, article)  # not approved yet: the new version shows the approved sources only
    db.commit()
    assert client.get(f"/sources/{late.id}/archive").status_code == 404
    _approve_again(db, editor, claim)
    publishing.publish(db, editor, article, "A later source was added.")
    db.commit()
    response = client.get(f"/sources/{late.id}/archive")
    assert response.status_code == 200 and "Something found after publication." in response.get_data(as_text=True)
    assert late.id in _archive_links(client.get(f"/a/{article.slug}").get_data(as_text=True))


def test_a_reopened_claims_published_sources_stay_readable(client: FlaskClient, db: Session) -> None:
    _article, pub, _editor = _demo(db)
    claim = _published_claim(db, pub)
    source_id = next(c for c in pub.snapshot["claims"] if c["id"] == claim.id)["evidence"][0]["source"]["id"]
    claim.status = "in_review"  # reopened for re-review: readers still see the published verdict and sources
    db.commit()
    assert client.get(f"/sources/{source_id}/archive").status_code == 200


def test_a_retracted_articles_sources_are_no_longer_served(client: FlaskClient, db: Session) -> None:
    article, pub, editor = _demo(db)
    source_id = next(e["source"]["id"] for c in pub.snapshot["claims"] for e in c["evidence"])
    publishing.retract(db, editor, article, "Withdrawn.")
    db.commit()
    assert client.get(f"/sources/{source_id}/archive").status_code == 404
    assert client.get("/sources/99999999999/archive").status_code == 404
