"""``Server-Timing`` on every response when ``FACTCHECK_SERVER_TIMING`` is on: the time the request spent in the
database (``db``, lock waits included, every retry of a transient failure counted) and in the app (``app``).

Off by default: the figures help an operator or a benchmark (benchmarks/soak.py reads them), and a public site
need not tell every visitor how long its queries take."""

from __future__ import annotations

import time

from flask import Flask, Response, g

from factcheck import dbtiming


def register(app: Flask) -> None:
    if not app.config.get("SERVER_TIMING"):
        return
    from factcheck.extensions import db

    with app.app_context():
        dbtiming.install(db.engine)

    def start() -> None:
        g.server_timing = (time.perf_counter(), dbtiming.begin())

    def report(response: Response) -> Response:
        started = g.pop("server_timing", None)
        if started is not None:
            began, spent = started
            dbtiming.end()
            total = (time.perf_counter() - began) * 1000
            response.headers["Server-Timing"] = (
                f'db;dur={spent.seconds * 1000:.1f};desc="database, {spent.statements} statements", app;dur={total:.1f}'
            )
        return response

    app.before_request_funcs.setdefault(None, []).insert(0, start)
    app.after_request(report)
