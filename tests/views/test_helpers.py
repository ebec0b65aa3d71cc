"""Helpers shared by the views (views/helpers.py): the one refusal helper."""

from __future__ import annotations

from flask import Flask
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import StringField

from factcheck.extensions import db as _db
from factcheck.models import User
from factcheck.services.errors import Conflict, ValidationError
from factcheck.views.helpers import refuse


class _NoteForm(FlaskForm):  # type: ignore[misc]
    title = StringField("Title")
    note = StringField("Note")


def test_refuse_rolls_back_and_puts_the_reason_on_the_named_field(app: Flask, db: Session) -> None:
    with app.test_request_context(method="POST", data={"title": "kept", "note": "also kept"}):
        _db.session.add(User(email="x@example.org", name="X", role="reviewer", password_hash="-"))
        _db.session.flush()
        form = _NoteForm(meta={"csrf": False})
        assert form.validate_on_submit()
        named = ValidationError("The title is taken.", fields={"title": "taken"})
        assert refuse(form, named, "note") == 422
        assert form.title.errors == ["The title is taken."] and not form.note.errors
        assert _db.session.scalar(select(User)) is None  # rolled back
        assert refuse(form, ValidationError("Nothing to publish."), "note") == 422
        assert form.note.errors == ["Nothing to publish."]
        elsewhere = ValidationError("Say why.", fields={"correction_note": "required"})
        refuse(form, elsewhere, "note")  # a field this form does not have: the default one
        assert form.note.errors == ["Nothing to publish.", "Say why."] and form.title.data == "kept"
        assert refuse(form, Conflict("Changed meanwhile."), "note") == 409
