"""The reviewer's workbench. Importing the package registers every route module on `blueprint.bp`."""

from factcheck.views.work import articles, claims, events, imports, jobs, queue, spans
from factcheck.views.work.blueprint import bp

__all__ = ["articles", "bp", "claims", "events", "imports", "jobs", "queue", "spans"]
