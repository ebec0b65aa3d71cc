"""Reader-facing pages (views/public.py): home and search, methodology and organisation pages, the reader forms
with CSRF and a rate limit."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, ReaderRequest, User
from factcheck.services import demo
from tests.conftest import get_csrf


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


def test_home_lists_published_articles_and_searches(client: FlaskClient, db: Session) -> None:
    assert "Nothing has been published yet." in client.get("/").get_data(as_text=True)
    demo.load_demo(db)
    db.commit()
    page = client.get("/").get_data(as_text=True)
    article = db.scalar(select(Article))
    assert article is not None and f'href="/a/{article.slug}"' in page
    assert article.title in page
    assert article.title not in client.get("/?q=zzzz-no-match").get_data(as_text=True)
    assert article.title in client.get("/?q=Kremlin").get_data(as_text=True)


def test_home_escapes_titles(client: FlaskClient, db: Session) -> None:
    demo.load_demo(db)
    article = db.scalar(select(Article))
    assert article is not None
    article.title = '<script>alert("x")</script>'
    db.commit()
    page = client.get("/").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page


def test_methodology_and_org_pages(client: FlaskClient, db: Session) -> None:
    _demo(db)
    html = client.get("/methodology").get_data(as_text=True)
    assert "Mostly true" in html and "<td>4</td>" in html
    for page in ("/about", "/team", "/funding", "/contact"):
        assert client.get(page).status_code == 200


def test_reader_requests_land_in_the_queue_with_csrf_and_a_rate_limit(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)
    assert client.post("/suggest", data={"body": "no token"}).status_code == 400
    token = get_csrf(client, "/suggest")
    assert (
        client.post("/suggest", data={"csrf_token": token, "body": "The bridge was built in 1900"}).status_code == 302
    )
    token = get_csrf(client, f"/corrections/request?article={article.slug}")
    response = client.post(
        "/corrections/request", data={"csrf_token": token, "article": article.slug, "body": "The date is wrong"}
    )
    assert response.status_code == 302
    rows = db.scalars(select(ReaderRequest).order_by(ReaderRequest.id)).all()
    assert [r.kind for r in rows] == ["suggestion", "correction"] and rows[1].article_id == article.id
    statuses = [client.post("/suggest", data={"csrf_token": token, "body": f"claim {n}"}).status_code for n in range(6)]
    assert 429 in statuses
    client.post("/logout", data={"csrf_token": token})
    login_as("editor")
    assert "The date is wrong" in client.get("/publish/").get_data(as_text=True)
