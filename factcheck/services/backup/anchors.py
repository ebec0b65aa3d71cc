"""The audit chain's head in a backup: written into the manifest (header) by a dump, checked by a restore.

A dump records the newest audit event (id, hash) and the number of events in its header. Before a restore
writes anything, the file's own audit rows must end at that head, hold that many events, and contain every
chain head recorded by the publications in the file. A dump whose audit table was removed or cut (and whose
checksum was then recomputed) is refused: its publications or its header still name events it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent
from factcheck.services.audit_verify import ANCHOR_KEY, parse_anchor
from factcheck.services.errors import DomainError


def manifest_head(session: Session) -> dict[str, Any] | None:
    """{"id", "hash", "count"} of the audit trail in the dump's snapshot (None when it is empty)."""
    row = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    if row is None:
        return None
    count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return {"id": int(row[0]), "hash": str(row[1]), "count": int(count)}


@dataclass
class AnchorCheck:
    """Fed every row of a backup file while it is checked; :meth:`verify` compares them with the header."""

    header: dict[str, Any]
    error: type[DomainError]
    events: dict[int, str] = field(default_factory=dict)
    last: tuple[int, str] | None = None
    anchors: list[tuple[str, int, str]] = field(default_factory=list)  # (where, event id, hash)

    def __post_init__(self) -> None:
        columns = {t["name"]: list(t["columns"]) for t in self.header["tables"]}
        self._audit = self._positions(columns.get("audit_events"), "id", "hash")
        self._pubs = self._positions(columns.get("publications"), "id", "snapshot")

    @staticmethod
    def _positions(columns: list[str] | None, *names: str) -> tuple[int, ...] | None:
        if columns is None or not all(n in columns for n in names):
            return None
        return tuple(columns.index(n) for n in names)

    def row(self, table: str, values: list[Any]) -> None:
        if table == "audit_events" and self._audit is not None:
            ident, digest = values[self._audit[0]], values[self._audit[1]]
            self.events[int(ident)] = str(digest)
            self.last = (int(ident), str(digest))
        elif table == "publications" and self._pubs is not None:
            found = parse_anchor(values[self._pubs[1]], f"publication {values[self._pubs[0]]}")
            if found is not None:
                self.anchors.append((found.where, found.event_id, found.hash))

    def verify(self) -> None:
        if int(self.header.get("version", 1)) >= 2:
            self._check_manifest()
        for where, event_id, digest in self.anchors:
            if self.events.get(event_id) != digest:
                state = "missing" if event_id not in self.events else "different"
                raise self.error(
                    f"The backup's audit trail does not match its anchors: {where} recorded event {event_id} "
                    f"({digest[:12]}…) as the chain head, and that event is {state} in the file."
                )

    def _check_manifest(self) -> None:
        if ANCHOR_KEY not in self.header:
            raise self.error("The backup's manifest records no audit chain head: the file was altered.")
        head = self.header[ANCHOR_KEY]
        found = None if self.last is None else {"id": self.last[0], "hash": self.last[1], "count": len(self.events)}
        if head != found:

            def show(h: Any) -> str:
                if not isinstance(h, dict):
                    return "no events"
                return f"{h.get('count')} events up to event {h.get('id')} ({str(h.get('hash'))[:12]}…)"

            raise self.error(
                f"The backup's audit trail does not match its manifest: the manifest records {show(head)}, the "
                f"file holds {show(found)}. It was cut or altered after the dump."
            )
