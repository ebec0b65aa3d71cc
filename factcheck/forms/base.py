"""The form base classes, typed: Flask-WTF's FlaskForm and WTForms' Form at run time.

Neither library ships type information (typeshed's WTForms stubs describe 3.2, without SelectChoice), so under
mypy their classes would be Any and every form a subclass of Any. For the type checker this module describes
the part of them the workbench uses; at run time it is exactly the libraries' classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markupsafe import Markup

    class Form:
        """wtforms.Form: fields are class attributes (untyped: Any)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...  # formdata, obj, prefix, data, meta, **fields

        def __getattr__(self, name: str) -> Any: ...  # the fields (declared or added)

        def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool: ...

        def populate_obj(self, obj: Any) -> None: ...

        def __iter__(self) -> Iterator[Any]: ...

        def __getitem__(self, name: str) -> Any: ...

        @property
        def data(self) -> dict[str, Any]: ...

        @property
        def errors(self) -> dict[str, Any]: ...

    class FlaskForm(Form):
        """flask_wtf.FlaskForm: reads the request's form and files itself and carries a CSRF token."""

        def is_submitted(self) -> bool: ...

        def validate_on_submit(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool: ...

        def hidden_tag(self, *fields: Any) -> Markup: ...

else:
    from flask_wtf import FlaskForm
    from wtforms import Form

__all__ = ["FlaskForm", "Form"]
