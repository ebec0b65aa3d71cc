"""Server-Timing: with FACTCHECK_SERVER_TIMING on, every response says how long the request spent in the
database, and a wait for a lock another connection really holds is part of that figure; off by default."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.extensions import db as ext_db
from factcheck.factory import create_app
from factcheck.models import User
from factcheck.services import users
from tests.views.test_retry import database_locked

HOLD_S = 1.0
TIMING = re.compile(r'^db;dur=([0-9.]+);desc="database, (\d+) statements", app;dur=([0-9.]+)$')


@pytest.fixture()
def timed_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    timed = create_app({**app_config, "SERVER_TIMING": True, "DB_LOCK_TIMEOUT_MS": 5000})
    yield timed
    with timed.app_context():
        ext_db.session.remove()
        ext_db.engine.dispose()


def _timing(header: str | None) -> tuple[float, int, float]:
    assert header is not None
    found = TIMING.match(header)
    assert found, header
    return float(found[1]), int(found[2]), float(found[3])


def test_off_by_default(client: Any) -> None:
    assert "Server-Timing" not in client.get("/healthz").headers


def test_a_page_reports_its_database_time_within_its_total(
    timed_app: Flask, db: Session, make_user: Callable[..., User], make_article: Any, make_claim: Any
) -> None:
    token = users.create_token(db, None, make_user("reviewer"))
    claim = make_claim(make_article(extract=False))
    db.commit()
    response = timed_app.test_client().get(f"/api/v1/claims/{claim.id}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    spent, statements, total = _timing(response.headers.get("Server-Timing"))
    assert statements >= 2  # the token's user and the claim at least
    assert 0 < spent <= total


def test_a_wait_for_the_write_lock_is_database_time(
    timed_app: Flask, db: Session, make_user: Callable[..., User], make_article: Any, make_claim: Any, database_url: str
) -> None:
    token = users.create_token(db, None, make_user("reviewer"))
    claim = make_claim(make_article(extract=False))
    db.commit()
    holding = database_locked(database_url, claim.id)
    holding.__enter__()
    release = threading.Timer(HOLD_S, holding.__exit__, (None, None, None))
    release.start()
    response = timed_app.test_client().post(
        f"/api/v1/claims/{claim.id}/comments", json={"body": "Waited"}, headers={"Authorization": f"Bearer {token}"}
    )
    release.join()
    assert response.status_code == 201, response.get_data(as_text=True)
    spent, _, total = _timing(response.headers.get("Server-Timing"))
    # The lock was held HOLD_S from before the request; what the request did before its write (dispatch, the
    # first connection, compiling) is not database time, so allow a loaded machine half of it.
    assert spent >= (HOLD_S - 0.5) * 1000
    assert spent <= total


def test_each_request_counts_its_own_statements(
    timed_app: Flask, db: Session, make_user: Callable[..., User], make_article: Any, make_claim: Any
) -> None:
    token = users.create_token(db, None, make_user("reviewer"))
    claim = make_claim(make_article(extract=False))
    db.commit()
    client = timed_app.test_client()
    counts = [
        _timing(
            client.get(f"/api/v1/claims/{claim.id}", headers={"Authorization": f"Bearer {token}"}).headers.get(
                "Server-Timing"
            )
        )[1]
        for _ in range(3)
    ]
    assert counts[0] > 0 and counts == [counts[0]] * 3  # the same request, the same count: nothing carried over
