"""The Monitor page's list (services/monitor.py): new claims of monitored articles, "already checked" first then by
check-worthiness, the filters, a page's statements flat in the rows, and accepting a claim for checking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, Feed, Triage, User
from factcheck.services import feed_poll, monitor, ratings
from factcheck.services.errors import Conflict, PermissionDenied
from tests.support.feeds import make_feed, paragraphs
from tests.support.queries import counting

EARLIER = "The harbour board said 45 ferries sailed from Port Alder in 2023, up from 25 the year before."


def _monitored(db: Session, make_article: Callable[..., Article], feed: Feed, n: int, **kw: object) -> Article:
    article = make_article("\n\n".join(paragraphs(n, feed.outlet)), outlet=feed.outlet, **kw)
    feed_poll.monitor_article(db, feed, article.id)
    return article


@pytest.fixture()
def scene(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim]
) -> tuple[Feed, Feed, Claim]:
    ratings.load_presets(db)
    checked = make_claim(make_article(EARLIER, extract=False, outlet="Old"), EARLIER, status="approved")
    courier = make_feed(db, "https://courier.example/feed.xml", outlet="Courier")
    weekly = make_feed(db, "https://weekly.example/atom.xml", outlet="Weekly")
    _monitored(db, make_article, courier, 5, published_on=dt.date(2026, 11, 1))  # 45 ferries: already checked
    _monitored(db, make_article, weekly, 30, published_on=dt.date(2026, 11, 20))
    db.commit()
    return courier, weekly, checked


def test_already_checked_first_then_by_checkworthiness(db: Session, scene: tuple[Feed, Feed, Claim]) -> None:
    rows = monitor.page(db, monitor.MonitorFilters()).rows
    flags = [r.checked for r in rows]
    assert flags[0] and flags == sorted(flags, reverse=True)
    assert rows[0].matched is not None and rows[0].matched.id == scene[2].id
    unchecked = [r.claim.checkworthiness for r in rows if not r.checked]
    assert unchecked == sorted(unchecked, reverse=True)
    assert all(r.claim.status == ClaimStatus.NEW for r in rows)


def test_filters_by_feed_outlet_speaker_and_date(db: Session, scene: tuple[Feed, Feed, Claim]) -> None:
    _, weekly, _ = scene

    def outlets(**kw: object) -> set[str]:
        return {r.claim.article.outlet for r in monitor.page(db, monitor.MonitorFilters(**kw)).rows}  # type: ignore[arg-type]

    assert outlets() == {"Courier", "Weekly"}
    assert outlets(feed_id=weekly.id) == {"Weekly"} and outlets(outlet="Courier") == {"Courier"}
    assert outlets(date_from=dt.date(2026, 11, 10)) == {"Weekly"}
    assert outlets(date_to=dt.date(2026, 11, 10)) == {"Courier"}
    assert outlets(outlet="Nobody") == set()
    spoken = monitor.page(db, monitor.MonitorFilters(speaker="lind")).rows
    assert spoken and all("Lind" in (r.claim.speaker or "") for r in spoken)
    assert len(spoken) < monitor.page(db, monitor.MonitorFilters()).total
    assert monitor.outlet_choices(db) == ["Courier", "Weekly"]


def test_a_page_reads_the_same_statements_whatever_the_rows(
    db: Session, scene: tuple[Feed, Feed, Claim], make_article: Callable[..., Article]
) -> None:
    with counting(db) as few:
        monitor.page(db, monitor.MonitorFilters())
    for n in range(40, 46):
        _monitored(db, make_article, scene[0], n)
    db.commit()
    with counting(db) as many:
        monitor.page(db, monitor.MonitorFilters())
    assert many[0] == few[0]


def test_accept_assigns_the_claim_and_takes_it_off_the_list(
    db: Session, scene: tuple[Feed, Feed, Claim], make_user: Callable[..., User]
) -> None:
    reviewer = make_user("reviewer")
    first = monitor.page(db, monitor.MonitorFilters()).rows[0].claim
    before = monitor.page(db, monitor.MonitorFilters()).total
    monitor.accept(db, reviewer, first, first.version)
    db.commit()
    assert first.status == ClaimStatus.IN_REVIEW and first.assignee_id == reviewer.id
    assert first.triage == Triage.ACCEPTED  # the desk will check it: readers count it from now on
    assert monitor.page(db, monitor.MonitorFilters()).total == before - 1
    with pytest.raises(Conflict):
        monitor.accept(db, reviewer, first, 1)  # a stale version
    with pytest.raises(PermissionDenied):
        monitor.accept(db, None, first)  # type: ignore[arg-type]


def test_claims_the_desk_dismissed_leave_the_monitor(
    db: Session, scene: tuple[Feed, Feed, Claim], make_user: Callable[..., User]
) -> None:
    from factcheck.services import claims

    reviewer = make_user("reviewer")
    before = monitor.page(db, monitor.MonitorFilters())
    first = before.rows[0].claim
    claims.dismiss(db, reviewer, first, first.version)
    db.commit()
    after = monitor.page(db, monitor.MonitorFilters())
    assert after.total == before.total - 1 and first.id not in {r.claim.id for r in after.rows}
