"""One route's URL for many ids, built once per page: `url_for` costs some 20 µs a call, and a list of a hundred
rows with a link and four tools each called it hundreds of times (most of the article work page's time)."""

from __future__ import annotations

from typing import Any

from flask import url_for

MARK = 2**31 - 1  # the largest id a route takes (views/helpers.IdConverter): stands for each row's id


class IdUrl:
    """`IdUrl("work.claim_span", "claim_id")(7)` is `url_for("work.claim_span", claim_id=7)`."""

    def __init__(self, endpoint: str, name: str, **values: Any) -> None:
        arguments: dict[str, Any] = {**values, name: MARK}
        built = url_for(endpoint, **arguments)
        self.head, found, self.tail = built.partition(str(MARK))
        if not found:  # pragma: no cover - a route that does not put the id in its URL
            raise ValueError(f"{endpoint} does not take {name} in its path")

    def __call__(self, ident: int) -> str:
        return f"{self.head}{int(ident)}{self.tail}"


def id_url(endpoint: str, name: str, **values: Any) -> IdUrl:
    """For templates: `{% set claim_url = id_url('work.claim', 'claim_id') %}` then `claim_url(claim.id)`."""
    return IdUrl(endpoint, name, **values)
