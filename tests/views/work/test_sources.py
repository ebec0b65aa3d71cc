"""Sources on the claim page (views/work/sources.py): a document uploaded and a person recorded from the
browser, one source listed once with its passages and a stance per passage, a passage selected in the archived
copy (UTF-16 offsets), and confidentiality (any reviewer protects a source, only an editor reveals it)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Evidence, Source, SourceKind, User
from tests.conftest import csrf_from
from tests.support import builders

NOTES = "Call at 10:00. He confirmed the pier 🎣 extension was approved in March, before the vote in May."


def _page(client: FlaskClient, claim: Claim) -> str:
    return client.get(f"/work/claims/{claim.id}").get_data(as_text=True)


def _claim(db: Session) -> Claim:
    claim = builders.make_claim(db)
    db.commit()
    return claim


def _version(db: Session, claim: Claim) -> int:
    db.expire_all()
    fresh = db.get(Claim, claim.id)
    assert fresh is not None
    return fresh.version


def test_document_and_person_sources_from_the_claim_page(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim = _claim(db)
    login_as("reviewer")
    page = _page(client, claim)
    assert 'id="attach-document"' in page and 'id="attach-person"' in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    text = b"Pier works\nThe extension of the pier by 40 metres was approved on 3 March.\n"
    uploaded = client.post(
        f"/work/claims/{claim.id}/sources/document",
        data={
            "document-csrf_token": csrf_from(page),
            "document-version": claim.version,
            "document-file": (io.BytesIO(text), "minutes.txt"),
            "document-title": "Harbour board minutes",
            "document-stance": "supports",
            "document-passage": "approved on 3 March",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Harbour board minutes" in uploaded and "Found in the archived copy" in uploaded and "Document" in uploaded
    person = client.post(
        f"/work/claims/{claim.id}/sources/person",
        data={
            "person-csrf_token": csrf_from(uploaded),
            "person-version": _version(db, claim),
            "person-person": "Jon Ilves",
            "person-organisation": "Harbour board",
            "person-contacted_on": "2018-12-09",
            "person-method": "phone",
            "person-notes": NOTES,
            "person-stance": "refutes",
            "person-passage": "approved in March",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Jon Ilves" in person and "Phone call" in person
    made = {s.kind: s for s in db.scalars(select(Source))}
    assert made[SourceKind.DOCUMENT].archived_text == text.decode() and made[SourceKind.PERSON].archived_text == NOTES
    refused = client.post(
        f"/work/claims/{claim.id}/sources/document",
        data={
            "document-csrf_token": csrf_from(person),
            "document-version": _version(db, claim),
            "document-file": (io.BytesIO(b"\x89PNG...."), "photo.png"),
            "document-stance": "context",
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "PDF, HTML or plain-text" in refused.get_data(as_text=True)
    assert 'id="attach-document" open' in refused.get_data(as_text=True)


def test_one_source_with_its_passages_each_with_its_stance(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim = _claim(db)
    source = builders.make_source(db, text="Crossings rose to 2,450 in 2023. Passenger numbers grew more slowly.")
    builders.make_evidence(db, claim, source, stance="supports", passage="Crossings rose to 2,450 in 2023.")
    db.commit()
    login_as("reviewer")
    page = _page(client, claim)
    unchosen = client.post(
        f"/work/claims/{claim.id}/sources/{source.id}/passages",
        data={"csrf_token": csrf_from(page), "version": _version(db, claim), "passage": "Passenger numbers grew"},
    )
    assert unchosen.status_code == 422 and "Choose whether the passage supports" in unchosen.get_data(as_text=True)
    assert (
        f'id="passage-{source.id}-text"'
        in unchosen.get_data(as_text=True).split(f'id="add-passage-{source.id}" open>')[1]
    )
    added = client.post(
        f"/work/claims/{claim.id}/sources/{source.id}/passages",
        data={
            "csrf_token": csrf_from(page),
            "version": _version(db, claim),
            "stance": "context",
            "passage": "Passenger numbers grew more slowly.",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert added.count(f'id="source-{source.id}"') == 1  # one source, listed once
    group = added.split(f'id="source-{source.id}"')[1].split("</ul>")[0]
    assert group.count("<blockquote>") == 2 and "stance-supports" in group and "stance-context" in group
    stances = [e.stance for e in db.scalars(select(Evidence).order_by(Evidence.id))]
    assert stances == ["supports", "context"]  # the first passage's stance did not change


def test_quote_by_selecting_in_the_archived_copy(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim = _claim(db)
    text = "🎣 Minutes.\nThe pier was approved in March.\nThe pier was approved in March, again."
    source = builders.make_source(db, text=text)
    db.commit()
    login_as("reviewer")
    copy = client.get(f"/work/sources/{source.id}?claim={claim.id}").get_data(as_text=True)
    assert "data-quote-form" in copy and "js/quote.js" in copy
    second = text.index("The pier", 20)  # code points; the browser counts the fishing pole as two units
    start16, end16 = second + 1, second + 1 + len("The pier was approved in March")
    client.post(
        f"/work/claims/{claim.id}/sources/{source.id}/passages",
        data={
            "csrf_token": csrf_from(copy),
            "version": _version(db, claim),
            "stance": "supports",
            "passage": "The pier was approved in March",
            "start": start16,
            "end": end16,
        },
    )
    evidence = db.scalar(select(Evidence))
    assert evidence is not None and (evidence.match_start, evidence.match_score) == (second, 100.0)
    assert client.get(f"/work/sources/{source.id}").get_data(as_text=True).count("data-quote-form") == 0


def test_confidential_is_set_by_reviewers_and_lifted_by_editors(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    source = builders.make_source(db)
    claim = builders.make_claim(db, status="approved", source=source)
    builders.make_publication(db, claim.article)
    db.commit()
    login_as("reviewer")
    page = client.get(f"/work/sources/{source.id}").get_data(as_text=True)
    marked = client.post(
        f"/work/sources/{source.id}/confidential",
        data={"csrf_token": csrf_from(page), "confidential": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "readers never see it" in marked and "data-confidential" in marked
    assert f"the published versions of “{claim.article.title}” still name it" in marked
    lift = client.post(f"/work/sources/{source.id}/confidential", data={"csrf_token": csrf_from(marked)})
    assert lift.status_code == 403
    db.expire_all()
    assert db.get(Source, source.id).confidential  # type: ignore[union-attr]
    client.post("/logout", data={"csrf_token": csrf_from(marked)})
    login_as("editor")
    page = client.get(f"/work/sources/{source.id}").get_data(as_text=True)
    assert "Make it public again" in page
    client.post(f"/work/sources/{source.id}/confidential", data={"csrf_token": csrf_from(page)})
    db.expire_all()
    assert not db.get(Source, source.id).confidential  # type: ignore[union-attr]
