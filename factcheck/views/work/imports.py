"""Importing an article into the workbench: pasted text, an uploaded file, or a URL the server fetches."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import Field

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.forms.articles import FileForm, PasteForm, UrlForm
from factcheck.services import importing
from factcheck.services.articles import ImportResult
from factcheck.services.errors import DomainError
from factcheck.views.helpers import require
from factcheck.views.work.blueprint import bp


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
    db.session.commit()
    if result.created:
        flash(f"Imported “{result.article.title}”: {result.claims_added} claims found.", "info")
    elif result.new_revision:
        anchors = ", ".join(f"{n} {state}" for state, n in sorted(result.anchors.items())) or "no claims"
        flash(f"Revision {result.revision.number} added; claims re-anchored: {anchors}.", "info")
    else:
        flash("The text is unchanged since the last revision; nothing was added.", "info")
    return redirect(url_for("work.article", article_id=result.article.id))


def _max_chars() -> int:
    return int(current_app.config["MAX_ARTICLE_CHARS"])


@bp.get("/import")
@require(policy.can_import_article)
def import_form() -> tuple[str, int]:
    return _import_page()


def _run_import(
    kind: str, form: FlaskForm, error_field: Field, make_draft: Callable[[], importing.ArticleDraft]
) -> Response | tuple[str, int]:
    """Validate, build the draft, import it; a refusal re-renders the form with the message and saves nothing."""
    if not form.validate_on_submit():
        return _import_page(422, kind, **{kind: form})
    try:
        result = importing.import_draft(db.session(), current_user, make_draft(), max_chars=_max_chars())
    except DomainError as exc:
        db.session.rollback()
        error_field.errors = [exc.message]
        return _import_page(exc.status, kind, **{kind: form})
    return _imported(result)


@bp.post("/import/paste")
@require(policy.can_import_article)
def import_paste() -> Response | tuple[str, int]:
    form = PasteForm()
    return _run_import(
        "paste",
        form,
        form.text,
        lambda: importing.draft_from_text(form.text.data or "", title=form.title.data or "").with_overrides(
            outlet=form.outlet.data, url=form.url.data, author=form.author.data, published_on=form.published.data
        ),
    )


@bp.post("/import/file")
@require(policy.can_import_article)
def import_file() -> Response | tuple[str, int]:
    form = FileForm()
    return _run_import(
        "file",
        form,
        form.file,
        lambda: importing.draft_from_file(form.file.data.filename or "", form.file.data.read()).with_overrides(
            title=form.title.data, outlet=form.outlet.data, author=form.author.data, published_on=form.published.data
        ),
    )


@bp.post("/import/url")
@require(policy.can_import_article)
def import_url() -> Response | tuple[str, int]:
    form = UrlForm()
    return _run_import(
        "url", form, form.url, lambda: importing.draft_from_url(form.url.data or "", fetch_policy(current_app.config))
    )
