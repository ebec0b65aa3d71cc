"""Forms for the review of one claim: sources with evidence, verdicts, second review, comments."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from factcheck.forms.base import FlaskForm
from factcheck.forms.claims import VersionedForm, choices
from factcheck.models import Stance

STANCES = choices(
    [
        ("", "Choose a stance…"),
        (Stance.SUPPORTS, "supports the claim"),
        (Stance.REFUTES, "refutes the claim"),
        (Stance.CONTEXT, "gives context"),
    ]
)


def stance_field() -> SelectField:
    """The stance of one passage: chosen every time, never a silent default."""
    return SelectField(
        "Stance",
        choices=STANCES,
        default="",
        validators=[InputRequired("Choose whether the passage supports, refutes or gives context.")],
    )


class SourceForm(VersionedForm):
    url = URLField("Source URL", validators=[DataRequired(), URL(require_tld=False), Length(max=2000)])
    stance = stance_field()
    passage = TextAreaField(
        "Passage quoted from the source",
        validators=[Optional(), Length(max=20_000)],
        description="Paste the sentences that matter; they are looked up in the archived copy.",
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=20_000)])
    confidential = BooleanField(
        "Confidential source",
        description="Never shown to readers or in public exports; readers see “a confidential source”.",
    )


def optional_id(value: object) -> int | None:
    """A select's value as an id; "" (the "Choose…" option) as None."""
    if value in ("", None):
        return None
    return int(str(value))


def rating_choices(ratings: Iterable[tuple[int, str]]) -> list[SelectChoice]:
    """The active scale's ratings after a "Choose a rating…" option: a rating is always picked, never defaulted."""
    return choices([("", "Choose a rating…"), *ratings])


class VerdictForm(VersionedForm):
    rating = SelectField(
        "Rating",
        coerce=optional_id,
        validate_choice=True,
        default="",
        validators=[InputRequired("Choose a rating.")],
    )
    summary = StringField(
        "Summary of the claim as checked",
        validators=[DataRequired(), Length(max=500)],
        description="Under 75 characters, and without the verdict itself (ClaimReview).",
    )
    rationale = TextAreaField("Rationale (Markdown)", validators=[Optional(), Length(max=50_000)])


class ApproveForm(VersionedForm):
    """Approve a submitted verdict; `confirm` is asked for when its evidence has unverified parts."""

    confirm = BooleanField("I have read the warnings and approve this verdict as it is")


class ReturnForm(VersionedForm):
    comment = TextAreaField("What needs to change", validators=[DataRequired(), Length(max=10_000)])


class CommentForm(FlaskForm):
    """Comments never conflict: they change nothing in the claim, so they carry no version."""

    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=10_000)])
