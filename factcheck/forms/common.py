from __future__ import annotations

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """For POST buttons: carries only the CSRF token."""
