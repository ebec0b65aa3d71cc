"""The claim page: context, score reasons, sources and evidence, the verdict workflow, comments, history, 409."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Rating, RatingScale, User
from factcheck.services import sources, verdicts
from tests.conftest import PASSWORD, csrf_from, get_csrf
from tests.fetch.conftest import LocalServer
from tests.support import builders
from tests.views.work.test_queue import article_claims, make_article

SOURCE = (
    b"<html><head><title>Office for Figures</title></head><body><article><h1>Labour market</h1>"
    b"<p>The unemployment rate was 3.1 per cent in the last year, down from 3.6 per cent, the office "
    b"said in its annual bulletin.</p><p>Vacancies <b>rose</b> over the same period in most regions of the "
    b"country, according to the survey.</p></article></body></html>"
)


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.start()
    yield srv
    srv.close()


def _claim(db: Session, phrase: str = "Unemployment") -> Claim:
    article = make_article(db)
    return next(c for c in article_claims(db, article) if phrase in c.quote)


def _rating(db: Session, label: str) -> Rating:
    rating = db.scalar(select(Rating).join(RatingScale).where(RatingScale.active.is_(True), Rating.label == label))
    assert rating is not None
    return rating


def _fresh(db: Session, claim: Claim) -> Claim:
    db.expire_all()
    found = db.get(Claim, claim.id)
    assert found is not None
    return found


def _login(client: FlaskClient, user: User) -> None:
    if client.get("/login").status_code == 302:  # someone is signed in: sign them out first
        client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client, "/login")}
    )
    assert response.status_code == 302


def test_claim_page_shows_context_reasons_and_history(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim = _claim(db)
    login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert claim.quote in page and "claim.create" not in page  # imported claims have no per-claim event yet
    for reason in claim.score_reasons:
        assert reason["feature"] in page
    assert claim.kind in page and "Previously checked" in page and 'id="attach"' in page
    # Every edit form on the page carries the claim's version (the browser sends only what is rendered).
    assert page.count(f'name="version" value="{claim.version}"') >= 4
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []  # many forms, still unique ids
    assert client.get("/work/claims/999999").status_code == 404


def test_source_evidence_and_archived_copy(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    claim = _claim(db)
    login_as("reviewer")
    url = server.route("/figures", body=SOURCE)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    found = client.post(
        f"/work/claims/{claim.id}/sources",
        follow_redirects=True,
        data={
            "csrf_token": token,
            "version": claim.version,
            "url": url,
            "stance": "supports",
            "passage": "The unemployment rate was 3.1 per cent in the last year",
        },
    )
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and "Found in the archived copy" in page and "HTTP 200" in page
    claim = _fresh(db, claim)  # each source attached moves the claim's version on
    missing = client.post(
        f"/work/claims/{claim.id}/sources",
        follow_redirects=True,
        data={
            "csrf_token": token,
            "version": claim.version,
            "url": url,
            "stance": "refutes",
            "passage": "Completely unrelated words about football transfers",
        },
    ).get_data(as_text=True)
    assert "Not found in the archived copy" in missing
    claim = _fresh(db, claim)
    broken = client.post(
        f"/work/claims/{claim.id}/sources",
        follow_redirects=True,
        data={
            "csrf_token": token,
            "version": claim.version,
            "url": server.route("/gone", status=404),
            "stance": "context",
            "note": "link rot",
        },
    ).get_data(as_text=True)
    assert "Unreachable" in broken
    evidence_link = re.findall(r'href="/work/sources/([^"]*evidence=[^"]*)"', page)[0].replace("&amp;", "&")
    archived = client.get("/work/sources/" + evidence_link).get_data(as_text=True)
    assert '<mark id="passage">The unemployment rate was 3.1 per cent' in archived and "<b>" not in archived
    assert client.get("/work/sources/999999").status_code == 404
    bad = client.post(
        f"/work/claims/{claim.id}/sources",
        data={"csrf_token": token, "version": claim.version, "url": "not a url", "stance": "context"},
    )
    assert bad.status_code == 422


def test_verdict_workflow_with_refusals(
    client: FlaskClient, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    claim = _claim(db)
    reviewer, editor, other_editor = make_user("reviewer"), make_user("editor"), make_user("editor")
    _login(client, reviewer)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    rating = _rating(db, "Mostly true")
    labelled = client.post(
        f"/work/claims/{claim.id}/verdict",
        data={
            "csrf_token": token,
            "version": claim.version,
            "rating": rating.id,
            "summary": "Unemployment is mostly true at 3.1%",
            "rationale": "x",
        },
    )
    body = labelled.get_data(as_text=True)
    assert labelled.status_code == 422 and "must not contain the verdict" in body
    assert "Unemployment is mostly true at 3.1%" in body  # the input is kept
    long_summary = "Unemployment fell to 3.1 per cent last year according to the national statistics office"
    drafted = client.post(
        f"/work/claims/{claim.id}/verdict",
        follow_redirects=True,
        data={
            "csrf_token": token,
            "version": claim.version,
            "rating": rating.id,
            "summary": long_summary,
            "rationale": "See **the bulletin**. <script>alert(1)</script>",
        },
    )
    page = drafted.get_data(as_text=True)
    assert drafted.status_code == 200 and "ClaimReview asks for under 75" in page
    assert "<strong>the bulletin</strong>" in page and "<script>alert(1)" not in page
    claim = _fresh(db, claim)
    no_evidence = client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token, "version": claim.version})
    assert no_evidence.status_code == 422
    client.post(
        f"/work/claims/{claim.id}/sources",
        data={
            "csrf_token": token,
            "version": claim.version,
            "url": server.route("/f", body=SOURCE),
            "stance": "supports",
            "passage": "The unemployment rate was 3.1 per cent",
        },
    )
    stale = client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token, "version": claim.version})
    assert stale.status_code == 409  # the source attached moved the claim on: the page shown is out of date
    claim = _fresh(db, claim)
    assert (
        client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token, "version": claim.version}).status_code
        == 302
    )
    claim = _fresh(db, claim)
    assert claim.status == "submitted"
    assert (
        client.post(
            f"/work/claims/{claim.id}/approve", data={"csrf_token": token, "version": claim.version}
        ).status_code
        == 403
    )
    _login(client, editor)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    empty = client.post(
        f"/work/claims/{claim.id}/return", data={"csrf_token": token, "version": claim.version, "comment": ""}
    )
    assert empty.status_code == 422
    returned = client.post(
        f"/work/claims/{claim.id}/return",
        follow_redirects=True,
        data={"csrf_token": token, "version": claim.version, "comment": "Cite the regional table too."},
    )
    assert "Cite the regional table too." in returned.get_data(as_text=True)
    claim = _fresh(db, claim)
    assert claim.status == "returned"
    # The editor now writes the verdict themselves, submits it, and may not approve their own work.
    client.post(
        f"/work/claims/{claim.id}/verdict",
        data={
            "csrf_token": token,
            "version": claim.version,
            "rating": rating.id,
            "summary": "Jobless rate fell to 3.1%",
        },
    )
    claim = _fresh(db, claim)
    client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token, "version": claim.version})
    claim = _fresh(db, claim)
    assert claim.status == "submitted"
    assert (
        client.post(
            f"/work/claims/{claim.id}/approve", data={"csrf_token": token, "version": claim.version}
        ).status_code
        == 403
    )
    _login(client, other_editor)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    approved = client.post(
        f"/work/claims/{claim.id}/approve", follow_redirects=True, data={"csrf_token": token, "version": claim.version}
    )
    history = approved.get_data(as_text=True)
    assert "verdict.approve" in history and "verdict.return" in history and _fresh(db, claim).status == "approved"


def test_stale_verdict_is_409_and_keeps_the_input(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    claim = _claim(db)
    first, second = make_user("reviewer", name="Ada First"), make_user("reviewer", name="Bo Second")
    _login(client, second)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    stale_version = claim.version
    _login(client, first)
    first_token = get_csrf(client, f"/work/claims/{claim.id}")
    client.post(
        f"/work/claims/{claim.id}/assign",
        data={"csrf_token": first_token, "version": stale_version, "assignee": first.id},
    )
    _login(client, second)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    rating = _rating(db, "False")
    response = client.post(
        f"/work/claims/{claim.id}/verdict",
        data={
            "csrf_token": token,
            "version": stale_version,
            "seen": "2000-01-01T00:00:00+00:00",
            "rating": rating.id,
            "summary": "Jobless rate claim & <figures>",
            "rationale": "My careful *notes*",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Ada First" in page and "claim.assign" in page
    assert "Jobless rate claim &amp; &lt;figures&gt;" in page and "My careful *notes*" in page
    assert "Rating: False" in page and f'name="rating" value="{rating.id}"' in page
    assert f'name="version" value="{stale_version + 1}"' in page and "Re-apply my change" in page
    assert _fresh(db, claim).version == stale_version + 1


def test_comments_and_refusals(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    claim = _claim(db)
    login_as("reviewer")
    token = get_csrf(client, f"/work/claims/{claim.id}")
    page = client.post(
        f"/work/claims/{claim.id}/comments",
        follow_redirects=True,
        data={"csrf_token": token, "body": "Check <the> archive"},
    ).get_data(as_text=True)
    assert "Check &lt;the&gt; archive" in page and "comment.add" in page
    assert client.post(f"/work/claims/{claim.id}/comments", data={"csrf_token": token, "body": ""}).status_code == 422
    assert client.post(f"/work/claims/{claim.id}/approve", data={"csrf_token": token, "version": 1}).status_code == 403
    assert client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token}).status_code == 422


def test_previously_checked_links_to_similar_verdicted_claims(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    checked = _claim(db)
    reviewer, editor = make_user("reviewer"), make_user("editor")
    source = sources.archived_source(
        db,
        reviewer,
        url="https://stats.example.org/jobs",
        title="Jobs",
        publisher="Stats",
        text="Unemployment fell to 3.1%.",
        fetched_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
    )
    sources.add_evidence(db, reviewer, checked, source, stance="supports", passage="Unemployment fell to 3.1%")
    verdicts.draft(
        db,
        reviewer,
        checked,
        rating_id=_rating(db, "Mostly true").id,
        summary="Jobless rate fell to 3.1% last year",
        rationale="",
    )
    verdicts.submit(db, reviewer, checked)
    verdicts.approve(db, editor, checked)
    db.commit()
    other = make_article(db, "Jobs again", "Unemployment fell to 3.1% last year, ministers repeated on Friday.")
    fresh = article_claims(db, other)[0]
    _login(client, reviewer)
    # The page shows without the matches (the slow part): a placeholder the page's script fills from the
    # fragment route, with a link that shows the page with them for a browser without JavaScript.
    page = client.get(f"/work/claims/{fresh.id}").get_data(as_text=True)
    slot = page.split('id="h-similar"')[1].split("</section>")[0]
    assert f'data-matches-url="/work/claims/{fresh.id}/matches"' in page and "js/matches.js" in page
    assert f'href="/work/claims/{fresh.id}?matches=1#h-similar"' in slot and "Mostly true" not in slot
    fragment = client.get(f"/work/claims/{fresh.id}/matches")
    assert fragment.status_code == 200 and fragment.mimetype == "text/html"
    html = fragment.get_data(as_text=True)
    assert html.strip().startswith("<section") and html.strip().endswith("</section>")
    assert "<html" not in html and 'id="h-similar"' in html and "data-matches-url" not in html
    inline = client.get(f"/work/claims/{fresh.id}?matches=1").get_data(as_text=True)
    for similar in (html, inline.split('id="h-similar"')[1].split("</section>")[0]):
        assert f'href="/work/claims/{checked.id}"' in similar and "Mostly true" in similar
        assert "Jobless rate fell to 3.1% last year" in similar
    assert client.get(f"/work/claims/{fresh.id + 999}/matches").status_code == 404


def test_only_the_drafts_author_or_an_editor_sees_and_uses_submit(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_claim: Callable[..., Claim]
) -> None:
    author = login_as("reviewer")
    claim = make_claim()
    builders.make_verdict(db, claim, state="draft", author=author)
    builders.make_evidence(db, claim, actor=author)
    db.commit()
    assert "Submit for second review" in client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert "Submit for second review" not in page and "data-submit-hint" in page
    token = csrf_from(page)
    refused = client.post(f"/work/claims/{claim.id}/submit", data={"csrf_token": token, "version": claim.version})
    assert refused.status_code == 403
    assert _fresh(db, claim).status == "in_review"
    assert [v.state for v in verdicts.history(db, claim)] == ["draft"]


def test_the_claim_page_says_why_an_approved_claim_is_back_in_review(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_claim: Callable[..., Claim]
) -> None:
    editor = login_as("editor")
    claim = make_claim(status="approved")
    late = builders.make_source(db, text="A later count gave 38 departures.", title="Later count")
    evidence = sources.add_evidence(db, editor, claim, late, stance="refutes", passage="38 departures")
    db.commit()
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert "Back in review. Evidence added after approval: needs approval again." in page
    assert page.count("data-unapproved") == 1 and f"evidence={evidence.id}" in page
    assert "claim.reopen" in page  # the history table


def test_attaching_a_source_to_an_approved_claim_says_it_is_back_in_review(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    login_as("reviewer")
    claim = builders.make_claim(db, status="approved")
    db.commit()
    token = get_csrf(client, f"/work/claims/{claim.id}")
    data = {
        "csrf_token": token,
        "version": claim.version,
        "url": server.route("/late", body=SOURCE),
        "stance": "context",
    }
    page = client.post(f"/work/claims/{claim.id}/sources", data=data, follow_redirects=True).get_data(as_text=True)
    assert "it is back in review until an editor approves it again" in page
    assert _fresh(db, claim).status == "in_review"


def test_a_rating_is_always_chosen_never_defaulted(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    """The untouched verdict form used to save the first rating (False): now "Choose a rating…" must be picked."""
    claim = _claim(db)
    _login(client, make_user("reviewer"))
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    form = page[page.index('id="verdict-form"') :]
    assert re.search(r'<option selected value="">Choose a rating…</option>', form)
    token = get_csrf(client, f"/work/claims/{claim.id}")
    untouched = client.post(
        f"/work/claims/{claim.id}/verdict",
        data={
            "csrf_token": token,
            "version": claim.version,
            "rating": "",
            "summary": "Ferries in May",
            "rationale": "",
        },
    )
    assert untouched.status_code == 422 and "Choose a rating." in untouched.get_data(as_text=True)
    assert verdicts.latest(db, claim) is None
