"""Importing through the browser forms (views/work/imports.py): paste, file, URL, and their refusals."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, User
from tests.conftest import get_csrf
from tests.fetch.conftest import LocalServer
from tests.services.test_importing import PAGE, SCRAPED

TEXT = (
    "The council said on Monday that 1,200 homes would be built by 2027. "
    "Critics believe the plan is too timid.\n\nThe mayor told reporters the budget rose 8% last year."
)


def _articles(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Article.id))) or 0


def test_paste_import_shows_claims_at_once(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    assert client.get("/work/import").status_code == 200
    response = client.post(
        "/work/import/paste",
        data={
            "csrf_token": get_csrf(client, "/work/import"),
            "title": "Housing plan",
            "text": TEXT,
            "outlet": "City Paper",
            "published": "2024-05-06",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Imported “Housing plan”" in page
    assert "1,200 homes" in page and "2027" in page
    claim = db.scalar(select(Claim).where(Claim.quote.contains("1,200")))
    assert claim is not None and claim.article.published_on is not None


def test_paste_import_refuses_empty_text_and_keeps_the_input(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    response = client.post(
        "/work/import/paste",
        data={"csrf_token": get_csrf(client, "/work/import"), "title": "Kept title", "text": "   "},
    )
    assert response.status_code == 422
    assert 'value="Kept title"' in response.get_data(as_text=True)
    assert _articles(db) == 0


def test_oversized_paste_is_refused(
    client: FlaskClient, app: Flask, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    app.config["MAX_ARTICLE_CHARS"] = 50
    try:
        response = client.post(
            "/work/import/paste",
            data={"csrf_token": get_csrf(client, "/work/import"), "title": "Long", "text": "word " * 40},
        )
    finally:
        app.config["MAX_ARTICLE_CHARS"] = 2 * 1024 * 1024
    assert response.status_code == 413 and "the limit is 50" in response.get_data(as_text=True)
    assert _articles(db) == 0


def test_file_upload_in_the_seed_format(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    response = client.post(
        "/work/import/file",
        data={"csrf_token": get_csrf(client, "/work/import"), "file": (io.BytesIO(SCRAPED.encode()), "talks.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    article = db.scalar(select(Article))
    assert article is not None and article.title == "Talks resume in Geneva"
    assert article.published_on is not None and article.published_on.isoformat() == "2020-03-04"


def test_binary_upload_is_refused(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    response = client.post(
        "/work/import/file",
        data={"csrf_token": get_csrf(client, "/work/import"), "file": (io.BytesIO(b"\x00\xff\x00PK"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "binary" in response.get_data(as_text=True)
    assert _articles(db) == 0


def test_oversized_upload_gets_413(client: FlaskClient, app: Flask, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    token = get_csrf(client, "/work/import")
    boundary = "----limit"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    ).encode()
    body = head + b"a" * app.config["MAX_CONTENT_LENGTH"] + f"\r\n--{boundary}--\r\n".encode()
    response = client.post("/work/import/file", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)


def test_url_import(client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer) -> None:
    login_as("reviewer")
    url = server.route("/story", body=PAGE.encode())
    response = client.post(
        "/work/import/url", data={"csrf_token": get_csrf(client, "/work/import"), "url": url}, follow_redirects=True
    )
    assert response.status_code == 200 and "Talks resume in Geneva" in response.get_data(as_text=True)
    refused = client.post(
        "/work/import/url", data={"csrf_token": get_csrf(client, "/work/import"), "url": "http://10.1.2.3/story"}
    )
    assert refused.status_code == 422 and "private" in refused.get_data(as_text=True)
    assert _articles(db) == 1


def test_duplicate_imports_are_flagged_with_a_link(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    csrf = get_csrf(client, "/work/import")

    def paste(title: str, text: str, url: str = "") -> str:
        data = {"csrf_token": csrf, "title": title, "text": text, "outlet": "City Paper", "url": url}
        return client.post("/work/import/paste", data=data, follow_redirects=True).get_data(as_text=True)

    first = paste("Housing plan", TEXT, "https://news.example.org/housing")
    assert "Possible duplicate" not in first and "matches an article already" not in first
    original = db.scalar(select(Article).where(Article.title == "Housing plan"))
    assert original is not None
    # The same words with other quotes and line breaks, under another title and no URL: flagged, linked.
    again = paste("Housing plan (wire copy)", TEXT.replace("\n\n", "\n").replace("'", "’").upper())
    assert "matches an article already in the workbench" in again and "Possible duplicate import." in again
    assert f'href="/work/articles/{original.id}"' in again and "same text" in again
    # The same address again: said so, with what tells the article apart.
    same_url = paste("Housing plan", TEXT, "https://news.example.org/housing")
    assert "This address was imported before" in same_url and "City Paper" in same_url
    home = client.get("/work/").get_data(as_text=True)
    assert home.count("Housing plan") >= 2 and "imported " in home
