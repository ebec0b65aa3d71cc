"""API: the account behind the token."""

from __future__ import annotations

from typing import Any

from factcheck.views.api.auth import api_user, token_required
from factcheck.views.api.blueprint import bp


@bp.get("/me")
@token_required
def me() -> dict[str, Any]:
    user = api_user()
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}
