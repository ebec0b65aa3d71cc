"""The application factory. It reads like a table of contents: config, extensions, blueprints, errors, CLI."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import Engine

from factcheck import database
from factcheck.config import PROJECT_ROOT, load_config


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    config = load_config(overrides)
    app = Flask(
        "factcheck",
        instance_path=str(Path(config["INSTANCE_PATH"]).resolve()),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config)
    register_converters(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    register_logging(app)
    register_extensions(app)
    register_page_cache(app)
    register_jobs(app)
    register_readiness(app)
    register_blueprints(app)
    register_mail(app)
    register_retries(app)
    register_errors(app)
    register_cli(app)
    register_security_headers(app)
    register_input_edge(app)
    register_server_timing(app)
    register_template_helpers(app)
    register_proxy(app)
    return app


def register_converters(app: Flask) -> None:
    from factcheck.views.helpers import IdConverter

    app.url_map.converters["int"] = IdConverter


def register_proxy(app: Flask) -> None:
    """Behind N trusted reverse proxies, believe their X-Forwarded-For/Proto/Host (HTTPS, client addresses)."""
    hops = int(app.config.get("PROXY_FIX", 0))
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _close_session(_exc: BaseException | None) -> None:
    """End the request's session; a connection that dropped while the answer was being sent (a database restart)
    is let go of, not rolled back over (which would raise after the answer was made: a 500)."""
    from factcheck.extensions import db

    failed = database.close(db.session())
    if failed is not None:
        logging.getLogger(__name__).warning("the request's connection was gone at its end (%s)", failed)
    db.session.remove()


def register_extensions(app: Flask) -> None:
    from factcheck.auth import register_login
    from factcheck.extensions import csrf, db, limiter, migrate
    from factcheck.rate_limits import warn_if_counted_per_process

    db.init_app(app)
    app.teardown_appcontext(_close_session)  # runs before Flask-SQLAlchemy's own (teardowns run last first)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    warn_if_counted_per_process(app.config)
    register_login(app)
    with app.app_context():
        engine: Engine = db.engine
        database.configure_engine(engine, int(app.config["DB_LOCK_TIMEOUT_MS"]))


def register_page_cache(app: Flask) -> None:
    """Whole reader pages: in Redis when FACTCHECK_REDIS_URL is set (shared by every process, copies in this
    one's memory while Redis's generation stays put), else in this process, emptied when the database's
    publication generation moves (another process published); a commit here that wrote to publications or
    articles empties it at once (and, with Redis, every process's within a second)."""
    from factcheck.extensions import db
    from factcheck.services import page_cache

    cache: page_cache.PageCache
    with app.app_context():
        engine: Engine = db.engine
        if app.config.get("REDIS_URL"):
            from factcheck.services.page_cache_redis import RedisPageCache, SharedPageCache

            cache = SharedPageCache(RedisPageCache.from_url(str(app.config["REDIS_URL"])))
        else:
            cache = page_cache.GenerationCheckedCache(page_cache.publication_generation(engine))
        app.extensions["page_cache"] = cache
        page_cache.watch_writes(engine, cache)


def register_readiness(app: Flask) -> None:
    """What `/readyz` asks: the database, and Redis when configured (the job queue adds its own check)."""
    from factcheck import readiness
    from factcheck.extensions import db

    with app.app_context():
        readiness.register_check(app.extensions, "database", readiness.database_check(db.engine))
    if app.config.get("REDIS_URL"):
        readiness.register_check(app.extensions, "redis", readiness.redis_check(str(app.config["REDIS_URL"])))


def register_jobs(app: Flask) -> None:
    """The job queue: Huey on SQLite in instance/, on Redis when configured (factcheck/tasks/queue.py)."""
    from factcheck import readiness
    from factcheck.tasks import queue

    readiness.register_check(app.extensions, "queue", queue.readiness_check(queue.install(app)))


def register_blueprints(app: Flask) -> None:
    """Every blueprint, in one loop: a package (api, reader, work) registers its route modules on import."""
    from factcheck.views import (
        admin,
        admin_feeds,  # noqa: F401  (its routes join admin.bp)
        admin_hooks,  # noqa: F401  (its routes join admin.bp)
        admin_intel,
        admin_jobs,  # noqa: F401  (its routes join admin.bp)
        api,
        auth,
        public,
        publish,
        reader,
        reports,
        settings,
        team,
        work,
    )

    blueprints = (
        public.bp,
        reader.bp,
        auth.bp,
        work.bp,
        publish.bp,
        reports.bp,
        settings.bp,
        admin.bp,
        admin_intel.bp,
        team.bp,
        api.bp,
        api.reports_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_mail(app: Flask) -> None:
    """Mail queued during a request is sent after its commit, when FACTCHECK_SMTP_URL is set (views/mailer.py)."""
    from factcheck.services.mail import check_url
    from factcheck.views.mailer import register

    if app.config.get("SMTP_URL"):
        check_url(str(app.config["SMTP_URL"]))
    register()


def register_retries(app: Flask) -> None:
    """Every view runs again after a transient database error, else answers 503 (views/retry.py)."""
    from factcheck.views.retry import wrap_views

    wrap_views(app)


def register_errors(app: Flask) -> None:
    from factcheck.views.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from factcheck.cli import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from factcheck.views.security import add_security_headers

    app.after_request(add_security_headers)


def register_server_timing(app: Flask) -> None:
    """Time in the database and in the app per response, when FACTCHECK_SERVER_TIMING is on (views/timing.py)."""
    from factcheck.views import timing

    timing.register(app)


def register_input_edge(app: Flask) -> None:
    """Every request's input decoded and checked once, before anything else reads it (views/edge.py)."""
    from factcheck.views import edge

    edge.register(app)


def register_template_helpers(app: Flask) -> None:
    from factcheck import policy
    from factcheck.views.helpers import template_globals
    from factcheck.views.template_filters import FILTERS

    app.jinja_env.globals.update(policy=policy, **template_globals())
    app.jinja_env.filters.update(FILTERS)
