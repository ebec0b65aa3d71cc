"""Around an article (views/reader/versions.py): Web Annotations, the one-file download, versions,
corrections and retraction."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports import annotations as anno
from factcheck.models import Article, Publication, User
from factcheck.services import demo, publishing
from tests.exports import w3c

SITE = "http://factcheck.test"


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


def test_annotations_endpoint(client: FlaskClient, db: Session) -> None:
    article, pub = _demo(db)
    response = client.get(f"/a/{article.slug}/annotations.jsonld")
    assert response.headers["Content-Type"] == anno.MEDIA_TYPE
    doc = response.get_json(force=True)
    assert anno.required_terms_problems(doc) == []
    assert doc["total"] == len(pub.snapshot["claims"]) and doc["id"].startswith(SITE)
    if w3c.SUITE.is_dir():
        assert w3c.failures("collection", doc) == [] and w3c.failures("page", doc) == []
        for item in doc["first"]["items"]:
            assert w3c.failures("annotation", {"@context": anno.CONTEXT, **item}) == []


def test_download_is_one_attachment_with_embedded_data(client: FlaskClient, db: Session) -> None:
    article, _pub = _demo(db)
    response = client.get(f"/a/{article.slug}/download.html")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    html = response.get_data(as_text=True)
    assert "<style>" in html and 'id="claim-reviews"' in html and 'id="web-annotations"' in html
    assert '<link rel="stylesheet"' not in html and "<script src" not in html


def test_versions_corrections_and_retraction(client: FlaskClient, db: Session) -> None:
    article, _pub = _demo(db)
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    publishing.retract(db, editor, article, "A key document proved to be forged.")
    db.commit()
    page = client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "Retracted" in page and "A key document proved to be forged." in page
    assert client.get(f"/a/{article.slug}/v/1").status_code == 200
    versions = client.get(f"/a/{article.slug}/versions").get_data(as_text=True)
    assert "Version 1" in versions and "Version 2" in versions and "retraction" in versions
    assert "A key document proved to be forged." in client.get("/corrections").get_data(as_text=True)
    assert article.title not in client.get("/").get_data(as_text=True)
    assert client.get(f"/a/{article.slug}/v/9").status_code == 404


def _checked_article(db: Session, title: str, n: int) -> Article:
    from tests.support.builders import make_article, make_claim
    from tests.support.people import default_user

    sentences = [f"Ward {k} of {title} spent {k + 2} million on drains in 2023." for k in range(n)]
    article = make_article(db, "\n\n".join(sentences), title=title, extract=False)
    for sentence in sentences:
        make_claim(db, article, sentence, status="approved")
    publishing.publish(db, default_user(db, "editor"), article)
    db.commit()
    return article


def test_download_statements_do_not_grow_with_checked_claims(client: FlaskClient, db: Session) -> None:
    from tests.support.queries import counting

    counts = []
    for title, n in (("Ashby", 1), ("Brampton", 6)):
        article = _checked_article(db, title, n)
        with counting(db) as statements:
            response = client.get(f"/a/{article.slug}/download.html")
        assert response.status_code == 200 and response.get_data(as_text=True).count('"ClaimReview"') == n
        counts.append(statements[0])
    assert counts[0] == counts[1], counts
