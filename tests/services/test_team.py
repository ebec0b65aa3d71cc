"""The team (services/team.py): invitations and reset links are one-time and expire, roles, disabling."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import AccountLink, AuditEvent, Role, utcnow
from factcheck.services import logins, team, users
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError
from tests.support.people import make_user

NEW_PASSWORD = "a brand new passphrase 42"


def test_an_invitation_creates_an_account_that_signs_in_only_after_its_link(db: Session) -> None:
    admin = make_user(db, "admin")
    issued = team.invite(db, admin, email=" New.Person@Example.org ", name="New Person", role="editor")
    person = issued.user
    assert person.email == "new.person@example.org" and person.role == Role.EDITOR
    assert issued.link.expires_at - issued.link.created_at == dt.timedelta(hours=72)
    assert issued.token not in {row.token_hash for row in db.scalars(select(AccountLink))}  # only the hash
    assert team.pending_invitation(db, person) is not None
    # No password matches the invited account, not even an empty one.
    assert users.authenticate(db, person.email, "") is None
    assert users.authenticate(db, person.email, team.NO_PASSWORD) is None

    assert team.open_link(db, issued.token) is not None
    team.redeem(db, issued.token, NEW_PASSWORD)
    assert users.authenticate(db, person.email, NEW_PASSWORD) is person
    assert team.pending_invitation(db, person) is None
    # One time only.
    assert team.open_link(db, issued.token) is None
    with pytest.raises(ValidationError, match="expired or was already used"):
        team.redeem(db, issued.token, "yet another passphrase 7")
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"user.invite_link", "user.invite_redeemed", "user.password_change"} <= actions


def test_links_expire_and_a_new_one_spends_the_old(db: Session) -> None:
    admin = make_user(db, "admin")
    person = make_user(db, "reviewer")
    first = team.reset_link(db, admin, person)
    assert first.link.purpose == "reset" and first.link.expires_at - first.link.created_at == dt.timedelta(hours=24)
    second = team.reset_link(db, admin, person)
    assert team.open_link(db, first.token) is None and team.open_link(db, second.token) is not None
    second.link.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.flush()
    assert team.open_link(db, second.token) is None
    assert team.open_link(db, "") is None and team.open_link(db, "x" * 500) is None


def test_redeeming_a_reset_ends_every_sign_in(db: Session) -> None:
    admin = make_user(db, "admin")
    person = make_user(db, "reviewer")
    logins.start(db, person)
    logins.start(db, person)
    issued = team.reset_link(db, admin, person)
    with pytest.raises(ValidationError, match="at least 12"):
        team.redeem(db, issued.token, "short")
    team.redeem(db, issued.token, NEW_PASSWORD)
    assert logins.active_count(db, person) == 0


def test_only_admins_manage_and_the_desk_keeps_an_admin(db: Session) -> None:
    admin = make_user(db, "admin")
    editor = make_user(db, "editor")
    with pytest.raises(PermissionDenied):
        team.invite(db, editor, email="x@example.org", name="X", role="reviewer")
    with pytest.raises(PermissionDenied):
        team.set_role(db, editor, admin, "reviewer")
    with pytest.raises(Conflict, match="already has an account"):
        team.invite(db, admin, email=editor.email, name="Again", role="reviewer")
    with pytest.raises(ValidationError, match="at least one admin"):
        team.set_role(db, admin, admin, "editor")
    with pytest.raises(ValidationError, match="your own account"):
        team.set_active(db, admin, admin, False)
    with pytest.raises(ValidationError, match="Unknown role"):
        team.set_role(db, admin, editor, "owner")
    team.set_role(db, admin, editor, "admin")
    assert editor.role == Role.ADMIN
    team.set_role(db, admin, admin, "editor")  # another admin exists now
    assert admin.role == Role.EDITOR


def test_disabling_ends_sign_ins_and_blocks_links(db: Session) -> None:
    admin = make_user(db, "admin")
    person = make_user(db, "reviewer")
    logins.start(db, person)
    issued = team.reset_link(db, admin, person)
    team.set_active(db, admin, person, False)
    assert not person.active and logins.active_count(db, person) == 0
    assert team.open_link(db, issued.token) is None
    with pytest.raises(ValidationError, match="disabled"):
        team.reset_link(db, admin, person)
    team.set_active(db, admin, person, True)
    assert person.active


def test_changing_ones_own_password_keeps_this_sign_in_only(db: Session) -> None:
    person = make_user(db, "reviewer")
    here = logins.start(db, person)
    logins.start(db, person)
    with pytest.raises(ValidationError, match="not right"):
        team.change_own_password(db, person, "wrong password!!", NEW_PASSWORD, keep=here)
    ended = team.change_own_password(db, person, "correct horse battery staple", NEW_PASSWORD, keep=here)
    assert ended == 1 and logins.active_count(db, person) == 1
    assert users.password_matches(person, NEW_PASSWORD)
