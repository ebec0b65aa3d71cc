"""Import forms: paste, file, URL."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from factcheck.forms.base import FlaskForm


class _Metadata:
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    author = StringField("Author", validators=[Optional(), Length(max=300)])
    published = DateField(
        "Publication date",
        validators=[Optional()],
        description="Relative dates in the text (“in July”, “on Friday”) are resolved against it.",
    )


class PasteForm(FlaskForm, _Metadata):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    text = TextAreaField("Article text", validators=[DataRequired()])
    url = URLField(
        "Original URL",
        validators=[Optional(), URL(require_tld=False), Length(max=2000)],
        description="Importing the same URL again later adds a new revision of the same article.",
    )


class FileForm(FlaskForm, _Metadata):
    file = FileField("File (.txt or .html)", validators=[FileRequired("Choose a file to import.")])
    title = StringField(
        "Title", validators=[Optional(), Length(max=500)], description="Leave empty to take the title from the file."
    )


class UrlForm(FlaskForm):
    url = URLField("Article URL", validators=[DataRequired(), URL(require_tld=False), Length(max=2000)])
