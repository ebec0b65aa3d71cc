"""The rating scale form: a name, a description and up to ROWS ratings (empty rows are left out)."""

from __future__ import annotations

from wtforms import FieldList, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.forms.base import FlaskForm, Form
from factcheck.forms.claims import choices
from factcheck.models.rating import ICON_NAMES as NAMES

ROWS = 10


class RatingRowForm(Form):
    rating_id = HiddenField()
    label = StringField("Label", validators=[Optional(), Length(max=80)])
    value = IntegerField("Value", validators=[Optional(), NumberRange(min=0, max=100)])
    definition = StringField("Definition", validators=[Optional(), Length(max=2000)])
    colour = StringField("Colour", default="#6b6b6b", validators=[Optional(), Length(max=7)])
    icon = SelectField("Icon", choices=choices(NAMES.items()), default="check")


class ScaleForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    ratings = FieldList(FormField(RatingRowForm), min_entries=ROWS, max_entries=ROWS)
