"""What the desk says about a claim beyond its span: speaker, kind and dates (corrected by hand when the engine
got them wrong), tags (topics) and a due date; and the choices the queue filters by."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from factcheck.claims.kinds import KINDS
from factcheck.models import Claim, ClaimTag, User
from factcheck.models.snapshot import ClaimDate
from factcheck.services import audit, claims
from factcheck.services.errors import ValidationError

MAX_TAGS = 20
MAX_TAG_CHARS = 60
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """Tags from "Health, election 2026; health" -> ["election 2026", "health"]: lower-case, spaces collapsed,
    each once, in order."""
    items = re.split(r"[,;\n]", text) if isinstance(text, str) else list(text)
    tags: list[str] = []
    for item in items:
        tag = " ".join(item.split()).lower().lstrip("#")
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise ValidationError(f"A tag is at most {MAX_TAG_CHARS} characters: {tag[:20]}…", fields={"tags": "long"})
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"At most {MAX_TAGS} tags per claim.", fields={"tags": "too many"})
    return sorted(tags)


def parse_dates(text: str, current: Sequence[ClaimDate]) -> list[ClaimDate]:
    """Dates typed as "2019, 2023-03, 2023-03-03" (year, month or day). A date the engine found keeps its
    place in the quote; a new one is the reviewer's."""
    found = {d["value"]: d for d in current}
    dates: list[ClaimDate] = []
    for item in re.split(r"[,;\s]+", text.strip()):
        if not item:
            continue
        if not _DATE.match(item):
            raise ValidationError(
                f"“{item[:20]}” is not a date: write 2023, 2023-03 or 2023-03-03.", fields={"dates": "not a date"}
            )
        if item in found:
            dates.append(found[item])
        elif all(d["value"] != item for d in dates):
            if len(item) == 10 and not _real_day(item):
                raise ValidationError(f"{item} is not a day of the calendar.", fields={"dates": "not a date"})
            dates.append(
                {"text": item, "start": 0, "end": 0, "value": item, "precision": _PRECISION[len(item)],
                 "basis": "entered by a reviewer"}
            )  # fmt: skip
    return dates


def _real_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def edit_details(
    session: Session,
    actor: User,
    claim: Claim,
    version: int | None,
    *,
    speaker: str,
    kind: str,
    dates: str,
    tags: str | Iterable[str],
    due_on: dt.date | None,
) -> dict[str, object]:
    """Set the claim's speaker, kind, dates, tags and due date; the fields that changed (audited)."""
    claims.check_version(claim, version)
    if kind not in KINDS:
        raise ValidationError(f"The kind must be one of {', '.join(KINDS)}.", fields={"kind": "unknown"})
    speaker = " ".join(speaker.split())[:200]
    new_dates = parse_dates(dates, claim.dates or [])
    new_tags = parse_tags(tags)
    old_tags = tags_of(session, [claim.id]).get(claim.id, [])
    changed: dict[str, object] = {}
    if old_tags != new_tags:  # written first: a statement flushes pending changes, and the claim's go in one
        changed["tags"] = [old_tags, new_tags]
        session.execute(delete(ClaimTag).where(ClaimTag.claim_id == claim.id))
        if new_tags:
            session.execute(insert(ClaimTag), [{"claim_id": claim.id, "tag": t} for t in new_tags])
    if (claim.speaker or "") != speaker:
        changed["speaker"] = [claim.speaker, speaker or None]
    if claim.kind != kind:
        changed["kind"] = [claim.kind, kind]
    old_dates, dates_now = [d["value"] for d in claim.dates or []], [d["value"] for d in new_dates]
    if old_dates != dates_now:
        changed["dates"] = [old_dates, dates_now]
    if claim.due_on != due_on:
        changed["due_on"] = [claim.due_on.isoformat() if claim.due_on else None, due_on.isoformat() if due_on else None]
    if not changed:
        return changed
    published, actor_id = claim.article.published_on, actor.id  # loaded before the claim changes (no autoflush)
    claim.speaker, claim.kind, claim.due_on = speaker or None, kind, due_on
    if "dates" in changed:
        claim.dates = new_dates
    claim.revisit_on = claims.revisit_date(kind, new_dates, published)
    claim.updated_by_id = actor_id  # every edit moves the claim's version on, tags included
    session.flush()
    audit.record(session, actor, "claim.details", "claim", claim.id, changed)
    return changed


def tags_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each claim's tags, sorted (one statement)."""
    if not claim_ids:
        return {}
    out: dict[int, list[str]] = {}
    stmt = select(ClaimTag.claim_id, ClaimTag.tag).where(ClaimTag.claim_id.in_(claim_ids)).order_by(ClaimTag.tag)
    for claim_id, tag in session.execute(stmt):
        out.setdefault(claim_id, []).append(tag)
    return out


def tag_choices(session: Session) -> list[tuple[str, int]]:
    """Every tag in use with how many claims carry it, by tag."""
    stmt = select(ClaimTag.tag, func.count()).group_by(ClaimTag.tag).order_by(ClaimTag.tag)
    return [(str(t), int(n)) for t, n in session.execute(stmt)]


# The distinct speakers by walking the index on claims.speaker from one name to the next (a "loose index scan"):
# each step is one index seek, so the cost follows the speakers listed, not the claims (a DISTINCT over 100,000
# claims read them all: 50 ms on every queue page). Both databases run it as written.
_SPEAKERS = text("""
WITH RECURSIVE names(speaker) AS (
    SELECT min(speaker) FROM claims
    UNION ALL
    SELECT (SELECT min(c.speaker) FROM claims c WHERE c.speaker > names.speaker) FROM names
    WHERE names.speaker IS NOT NULL
)
SELECT speaker FROM names WHERE speaker IS NOT NULL LIMIT :limit
""")


def speaker_choices(session: Session, limit: int = 500) -> list[str]:
    """The speakers the claims name, by name (at most `limit`)."""
    return [str(s) for s in session.scalars(_SPEAKERS, {"limit": limit})]
