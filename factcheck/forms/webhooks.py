"""The admin's webhook form: name, target URL, events (checkboxes), payload format, active."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from factcheck.forms.base import FlaskForm
from factcheck.forms.claims import choices
from factcheck.services.webhooks import EVENTS


class WebhookForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    url = StringField(
        "Target URL",
        validators=[DataRequired(), Length(max=2000)],
        description="Where each event is POSTed (http or https). Private and local addresses are refused "
        "unless the server's FACTCHECK_FETCH_ALLOW_HOSTS names them.",
    )
    events = SelectMultipleField(
        "Events",
        choices=choices(list(EVENTS.items())),
        validators=[DataRequired("Choose at least one event.")],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    payload_format = SelectField(
        "Payload",
        choices=choices([("json", "JSON event document"), ("slack", "Slack-compatible text message")]),
        default="json",
    )
    active = BooleanField("Active", default=True)
