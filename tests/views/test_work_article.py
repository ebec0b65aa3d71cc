"""The article work page: highlighted text, claims from selections (UTF-16 offsets), span tools, orphans."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, User
from factcheck.services import importing, ratings
from tests.conftest import get_csrf
from tests.views.test_work_queue import TEXT, article_claims, make_article

EMOJI_TEXT = "Fans 🎉 cheered.\n\nThe stadium holds <60,000> people & opened in 1998, officials said."


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_text_is_highlighted_and_escaped(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article = make_article(db, "Stadium", EMOJI_TEXT)
    login_as("reviewer")
    page = client.get(f"/work/articles/{article.id}").get_data(as_text=True)
    assert "&lt;60,000&gt; people &amp; opened" in page and "<60,000>" not in page
    for claim in article_claims(db, article):
        assert f'id="claim-{claim.id}"' in page
    assert client.get("/work/articles/999999").status_code == 404


def test_selection_in_utf16_units_makes_a_claim(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article = make_article(db, "Stadium", EMOJI_TEXT)
    login_as("reviewer")
    token = get_csrf(client, f"/work/articles/{article.id}")
    start = EMOJI_TEXT.index("cheered")
    response = client.post(
        f"/work/articles/{article.id}/claims",
        data={"csrf_token": token, "start": _utf16(EMOJI_TEXT, start), "end": _utf16(EMOJI_TEXT, start + 7)},
    )
    assert response.status_code == 302
    made = db.scalar(select(Claim).where(Claim.article_id == article.id, Claim.origin == "manual"))
    assert made is not None and made.quote == "cheered" and made.start == start
    assert (
        client.post(
            f"/work/articles/{article.id}/claims", data={"csrf_token": token, "start": 5, "end": 10_000}
        ).status_code
        == 422
    )
    assert (
        client.post(f"/work/articles/{article.id}/claims", data={"csrf_token": token, "start": 6, "end": 7}).status_code
        == 422
    )
    assert client.post(f"/work/articles/{article.id}/claims", data={"csrf_token": token}).status_code == 422


def test_adjust_split_merge_dismiss_restore(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article = make_article(db)
    text = article_claims(db, article)[0].revision.text
    first, second, third = article_claims(db, article)
    login_as("reviewer")
    token = get_csrf(client, f"/work/articles/{article.id}")
    s = text.index("4,000")
    assert (
        client.post(
            f"/work/claims/{first.id}/span",
            data={"csrf_token": token, "version": first.version, "start": s, "end": s + 11},
        ).status_code
        == 302
    )
    db.expire_all()
    assert first.quote == "4,000 homes" and first.version == 2
    stale = client.post(
        f"/work/claims/{first.id}/span", data={"csrf_token": token, "version": 1, "start": s, "end": s + 5}
    )
    assert stale.status_code == 409 and "claim.adjust_span" in stale.get_data(as_text=True)
    at = text.index(", the statistics")
    assert (
        client.post(
            f"/work/claims/{second.id}/split", data={"csrf_token": token, "version": second.version, "at": at}
        ).status_code
        == 302
    )
    db.expire_all()
    assert second.quote.endswith("last year")
    assert (
        client.post(
            f"/work/claims/{second.id}/split", data={"csrf_token": token, "version": second.version, "at": 0}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/work/claims/{second.id}/merge", data={"csrf_token": token, "version": second.version, "other": third.id}
        ).status_code
        == 302
    )
    db.expire_all()
    assert third.status == "dismissed" and second.end == third.end
    assert (
        client.post(
            f"/work/claims/{second.id}/merge", data={"csrf_token": token, "version": second.version, "other": 999999}
        ).status_code
        == 404
    )
    page = client.get(f"/work/articles/{article.id}").get_data(as_text=True)
    assert "Dismissed claims" in page
    assert (
        client.post(
            f"/work/claims/{third.id}/restore", data={"csrf_token": token, "version": third.version}
        ).status_code
        == 302
    )
    db.expire_all()
    assert third.status == "new"
    assert (
        client.post(
            f"/work/claims/{third.id}/dismiss", data={"csrf_token": token, "version": third.version}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/work/claims/{third.id}/dismiss", data={"csrf_token": token, "version": third.version + 1}
        ).status_code
        == 422
    )


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
    assert fuzzy.anchor_score is not None and f"anchor fuzzy (score {fuzzy.anchor_score:.2f})" in page


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
