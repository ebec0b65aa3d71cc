"""The /reports page, its downloads and the API: permissions, filters, errors, streaming, escaping, CSP."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.exports.csv_export import BOM
from factcheck.models import User
from factcheck.services import users
from tests.reports_data import GROWTH, TRICKY, build_known_set


def _bearer(db: Session, user: User) -> dict[str, str]:
    token = users.create_token(db, None, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("role", ["reviewer", "anonymous"])
def test_reviewers_and_readers_are_refused(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_user: Callable[..., User], role: str
) -> None:
    build_known_set(db)
    db.commit()
    if role == "reviewer":
        login_as("reviewer")
    for path in ("/reports", "/reports/download?format=csv", "/reports/print"):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert TRICKY.split()[0] not in response.get_data(as_text=True)
        response.close()
    reviewer = make_user("reviewer")
    response = client.get("/api/v1/reports/verdicts?format=csv", headers=_bearer(db, reviewer))
    assert response.status_code == 403
    assert client.get("/api/v1/reports/verdicts").status_code == 401


def test_builder_page_shows_totals_charts_preview_and_links(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    known = build_known_set(db)
    known.article_a.title = '<script>alert("t")</script>'
    db.commit()
    login_as("editor")
    response = client.get("/reports?outlet=Ledger,+Inc.")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert (
        page.count("<svg") == 2
        and "style=" not in page
        and "<script>" not in page.replace('<script src="/static/js/app.js" defer></script>', "")
    )
    assert "Zoë Réviewer" in page and "Per outlet" in page and "Per reviewer" in page and "Per kind" in page
    assert "median, import to approval" in page and "weeks without a published check" in page
    assert GROWTH not in page  # filtered out (other outlet)
    assert "/reports/download?format=csv&amp;outlet=Ledger%2C+Inc." in page
    assert "format=csv&amp;bom=0&amp;outlet=Ledger%2C+Inc." in page
    assert 'href="/reports"' in client.get("/work/").get_data(as_text=True)  # nav link for editors


def test_invalid_filter_is_a_400_naming_it(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    build_known_set(db)
    db.commit()
    login_as("editor")
    page = client.get("/reports?from=2024-02-30")
    assert page.status_code == 400 and "Invalid filter &#39;from&#39;" in page.get_data(as_text=True)
    download = client.get("/reports/download?format=csv&rating=Nope", headers={"Accept": "application/json"})
    assert download.status_code == 400
    assert download.get_json()["error"]["fields"] == {"rating": "no rating is labelled 'Nope'"}
    bad_format = client.get("/reports/download?format=xlsx", headers={"Accept": "application/json"})
    assert bad_format.status_code == 400 and "format" in bad_format.get_json()["error"]["fields"]
    assert client.get("/reports/download?format=csv&bom=maybe").status_code == 400


def test_csv_download_streams_exactly_the_filtered_set(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    build_known_set(db)
    db.commit()
    login_as("editor")
    response = client.get("/reports/download?format=csv&status=submitted")
    assert response.is_streamed and response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="verdicts-\d{4}-\d\d-\d\dT\d{4}Z\.csv"', disposition)
    body = response.get_data().decode("utf-8")
    response.close()
    assert body.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(body.removeprefix(BOM), newline="")))
    assert [r["claim_text"] for r in rows] == [GROWTH]
    plain = client.get("/reports/download?format=csv&bom=0&outlet=Nobody")
    assert plain.get_data().decode("utf-8").startswith("claim_id,article_title")
    assert len(plain.get_data().decode("utf-8").splitlines()) == 1
    plain.close()


def test_json_download_and_api(client: FlaskClient, db: Session, make_user: Callable[..., User]) -> None:
    known = build_known_set(db)
    db.commit()
    headers = _bearer(db, known.edith)
    response = client.get("/api/v1/reports/verdicts?format=json&reviewer=rob@example.org", headers=headers)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].endswith('.json"')
    doc = json.loads(response.get_data())
    response.close()
    assert doc["filters"] == {"reviewer": "rob@example.org"} and doc["count"] == 2
    bad = client.get("/api/v1/reports/verdicts?format=json&from=soon", headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["fields"] == {"from": "'soon' is not a date (YYYY-MM-DD)"}
    admin = make_user("admin")
    ok = client.get("/api/v1/reports/verdicts?format=csv", headers=_bearer(db, admin))
    assert ok.status_code == 200 and ok.mimetype == "text/csv"
    ok.close()


def test_printable_page_has_cover_table_and_claims(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    build_known_set(db)
    db.commit()
    login_as("admin")
    page = client.get("/reports/print?outlet=Ledger,+Inc.").get_data(as_text=True)
    assert "Verdict report" in page and "<dt>outlet</dt><dd>Ledger, Inc.</dd>" in page
    assert "<thead>" in page and page.count('class="report-claim"') == 2
    assert "See the report (https://example.org/r?a=1&amp;b=2)." in page
    assert "style=" not in page and "<script" not in page and page.count("<svg") == 2


def test_claimreview_feed_holds_the_published_claims_and_passes_the_reader_validator(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    from factcheck.exports.claimreview import validate_claim_review

    known = build_known_set(db)
    db.commit()
    login_as("editor")
    response = client.get("/reports/download?format=claimreview")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/ld+json"
    assert re.search(r'filename="claimreview-feed-.*\.jsonld"', response.headers["Content-Disposition"])
    feed = json.loads(response.get_data())
    response.close()
    assert feed["@type"] == "DataFeed"
    items = feed["dataFeedElement"]
    published = {known.claims["tricky"].id, known.claims["unemployment"].id}
    assert {item["url"] for item in items} == {f"http://factcheck.test/claims/{cid}" for cid in published}
    labels = ["False", "Mostly false", "Half true", "Mostly true", "True", "Unproven"]
    for item in items:
        assert validate_claim_review(item, site_url="http://factcheck.test", labels=labels) == []
    tricky = next(i for i in items if i["url"].endswith(f"/{known.claims['tricky'].id}"))
    assert tricky["reviewRating"]["alternateName"] == "False" and tricky["reviewRating"]["ratingValue"] == 1
    assert tricky["itemReviewed"]["author"]["name"] == "José Müller"
    empty = client.get("/reports/download?format=claimreview&status=submitted")
    assert json.loads(empty.get_data())["dataFeedElement"] == []
    empty.close()


def test_annotation_collection_of_the_set(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    from factcheck.exports.annotations import required_terms_problems

    known = build_known_set(db)
    db.commit()
    login_as("editor")
    response = client.get("/reports/download?format=annotations&outlet=Ledger,+Inc.")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == 'application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"'
    doc = json.loads(response.get_data())
    response.close()
    assert required_terms_problems(doc) == []
    assert doc["total"] == 2 and "outlet Ledger, Inc." in doc["label"]
    by_quote = {i["target"]["selector"][0]["exact"]: i for i in doc["first"]["items"]}
    tricky = by_quote[TRICKY]
    assert tricky["target"]["source"] == "https://news.example.com/budget-cuts"
    start = tricky["target"]["selector"][1]["start"]
    assert start == known.claims["tricky"].start and tricky["body"][0]["value"] == "False"
    empty = client.get("/reports/download?format=annotations&outlet=Nobody")
    doc = json.loads(empty.get_data())
    empty.close()
    assert doc["total"] == 0 and doc["first"]["items"] == [] and required_terms_problems(doc) == []


def test_the_builder_says_how_many_claims_the_pdf_holds(
    client: FlaskClient, db: Session, login_as: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.views import reports as report_views

    build_known_set(db)
    db.commit()
    login_as("editor")
    page = client.get("/reports").get_data(as_text=True)
    assert "hold up to 5,000 claims" in page and 'action="/reports/pdf"' in page and "/reports/print" in page
    monkeypatch.setattr(report_views, "MAX_ROWS", 2)  # a selection over the cap: no PDF link, and why
    over = client.get("/reports").get_data(as_text=True)
    assert "hold up to 2 claims" in over and "narrow the filters, or download CSV or JSON" in over
    assert 'action="/reports/pdf"' not in over and "/reports/print" not in over
