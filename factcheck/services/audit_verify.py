"""Checking the audit chain: altered rows, deleted or reordered rows, forks, and truncation against anchors.

A *fork* is an event whose recorded predecessor is an earlier event of the chain, but not the event just before
it: two writers read the same last hash (as concurrent appends did before appends were serialised). Nothing is
rewritten to repair one; an admin records a reseal event (:func:`reseal`) naming each forked event and its hash,
after which verification reports the fork as accepted. An *anchor* is a chain head (event id and hash) recorded
elsewhere: in every publication's snapshot and in every backup manifest. An anchor whose event is gone, or
whose event has another hash, shows that the newest events were cut off or rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Publication, User
from factcheck.services import audit
from factcheck.services.errors import ValidationError

RESEAL = "audit.reseal"
ANCHOR_KEY = "audit_head"  # in publication snapshots and backup manifests: {"id": int, "hash": str}
NEWEST_PUBLICATIONS = 10  # publications whose anchors verification checks (the newest matter for truncation)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str
    kind: str = "broken"  # altered | broken | fork | truncated | rewritten
    detail: dict[str, Any] = field(default_factory=dict, compare=False)
    accepted_by: int | None = None  # the reseal event that accepted this fork


@dataclass(frozen=True)
class Anchor:
    event_id: int
    hash: str
    where: str  # "publication 3 (article 7, version 2)", "backup manifest x.gz"


@dataclass
class ChainReport:
    events: int = 0
    head: dict[str, Any] | None = None
    problems: list[ChainProblem] = field(default_factory=list)
    accepted: list[ChainProblem] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def _accepted_forks(session: Session) -> dict[int, tuple[str, int]]:
    """event id -> (its hash, the reseal event id) for every fork a reseal event accepted."""
    accepted: dict[int, tuple[str, int]] = {}
    for reseal_id, data in session.execute(
        select(AuditEvent.id, AuditEvent.data).where(AuditEvent.action == RESEAL).order_by(AuditEvent.id)
    ):
        for item in (data or {}).get("accepted", []):
            accepted.setdefault(int(item["event"]), (str(item["hash"]), int(reseal_id)))
    return accepted


def _fork(event: AuditEvent, before: tuple[int, str] | None, predecessor: int, sharing: int | None) -> ChainProblem:
    shared = f"; event {sharing} records the same predecessor" if sharing is not None else ""
    expected = f"event {before[0]}" if before else "the genesis"
    recorded = f"event {predecessor}" if predecessor else "the genesis"
    return ChainProblem(
        event.id,
        f"fork: records {recorded} ({event.prev_hash[:12]}…) as its predecessor, but the event before it is "
        f"{expected}{shared}",
        "fork",
        {"hash": event.hash, "prev_hash": event.prev_hash, "predecessor": predecessor, "shared_with": sharing},
    )


def _walk(session: Session, report: ChainReport) -> dict[str, int]:
    """Check every event in id order; return hash -> id of the events seen."""
    accepted = _accepted_forks(session)
    ids_by_hash: dict[str, int] = {audit.GENESIS: 0}
    first_child: dict[str, int] = {}
    before: tuple[int, str] | None = None
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000))
    for event in rows:
        report.events += 1
        expected_prev = before[1] if before else audit.GENESIS
        if event.prev_hash != expected_prev:
            predecessor = ids_by_hash.get(event.prev_hash)
            if predecessor is None:
                report.problems.append(
                    ChainProblem(
                        event.id,
                        "previous hash does not match: a row was deleted, inserted or reordered before it",
                    )
                )
            else:
                problem = _fork(event, before, predecessor, first_child.get(event.prev_hash))
                acceptance = accepted.get(event.id)
                if acceptance is not None and acceptance[0] == event.hash:
                    report.accepted.append(
                        ChainProblem(problem.event_id, problem.problem, "fork", problem.detail, acceptance[1])
                    )
                else:
                    report.problems.append(problem)
        content = audit.event_hash(
            event.prev_hash, event.at, event.actor_id, event.action, event.entity, event.entity_id, event.data
        )
        if content != event.hash:
            report.problems.append(
                ChainProblem(event.id, "content does not match its hash: the row was altered", "altered")
            )
        first_child.setdefault(event.prev_hash, event.id)
        ids_by_hash[event.hash] = event.id
        before = (event.id, event.hash)
    report.head = None if before is None else {"id": before[0], "hash": before[1]}
    return ids_by_hash


def publication_anchors(session: Session, newest: int = NEWEST_PUBLICATIONS) -> list[Anchor]:
    """The chain heads recorded by the newest publications (older ones recorded none)."""
    rows = session.execute(
        select(Publication.id, Publication.article_id, Publication.version, Publication.snapshot)
        .order_by(Publication.id.desc())
        .limit(newest)
    )
    anchors = []
    for pub_id, article_id, version, snapshot in rows:
        found = parse_anchor(snapshot, f"publication {pub_id} (article {article_id}, version {version})")
        if found is not None:
            anchors.append(found)
    return anchors


def parse_anchor(holder: Any, where: str) -> Anchor | None:
    """The anchor a snapshot or manifest holds under ANCHOR_KEY, if any."""
    value = holder.get(ANCHOR_KEY) if isinstance(holder, dict) else None
    if not isinstance(value, dict) or not isinstance(value.get("id"), int) or not isinstance(value.get("hash"), str):
        return None
    return Anchor(int(value["id"]), str(value["hash"]), where)


def _check_anchors(report: ChainReport, ids_by_hash: dict[str, int], anchors: Iterable[Anchor]) -> None:
    hashes_by_id = {i: h for h, i in ids_by_hash.items()}
    newest = report.head["id"] if report.head else 0
    for anchor in anchors:
        report.anchors.append(anchor)
        found = hashes_by_id.get(anchor.event_id)
        if found == anchor.hash:
            continue
        if found is None and anchor.event_id > newest:
            report.problems.append(
                ChainProblem(
                    anchor.event_id,
                    f"truncated: {anchor.where} recorded event {anchor.event_id} as the chain head, but the newest "
                    f"event is {newest or 'none'}: the newest events were deleted",
                    "truncated",
                )
            )
        else:
            state = "is missing" if found is None else "has another hash"
            report.problems.append(
                ChainProblem(
                    anchor.event_id,
                    f"rewritten: {anchor.where} recorded event {anchor.event_id} ({anchor.hash[:12]}…), which {state}",
                    "rewritten",
                )
            )


def check(session: Session, extra_anchors: Iterable[Anchor] = ()) -> ChainReport:
    """Walk the whole chain and check it against the newest publications' anchors and any `extra_anchors`."""
    report = ChainReport()
    ids_by_hash = _walk(session, report)
    _check_anchors(report, ids_by_hash, [*publication_anchors(session), *extra_anchors])
    return report


