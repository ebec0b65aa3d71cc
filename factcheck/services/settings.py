"""Organisation settings (the `settings` table): the about, contact, funding and team pages, the methodology
introduction, and the ClaimReview author organisation. Admins edit them; every change is audited."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.models import Setting, User
from factcheck.services import audit
from factcheck.services.errors import PermissionDenied, ValidationError

# key -> (title shown to admins, default value)
FIELDS: dict[str, tuple[str, str]] = {
    "org_name": ("Organisation name (ClaimReview author)", ""),
    "org_url": ("Organisation web address (ClaimReview author)", ""),
    "about": ("About us (Markdown)", "We check claims in published articles and show our sources."),
    "team": ("Team (Markdown)", "Our reviewers and editors are listed here once an admin writes this page."),
    "funding": ("Funding (Markdown)", "How this desk is funded is described here once an admin writes this page."),
    "contact": ("Contact (Markdown)", "Use the forms to suggest a claim or request a correction."),
    "methodology": (
        "How we check (Markdown, top of the methodology page)",
        "We pick claims that can be checked against public records and rate each one on the scale "
        "below. Every verdict is written by one reviewer and approved by a different editor.",
    ),
}
FIELDS["timezone"] = ("Desk time zone (dates and times are shown in it; stored times stay UTC)", "UTC")
PAGES = ("about", "team", "funding", "contact")
MAX_CHARS = 20_000


def all_settings(session: Session) -> dict[str, str]:
    """Every known key, stored value or default."""
    stored = {s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.in_(list(FIELDS))))}
    return {key: stored.get(key) or default for key, (_title, default) in FIELDS.items()}


def organisation(session: Session, *, fallback_name: str, fallback_url: str) -> dict[str, str]:
    """The ClaimReview author: settings first, then the app's configured name and site address."""
    values = all_settings(session)
    return {"name": values["org_name"] or fallback_name, "url": values["org_url"] or fallback_url}


def check_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone `name` (Europe/Berlin, America/New_York, UTC); ValidationError if unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{name!r} is not a time zone: use a name like Europe/Berlin or UTC.", fields={"timezone": "unknown"}
        ) from None


def timezone(session: Session) -> zoneinfo.ZoneInfo:
    """The desk's time zone (UTC until an admin sets one)."""
    row = session.get(Setting, "timezone")
    try:
        return zoneinfo.ZoneInfo(row.value) if row is not None and row.value else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def update(session: Session, actor: User, values: Mapping[str, str]) -> list[str]:
    """Store the given keys; returns the keys that changed."""
    if not policy.can_manage_settings(actor):
        raise PermissionDenied("Only admins edit organisation settings.")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(f"Unknown settings: {', '.join(sorted(unknown))}.")
    changed = []
    for key, raw in values.items():
        value = (raw or "").strip()
        if len(value) > MAX_CHARS:
            raise ValidationError(f"{FIELDS[key][0]} is longer than {MAX_CHARS} characters.", fields={key: "long"})
        if key == "timezone":
            value = value or "UTC"
            check_timezone(value)
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
            changed.append(key)
        elif row.value != value:
            row.value = value
            changed.append(key)
    session.flush()
    if changed:
        audit.record(session, actor, "settings.update", "setting", None, {"keys": changed})
    return changed
