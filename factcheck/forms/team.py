"""Forms of the team pages: invite, role, set a password from a link, change one's own password."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from factcheck.forms.base import FlaskForm
from factcheck.forms.claims import choices
from factcheck.models import Role

ROLE_CHOICES = choices([(r.value, r.value.title()) for r in Role])


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REVIEWER.value)


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password", validators=[DataRequired(), Length(max=512)], description="At least 12 characters."
    )
    confirm = PasswordField(
        "Repeat the new password", validators=[DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=512)])
