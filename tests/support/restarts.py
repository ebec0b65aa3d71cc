"""A PostgreSQL restart as the app sees it, for tests on the suite's shared server: every connection of an app
whose connections carry a name is dropped by the server (pg_terminate_backend), as a restart drops them."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def drop_connections(url: str, application_name: str) -> int:
    """Terminate every server connection opened with `application_name`; how many there were."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            dropped = conn.scalar(
                text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :name"),
                {"name": application_name},
            )
            conn.commit()
    finally:
        engine.dispose()
    return int(dropped or 0)
