"""Builders: the smallest real data a test needs, made the way production makes it.

Each `make_*` takes the test's session first and keyword overrides after. Wherever production creates a row
through a service (an import, a span marked by a reviewer, a verdict drafted, submitted and approved, a
publication) the builder calls that service, so the audit trail, the claim's status and every invariant hold
exactly as they would. Builders add and flush like services; the test commits when a request must see the rows.

Actors left out are the builders' own reviewer and editor (`people.default_user`, made once per session), so a
test that does not care who acted gets no extra accounts per call. The texts are ours, short and made up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimStatus,
    Evidence,
    Publication,
    Rating,
    Source,
    Triage,
    User,
    Verdict,
    VerdictState,
    text_sha256,
)
from factcheck.services import articles, audit, claims, publishing, ratings, sources, verdicts
from tests.support.people import default_user, next_serial

ARTICLE_TEXT = (
    "The harbour board said 41 ferries sailed from Port Alder in 2023, up from 30 the year before.\n\n"
    "Councillor Mara Lind predicted that ticket prices would fall by a fifth before 2027.\n\n"
    "Traders on the quay welcomed the figures on Tuesday."
)
SOURCE_TEXT = (
    "Annual report of the Port Alder harbour board. Ferry departures: 41 in 2023 and 30 in 2022. "
    "Ticket prices were unchanged over the year."
)
PUBLISHED_ON = dt.date(2024, 3, 1)
FETCHED_AT = dt.datetime(2024, 3, 2, 10, 0, tzinfo=dt.UTC)
RETURN_COMMENT = "Cite the page of the report that gives the figure."


def rating(session: Session, label: str) -> Rating:
    """A rating of the active scale by its label; loads the presets into an empty database first."""
    if ratings.active_scale(session) is None:
        ratings.load_presets(session)
    found = ratings.rating_by_label(session, label)
    if found is None:
        raise LookupError(f"the active scale has no rating labelled {label!r}")
    return found


def make_article(
    session: Session,
    text: str = ARTICLE_TEXT,
    *,
    title: str | None = None,
    outlet: str = "The Alder Courier",
    url: str | None = None,
    author: str = "",
    published_on: dt.date | None = PUBLISHED_ON,
    extract: bool = True,
    origin: str = "paste",
    actor: User | None = None,
) -> Article:
    """An imported article. `extract=True` goes through `articles.import_text`, so the claim engine's claims
    come with it; `extract=False` stores the same rows and audit event with no claims (mark them with
    `make_claim`), which no production path does but most claim tests want."""
    title = title or f"Built article {next_serial()}"
    if extract:
        result = articles.import_text(
            session,
            actor,
            title=title,
            text=text,
            origin=origin,
            outlet=outlet,
            url=url,
            author=author,
            published_on=published_on,
        )
        return result.article
    text = articles.clean_text(text)
    if url is not None:
        articles.check_article_url(url)
    article = Article(
        slug=articles.unique_slug(session, title),
        title=title,
        outlet=outlet,
        url=url,
        author=author,
        published_on=published_on,
        created_by_id=actor.id if actor else None,
    )
    session.add(article)
    session.flush()
    revision = ArticleRevision(
        article_id=article.id,
        number=1,
        text=text,
        sha256=text_sha256(text),
        origin=origin,
        source_url=url,
        created_by_id=actor.id if actor else None,
    )
    session.add(revision)
    session.flush()
    session.refresh(article, ["revisions"])
    details = {"title": title, "origin": origin, "url": url, "revision": 1, "claims": 0}
    audit.record(session, actor, "article.import", "article", article.id, details)
    return article


def _span(text: str, quote: str | None, start: int | None, end: int | None) -> tuple[int, int]:
    if quote is not None:
        if start is not None or end is not None:
            raise TypeError("give the claim's span as a quote or as offsets, not both")
        at = text.find(quote)
        if at < 0:
            raise ValueError(f"{quote!r} is not in the article's text")
        if text.find(quote, at + 1) >= 0:
            raise ValueError(f"{quote!r} occurs more than once in the article's text: give offsets")
        return at, at + len(quote)
    if start is None and end is None:
        first = text.split("\n", 1)[0]  # the first paragraph
        return 0, len(first)
    if start is None or end is None:
        raise TypeError("give both start and end")
    return start, end


def make_claim(
    session: Session,
    article: Article | None = None,
    quote: str | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    status: str = ClaimStatus.NEW.value,
    kind: str | None = None,
    speaker: str | None = None,
    assignee: User | None = None,
    actor: User | None = None,
    triage: str | None = None,
    **verdict: Any,
) -> Claim:
    """A claim marked by a reviewer (`claims.add_claim`) on the article's current text, by quote or offsets
    (default: the first paragraph), then moved to `status` the way the workflow moves it: assigned
    (in_review), dismissed, or a verdict made by `make_verdict` (submitted, approved, returned) and, for
    published, the article published by an editor. Extra keywords go to `make_verdict`. `status="dismissed"`
    dismisses it (triage); `triage="suggested"` leaves it as the engine's suggestion (a marked claim is accepted).

    `kind` and `speaker` are what the claim engine would have found; no service edits them, so they are set
    on the row."""
    article = article or make_article(session, extract=False)
    actor = actor or default_user(session)
    revision = article.current_revision
    assert revision is not None
    start, end = _span(revision.text, quote, start, end)
    claim = claims.add_claim(session, actor, article, start, end)
    if kind is not None:
        claim.kind = kind
    if speaker is not None:
        claim.speaker = speaker
    session.flush()
    if assignee is not None:
        if status == ClaimStatus.NEW.value:
            raise ValueError("an assigned claim is in review, not new")
        claims.assign(session, actor, claim, assignee, claim.version)
    if status == Triage.DISMISSED.value:
        if verdict:
            raise TypeError(f"{sorted(verdict)} are for a verdict, and a dismissed claim has none")
        claims.dismiss(session, actor, claim, claim.version, reason="not checkable")
        return claim
    if triage == Triage.SUGGESTED.value:
        claim.triage = Triage.SUGGESTED  # as the engine's claims are (no service un-accepts a claim)
        session.flush()
    _move(session, claim, ClaimStatus(status), actor, verdict)
    return claim


def _move(session: Session, claim: Claim, status: ClaimStatus, actor: User, verdict: dict[str, Any]) -> None:
    with_verdict = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.RETURNED, ClaimStatus.PUBLISHED)
    if verdict and status not in with_verdict:
        raise TypeError(f"{sorted(verdict)} are for a verdict, and a {status} claim has none")
    if status == ClaimStatus.IN_REVIEW and claim.assignee_id is None:
        claims.assign(session, actor, claim, actor, claim.version)
    elif status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.RETURNED):
        make_verdict(session, claim, state=status.value, **{"author": actor, **verdict})
    elif status == ClaimStatus.PUBLISHED:
        make_verdict(session, claim, state=VerdictState.APPROVED.value, **{"author": actor, **verdict})
        make_publication(session, claim.article, editor=verdict.get("approver"))
        session.refresh(claim)


def make_source(
    session: Session,
    url: str | None = None,
    *,
    title: str = "Harbour board annual report",
    publisher: str = "Port Alder Harbour Board",
    text: str = SOURCE_TEXT,
    fetched_at: dt.datetime = FETCHED_AT,
    status: int = 200,
    content_type: str = "text/html",
    actor: User | None = None,
) -> Source:
    """A source whose archived copy is in hand (`sources.archived_source`): no network."""
    return sources.archived_source(
        session,
        actor,
        url=url or f"https://sources.example.org/report-{next_serial()}",
        title=title,
        publisher=publisher,
        text=text,
        fetched_at=fetched_at,
        status=status,
        content_type=content_type,
    )


def make_evidence(
    session: Session,
    claim: Claim | None = None,
    source: Source | None = None,
    *,
    stance: str = "supports",
    passage: str | None = None,
    note: str = "",
    actor: User | None = None,
) -> Evidence:
    """Evidence linking a claim to a source (`sources.add_evidence`); the passage defaults to the source's
    whole archived text, so it is found exactly."""
    claim = claim or make_claim(session)
    source = source or make_source(session)
    passage = (source.archived_text or "") if passage is None else passage
    actor = actor or default_user(session)
    return sources.add_evidence(session, actor, claim, source, stance=stance, passage=passage, note=note)


def make_verdict(
    session: Session,
    claim: Claim | None = None,
    *,
    state: str = VerdictState.APPROVED.value,
    rating: str = "True",
    summary: str | None = None,
    rationale: str = "The harbour board's report gives the same figure.",
    author: User | None = None,
    approver: User | None = None,
    comment: str = RETURN_COMMENT,
    evidence: bool = True,
    source: Source | None = None,
) -> Verdict:
    """A verdict taken to `state` through `verdicts.draft`, `submit`, then `approve` or `return_verdict` by
    `approver` (the builders' editor unless given; never the author). `rating` is a label of the active
    scale. Before submitting, evidence from `source` (a new one unless given) is attached if the claim has none
    (`evidence=False` leaves it without, and then only a draft can be made). Returns the latest verdict row."""
    claim = claim or make_claim(session)
    author = author or default_user(session)
    target = VerdictState(state)
    chosen = _rating(session, rating)
    summary = summary or f"What claim {claim.id} says about the harbour, as checked"
    verdict = verdicts.draft(session, author, claim, rating_id=chosen.id, summary=summary, rationale=rationale)
    if target == VerdictState.DRAFT:
        return verdict
    if evidence and not sources.evidence_for(session, claim):
        make_evidence(session, claim, source, actor=author)
    verdict = verdicts.submit(session, author, claim)
    if target == VerdictState.SUBMITTED:
        return verdict
    approver = approver or default_user(session, "editor")
    if target == VerdictState.RETURNED:
        return verdicts.return_verdict(session, approver, claim, comment)
    return verdicts.approve(session, approver, claim)


_rating = rating  # make_verdict's keyword shadows the function


def make_publication(
    session: Session, article: Article | None = None, *, editor: User | None = None, correction_note: str = ""
) -> Publication:
    """A published version (`publishing.publish`). With no article, one is built with one approved claim;
    a given article is published as it stands (it needs an approved claim)."""
    if article is None:
        article = make_article(session, extract=False)
        make_claim(session, article, status=ClaimStatus.APPROVED.value)
    editor = editor or default_user(session, "editor")
    return publishing.publish(session, editor, article, correction_note)


def claims_of(session: Session, article: Article) -> list[Claim]:
    """The article's claims in text order."""
    return list(session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)))
