"""Admin forms: other fact-checkers' ClaimReviews by file or URL."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import URLField
from wtforms.validators import URL, DataRequired, Length

from factcheck.forms.base import FlaskForm


class ClaimReviewFileForm(FlaskForm):
    file = FileField(
        "ClaimReview file",
        validators=[FileRequired("Choose a file to import.")],
        description="JSON-LD of one review, a DataFeed, JSON lines (one review a line), or a saved HTML page.",
    )


class ClaimReviewUrlForm(FlaskForm):
    url = URLField(
        "ClaimReview URL",
        validators=[DataRequired(), URL(require_tld=False), Length(max=2000)],
        description="A review page, a feed or a dump, fetched with the same protections as article imports.",
    )
