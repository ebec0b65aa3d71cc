"""Importing an article into the workbench: pasted text, an uploaded file, or a URL the server fetches."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.forms.articles import FileForm, PasteForm, UrlForm
from factcheck.forms.common import EmptyForm
from factcheck.models import Article, Job
from factcheck.services import duplicates, importing
from factcheck.services.articles import ImportResult
from factcheck.services.errors import DomainError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.work.blueprint import bp


def url_refusal_advice(exc: DomainError) -> list[str]:
    """What to do when a URL cannot be imported: the text can always come another way; a refused address can
    be allowed by an administrator."""
    advice = ["Paste the article's text or upload it as a file instead (the other two forms on this page)."]
    if set(exc.fields.values()) & {"blocked_address", "bad_scheme"}:
        advice.append(
            "This address is refused on purpose (private or local network). An administrator can allow the host "
            "by adding it to FACTCHECK_FETCH_ALLOW_HOSTS."
        )
    return advice


def _import_page(status: int = 200, active: str = "paste", **forms: object) -> tuple[str, int]:
    page = render_template(
        "work/import.html",
        active=active,
        paste=forms.get("paste") or PasteForm(formdata=None),
        file=forms.get("file") or FileForm(formdata=None),
        url=forms.get("url") or UrlForm(formdata=None),
    )
    return page, status


def _imported(result: ImportResult) -> Response:
    article = result.article
    if result.created:
        flash(f"Imported “{article.title}”: {result.claims_added} claims found.", "info")
        if duplicates.duplicates_of(db.session(), article):
            flash("Its text matches an article already in the workbench: see the notice below.", "warning")
    elif result.new_revision:
        anchors = ", ".join(f"{n} {state}" for state, n in sorted(result.anchors.items())) or "no claims"
        flash(
            f"This address was imported before (“{article.title}”, {duplicates.describe(article)}): "
            f"revision {result.revision.number} added; claims re-anchored: {anchors}.",
            "warning",
        )
    else:
        flash(
            f"This address was imported before (“{article.title}”, {duplicates.describe(article)}) and its text "
            "is unchanged; nothing was added.",
            "warning",
        )
    return redirect(url_for("work.article", article_id=result.article.id))


def _metadata(form: PasteForm | FileForm) -> dict[str, object]:
    """What the user typed about the article (it wins over what the file or page says, when not empty)."""
    return {"outlet": form.outlet.data, "author": form.author.data, "published_on": form.published.data}


def _import(draft: importing.ArticleDraft) -> ImportResult | Job:
    """Import within the request when it is quick; a long text is checked now and queued as a job, whose page
    follows it ("importing…") and leads on to the article. The route commits."""
    max_chars = int(current_app.config["MAX_ARTICLE_CHARS"])
    if importing.runs_inline(draft, int(current_app.config["INLINE_IMPORT_CHARS"])):
        return importing.import_draft(db.session(), current_user, draft, max_chars=max_chars)
    return importing.request_text_import(db.session(), current_user, draft, max_chars=max_chars)


def _done(outcome: ImportResult | Job) -> Response:
    """After the commit: the imported article, or the job's page."""
    if isinstance(outcome, Job):
        return redirect(url_for("work.job_page", job_id=outcome.id))
    return _imported(outcome)


@bp.get("/import")
@require(policy.can_import_article)
def import_form() -> tuple[str, int]:
    return _import_page()


@bp.post("/import/paste")
@require(policy.can_import_article)
def import_paste() -> Response | tuple[str, int]:
    form = PasteForm()
    if not form.validate_on_submit():
        return _import_page(422, "paste", paste=form)
    try:
        draft = importing.draft_from_text(form.text.data or "", title=form.title.data or "")
        outcome = _import(draft.with_overrides(url=form.url.data, **_metadata(form)))
    except DomainError as exc:
        return _import_page(refuse(form, exc, "text"), "paste", paste=form)
    db.session.commit()
    return _done(outcome)


@bp.post("/import/file")
@require(policy.can_import_article)
def import_file() -> Response | tuple[str, int]:
    form = FileForm()
    if not form.validate_on_submit():
        return _import_page(422, "file", file=form)
    try:
        draft = importing.draft_from_file(form.file.data.filename or "", form.file.data.read())
        outcome = _import(draft.with_overrides(title=form.title.data, **_metadata(form)))
    except DomainError as exc:
        return _import_page(refuse(form, exc, "file"), "file", file=form)
    db.session.commit()
    return _done(outcome)


@bp.post("/import/url")
@require(policy.can_import_article)
def import_url() -> Response | tuple[str, int]:
    form = UrlForm()
    if not form.validate_on_submit():
        return _import_page(422, "url", url=form)
    try:
        job = importing.request_url_import(
            db.session(), current_user, form.url.data or "", fetch_policy(current_app.config)
        )
    except DomainError as exc:
        status = refuse(form, exc, "url")
        form.url.errors = [*form.url.errors, *url_refusal_advice(exc)]
        return _import_page(status, "url", url=form)
    db.session.commit()  # the fetch and the import run on the queue; the job's page follows them
    return redirect(url_for("work.job_page", job_id=job.id))


@bp.post("/articles/<int:article_id>/refetch")
@require(policy.can_import_article)
def article_refetch(article_id: int) -> Response:
    """Fetch an imported article's URL again: a new revision if its text changed, the claims re-anchored (a job)."""
    article = get_or_404(Article, article_id)
    if not EmptyForm().validate_on_submit() or not article.url:
        abort(400)
    job = importing.request_url_import(db.session(), current_user, article.url, fetch_policy(current_app.config))
    db.session.commit()
    return redirect(url_for("work.job_page", job_id=job.id))
