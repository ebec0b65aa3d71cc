"""The shape of a publication snapshot: the frozen JSON a Publication row carries (services.publishing writes it,
reader pages, exports and templates read it). Plain dicts at run time; these TypedDicts give them a type.

Snapshot rows are never rewritten, so every key an older snapshot may lack is NotRequired: `scale` came after the
first snapshots were written, `timeline` (the article's events, from its checked claims only) after that. A
retraction's snapshot has an empty `revision` ({}) and no claims, and names the version it withdraws
(`retracts_version`).

The interchange writers (exports.claimreview, exports.annotations) read only part of a claim, and are also given
claims built from report rows that hold only that part. That part is ExportClaim (with ExportVerdict,
ExportRating, ExportArticle and ScaleBounds): read-only items, so a full SnapshotClaim is one too.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired and ReadOnly off evaluated annotations, so
# __required_keys__ and __readonly_keys__ are right at run time too (tests/services/test_snapshot.py uses them).
from typing import NotRequired

from typing_extensions import ReadOnly, TypedDict

SNAPSHOT_SCHEMA = 1


class ClaimDate(TypedDict):
    """A date a claim speaks of, as the claim engine found it (Claim.dates holds a list of them)."""

    text: str
    start: int
    end: int
    value: str  # normalised: YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # day | week | month | year
    basis: NotRequired[str]  # the words that decided a relative date ("past tense: canceled")


class ExportRating(TypedDict):
    label: ReadOnly[str]
    value: ReadOnly[int | None]  # None: a label off the ordinal ladder


class ExportVerdict(TypedDict):
    rating: ReadOnly[ExportRating]
    summary: ReadOnly[str]  # schema.org claimReviewed


class ExportClaim(TypedDict):
    """What the ClaimReview and Web Annotation writers read of a claim."""

    id: ReadOnly[int]
    start: ReadOnly[int]
    end: ReadOnly[int]
    quote: ReadOnly[str]
    prefix: ReadOnly[str]
    suffix: ReadOnly[str]
    kind: ReadOnly[str]
    speaker: ReadOnly[str | None]
    checked: ReadOnly[bool]  # has an approved verdict
    verdict: ReadOnly[ExportVerdict | None]


class ExportArticle(TypedDict):
    title: ReadOnly[str]
    outlet: ReadOnly[str]
    url: ReadOnly[str | None]
    published_on: ReadOnly[str | None]  # ISO date
    author: NotRequired[ReadOnly[str]]  # the byline, when known (a snapshot's article always has it)


class ScaleBounds(TypedDict):
    best: ReadOnly[int | None]  # None for a label-only scale
    worst: ReadOnly[int | None]


class SnapshotRating(ExportRating):
    icon: str
    colour: str
    definition: str


class SnapshotVerdict(ExportVerdict):
    id: int
    rating: SnapshotRating
    rationale: str  # Markdown
    author: str
    approver: str | None
    approved_at: str  # ISO 8601 with offset


class SnapshotSource(TypedDict):
    id: int
    url: str
    final_url: str | None
    title: str
    publisher: str
    fetched_at: str | None  # ISO 8601 with offset
    sha256: str | None
    confidential: bool
    note: str
    kind: NotRequired[str]  # models.SourceKind: web | document | person; absent before issue 12 (web)
    person: NotRequired[str]  # a person source: who, their organisation, when and how (ContactMethod)
    organisation: NotRequired[str]
    contacted_on: NotRequired[str | None]  # YYYY-MM-DD
    method: NotRequired[str | None]
    unreachable: NotRequired[bool]  # a web source that could not be fetched (an error answer); absent before


class SnapshotEvidence(TypedDict):
    stance: str  # models.Stance: supports | refutes | context
    passage: str  # a quotation only when found (match_score not None): else the reviewer's summary, or ""
    match_score: float | None
    source: SnapshotSource


class SnapshotClaim(ExportClaim):
    dates: list[ClaimDate]
    verdict: SnapshotVerdict | None
    evidence: list[SnapshotEvidence]
    being_checked: NotRequired[bool]  # accepted, not checked yet, shown as "being checked"; absent before triage


class WithdrawnClaim(TypedDict):
    """What a retraction shows of a claim: nothing ({})."""


class SnapshotArticle(ExportArticle):
    author: str
    slug: str


class SnapshotRevision(TypedDict, total=False):
    """The article text that was published; empty ({}) in a retraction."""

    number: int
    sha256: str
    text: str


class SnapshotScale(ScaleBounds):
    name: str
    slug: str


class AuditHead(TypedDict):
    """The audit chain's newest event when a version was published: an anchor against a cut chain."""

    id: int
    hash: str


class SnapshotEventClaim(TypedDict):
    """A checked claim of the article about an event, and what it says of it."""

    id: int  # the claim, in Snapshot.claims
    status: str  # planned | held | cancelled | refused | threatened | proposed | unknown, as this claim gives it
    words: str  # the article's words that gave the status ("called off"); "" when read off the tense ("met")
    date: str | None
    place: str | None


class SnapshotEvent(TypedDict):
    """An event of the published article's timeline, as the article's checked claims give it (frozen)."""

    id: int  # the workbench event it was at publication
    what: str
    participants: list[str]
    place: str | None
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str | None  # day | week | month | year
    status: str
    qualifier: str | None  # postponed | rescheduled | online
    claims: list[SnapshotEventClaim]


class Snapshot(TypedDict):
    schema: int  # SNAPSHOT_SCHEMA
    article: SnapshotArticle
    revision: SnapshotRevision
    claims: list[SnapshotClaim]
    scale: NotRequired[SnapshotScale | None]  # the active rating scale; absent from the earliest snapshots
    retracts_version: NotRequired[int]  # a retraction only: the version it withdraws
    audit_head: NotRequired[AuditHead | None]  # absent from snapshots written before anchors; None: no events yet
    timeline: NotRequired[list[SnapshotEvent]]  # events of checked claims, in date order; absent before events
    # Claims the desk accepted for checking and has not checked yet, not shown (the editor did not tick "being
    # checked"): only counted in the coverage line. Absent before triage, when every unchecked claim was listed.
    unshown_accepted: NotRequired[int]
