"""Sources (services/sources.py): fetched once, archived and hashed, shared across claims; evidence passages
located exactly or fuzzily; failed fetches recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.fetch import FetchPolicy
from factcheck.models import Claim, Source, User
from factcheck.services import importing, ratings, sources
from factcheck.services.errors import ValidationError
from tests.fetch.conftest import LocalServer

POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=2.0, read_timeout=5.0)
SOURCE_PAGE = b"""<html><head><title>Ministry data</title><meta property="og:site_name" content="Ministry"></head>
<body><article><h1>Trade figures for 2019</h1><p>Exports of goods fell by 12 per cent in 2019, the ministry's
annual statistics show, after two years of growth.</p><p>Imports were broadly unchanged over the same period,
according to the customs office.</p></article></body></html>"""


@pytest.fixture()
def claim(db: Session) -> Claim:
    ratings.load_presets(db)
    draft = importing.ArticleDraft(
        title="Trade",
        text="The minister said exports fell 12% in 2019.\n\nImports stayed flat, customs officials said on Monday.",
        origin="paste",
    )
    importing.import_draft(db, None, draft)
    db.commit()
    found = db.scalar(select(Claim).where(Claim.quote.contains("exports")))
    assert found is not None
    return found


def test_source_is_fetched_archived_hashed_and_shared(
    db: Session, claim: Claim, server: LocalServer, make_user: Callable[..., User]
) -> None:
    user = make_user()
    url = server.route("/data", body=SOURCE_PAGE)
    evidence = sources.attach_source(
        db, user, claim, url, POLICY, stance="supports", passage="Exports of goods fell by 12 per cent in 2019"
    )
    db.commit()
    source = evidence.source
    assert source.http_status == 200 and source.fetch_error is None and source.sha256 and len(source.sha256) == 64
    assert source.title and "Exports of goods fell" in (source.archived_text or "")
    assert evidence.match_score == 100.0
    assert source.archived_text is not None and evidence.match_start is not None and evidence.match_end is not None
    assert source.archived_text[evidence.match_start : evidence.match_end].startswith("Exports of goods")
    again = sources.attach_source(db, user, claim, url, POLICY, stance="context")
    assert again.source_id == source.id and server.paths().count("/data") == 1


def test_passage_found_fuzzily_or_not_at_all(
    db: Session, claim: Claim, server: LocalServer, make_user: Callable[..., User]
) -> None:
    user = make_user()
    url = server.route("/data", body=SOURCE_PAGE)
    fuzzy = sources.attach_source(
        db,
        user,
        claim,
        url,
        POLICY,
        stance="supports",
        passage="Exports of goods fell by twelve per cent in 2019, the ministry's annual statistics show",
    )
    assert fuzzy.match_score is not None and 85 <= fuzzy.match_score < 100
    missing = sources.attach_source(
        db, user, claim, url, POLICY, stance="refutes", passage="The moon is made of cheese according to nobody at all"
    )
    assert missing.match_score is None and missing.match_start is None


def test_failed_fetch_is_recorded_and_still_attachable(
    db: Session, claim: Claim, server: LocalServer, make_user: Callable[..., User]
) -> None:
    user = make_user()
    gone = sources.attach_source(
        db,
        user,
        claim,
        server.route("/gone", status=404, body=b"no"),
        POLICY,
        stance="context",
        note="Page removed; see the print edition.",
    )
    assert gone.source.http_status == 404 and gone.source.fetch_error and not gone.source.reachable
    private = sources.attach_source(db, user, claim, "http://192.168.1.20/report", POLICY, stance="context")
    assert private.source.fetch_error is not None and "private" in private.source.fetch_error
    pdf = sources.attach_source(
        db,
        user,
        claim,
        server.route("/r.pdf", body=b"%PDF-1.4", content_type="application/pdf"),
        POLICY,
        stance="context",
    )
    assert pdf.source.http_status == 200 and "PDF could not be read" in (pdf.source.fetch_error or "")
    with pytest.raises(ValidationError, match="javascript"):
        sources.attach_source(db, user, claim, "javascript:alert(1)", POLICY, stance="context")
    with pytest.raises(ValidationError, match="stance"):
        sources.attach_source(db, user, claim, server.route("/x", body=SOURCE_PAGE), POLICY, stance="agrees")
    db.commit()
    assert db.scalar(select(Source.url).where(Source.url.contains("javascript"))) is None
