"""What every report writer is given: the session, the filters, the site and the organisation, the clock and (for
the PDF) a template renderer. Writers import this module; only the format registry (report_formats) imports them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from factcheck.services.reports import ReportFilters

Renderer = Callable[..., str]


@dataclass
class ExportContext:
    session: Session
    filters: ReportFilters
    site_url: str
    organisation: dict[str, str]  # the ClaimReview author: {"name": ..., "url": ...} (settings.organisation)
    bom: bool = True
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    render: Renderer | None = None  # template renderer for the PDF (flask.render_template)
    # How far a long export is (0..1, a note): the PDF job's progress bar. Called between parts.
    progress: Callable[[float, str], object] = lambda _fraction, _note: None

    @property
    def site(self) -> str:
        return self.site_url.rstrip("/")
