"""Span tools on the article work page (views/work/spans.py): claims from selections in UTF-16 offsets,
adjust, split, merge, dismiss, restore."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from tests.conftest import get_csrf
from tests.views.work.test_queue import article_claims, make_article

EMOJI_TEXT = "Fans 🎉 cheered.\n\nThe stadium holds <60,000> people & opened in 1998, officials said."


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


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
    assert third.triage == "dismissed" and second.end == third.end
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
    assert third.status == "new" and third.triage == "suggested"  # the engine's claim: back among the suggestions
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
