"""Configuration: defaults, then FACTCHECK_* environment variables, then explicit overrides."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from factcheck.netpolicy import FetchPolicy

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# name -> (default, parser). Each is read from FACTCHECK_<NAME>.
_ENV_SETTINGS: dict[str, tuple[Any, Any]] = {
    "ENV": ("development", str),
    "DATABASE_URL": (None, str),
    "SECRET_KEY": (None, str),
    "FETCH_ALLOW_HOSTS": ("", str),
    "FETCH_MAX_BYTES": (5 * 1024 * 1024, int),
    "MAX_ARTICLE_CHARS": (2 * 1024 * 1024, int),
    # Longer texts (paste, file, API) are imported by a job, not within the request (services/importing.py).
    "INLINE_IMPORT_CHARS": (100_000, int),
    "MAX_UPLOAD_BYTES": (4 * 1024 * 1024, int),
    "ORGANISATION_NAME": ("Open Fact-check Desk", str),
    "SITE_URL": ("http://127.0.0.1:5000", str),
    "RATELIMIT_STORAGE_URI": ("memory://", str),
    "REDIS_URL": (None, str),  # redis://host:6379/0: rate limits shared by every worker and instance
    "LOGIN_RATE_LIMIT": ("10 per minute", str),
    "SMTP_URL": (None, str),  # smtp://host:25, smtp+starttls://user:pass@host:587, smtps://...: mail is sent
    "MAIL_FROM": ("factcheck@localhost", str),  # the sender address of that mail
    "SESSION_COOKIE_SECURE": (False, _bool),
    "PROXY_FIX": (0, int),  # number of trusted reverse proxies setting X-Forwarded-* (0: none)
    # How long a statement waits for a database lock before the request is retried, then answered 503
    # (SQLite busy_timeout, PostgreSQL lock_timeout); see factcheck/database.py for the value.
    "DB_LOCK_TIMEOUT_MS": (2000, int),
    # A Server-Timing header on every response: time in the database (lock waits included) and in the app.
    "SERVER_TIMING": (False, _bool),
    "RANKER_GRID": ("full", str),  # what `claims train` tries: "full", or "quick" (tests, trials)
    # The job queue (factcheck/tasks/): how long a consumer's lease on a job lasts unless renewed (it renews it
    # every third of that while working; a dead consumer's job runs again after it), and immediate mode (a job
    # runs in the process that queued it, when its transaction commits: tests, or a one-process debug run).
    "JOB_LEASE_SECONDS": (60, int),
    "JOBS_IMMEDIATE": (False, _bool),
}


def _instance_path(env: Mapping[str, str], overrides: Mapping[str, Any]) -> Path:
    raw = overrides.get("INSTANCE_PATH") or env.get("FACTCHECK_INSTANCE_PATH")
    return Path(raw) if raw else DEFAULT_INSTANCE


def _local_secret(instance: Path) -> str:
    """A secret generated once and kept in instance/ so sessions survive restarts in local use."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the settings dict for Flask's app.config."""
    env = os.environ if env is None else env
    overrides = dict(overrides or {})
    instance = _instance_path(env, overrides)
    cfg: dict[str, Any] = {"INSTANCE_PATH": str(instance)}
    for name, (default, parse) in _ENV_SETTINGS.items():
        raw = env.get(f"FACTCHECK_{name}")
        cfg[name] = parse(raw) if raw not in (None, "") else default
    cfg.update(overrides)

    production = cfg["ENV"] == "production"
    if not cfg.get("SECRET_KEY"):
        if production:
            raise ConfigError("FACTCHECK_SECRET_KEY must be set in production mode (FACTCHECK_ENV=production).")
        cfg["SECRET_KEY"] = _local_secret(instance)
    elif production and len(str(cfg["SECRET_KEY"])) < 32:
        raise ConfigError("FACTCHECK_SECRET_KEY is too short for production: use at least 32 random characters.")

    if not cfg.get("DATABASE_URL"):
        cfg["DATABASE_URL"] = f"sqlite:///{instance / 'factcheck.db'}"

    cfg.setdefault("SQLALCHEMY_DATABASE_URI", cfg["DATABASE_URL"])
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    cfg.setdefault("MAX_CONTENT_LENGTH", cfg["MAX_UPLOAD_BYTES"])
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    cfg.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    cfg["SESSION_COOKIE_SECURE"] = cfg["SESSION_COOKIE_SECURE"] or production
    cfg.setdefault("REMEMBER_COOKIE_SECURE", cfg["SESSION_COOKIE_SECURE"])
    cfg.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    cfg.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    # Flask-Login's default is a year; a sign-in (and its server-side row, services/logins.py) lasts 30 days.
    cfg.setdefault("REMEMBER_COOKIE_DURATION", dt.timedelta(days=30))
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", None)
    cfg.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    if cfg.get("REDIS_URL") and cfg["RATELIMIT_STORAGE_URI"] == "memory://":
        cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"]
    # Redis unreachable: count in this process's memory meanwhile (Flask-Limiter logs it) rather than answer 500.
    cfg.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    cfg.setdefault("TESTING", False)
    return cfg


def fetch_policy(config: Mapping[str, Any]) -> FetchPolicy:
    """The outbound fetcher's policy from an app's configuration."""
    return FetchPolicy.from_allow_string(str(config["FETCH_ALLOW_HOSTS"]), max_bytes=int(config["FETCH_MAX_BYTES"]))
