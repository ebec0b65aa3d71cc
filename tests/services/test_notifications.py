"""Notifications (services/notifications.py): who hears of what, never of their own action; mail is queued
for after the commit and several pieces of news for one person become one message."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Notification, NotificationKind, User
from factcheck.services import claims, comments, mail, notifications, reader_requests, team, verdicts
from tests.support.people import make_user


def _kinds(db: Session, user: User) -> list[str]:
    return [n.kind.value for n in notifications.inbox(db, user)]


def test_assignment_return_and_approval(db: Session, make_claim: Callable[..., Claim]) -> None:
    reviewer = make_user(db, "reviewer")
    editor = make_user(db, "editor")
    claim = make_claim(actor=editor)
    claims.assign(db, editor, claim, reviewer, claim.version)
    assert _kinds(db, reviewer) == ["assigned"]
    [note] = notifications.inbox(db, reviewer)
    assert editor.name in note.text and note.link == f"/work/claims/{claim.id}" and note.actor_id == editor.id

    submitted = make_claim(status="submitted", actor=reviewer, quote=None, start=0, end=5)
    verdicts.return_verdict(db, editor, submitted, "Name the report.")
    assert _kinds(db, reviewer)[0] == "returned" and "Name the report." in notifications.inbox(db, reviewer)[0].text
    second = make_claim(status="submitted", actor=reviewer, quote=None, start=6, end=12)
    verdicts.approve(db, editor, second)
    assert _kinds(db, reviewer)[0] == "approved"
    assert notifications.unread_count(db, reviewer) == 3
    assert notifications.inbox(db, editor) == []  # the editor acted: nothing for them


def test_no_news_of_ones_own_action_or_for_disabled_accounts(db: Session, make_claim: Callable[..., Claim]) -> None:
    admin = make_user(db, "admin")
    reviewer = make_user(db, "reviewer")
    gone = make_user(db, "reviewer")
    claim = make_claim(actor=reviewer)
    claims.assign(db, reviewer, claim, reviewer, claim.version)
    assert notifications.inbox(db, reviewer) == []
    team.set_active(db, admin, gone, False)
    claims.assign(db, reviewer, claim, gone, claim.version)
    assert notifications.inbox(db, gone) == []


def test_mentions_by_email_handle_or_name(db: Session, make_claim: Callable[..., Claim]) -> None:
    author = make_user(db, "reviewer", email="rosa.m@example.org", name="Rosa Marquez")
    ana = make_user(db, "editor", email="ana@example.org", name="Ana Lind")
    ben = make_user(db, "reviewer", email="ben@example.org", name="Ben Okafor")
    claim = make_claim(actor=author)
    comments.add_comment(db, author, claim, "@ana can you look? Also @BenOkafor, and mail me at x@ana too.")
    assert _kinds(db, ana) == ["mentioned"] and _kinds(db, ben) == ["mentioned"]
    assert "can you look" in notifications.inbox(db, ana)[0].text
    comments.add_comment(db, author, claim, "Note to self @rosa.m, and nobody called @nobody.")
    assert notifications.inbox(db, author) == []
    assert [u.id for u in notifications.mentioned_users(db, "email ben@example.org")] == []


def test_reader_requests_reach_every_editor(db: Session) -> None:
    editor = make_user(db, "editor")
    admin = make_user(db, "admin")
    reviewer = make_user(db, "reviewer")
    reader_requests.submit(db, kind="suggestion", body="Is the ferry really twice as busy?")
    assert _kinds(db, editor) == ["reader_request"] and _kinds(db, admin) == ["reader_request"]
    assert notifications.inbox(db, reviewer) == []
    assert "twice as busy" in notifications.inbox(db, editor)[0].text


def test_mark_read_one_or_all(db: Session, make_claim: Callable[..., Claim]) -> None:
    editor = make_user(db, "editor")
    reviewer = make_user(db, "reviewer")
    stranger = make_user(db, "reviewer")
    first, second = make_claim(actor=editor), make_claim(actor=editor, quote=None, start=0, end=4)
    claims.assign(db, editor, first, reviewer, first.version)
    claims.assign(db, editor, second, reviewer, second.version)
    rows = notifications.inbox(db, reviewer)
    assert notifications.mark_read(db, stranger, rows[0].id) == 0  # not theirs
    assert notifications.mark_read(db, reviewer, rows[0].id) == 1
    assert notifications.unread_count(db, reviewer) == 1
    assert notifications.mark_read(db, reviewer) == 1 and notifications.unread_count(db, reviewer) == 0


def test_mail_is_queued_and_digested_per_person(db: Session, make_claim: Callable[..., Claim]) -> None:
    editor = make_user(db, "editor")
    reviewer = make_user(db, "reviewer")
    a, b = make_claim(actor=editor), make_claim(actor=editor, quote=None, start=0, end=4)
    mail.take_outbox(db)
    claims.assign(db, editor, a, reviewer, a.version)
    claims.assign(db, editor, b, reviewer, b.version)
    queued = mail.take_outbox(db)
    assert [m.to for m in queued] == [reviewer.email, reviewer.email]
    [one] = mail.digest(queued)
    assert one.subject.startswith("2 updates") and f"/work/claims/{a.id}" in one.body
    message = mail.build(one, "Desk <desk@example.org>", "https://desk.example.org")
    assert f"https://desk.example.org/work/claims/{b.id}" in message.get_content()
    assert db.scalar(select(Notification.kind).where(Notification.user_id == reviewer.id)) == NotificationKind.ASSIGNED
