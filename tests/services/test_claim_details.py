"""A claim's details as the desk edits them (services/claim_details.py) and the queue's filters by speaker, tag
and due date (services/queue.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, User
from factcheck.services import claim_details, queue
from factcheck.services.errors import Conflict, ValidationError
from tests.support import builders

TODAY = dt.date(2026, 12, 1)


def _edit(db: Session, user: User, claim: Claim, **fields: object) -> dict[str, object]:
    current = {
        "speaker": claim.speaker or "",
        "kind": claim.kind,
        "dates": ", ".join(d["value"] for d in claim.dates),
        "tags": claim_details.tags_of(db, [claim.id]).get(claim.id, []),
        "due_on": claim.due_on,
    }
    return claim_details.edit_details(db, user, claim, claim.version, **{**current, **fields})  # type: ignore[arg-type]


def test_speaker_kind_dates_tags_and_due_date(db: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    claim = builders.make_claim(db)
    version = claim.version
    changed = _edit(
        db, user, claim, speaker="  Ana   Ferreira ", kind="quantity", dates="2023, 2023-03-03",
        tags="Transport, ferries; transport", due_on=dt.date(2026, 12, 4),
    )  # fmt: skip
    assert set(changed) == {"speaker", "kind", "dates", "tags", "due_on"}
    assert claim.speaker == "Ana Ferreira" and claim.kind == "quantity" and claim.due_on == dt.date(2026, 12, 4)
    assert [d["value"] for d in claim.dates] == ["2023", "2023-03-03"]
    assert [d["precision"] for d in claim.dates] == ["year", "day"]
    assert claim_details.tags_of(db, [claim.id]) == {claim.id: ["ferries", "transport"]}
    assert claim.version == version + 1
    db.commit()
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "claim.details")).one()
    assert event.entity_id == claim.id and event.data["tags"] == [[], ["ferries", "transport"]]
    assert _edit(db, user, claim) == {}  # nothing changed: no event, no new version
    assert claim.version == version + 1
    assert _edit(db, user, claim, speaker="", tags="") == {"speaker": ["Ana Ferreira", None], "tags": [
        ["ferries", "transport"], []]}  # fmt: skip
    assert claim.speaker is None and claim_details.tags_of(db, [claim.id]) == {}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "gossip"}, "kind must be one of"),
        ({"dates": "March 2023"}, "is not a date"),
        ({"dates": "2023-02-30"}, "not a day of the calendar"),
        ({"tags": "x" * 61}, "at most 60 characters"),
        ({"tags": ",".join(f"t{i}" for i in range(21))}, "At most 20 tags"),
    ],
)
def test_bad_details_are_refused(
    db: Session, make_user: Callable[..., User], fields: dict[str, object], message: str
) -> None:
    claim = builders.make_claim(db)
    with pytest.raises(ValidationError, match=message):
        _edit(db, make_user(), claim, **fields)


def test_a_stale_version_is_refused(db: Session, make_user: Callable[..., User]) -> None:
    claim = builders.make_claim(db)
    with pytest.raises(Conflict):
        claim_details.edit_details(
            db, make_user(), claim, claim.version - 1, speaker="X", kind=claim.kind, dates="", tags="", due_on=None
        )


def test_queue_filters_by_speaker_tag_and_due_date(db: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    article = builders.make_article(db, extract=False)
    a, b, c = (builders.make_claim(db, article, start=i * 10, end=i * 10 + 8) for i in range(3))
    _edit(db, user, a, speaker="Ana Ferreira", tags="ferries", due_on=TODAY - dt.timedelta(days=1))
    _edit(db, user, b, speaker="Jon Ilves", tags="ferries, budget", due_on=TODAY + dt.timedelta(days=3))
    _edit(db, user, c, due_on=TODAY + dt.timedelta(days=30))

    def ids(**filters: object) -> set[int]:
        page = queue.claims_page(db, queue.QueueFilters(today=TODAY, **filters))  # type: ignore[arg-type]
        return {x.id for x in page.claims}

    assert ids(speaker="Ana Ferreira") == {a.id}
    assert ids(speaker="none") == {c.id}
    assert ids(tag="ferries") == {a.id, b.id} and ids(tag="Budget") == {b.id}
    assert ids(deadline="overdue") == {a.id}
    assert ids(deadline="week") == {b.id}
    assert ids(deadline="set") == {a.id, b.id, c.id} and ids(deadline="none") == set()
    assert claim_details.speaker_choices(db) == ["Ana Ferreira", "Jon Ilves"]
    assert claim_details.tag_choices(db) == [("budget", 1), ("ferries", 2)]
    args = queue.QueueFilters(speaker="Jon Ilves", tag="budget", deadline="week").with_page_args()
    assert args == {"speaker": "Jon Ilves", "tag": "budget", "deadline": "week"}


def test_speaker_choices_are_distinct_in_order_and_capped(db: Session) -> None:
    """Each speaker once, by name, however many claims name them; `limit` caps the list; claims naming nobody
    add nothing (the list walks the speaker index one name at a time)."""
    article = builders.make_article(db)
    names = ["Jon Ilves", "Ana Ferreira", "Jon Ilves", None, "Bea Costa", "Ana Ferreira", None, "Zoe Park"]
    for i, name in enumerate(names):
        claim = builders.make_claim(db, article, start=i * 10, end=i * 10 + 8)
        claim.speaker = name
    db.flush()
    assert claim_details.speaker_choices(db) == ["Ana Ferreira", "Bea Costa", "Jon Ilves", "Zoe Park"]
    assert claim_details.speaker_choices(db, limit=2) == ["Ana Ferreira", "Bea Costa"]
    if db.get_bind().dialect.name == "sqlite":
        plan = " ".join(
            str(r) for r in db.execute(text("EXPLAIN QUERY PLAN " + str(claim_details._SPEAKERS)), {"limit": 5})
        )
        assert "ix_claims_speaker" in plan and "SCAN claims" not in plan.replace("SCAN names", "")
