"""Reader forms: suggest a claim, request a correction."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from factcheck.forms.base import FlaskForm

_EMAIL = [Optional(), Regexp(r"^[^@\s]+@[^@\s]+$", message="Enter an email address."), Length(max=254)]


class SuggestForm(FlaskForm):
    body = TextAreaField("The claim you want us to check", validators=[DataRequired(), Length(max=5000)])
    url = URLField("Where you saw it (optional)", validators=[Optional(), URL(require_tld=False), Length(max=2000)])
    contact = EmailField("Your email (optional, only to answer you)", validators=_EMAIL)


class CorrectionRequestForm(FlaskForm):
    article = HiddenField(validators=[Optional(), Length(max=160)])
    # Not validated: an id that is not a claim's is dropped by the view, never a reason to refuse the text.
    claim = HiddenField(validators=[Optional()])
    body = TextAreaField("What should we correct, and why?", validators=[DataRequired(), Length(max=5000)])
    url = URLField(
        "A source that shows it (optional)", validators=[Optional(), URL(require_tld=False), Length(max=2000)]
    )
    contact = EmailField("Your email (optional, only to answer you)", validators=_EMAIL)


class SearchForm(FlaskForm):
    q = StringField("Search", validators=[Optional(), Length(max=200)])
