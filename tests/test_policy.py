"""Truth tables for factcheck/policy.py: every predicate × every kind of actor × every state it looks at.

Each table row is written out; a rule that changes shows as a changed row here. The columns are the actors:

    none      no user at all (`None`, as services pass for readers)
    anon      Flask-Login's anonymous user (what `current_user` is for a reader)
    inactive  a disabled admin account (still "authenticated", but `active` is False)
    reviewer, editor, admin
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from flask_login import AnonymousUserMixin

from factcheck import policy
from factcheck.models import Article, Claim, ClaimStatus, Triage, User, Verdict

ACTORS = ("none", "anon", "inactive", "reviewer", "editor", "admin")
T, F = True, False


def actor(name: str) -> Any:
    """A fresh actor of the kind `name`; staff are real (unsaved) User rows, each with its own id."""
    if name == "none":
        return None
    if name == "anon":
        return AnonymousUserMixin()
    role, active = ("admin", False) if name == "inactive" else (name, True)
    return User(id=ACTORS.index(name), email=f"{name}@example.org", name=name, role=role, active=active)


# ---- predicates that look only at the actor -------------------------------------------------------------

# predicate                          none anon inactive reviewer editor admin
ACTOR_ONLY: dict[str, tuple[bool, ...]] = {
    "is_editor":                     (F,  F,   F,       F,       T,     T),
    "is_admin":                      (F,  F,   F,       F,       F,     T),
    "can_view_work":                 (F,  F,   F,       T,       T,     T),
    "can_import_article":            (F,  F,   F,       T,       T,     T),
    "can_edit_events":               (F,  F,   F,       T,       T,     T),
    "can_reveal_source":             (F,  F,   F,       F,       T,     T),
    "can_view_reports":              (F,  F,   F,       F,       T,     T),
    "can_manage_users":              (F,  F,   F,       F,       F,     T),
    "can_manage_settings":           (F,  F,   F,       F,       F,     T),
    "can_manage_webhooks":           (F,  F,   F,       F,       F,     T),
    "can_view_link_checks":          (F,  F,   F,       F,       T,     T),
    "can_manage_feeds":              (F,  F,   F,       F,       F,     T),
    "can_view_monitor":              (F,  F,   F,       T,       T,     T),
}  # fmt: skip


# ---- predicates that look at an object too: one row per state of the object (None: asked with no object) --

# claim status                       none anon inactive reviewer editor admin
CAN_EDIT_CLAIM: dict[ClaimStatus | Triage | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       T,       T,     T),
    ClaimStatus.NEW:                 (F,  F,   F,       T,       T,     T),
    ClaimStatus.IN_REVIEW:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.SUBMITTED:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.APPROVED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.RETURNED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.PUBLISHED:           (F,  F,   F,       F,       T,     T),
    Triage.DISMISSED:                (F,  F,   F,       T,       T,     T),
}  # fmt: skip

# claim status                       none anon inactive reviewer editor admin
CAN_DRAFT_VERDICT: dict[ClaimStatus | Triage | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       T,       T,     T),
    ClaimStatus.NEW:                 (F,  F,   F,       T,       T,     T),
    ClaimStatus.IN_REVIEW:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.SUBMITTED:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.APPROVED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.RETURNED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.PUBLISHED:           (F,  F,   F,       F,       T,     T),
    Triage.DISMISSED:                (F,  F,   F,       T,       T,     T),
}  # fmt: skip

# claim status                       none anon inactive reviewer editor admin
CAN_JUDGE_MATCH: dict[ClaimStatus | Triage | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       T,       T,     T),
    ClaimStatus.NEW:                 (F,  F,   F,       T,       T,     T),
    ClaimStatus.IN_REVIEW:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.SUBMITTED:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.APPROVED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.RETURNED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.PUBLISHED:           (F,  F,   F,       F,       T,     T),
    Triage.DISMISSED:                (F,  F,   F,       T,       T,     T),
}  # fmt: skip

# claim status                       none anon inactive reviewer editor admin
CAN_REUSE_VERDICT: dict[ClaimStatus | Triage | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       T,       T,     T),
    ClaimStatus.NEW:                 (F,  F,   F,       T,       T,     T),
    ClaimStatus.IN_REVIEW:           (F,  F,   F,       T,       T,     T),
    ClaimStatus.SUBMITTED:           (F,  F,   F,       F,       F,     F),
    ClaimStatus.APPROVED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.RETURNED:            (F,  F,   F,       T,       T,     T),
    ClaimStatus.PUBLISHED:           (F,  F,   F,       F,       T,     T),
    Triage.DISMISSED:                (F,  F,   F,       F,       F,     F),
}  # fmt: skip

# the draft asked about              none anon inactive reviewer editor admin
CAN_SUBMIT_VERDICT: dict[str | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       T,       T,     T),
    "written by the actor":          (F,  F,   F,       T,       T,     T),
    "written by someone else":       (F,  F,   F,       F,       T,     T),
}  # fmt: skip

# the verdict asked about            none anon inactive reviewer editor admin
CAN_APPROVE_VERDICT: dict[str | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       F,       T,     T),
    "written by the actor":          (F,  F,   F,       F,       F,     F),
    "written by someone else":       (F,  F,   F,       F,       T,     T),
}  # fmt: skip

# the article asked about            none anon inactive reviewer editor admin
CAN_PUBLISH_ARTICLE: dict[str | None, tuple[bool, ...]] = {
    None:                            (F,  F,   F,       F,       T,     T),
    "an article":                    (F,  F,   F,       F,       T,     T),
}  # fmt: skip

SOMEONE_ELSE = 999


def _claim(status: ClaimStatus | Triage | None, _user: Any) -> Claim | None:
    """A claim in a workflow status (accepted for checking), or a new one with a triage decision."""
    if status is None:
        return None
    if isinstance(status, Triage):
        return Claim(id=1, status=ClaimStatus.NEW.value, triage=status.value)
    return Claim(id=1, status=status.value, triage=Triage.ACCEPTED.value)


def _verdict(state: str | None, user: Any) -> Verdict | None:
    if state is None:
        return None
    author = getattr(user, "id", None) if state == "written by the actor" else SOMEONE_ELSE
    return Verdict(id=1, claim_id=1, author_id=author, state="submitted")


def _article(state: str | None, _user: Any) -> Article | None:
    return None if state is None else Article(id=1, slug="a", title="A")


# predicate -> (its table, how to make the object for a row's state)
WITH_OBJECT: dict[str, tuple[dict[Any, tuple[bool, ...]], Callable[[Any, Any], Any]]] = {
    "can_edit_claim": (CAN_EDIT_CLAIM, _claim),
    "can_draft_verdict": (CAN_DRAFT_VERDICT, _claim),
    "can_judge_match": (CAN_JUDGE_MATCH, _claim),
    "can_reuse_verdict": (CAN_REUSE_VERDICT, _claim),
    "can_submit_verdict": (CAN_SUBMIT_VERDICT, _verdict),
    "can_approve_verdict": (CAN_APPROVE_VERDICT, _verdict),
    "can_publish_article": (CAN_PUBLISH_ARTICLE, _article),
}


def _cells(table: dict[Any, tuple[bool, ...]]) -> list[tuple[Any, str, bool]]:
    return [(row, name, expected) for row, cells in table.items() for name, expected in zip(ACTORS, cells, strict=True)]


@pytest.mark.parametrize(
    ("predicate", "who", "expected"),
    _cells(ACTOR_ONLY),
    ids=[f"{p}-{w}" for p, w, _ in _cells(ACTOR_ONLY)],
)
def test_actor_only(predicate: str, who: str, expected: bool) -> None:
    assert getattr(policy, predicate)(actor(who)) is expected


OBJECT_CASES = [(p, state, who, exp) for p, (table, _) in WITH_OBJECT.items() for state, who, exp in _cells(table)]


@pytest.mark.parametrize(
    ("predicate", "state", "who", "expected"),
    OBJECT_CASES,
    ids=[f"{p}-{s}-{w}" for p, s, w, _ in OBJECT_CASES],
)
def test_with_object(predicate: str, state: Any, who: str, expected: bool) -> None:
    _table, make = WITH_OBJECT[predicate]
    user = actor(who)
    assert getattr(policy, predicate)(user, make(state, user)) is expected


def test_every_predicate_has_a_table_and_every_claim_status_a_row() -> None:
    predicates = {
        name
        for name, fn in inspect.getmembers(policy, inspect.isfunction)
        if fn.__module__ == policy.__name__ and not name.startswith("_")
    }
    assert predicates == set(ACTOR_ONLY) | set(WITH_OBJECT)
    for table in (CAN_EDIT_CLAIM, CAN_DRAFT_VERDICT, CAN_JUDGE_MATCH, CAN_REUSE_VERDICT):
        assert set(table) == {None, *ClaimStatus, Triage.DISMISSED}
    for name, (table, _) in WITH_OBJECT.items():
        assert None in table, f"{name}: no row for asking without an object"


def test_the_object_free_row_agrees_with_the_actor_only_form() -> None:
    """Asked without an object, an object predicate answers as for the most permissive state."""
    for name, (table, _) in WITH_OBJECT.items():
        for who, expected in zip(ACTORS, table[None], strict=True):
            assert getattr(policy, name)(actor(who)) is expected, (name, who)
