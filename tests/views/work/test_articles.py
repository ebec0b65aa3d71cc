"""The workbench home and an article's work page (views/work/articles.py): highlighted and escaped text,
re-anchoring results, the publish link for editors."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from factcheck.services import demo, importing, ratings
from tests.conftest import get_csrf
from tests.views.work.test_queue import TEXT, article_claims, make_article

EMOJI_TEXT = "Fans 🎉 cheered.\n\nThe stadium holds <60,000> people & opened in 1998, officials said."


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


def test_text_is_highlighted_and_escaped(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article = make_article(db, "Stadium", EMOJI_TEXT)
    login_as("reviewer")
    page = client.get(f"/work/articles/{article.id}").get_data(as_text=True)
    assert "&lt;60,000&gt; people &amp; opened" in page and "<60,000>" not in page
    for claim in article_claims(db, article):
        assert f'id="claim-{claim.id}"' in page
    assert client.get("/work/articles/999999").status_code == 404


def test_reanchoring_results_are_visible(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    ratings.load_presets(db)
    url = "https://news.example.org/housing"
    first = importing.ArticleDraft(title="Housing plans", text=TEXT, origin="paste", url=url)
    article = importing.import_draft(db, None, first).article
    changed = (
        "The mayor said the city will build 4,000 new homes by 2031.\n\n"
        "The council spent £12 million on roads in 2023, twice as much as in 2019."
    )
    importing.import_draft(
        db, None, importing.ArticleDraft(title="Housing plans", text=changed, origin="paste", url=url)
    )
    db.commit()
    login_as("reviewer")
    page = client.get(f"/work/articles/{article.id}").get_data(as_text=True)
    assert "Orphaned claims" in page and "Unemployment fell" in page
    fuzzy = next(c for c in article_claims(db, article) if c.anchor_state == "fuzzy")
    assert fuzzy.anchor_score is not None and "found again approximately" in page
    assert f"Anchor fuzzy, similarity {fuzzy.anchor_score:.2f}" in page.split("Technical details")[1]


def test_editors_see_a_publish_link_reviewers_do_not(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    from factcheck.services import demo

    demo.load_demo(db)
    db.commit()
    article_id = db.scalars(select(Article.id)).first()
    login_as("reviewer")
    assert "Publish or correct" not in client.get(f"/work/articles/{article_id}").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    login_as("editor")
    page = client.get(f"/work/articles/{article_id}").get_data(as_text=True)
    assert f'href="/publish/articles/{article_id}">Publish or correct' in page


def test_home_tiles_link_to_the_queue_and_editors_see_their_desk(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_claim: Callable[..., object]
) -> None:
    reviewer = login_as("reviewer")
    claim = make_claim(status="submitted", actor=reviewer)
    db.commit()
    page = client.get("/work/").get_data(as_text=True)
    assert 'href="/work/queue?status=submitted"' in page and 'href="/work/queue?status=new"' in page
    assert "Waiting for my approval" not in page  # reviewers approve nothing
    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    login_as("editor")
    page = client.get("/work/").get_data(as_text=True)
    assert "Waiting for my approval" in page and f'href="/work/claims/{claim.id}"' in page  # type: ignore[attr-defined]
