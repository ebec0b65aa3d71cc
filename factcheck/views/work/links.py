"""The editors' list of changed sources: what the link checks found (gone, moved, changed) for the sources of
published checks, newest first, with the published articles that cite each one."""

from __future__ import annotations

from flask import render_template

from factcheck import policy
from factcheck.extensions import db
from factcheck.services import link_checks
from factcheck.views.helpers import require
from factcheck.views.work.blueprint import bp


@bp.get("/links")
@require(policy.can_view_link_checks)
def link_changes() -> str:
    session = db.session()
    rows = link_checks.changes(session)
    citing = link_checks.cited_by(session, sorted({row.source_id for row in rows}))
    return render_template("work/links.html", rows=rows, citing=citing)
