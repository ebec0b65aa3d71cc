"""Crafted numbers in ids: characters `str.isdigit()` accepts but `int()` refuses ("²"), numbers beyond the
database's 32-bit integers, signs, exponents and empty values. Each is refused with a 4xx (or simply ignored,
a 200) wherever a request carries an id, never a 500 (ValueError, OverflowError on SQLite, DataError on
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from factcheck.extensions import limiter
from factcheck.ids import MAX_ID, parse_id
from factcheck.models import Claim, ClaimStatus, ReaderRequest, User
from factcheck.services import users
from factcheck.services.reports import FILTER_KEYS
from tests.conftest import get_csrf
from tests.support.scenes import make_newsroom

CRAFTED = ["²", "99999999999999999999999", "-1", "1e3", ""]


@dataclass(frozen=True)
class World:
    client: FlaskClient
    db: Session
    claim: Claim
    source_id: int
    api: dict[str, str]  # bearer header of the same editor


Probe = Callable[[World, str], TestResponse]


_QUERY: dict[str, dict[str, str | None]] = {
    "/work/queue?article": {"article": None},
    "/work/queue?assignee": {"assignee": None},
    "/reports?article": {"article": None},
    "/reports?reviewer": {"reviewer": None},
    "/reports/download?reviewer": {"reviewer": None, "format": "csv"},
    "/api/v1/claims?limit": {"limit": None},
}


def _path_probe(key: str) -> Probe:
    path = key.split("?")[0]

    def probe(w: World, value: str) -> TestResponse:
        headers = w.api if path.startswith("/api/") else None
        return w.client.get(
            path, query_string={k: value if v is None else v for k, v in _QUERY[key].items()}, headers=headers
        )

    return probe


def _bulk_id(w: World, value: str) -> TestResponse:
    token = get_csrf(w.client, "/work/queue")
    return w.client.post("/work/queue/bulk", data={"csrf_token": token, "claims": f"{value}:1", "action": "dismiss"})


def _bulk_version(w: World, value: str) -> TestResponse:
    token = get_csrf(w.client, "/work/queue")
    return w.client.post(
        "/work/queue/bulk", data={"csrf_token": token, "claims": f"{w.claim.id}:{value}", "action": "dismiss"}
    )


def _merge(w: World, value: str) -> TestResponse:
    token = get_csrf(w.client, "/work/queue")
    return w.client.post(
        f"/work/claims/{w.claim.id}/merge", data={"csrf_token": token, "other": value, "version": w.claim.version}
    )


def _merge_version(w: World, value: str) -> TestResponse:
    token = get_csrf(w.client, "/work/queue")
    return w.client.post(
        f"/work/claims/{w.claim.id}/merge", data={"csrf_token": token, "other": w.claim.id, "version": value}
    )


def _correction(w: World, value: str) -> TestResponse:
    token = get_csrf(w.client, "/corrections/request")
    return w.client.post(
        "/corrections/request", data={"csrf_token": token, "claim": value, "body": f"Please look again ({value!r})."}
    )


def _evidence(w: World, value: str) -> TestResponse:
    return w.client.get(f"/work/sources/{w.source_id}", query_string={"evidence": value})


IGNORED = {200}
REFUSED = {400, 422}
# (probe, statuses for a crafted non-empty value, statuses for the empty value)
CASES: dict[str, tuple[Probe, set[int], set[int]]] = {
    "queue-article": (_path_probe("/work/queue?article"), IGNORED, IGNORED),
    "queue-assignee": (_path_probe("/work/queue?assignee"), IGNORED, IGNORED),
    "reports-article": (_path_probe("/reports?article"), {400}, IGNORED),
    "reports-reviewer": (_path_probe("/reports?reviewer"), {400}, IGNORED),
    "reports-download-reviewer": (_path_probe("/reports/download?reviewer"), {400}, IGNORED),
    "api-claims-limit": (_path_probe("/api/v1/claims?limit"), {422}, IGNORED),
    "queue-bulk-id": (_bulk_id, {422}, {422}),
    "queue-bulk-version": (_bulk_version, {422}, {422}),
    "merge-other": (_merge, {422}, {422}),
    "merge-version": (_merge_version, {422}, {422}),
    "correction-claim": (_correction, {302}, {302}),
    "source-evidence": (_evidence, IGNORED, IGNORED),
}


@pytest.fixture()
def world(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> Iterator[World]:
    room = make_newsroom(db)
    db.commit()
    editor = login_as("editor")
    token = users.create_token(db, None, editor)
    db.commit()
    claim = room.claims[ClaimStatus.NEW]
    yield World(client, db, claim, room.source.id, {"Authorization": f"Bearer {token}"})


def test_parse_id() -> None:
    assert parse_id("0") == 0 and parse_id("42") == 42 and parse_id("0042") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID and parse_id(str(MAX_ID + 1)) is None
    for bad in (None, "", "²", "١٢", "-1", "+1", "1e3", " 1", "1 ", "1.0", "99999999999999999999999", "12345678901"):
        assert parse_id(bad) is None, bad


@pytest.mark.parametrize("case", list(CASES))
def test_crafted_ids_are_refused_or_ignored(world: World, case: str) -> None:
    """Every crafted value against one endpoint (one world per endpoint: loading it is the slow part)."""
    probe, crafted, empty = CASES[case]
    for value in CRAFTED:
        limiter.reset()  # the reader forms are rate-limited
        response = probe(world, value)
        try:
            status = response.status_code
            assert status < 500, (value, response.get_data(as_text=True)[:500])
            assert status in (empty if value == "" else crafted), (value, status)
        finally:
            response.close()


def test_reports_name_the_filter_they_cannot_parse(world: World) -> None:
    for name in ("article", "reviewer", "approver"):
        response = world.client.get("/reports", query_string={name: "99999999999999999999999"})
        assert response.status_code == 400 and name in response.get_data(as_text=True)
    api = world.client.get("/api/v1/reports/verdicts", query_string={"reviewer": "²"}, headers=world.api)
    assert api.status_code == 400, api.status_code


def test_a_correction_for_an_unknown_claim_keeps_the_readers_text(world: World) -> None:
    response = _correction(world, "2147483000")
    assert response.status_code == 302
    stored = world.db.scalars(select(ReaderRequest)).one()
    assert stored.claim_id is None and "2147483000" in stored.body
    response = _correction(world, str(world.claim.id))
    assert response.status_code == 302
    world.db.expire_all()
    assert {r.claim_id for r in world.db.scalars(select(ReaderRequest))} == {None, world.claim.id}


# ---- Hypothesis: random text in every known query parameter of the filterable lists ------------------------

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
NUMBERISH = st.one_of(
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([*CRAFTED, "²³", "٣", "0", str(MAX_ID), str(MAX_ID + 1), "me", "none"]),
)
PARAMS = {
    "/work/queue": ("status", "kind", "article", "outlet", "assignee", "score_min", "score_max", "due", "sort", "page"),
    "/reports": FILTER_KEYS,
    "/api/v1/claims": ("status", "kind", "article_id", "limit", "offset"),
}
ALLOWED = {"/work/queue": {200}, "/reports": {200, 400}, "/api/v1/claims": {200, 422}}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_query_strings_never_give_a_server_error(world: World, data: Any) -> None:
    path = data.draw(st.sampled_from(sorted(PARAMS)), label="path")
    names = data.draw(st.lists(st.sampled_from(PARAMS[path]), min_size=1, max_size=4, unique=True), label="names")
    query = {name: data.draw(NUMBERISH, label=name) for name in names}
    response = world.client.get(path, query_string=query, headers=world.api if path.startswith("/api/") else None)
    body = response.get_data(as_text=True)
    if any("\x00" in value for value in query.values()):  # refused before any work, on every path (by design)
        assert response.status_code == 400 and "NUL characters" in body, (response.status_code, body[:300])
        return
    assert response.status_code in ALLOWED[path], (response.status_code, body[:300])
