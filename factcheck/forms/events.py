"""Forms for a reviewer's corrections to events: split a mention off, merge two ticked events."""

from __future__ import annotations

from typing import Any

from wtforms import SelectMultipleField
from wtforms.validators import ValidationError

from factcheck.forms.base import FlaskForm
from factcheck.ids import parse_id


class SplitMentionForm(FlaskForm):
    """Split a mention off into an event of its own: the button only."""


def _two_ids(_form: Any, field: Any) -> None:
    ids = [parse_id(v) for v in field.data or []]
    if len(ids) != 2 or None in ids or ids[0] == ids[1]:
        raise ValidationError("Tick exactly two events to merge.")


class MergeEventsForm(FlaskForm):
    """Two ticked events of the timeline: the older one keeps its id and takes the other's mentions."""

    events = SelectMultipleField("Events", coerce=str, validate_choice=False, validators=[_two_ids])

    def ids(self) -> tuple[int, int]:
        first, second = sorted(parse_id(v) or 0 for v in self.events.data or [])
        return first, second
