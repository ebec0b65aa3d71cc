"""The pages that exist from day one: home, login, the reviewer home, the work page of an article."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from factcheck.services import demo


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


def test_reviewer_home_and_article_work_page(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    demo.load_demo(db)
    db.commit()
    login_as("reviewer")
    home = client.get("/work/").get_data(as_text=True)
    article = db.scalar(select(Article))
    assert article is not None and article.title in home
    work = client.get(f"/work/articles/{article.id}")
    assert work.status_code == 200
    assert "November 11" in work.get_data(as_text=True) and "2018-11-11" in work.get_data(as_text=True)
    assert client.get("/work/articles/999999").status_code == 404


def test_login_page_has_csrf_and_is_readable_on_a_phone(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page and 'name="viewport"' in page
