"""Readiness for the load balancer (`/readyz`): can this process serve requests now? Unlike liveness (`/healthz`,
the process answers at all), readiness asks what it depends on: the database, Redis when FACTCHECK_REDIS_URL is
set, and whatever else registers a check here (the job queue registers "queue" when one is configured).

A check is a callable that returns None when all is well and otherwise a short reason; one that raises counts
as failed with the exception's text. Checks are kept per application in `app.extensions["readiness"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

Check = Callable[[], str | None]
EXTENSION = "readiness"
TIMEOUT = 2.0  # seconds a Redis check waits


def register_check(extensions: dict[str, Any], name: str, check: Check) -> None:
    """Add (or replace) the check `name`: `register_check(app.extensions, "queue", ...)`."""
    extensions.setdefault(EXTENSION, {})[name] = check


def run_checks(extensions: Mapping[str, Any]) -> dict[str, str]:
    """Every registered check's outcome: "ok" or why not."""
    checks: dict[str, Check] = extensions.get(EXTENSION, {})
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            problem = check()
        except Exception as exc:  # a check that breaks says so: the balancer must hear "not ready", not a 500
            problem = f"{type(exc).__name__}: {exc}"
        results[name] = "ok" if problem is None else problem
    return results


def database_check(engine: Engine) -> Check:
    def check() -> str | None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None

    return check


def redis_check(url: str) -> Check:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)

    def check() -> str | None:
        return None if client.ping() else "Redis did not answer PING"

    return check
