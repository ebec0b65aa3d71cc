"""The reviewer's workbench. Importing the package registers every route module on `blueprint.bp`."""

from factcheck.views.work import (
    articles,
    claim_desk,
    claims,
    events,
    evidence,
    imports,
    jobs,
    links,
    matches,
    monitor,
    queue,
    sources,
    spans,
)
from factcheck.views.work.blueprint import bp

__all__ = [
    "articles",
    "bp",
    "claim_desk",
    "claims",
    "events",
    "evidence",
    "imports",
    "jobs",
    "links",
    "matches",
    "monitor",
    "queue",
    "sources",
    "spans",
]
