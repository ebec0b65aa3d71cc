"""The PDF report as a job: the browser's button queues it and its page offers the download; the API answers
202 and the job's `file` is the PDF."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Job, User
from factcheck.services import users
from tests.conftest import get_csrf
from tests.reports_data import build_known_set


def test_the_pdf_is_made_by_a_job_whose_page_offers_the_download(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    build_known_set(db)
    db.commit()
    login_as("editor")
    csrf = get_csrf(client, "/reports")
    posted = client.post("/reports/pdf", data={"csrf_token": csrf, "outlet": "Ledger, Inc."})
    assert posted.status_code == 302 and posted.headers["Location"].startswith("/work/jobs/")
    page = client.get(posted.headers["Location"]).get_data(as_text=True)
    job = db.scalars(select(Job)).one()
    assert "Making the PDF report" in page and f"/reports/jobs/{job.id}.pdf" in page and "Download the PDF" in page
    assert job.arguments == {"params": {"outlet": "Ledger, Inc."}} and job.progress == 1.0
    pdf = client.get(f"/reports/jobs/{job.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF-")
    assert "verdict-report-" in pdf.headers["Content-Disposition"]
    assert client.post("/reports/pdf", data={"outlet": "x"}).status_code == 400, "no CSRF token"


def test_the_api_answers_202_and_the_job_holds_the_pdf(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    build_known_set(db)
    editor, reviewer = make_user("editor"), make_user("reviewer")
    tokens = {u.role: users.create_token(db, None, u) for u in (editor, reviewer)}
    db.commit()
    auth = {"Authorization": f"Bearer {tokens['editor']}"}
    accepted = client.get("/api/v1/reports/verdicts?format=pdf", headers=auth)
    assert accepted.status_code == 202 and accepted.json["kind"] == "report.pdf"
    job = client.get(accepted.headers["Location"], headers=auth).json
    assert job["state"] == "succeeded" and job["file"] == f"/api/v1/jobs/{job['id']}/file"
    pdf = client.get(job["file"], headers=auth)
    assert pdf.status_code == 200 and pdf.get_data().startswith(b"%PDF-")
    other = {"Authorization": f"Bearer {tokens['reviewer']}"}
    assert client.get(job["file"], headers=other).status_code == 403
    assert client.get("/api/v1/reports/verdicts?format=pdf&from=nope", headers=auth).status_code in (400, 422)
