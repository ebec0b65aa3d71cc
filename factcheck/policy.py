"""Permissions as pure predicates: can_<verb>_<noun>(user, obj=None) -> bool.

Views, templates and services all ask these; readers are anonymous (user is None or not authenticated).
"""

from __future__ import annotations

from typing import Any, Protocol

from factcheck.models.claim import ClaimStatus, Triage
from factcheck.models.user import Role


class Actor(Protocol):
    id: int
    role: Role
    active: bool


def _staff(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def is_editor(user: Any) -> bool:
    return _staff(user) and user.role in (Role.EDITOR, Role.ADMIN)


def is_admin(user: Any) -> bool:
    return _staff(user) and user.role == Role.ADMIN


def can_view_work(user: Any) -> bool:
    """The workbench (queue, articles, claims) is for reviewers, editors and admins."""
    return _staff(user)


def can_import_article(user: Any) -> bool:
    return _staff(user)


def can_edit_claim(user: Any, claim: Any = None) -> bool:
    if not _staff(user):
        return False
    return claim is None or claim.status != ClaimStatus.PUBLISHED or is_editor(user)


def can_reveal_source(user: Any) -> bool:
    """Any reviewer may mark a source confidential (protecting it); only an editor may make it public again."""
    return is_editor(user)


def can_edit_events(user: Any) -> bool:
    """Split a mention off its event, merge two events: any reviewer (the audit trail keeps what they were)."""
    return _staff(user)


def can_draft_verdict(user: Any, claim: Any = None) -> bool:
    return can_edit_claim(user, claim)


def can_judge_match(user: Any, claim: Any = None) -> bool:
    """Mark a "previously checked" match as the same claim or not the same: whoever may edit the claim."""
    return can_edit_claim(user, claim)


def can_reuse_verdict(user: Any, claim: Any = None) -> bool:
    """Copy an earlier check's verdict into a new draft: whoever may draft one, on a claim that can take a draft."""
    if not can_draft_verdict(user, claim):
        return False
    return claim is None or (claim.triage != Triage.DISMISSED and claim.status != ClaimStatus.SUBMITTED)


def can_submit_verdict(user: Any, verdict: Any = None) -> bool:
    """A draft goes to second review when its author sends it; an editor may send anyone's (not a reviewer)."""
    if not _staff(user):
        return False
    return verdict is None or verdict.author_id == user.id or is_editor(user)


def can_approve_verdict(user: Any, verdict: Any = None) -> bool:
    """Editors approve or return; nobody approves a verdict they wrote."""
    if not is_editor(user):
        return False
    return verdict is None or verdict.author_id != user.id


def can_publish_article(user: Any, article: Any = None) -> bool:
    return is_editor(user)


def can_view_reports(user: Any) -> bool:
    return is_editor(user)


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


def can_manage_settings(user: Any) -> bool:
    return is_admin(user)


def can_manage_webhooks(user: Any) -> bool:
    """Outgoing webhooks carry the desk's news to other systems: admins set them up."""
    return is_admin(user)


def can_view_link_checks(user: Any) -> bool:
    """The sources of published checks that changed, moved or disappeared: editors follow them up."""
    return is_editor(user)


def can_manage_feeds(user: Any) -> bool:
    """Add, change, pause or remove the monitored outlets' feeds: admins."""
    return is_admin(user)


def can_view_monitor(user: Any) -> bool:
    """The Monitor page (new claims from monitored outlets) and accepting one for checking: any reviewer."""
    return _staff(user)