def verify_chain(session: Session) -> Iterator[ChainProblem]:
    """Every problem that no reseal accepted (an intact chain yields nothing)."""
    yield from check(session).problems


def event_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def reseal(session: Session, actor: User | None, event_ids: Iterable[int] | None, reason: str) -> AuditEvent:
    """Record a reseal event accepting the reported forks (all of them, or those of `event_ids`).

    Refused when the chain has any other problem (an altered, deleted or truncated chain is not a fork) or when
    an id is not a reported fork. Nothing is rewritten: the reseal is one more event at the end of the chain.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the fork is accepted (--reason).", fields={"reason": "empty"})
    report = check(session)
    others = [p for p in report.problems if p.kind != "fork"]
    if others:
        raise ValidationError(
            "A reseal accepts forks only; the chain has other problems: "
            + "; ".join(f"event {p.event_id}: {p.problem}" for p in others[:5])
        )
    forks = {p.event_id: p for p in report.problems}
    wanted = sorted(forks) if event_ids is None else sorted(set(event_ids))
    unknown = [i for i in wanted if i not in forks]
    if unknown or not wanted:
        listed = ", ".join(str(i) for i in sorted(forks)) or "none"
        raise ValidationError(
            f"Not a reported fork: {', '.join(map(str, unknown)) or 'nothing to accept'} (forks: {listed})."
        )
    accepted = [
        {
            "event": i,
            "hash": forks[i].detail["hash"],
            "prev_hash": forks[i].detail["prev_hash"],
            "predecessor": forks[i].detail["predecessor"],
            "shared_with": forks[i].detail["shared_with"],
        }
        for i in wanted
    ]
    return audit.record(session, actor, RESEAL, "audit", None, {"accepted": accepted, "reason": reason})
