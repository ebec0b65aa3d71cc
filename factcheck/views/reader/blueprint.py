"""The reader blueprint: published articles, their versions and downloads, per-claim pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reader", __name__)
