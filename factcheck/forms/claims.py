"""Forms for claim edits on the queue and the article work page. Offsets are UTF-16 code units (as browsers
count them); the view converts them to code points. Every edit form carries the claim's version and the moment
the page was shown, so a stale submit is refused and explained."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from factcheck.forms.base import FlaskForm
from factcheck.ids import MAX_ID
from factcheck.services.queue import MAX_BULK


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


class VersionedForm(FlaskForm):
    version = IntegerField(
        "Version", validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)], widget=HiddenInput()
    )
    seen = HiddenField("Shown at")


class ClaimActionForm(VersionedForm):
    """Dismiss, restore, submit, approve: the button and the version only."""

    reason = StringField("Reason", validators=[Optional(), Length(max=500)])


class NewClaimForm(FlaskForm):
    start = IntegerField("Start (UTF-16 units)", validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])
    end = IntegerField("End (UTF-16 units)", validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])


class SpanForm(VersionedForm):
    start = IntegerField("Start", validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])
    end = IntegerField("End", validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])


class SplitForm(VersionedForm):
    at = IntegerField("Split at", validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])


class MergeForm(VersionedForm):
    other = IntegerField("Merge with claim", validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])


class AssignForm(VersionedForm):
    assignee = SelectField("Assign to", coerce=str, validate_choice=True)


class BulkForm(FlaskForm):
    """Checked rows of the queue: each value is "claim_id:version"."""

    claims = SelectMultipleField(
        "Claims",
        coerce=str,
        validate_choice=False,
        validators=[
            DataRequired("Tick at least one claim."),
            Length(max=MAX_BULK, message=f"Tick at most {MAX_BULK:,} claims at a time."),
        ],
    )
    action = SelectField(
        "Action",
        choices=choices(
            [("assign", "Assign to"), ("accept", "Accept for checking"), ("dismiss", "Dismiss"), ("suggest", "Restore")]
        ),
    )
    assignee = SelectField("Reviewer", coerce=str, validate_choice=False)
    seen = HiddenField("Shown at")
