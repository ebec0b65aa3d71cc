"""The report builder's filter form: a GET form (no CSRF: it changes nothing), choices filled by the view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional

from factcheck.claims.kinds import KINDS
from factcheck.forms.base import Form
from factcheck.services.reports import STATUSES

ANY = ("", "any")


def _choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ReportFilterForm(Form):
    date = SelectField(
        "Dates of",
        choices=_choices([("approved", "verdict approval"), ("published", "publication")]),
        default="approved",
        validate_choice=False,
    )
    from_ = DateField("From", validators=[Optional()], name="from")
    to = DateField("To", validators=[Optional()])
    outlet = SelectField("Outlet", validate_choice=False)
    article = SelectField("Article", validate_choice=False)
    reviewer = SelectField("Reviewer", validate_choice=False)
    approver = SelectField("Approver", validate_choice=False)
    rating = SelectField("Rating", validate_choice=False)
    kind = SelectField("Kind", choices=_choices([ANY, *((k, k) for k in KINDS)]), validate_choice=False)
    status = SelectField(
        "Status", choices=_choices([ANY, *((s, s.replace("_", " ")) for s in STATUSES)]), validate_choice=False
    )

    def fill_choices(self, choices: Mapping[str, list[tuple[str, str]]]) -> None:
        """Offer the values present in the data; a value given in the URL stays selectable."""
        for name, key in (
            ("outlet", "outlet"),
            ("article", "article"),
            ("reviewer", "people"),
            ("approver", "people"),
            ("rating", "rating"),
        ):
            field = getattr(self, name)
            options = [ANY, *choices.get(key, [])]
            if field.data and field.data not in {v for v, _ in options}:
                options.append((field.data, field.data))
            field.choices = _choices(options)

    def field_named(self, name: str) -> object | None:
        """The field for a filter name as the service reports it ('from' is from_ here)."""
        return getattr(self, "from_" if name == "from" else name, None)
