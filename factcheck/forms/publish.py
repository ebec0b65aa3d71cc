"""Editors' publishing forms: publish (with a correction note when needed), retract, decide on a reader's
request, organisation settings."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField, TextAreaField, URLField
from wtforms.validators import URL, AnyOf, DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from factcheck.forms.base import FlaskForm
from factcheck.ids import MAX_ID
from factcheck.models import RequestStatus


class PublishForm(FlaskForm):
    # The latest version the editor saw (0: none); the page always sends it, and a stale one is refused (409).
    version = IntegerField(
        "Latest version", validators=[Optional(), NumberRange(min=0, max=MAX_ID)], widget=HiddenInput()
    )
    correction_note = TextAreaField(
        "Correction note",
        validators=[Optional(), Length(max=5000)],
        description="Required when a verdict readers saw has changed. Readers see it, dated, at the top.",
    )
    being_checked = BooleanField(
        "Show the claims we are checking as “being checked”",
        description="Accepted claims without a verdict yet; unticked, readers only see them counted.",
    )
    # Asked for only when the article lacks them: ClaimReview names where the article appeared.
    outlet = StringField("Outlet (where the article appeared)", validators=[Optional(), Length(max=200)])
    url = URLField("Article URL", validators=[Optional(), URL(require_tld=False), Length(max=2000)])


class RetractForm(FlaskForm):
    notice = TextAreaField(
        "Retraction notice",
        validators=[DataRequired(), Length(max=5000)],
        description="Readers see this notice instead of the article; earlier versions stay listed.",
    )


class RequestDecisionForm(FlaskForm):
    """Accept or decline a reader's suggestion or correction request (two submit buttons named `decision`)."""

    decision = StringField(
        "Decision", validators=[DataRequired(), AnyOf([RequestStatus.ACCEPTED.value, RequestStatus.DECLINED.value])]
    )


class SettingsForm(FlaskForm):
    org_name = StringField("Organisation name (ClaimReview author)", validators=[Optional(), Length(max=200)])
    org_url = URLField("Organisation web address", validators=[Optional(), URL(require_tld=False), Length(max=2000)])
    about = TextAreaField("About us (Markdown)", validators=[Optional(), Length(max=20_000)])
    team = TextAreaField("Team (Markdown)", validators=[Optional(), Length(max=20_000)])
    funding = TextAreaField("Funding (Markdown)", validators=[Optional(), Length(max=20_000)])
    contact = TextAreaField("Contact (Markdown)", validators=[Optional(), Length(max=20_000)])
    methodology = TextAreaField("How we check (Markdown)", validators=[Optional(), Length(max=20_000)])
    timezone = StringField(
        "Desk time zone",
        validators=[Optional(), Length(max=64)],
        description="An IANA name such as Europe/Berlin or America/New_York. Dates and times on every page are "
        "shown in it; stored times stay UTC.",
    )
