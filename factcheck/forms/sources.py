"""Forms for sources beyond web pages (an uploaded document, a person or correspondence), another passage from
a source already attached, and a source's confidentiality."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from factcheck.forms.base import FlaskForm
from factcheck.forms.claims import VersionedForm, choices
from factcheck.forms.review import stance_field
from factcheck.ids import MAX_ID
from factcheck.models import ContactMethod

METHODS = choices(
    [
        (ContactMethod.INTERVIEW, "Interview"),
        (ContactMethod.PHONE, "Phone call"),
        (ContactMethod.EMAIL, "E-mail"),
        (ContactMethod.LETTER, "Letter"),
        (ContactMethod.MESSAGE, "Message"),
    ]
)
CONFIDENTIAL_HINT = "Never shown to readers or in public exports; readers see “a confidential source”."


class _Evidence:
    stance = stance_field()
    passage = TextAreaField(
        "Passage",
        validators=[Optional(), Length(max=20_000)],
        description="The sentences that matter; they are looked up in the archived copy.",
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=20_000)])
    confidential = BooleanField("Confidential source", description=CONFIDENTIAL_HINT)


class DocumentSourceForm(VersionedForm, _Evidence):
    file = FileField("Document (PDF, HTML or text)", validators=[FileRequired("Choose a document to upload.")])
    title = StringField(
        "Title", validators=[Optional(), Length(max=500)], description="Leave empty to take it from the document."
    )
    publisher = StringField("Publisher or author", validators=[Optional(), Length(max=300)])


class PersonSourceForm(VersionedForm, _Evidence):
    person = StringField("Who", validators=[DataRequired(), Length(max=200)])
    organisation = StringField("Organisation or role", validators=[Optional(), Length(max=300)])
    contacted_on = DateField("Date", validators=[Optional()])
    method = SelectField("How", choices=METHODS, default=ContactMethod.INTERVIEW.value)
    notes = TextAreaField(
        "Your notes",
        validators=[Optional(), Length(max=200_000)],
        description="What was said, kept with the desk (never shown to readers); passages can be quoted from it.",
    )


class PassageForm(VersionedForm):
    """Another passage from a source already attached, with its own stance; `start`/`end` are where the reviewer
    selected it in the archived copy (code points), empty when pasted."""

    stance = stance_field()
    passage = TextAreaField("Passage", validators=[DataRequired(), Length(max=20_000)])
    note = TextAreaField("Note", validators=[Optional(), Length(max=20_000)])
    start = IntegerField(validators=[Optional(), NumberRange(min=0, max=MAX_ID)], widget=HiddenInput())
    end = IntegerField(validators=[Optional(), NumberRange(min=0, max=MAX_ID)], widget=HiddenInput())


class ConfidentialForm(FlaskForm):
    confidential = BooleanField("Confidential source", description=CONFIDENTIAL_HINT)
