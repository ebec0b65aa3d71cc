"""The team blueprint: admins manage people (/admin/team), everyone their own password and inbox."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("team", __name__)
