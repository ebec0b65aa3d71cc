"""The claim page's source forms (web page, document, person, another passage), shared by the claim page and
the source routes that render it again with a refused form."""

from __future__ import annotations

from typing import Any

from factcheck.forms.sources import DocumentSourceForm, PassageForm, PersonSourceForm

# Prefixes keep the field ids of the page's several source forms apart ("document-stance", "person-stance").
DOCUMENT, PERSON = "document", "person"


def source_forms(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The forms for attaching sources, each the one given (with its input and errors) or a fresh one."""
    return {
        "document": given.get("document") or DocumentSourceForm(formdata=None, prefix=DOCUMENT, **base),
        "person": given.get("person") or PersonSourceForm(formdata=None, prefix=PERSON, **base),
        "passage": given.get("passage") or PassageForm(formdata=None, **base),
        "passage_source": given.get("passage_source"),  # the source whose passage form was refused
    }
