"""JSON API v1. Importing the package registers every route module on `blueprint.bp`."""

from factcheck.views.api import account, articles, jobs, openapi, reports, review
from factcheck.views.api.blueprint import bp, reports_bp

__all__ = ["account", "articles", "bp", "jobs", "openapi", "reports", "reports_bp", "review"]
