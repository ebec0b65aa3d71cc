"""The reviewer's workbench blueprint (/work): home, import, articles, claims, the queue."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("work", __name__, url_prefix="/work")
