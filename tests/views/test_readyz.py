"""`/readyz` for the load balancer (factcheck/readiness.py): 200 while the database (and Redis, when configured)
answers and every registered check passes, else 503 naming what failed; `/healthz` stays liveness only."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from factcheck import readiness
from factcheck.extensions import db as flask_db
from factcheck.factory import create_app, register_readiness

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "").strip()


@contextmanager
def _app(config: dict[str, Any]) -> Iterator[FlaskClient]:
    """Another app on its own engine, disposed afterwards (no connection left for the garbage collector)."""
    other = create_app(config)
    try:
        yield other.test_client()
    finally:
        with other.app_context():
            flask_db.engine.dispose()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_ready_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "queue": "ok"}}  # the job queue's


def test_a_process_without_its_database_is_alive_but_not_ready(app_config: dict[str, Any], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'folder' / 'x.db'}"
    with _app({**app_config, "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url}) as client:
        response = client.get("/readyz")
        assert response.status_code == 503 and response.get_json()["status"] == "unavailable"
        assert "OperationalError" in response.get_json()["checks"]["database"]
        assert client.get("/healthz").status_code == 200


def test_redis_is_checked_when_configured(app: Flask, client: FlaskClient, database_url: str) -> None:
    # The check itself, registered on the test app (an app created with REDIS_URL would point the shared
    # rate limiter at that Redis for every later test).
    readiness.register_check(app.extensions, "redis", readiness.redis_check(f"redis://127.0.0.1:{_closed_port()}/0"))
    try:
        response = client.get("/readyz")
        checks = response.get_json()["checks"]
        assert response.status_code == 503 and checks["database"] == "ok" and "ConnectionError" in checks["redis"]
        assert client.get("/healthz").status_code == 200
        if REDIS_URL:
            readiness.register_check(app.extensions, "redis", readiness.redis_check(REDIS_URL))
            assert client.get("/readyz").get_json() == {
                "status": "ready",
                "checks": {"database": "ok", "queue": "ok", "redis": "ok"},
            }
    finally:
        app.extensions[readiness.EXTENSION].pop("redis")
    # The factory adds the Redis check exactly when Redis is configured.
    for redis_url, names in ((None, {"database"}), ("redis://127.0.0.1:6379/0", {"database", "redis"})):
        bare = Flask("readiness")
        bare.config.update(SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=redis_url)
        flask_db.init_app(bare)
        register_readiness(bare)
        assert set(bare.extensions[readiness.EXTENSION]) == names
        with bare.app_context():
            flask_db.engine.dispose()


def test_a_registered_check_that_fails_or_breaks_makes_the_process_unready(app: Flask, client: FlaskClient) -> None:
    outcome: list[str | None] = [None]

    def queue() -> str | None:
        if outcome[0] == "raise":
            raise TimeoutError("no consumer answered")
        return outcome[0]

    readiness.register_check(app.extensions, "queue", queue)
    try:
        assert client.get("/readyz").get_json()["checks"] == {"database": "ok", "queue": "ok"}
        outcome[0] = "3 tasks waiting, no consumer seen for 5 minutes"
        response = client.get("/readyz")
        assert response.status_code == 503 and response.get_json()["checks"]["queue"] == outcome[0]
        outcome[0] = "raise"
        response = client.get("/readyz")
        assert (
            response.status_code == 503
            and response.get_json()["checks"]["queue"] == "TimeoutError: no consumer answered"
        )
    finally:
        app.extensions[readiness.EXTENSION].pop("queue")
