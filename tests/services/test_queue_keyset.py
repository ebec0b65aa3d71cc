"""Keyset pages of the queue (services/keyset.py, services/queue.py): walking every page forwards and backwards
shows every claim exactly once in the order of the sort, also when claims are added while a reviewer pages; the
count stops at COUNT_CAP; a malformed cursor is page 1."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim
from factcheck.services import importing, keyset, queue

PER = 4


def _import(db: Session, n: int, title: str) -> list[Claim]:
    text = "\n\n".join(
        f"The levy for parish {i} of {title} rose by {i % 7 + 2}% in 2021, clerks said." for i in range(n)
    )
    result = importing.import_draft(db, None, importing.ArticleDraft(title=title, text=text, origin="paste"))
    db.flush()
    found = list(db.scalars(select(Claim).where(Claim.article_id == result.article.id).order_by(Claim.id)))
    assert len(found) == n
    return found


def _tie(db: Session, claims: list[Claim]) -> None:
    """Few distinct scores and creation times, so most neighbours tie on the first key."""
    base = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    for n, claim in enumerate(claims):
        claim.checkworthiness = (0.25, 0.5, 0.75)[n % 3]
        claim.created_at = base + dt.timedelta(minutes=n % 2)
    db.commit()


def _walk(db: Session, sort: str, *, stop: int | None = None) -> tuple[list[int], str | None]:
    f = queue.QueueFilters(sort=sort)
    seen: list[int] = []
    page = queue.claims_page(db, f, per_page=PER)
    pages = 1
    seen += [c.id for c in page.claims]
    while page.next_cursor and (stop is None or pages < stop):
        page = queue.claims_page(db, f, per_page=PER, after=page.next_cursor)
        assert len(page.claims) <= PER and page.page == 0
        seen += [c.id for c in page.claims]
        pages += 1
    return seen, page.next_cursor


def _ordered(db: Session, sort: str) -> list[int]:
    keys = queue.SORT_KEYS[sort]
    return list(db.scalars(select(Claim.id).order_by(*keyset.order_by(keys))))


@pytest.mark.parametrize("sort", sorted(queue.SORTS))
def test_every_claim_once_forwards_and_backwards(db: Session, sort: str) -> None:
    _tie(db, _import(db, 13, "Ashford") + _import(db, 10, "Brill"))
    expected = _ordered(db, sort)
    forwards, last_cursor = _walk(db, sort)
    assert forwards == expected and last_cursor is None
    # Backwards from the last page: the same claims, in the same order, each once.
    f = queue.QueueFilters(sort=sort)
    page = queue.claims_page(db, f, per_page=PER, after=queue.cursor_of(db.get(Claim, expected[-PER - 1]), sort))
    assert [c.id for c in page.claims] == expected[-PER:] and page.next_cursor is None
    backwards = [c.id for c in page.claims]
    while page.prev_cursor:
        page = queue.claims_page(db, f, per_page=PER, before=page.prev_cursor)
        backwards = [c.id for c in page.claims] + backwards
    assert backwards == expected
    # The numbered pages (old links) agree with the keyset pages.
    numbered = [c.id for n in range(1, page.pages + 1) for c in queue.claims_page(db, f, per_page=PER, page=n).claims]
    assert numbered == expected


def test_pages_stay_whole_while_claims_are_added(db: Session) -> None:
    original = _import(db, 12, "Colne")
    _tie(db, original)
    f = queue.QueueFilters(sort="position")
    first = queue.claims_page(db, f, per_page=PER)
    second = queue.claims_page(db, f, per_page=PER, after=first.next_cursor or "")
    shown = [c.id for c in first.claims + second.claims]
    added = _import(db, 6, "Dunmow")  # a later article: after the cursor in position order
    db.commit()
    rest, _ = [], None
    page = second
    while page.next_cursor:
        page = queue.claims_page(db, f, per_page=PER, after=page.next_cursor)
        rest += [c.id for c in page.claims]
    everything = shown + rest
    assert len(everything) == len(set(everything))  # no duplicates
    assert set(everything) == {c.id for c in original + added}  # no gaps, and the new claims are reached


def test_score_order_with_claims_added_before_the_cursor(db: Session) -> None:
    original = _import(db, 12, "Epping")
    _tie(db, original)
    f = queue.QueueFilters()
    first = queue.claims_page(db, f, per_page=PER)
    for claim in _import(db, 5, "Frome"):
        claim.checkworthiness = 0.99  # sorts before everything already shown
    db.commit()
    seen = [c.id for c in first.claims]
    page = first
    while page.next_cursor:
        page = queue.claims_page(db, f, per_page=PER, after=page.next_cursor)
        seen += [c.id for c in page.claims]
    assert sorted(seen) == sorted(c.id for c in original)  # nothing shifted onto a later page twice


def test_count_stops_at_the_cap(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _import(db, 9, "Goring")
    db.commit()
    monkeypatch.setattr(queue, "COUNT_CAP", 5)
    page = queue.claims_page(db, queue.QueueFilters(), per_page=PER)
    assert page.total == 6 and page.capped
    assert not queue.claims_page(db, queue.QueueFilters(kind="nonesuch")).capped


@pytest.mark.parametrize(
    "cursor", ["", "not base64!", "W10", keyset.encode(["x", 1]), keyset.encode([True, 1]), "A" * 500]
)
def test_a_malformed_cursor_is_the_first_page(db: Session, cursor: str) -> None:
    _import(db, 6, "Hythe")
    db.commit()
    first = queue.claims_page(db, queue.QueueFilters(), per_page=PER)
    again = queue.claims_page(db, queue.QueueFilters(), per_page=PER, after=cursor, before=cursor)
    assert [c.id for c in again.claims] == [c.id for c in first.claims]


def test_cursor_round_trip_keeps_types() -> None:
    moment = dt.datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    assert keyset.decode(keyset.encode([0.5, 7]), (float, int)) == [0.5, 7]
    assert keyset.decode(keyset.encode([moment, 3]), (dt.datetime, int)) == [moment, 3]
    assert keyset.decode(keyset.encode([1, 7]), (float, int)) == [1.0, 7]
