"""Forms that correct evidence already attached: withdraw it, or correct its stance, passage and note."""

from __future__ import annotations

from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from factcheck.forms.claims import VersionedForm, choices
from factcheck.forms.review import stance_field
from factcheck.models import UnfoundPassage

UNFOUND = choices(
    [
        (UnfoundPassage.SUMMARY, "show it as my summary, without quotation marks"),
        (UnfoundPassage.OMIT, "leave it out: readers see the source only"),
    ]
)


class WithdrawEvidenceForm(VersionedForm):
    reason = TextAreaField("Why it is withdrawn", validators=[DataRequired(), Length(max=20_000)])


class CorrectEvidenceForm(VersionedForm):
    stance = stance_field()
    passage = TextAreaField("Passage", validators=[Optional(), Length(max=20_000)])
    note = TextAreaField("Note", validators=[Optional(), Length(max=20_000)])
    unfound = SelectField(
        "If the passage is not found in the archived copy, readers",
        choices=UNFOUND,
        validators=[InputRequired()],
    )
    reason = TextAreaField("What was wrong", validators=[Optional(), Length(max=20_000)])
