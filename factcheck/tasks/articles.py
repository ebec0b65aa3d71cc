"""Article jobs: import (or re-import) an article from its URL, or a long text sent by paste, file or API.

The fetch and the claim extraction run here with no lock held; the write is import_text's one short step
(services/articles.py, services/reimport.py). Running it again is harmless: the same URL finds the same article,
and unchanged text adds no revision.
"""

from __future__ import annotations

import datetime as dt

from factcheck.config import fetch_policy
from factcheck.netpolicy import ConnectionFailed, FetchError, FetchTimeout, HTTPStatusError
from factcheck.services import importing
from factcheck.services.articles import ImportResult
from factcheck.services.errors import ValidationError
from factcheck.services.jobs import TransientJobError
from factcheck.tasks.registry import Outcome, TaskContext, task


def transient_fetch(exc: BaseException | None) -> bool:
    """A fetch worth trying again later: a timeout, a refused connection, a 5xx or 429 answer."""
    if isinstance(exc, HTTPStatusError):
        return exc.status >= 500 or exc.status == 429
    return isinstance(exc, FetchTimeout | ConnectionFailed) and getattr(exc, "code", "") != "tls_failed"


@task(importing.IMPORT_URL_JOB)
def import_url(ctx: TaskContext) -> Outcome:
    url = str(ctx.args["url"])
    overrides = dict(ctx.args.get("overrides") or {})
    if overrides.get("published_on"):
        overrides["published_on"] = dt.date.fromisoformat(overrides["published_on"])
    ctx.progress(0.1, "fetching the page")
    try:
        draft = importing.draft_from_url(url, fetch_policy(ctx.config))
    except ValidationError as exc:
        if transient_fetch(exc.__cause__ if isinstance(exc.__cause__, FetchError) else None):
            raise TransientJobError(str(exc)) from exc
        raise
    ctx.progress(0.4, "finding the claims and saving them")
    draft = draft.with_overrides(**overrides)
    result = importing.import_draft(ctx.session, ctx.actor, draft, max_chars=int(ctx.config["MAX_ARTICLE_CHARS"]))
    return imported(result)


@task(importing.IMPORT_TEXT_JOB)
def import_text(ctx: TaskContext) -> Outcome:
    """A long text queued by importing.request_text_import: its claims found (or its article's claims
    re-anchored) here, then written in one short step."""
    draft = importing.draft_from_job(dict(ctx.args), ctx.job.payload)
    ctx.progress(0.2, "finding the claims and saving them")
    result = importing.import_draft(ctx.session, ctx.actor, draft, max_chars=int(ctx.config["MAX_ARTICLE_CHARS"]))
    return imported(result)


def imported(result: ImportResult) -> Outcome:
    """The job's result: the article, whether it was new, the revision and the claims found or re-anchored."""
    if result.created:
        message = f"Imported “{result.article.title}”: {result.claims_added} claims found."
    elif result.new_revision:
        anchors = ", ".join(f"{n} {state}" for state, n in sorted(result.anchors.items())) or "no claims"
        message = f"Revision {result.revision.number} added; claims re-anchored: {anchors}."
    else:
        message = "The text is unchanged since the last revision; nothing was added."
    return Outcome(
        {
            "article_id": result.article.id,
            "created": result.created,
            "new_revision": result.new_revision,
            "revision": result.revision.number,
            "claims_added": result.claims_added,
            "anchors": dict(result.anchors),
            "message": message,
        }
    )
