from __future__ import annotations

from factcheck.forms.base import FlaskForm


class EmptyForm(FlaskForm):
    """For POST buttons: carries only the CSRF token."""
