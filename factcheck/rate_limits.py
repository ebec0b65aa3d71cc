"""Where rate limits (sign-in attempts) are counted. Flask-Limiter keeps its counters in the storage named by
RATELIMIT_STORAGE_URI: Redis when FACTCHECK_REDIS_URL is set (shared by every worker and instance), else memory,
which is exact for the single process of `make run` but counts per process: two gunicorn workers let through
twice the allowance. A process that is not alone says so once at start-up."""

from __future__ import annotations

import logging
import os
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)

_WORKERS = re.compile(r"^(?:-w|--workers)(?:=|$)|^-w\d+$")


def gunicorn_workers(environ: Mapping[str, str], argv: Sequence[str]) -> int | None:
    """The number of gunicorn workers this process is one of (None when not under gunicorn), read from the
    command line and GUNICORN_CMD_ARGS as gunicorn reads them (WEB_CONCURRENCY, else 1, when not given)."""
    if not environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        return None
    words = [*shlex.split(environ.get("GUNICORN_CMD_ARGS", "")), *argv[1:]]
    found = environ.get("WEB_CONCURRENCY", "1")
    for i, word in enumerate(words):
        if not _WORKERS.match(word):
            continue
        if "=" in word:
            found = word.split("=", 1)[1]
        elif word.startswith("-w") and len(word) > 2:
            found = word[2:]
        elif i + 1 < len(words):
            found = words[i + 1]
    return int(found) if found.isdigit() else None


def not_alone(config: Mapping[str, Any], environ: Mapping[str, str], argv: Sequence[str]) -> str | None:
    """Why this process may share its clients with others (production, or several gunicorn workers), or None."""
    if config.get("ENV") == "production":
        return "FACTCHECK_ENV=production"
    workers = gunicorn_workers(environ, argv)
    if workers is not None and workers != 1:
        return f"gunicorn with {workers} workers" if workers else "gunicorn"
    return None


def warn_if_counted_per_process(config: Mapping[str, Any]) -> str | None:
    """Log (and return) a warning when limits are kept in memory by a process that is not alone."""
    if not str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://"):
        return None
    reason = not_alone(config, os.environ, sys.argv)
    if reason is None:
        return None
    message = (
        f"Rate limits are counted in this process's memory ({reason}): each worker and instance counts alone, "
        "so the sign-in limit lets through that many times its allowance. Set FACTCHECK_REDIS_URL to share them."
    )
    log.warning(message)
    return message
