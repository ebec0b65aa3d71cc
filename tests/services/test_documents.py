"""Sources beyond web pages (services/documents.py, sources.py): a PDF fetched by URL is archived with its text,
uploaded documents (PDF, HTML, text) are archived with their hash and text, a person or correspondence is a
source whose notes are private, a selected passage keeps its anchor, and confidential sources leave nothing
that names them in a publication."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.fetch import FetchPolicy
from factcheck.models import AuditEvent, Claim, Source, SourceKind, User
from factcheck.services import documents, reading, sources
from factcheck.services.errors import ValidationError
from tests.fetch.conftest import LocalServer
from tests.support import builders

POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=2.0, read_timeout=5.0)
REPORT_HTML = """<html><head><title>Ferry operator annual report</title></head><body>
<h1>Annual report of the island ferry company</h1>
<p>The company carried 310,000 passengers in its last financial year, eight per cent more than the year before.</p>
<p>Fuel costs rose by a fifth, and two crossings a day were cut during the winter months.</p></body></html>"""


def pdf_of(html: str) -> bytes:
    """A real PDF with a text layer, rendered by WeasyPrint from our own HTML."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


@pytest.fixture()
def claim(db: Session) -> Claim:
    return builders.make_claim(db)


def test_pdf_fetched_by_url_is_archived_with_its_text(
    db: Session, claim: Claim, server: LocalServer, make_user: Callable[..., User]
) -> None:
    data = pdf_of(REPORT_HTML)
    url = server.route("/report.pdf", body=data, content_type="application/pdf")
    evidence = sources.attach_source(
        db, make_user(), claim, url, POLICY, stance="supports", passage="carried 310,000 passengers"
    )
    source = evidence.source
    assert source.fetch_error is None and source.reachable
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert "310,000 passengers" in (source.archived_text or "")
    assert source.title == "Ferry operator annual report"
    assert evidence.match_score is not None


def test_uploaded_documents_pdf_html_and_text(db: Session, claim: Claim, make_user: Callable[..., User]) -> None:
    user = make_user()
    pdf = documents.attach_document(
        db, user, claim, filename="report.pdf", data=pdf_of(REPORT_HTML), stance="refutes", passage="Fuel costs rose"
    )
    assert pdf.source.kind is SourceKind.DOCUMENT and pdf.source.content_type == "application/pdf"
    assert pdf.source.url.startswith("document:") and pdf.source.file_name == "report.pdf"
    assert pdf.match_score is not None and pdf.stance == "refutes"
    html = documents.upload_document(db, user, filename="page.html", data=REPORT_HTML.encode(), title="")
    assert html.content_type == "text/html" and "Fuel costs rose by a fifth" in (html.archived_text or "")
    text = "Minutes of the harbour board, 3 March.\nThe board agreed to extend the pier by 40 metres.\n"
    txt = documents.upload_document(db, user, filename="minutes.txt", data=text.encode(), publisher="Harbour board")
    assert txt.archived_text == text and txt.publisher == "Harbour board" and txt.title == "minutes.txt"
    again = documents.upload_document(db, user, filename="copy.txt", data=text.encode(), confidential=True)
    assert again.id == txt.id and again.confidential  # one source per content; confidentiality only added
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"source.upload", "source.confidential", "evidence.add"} <= actions


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("slides.pptx", b"PK\x03\x04 not a document", "PDF, HTML or plain-text"),
        ("empty.pdf", b"   ", "empty"),
        ("broken.pdf", b"%PDF-1.4 nothing else", "could not be read"),
        ("scan.pdf", b"", "no text layer"),
    ],
)
def test_unusable_documents_are_refused_with_a_reason(
    db: Session, make_user: Callable[..., User], name: str, data: bytes, message: str
) -> None:
    if name == "scan.pdf":
        data = pdf_of("<html><body><div style='width:10cm;height:5cm;background:#888'></div></body></html>")
    with pytest.raises(ValidationError, match=message):
        documents.upload_document(db, make_user(), filename=name, data=data)
    assert db.scalar(select(Source)) is None


def test_person_source_with_private_notes(db: Session, claim: Claim, make_user: Callable[..., User]) -> None:
    notes = "Spoke for 20 minutes. She said the pier extension was approved in March, not in May."
    evidence = documents.attach_contact(
        db,
        make_user(),
        claim,
        person="Ana Ferreira",
        organisation="Harbour board",
        contacted_on=dt.date(2018, 12, 9),
        method="phone",
        notes=notes,
        stance="refutes",
        passage="the pier extension was approved in March",
    )
    source = evidence.source
    assert source.kind is SourceKind.PERSON and source.person == "Ana Ferreira" and source.method == "phone"
    assert source.archived_text == notes and evidence.match_score == 100.0
    assert source.url.startswith("person:")
    with pytest.raises(ValidationError, match="future"):
        documents.record_contact(
            db, make_user(), person="X", contacted_on=dt.date.today() + dt.timedelta(days=3), method="email"
        )
    with pytest.raises(ValidationError, match="how the person"):
        documents.record_contact(db, make_user(), person="X", contacted_on=None, method="telepathy")


def test_a_selected_passage_keeps_its_anchor(db: Session, claim: Claim, make_user: Callable[..., User]) -> None:
    text = "Crossings: 1,200 in 2019.\nCrossings: 1,200 in 2019 (revised).\n"
    source = builders.make_source(db, text=text)
    second = text.index("Crossings", 5)
    chosen = (second, second + len("Crossings: 1,200 in 2019"))
    anchored = sources.add_evidence(
        db, make_user(), claim, source, stance="supports", passage="Crossings: 1,200 in 2019", anchor=chosen
    )
    assert (anchored.match_start, anchored.match_end, anchored.match_score) == (*chosen, 100.0)
    pasted = sources.add_evidence(db, make_user(), claim, source, stance="context", passage="Crossings: 1,200 in 2019")
    assert pasted.match_start == 0  # without an anchor the first occurrence is found
    wrong = sources.add_evidence(
        db, make_user(), claim, source, stance="context", passage="Crossings: 1,200 in 2019", anchor=(1, 9)
    )
    assert wrong.match_start == 0  # an anchor whose text is not the passage is not trusted


def test_confidential_sources_leave_nothing_that_names_them(
    db: Session, make_user: Callable[..., User], make_claim: Callable[..., Claim]
) -> None:
    claim = make_claim(status="approved")
    evidence = sources.evidence_for(db, claim)[0]
    secret = evidence.source
    contact = documents.attach_contact(
        db, make_user("editor"), claim, person="A ministry official", contacted_on=None, method="interview",
        notes="Off the record.", confidential=True, stance="supports",
    )  # fmt: skip
    sources.set_confidential(db, make_user(), secret, True)
    builders.make_verdict(db, claim, state="approved")
    publication = builders.make_publication(db, claim.article)
    cited = [e["source"] for c in publication.snapshot["claims"] for e in c["evidence"]]
    assert {s["id"] for s in cited} >= {secret.id, contact.source.id}
    for s in cited:
        assert s["confidential"] and s["url"] == "" and s["title"] == "" and s["sha256"] is None
        assert s.get("person") == "" and s["publisher"] == ""
    assert reading.published_source(db, secret.id) is None and reading.published_source(db, contact.source.id) is None
    assert reading.archived_source_ids(db, publication.snapshot) == set()
    assert [a.id for a in sources.published_citers(db, secret)] == [claim.article_id]
    assert sources.published_citers(db, builders.make_source(db)) == []
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "source.confidential")).all()
    assert [e.entity_id for e in events] == [secret.id]
