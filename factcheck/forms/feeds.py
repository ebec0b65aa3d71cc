"""Forms for the monitored feeds (admins) and the Monitor page's accept button."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.forms.base import FlaskForm
from factcheck.forms.claims import VersionedForm
from factcheck.models.feed import MAX_POLL_MINUTES, MIN_POLL_MINUTES


class _FeedFields:
    title = StringField(
        "Name", validators=[Optional(), Length(max=300)], description="Leave empty to take the feed's own title."
    )
    outlet = StringField(
        "Outlet",
        validators=[Optional(), Length(max=200)],
        description="The outlet its articles are filed under (the Monitor page filters by it).",
    )
    poll_minutes = IntegerField(
        "Poll every (minutes)",
        default=60,
        validators=[DataRequired(), NumberRange(min=MIN_POLL_MINUTES, max=MAX_POLL_MINUTES)],
    )


class FeedForm(FlaskForm, _FeedFields):
    url = StringField(
        "Feed address (RSS or Atom)", validators=[DataRequired(), Length(max=2000)], render_kw={"type": "url"}
    )


class FeedEditForm(FlaskForm, _FeedFields):
    active = BooleanField("Polled (untick to pause)")


class AcceptForm(VersionedForm):
    """Accept a monitored claim for checking: the button and the claim's version."""
