"""The claim's details as the desk edits them: speaker, kind, dates, tags and due date."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from factcheck.claims.kinds import KINDS
from factcheck.forms.claims import VersionedForm, choices


class ClaimDetailsForm(VersionedForm):
    speaker = StringField(
        "Speaker", validators=[Optional(), Length(max=200)], description="Who made the claim; empty if nobody."
    )
    kind = SelectField("Kind", choices=choices((k, k) for k in KINDS))
    dates = StringField(
        "Dates the claim speaks of",
        validators=[Optional(), Length(max=500)],
        description="Years, months or days, separated by commas: 2019, 2023-03, 2023-03-03.",
    )
    tags = StringField(
        "Tags", validators=[Optional(), Length(max=1500)], description="Topics, separated by commas: health, budget."
    )
    due_on = DateField("Due date", validators=[Optional()], description="When the desk wants this check done.")
