"""Scenes: a small, known world for tests that need "something of everything" (every route with real ids,
fuzzers, CSRF sweeps), built with the builders instead of the demo data, so what those tests stand on is
listed here and does not change when the demo does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, Publication, Source, Triage, User
from factcheck.services import publishing, ratings
from tests.support.builders import make_article, make_claim, make_source
from tests.support.people import make_user

NEWSROOM_TEXT = (
    "Reservoir levels in Greyhaven stood at 62 per cent on Monday, the water board said.\n\n"
    "The water board said 2,400 homes were connected to the new pipeline in 2023.\n\n"
    "The mayor claimed that leaks had fallen by half since the repairs began.\n\n"
    "A council report put the cost of the works at 18 million euros.\n\n"
    "Residents said the taps ran brown for a week in March.\n\n"
    "Officials expect the second phase of the pipeline to be finished by 2026.\n\n"
    "The ribbon was cut by the oldest resident of the valley."
)
# Each status and the words its claim is marked on, in the order the claims are made: the first claim is new,
# and the approved one is approved after the article was published.
SENTENCES: dict[ClaimStatus | Triage, str] = {
    ClaimStatus.NEW: "Reservoir levels in Greyhaven stood at 62 per cent on Monday",
    ClaimStatus.PUBLISHED: "2,400 homes were connected to the new pipeline in 2023",
    ClaimStatus.APPROVED: "leaks had fallen by half since the repairs began",
    ClaimStatus.SUBMITTED: "A council report put the cost of the works at 18 million euros",
    ClaimStatus.RETURNED: "the taps ran brown for a week in March",
    ClaimStatus.IN_REVIEW: "the second phase of the pipeline to be finished by 2026",
    Triage.DISMISSED: "The ribbon was cut by the oldest resident of the valley",
}
DRAFTS_TEXT = (
    "Bus fares in Greyhaven rose by 8% in January, the transport office said.\n\n"
    "The transport office expects ridership to pass 3 million trips a year by 2027."
)


@dataclass(frozen=True)
class Newsroom:
    reviewer: User
    editor: User
    article: Article  # published once (version 1); one claim in each status
    claims: dict[ClaimStatus | Triage, Claim]
    source: Source  # the first source made (id 1 in an emptied database), cited by the published claim
    publication: Publication
    drafts: Article  # unpublished, with the claim engine's own claims


def make_newsroom(session: Session) -> Newsroom:
    """Every rating preset (the default scale active), a reviewer and an editor, an article published once
    whose claims stand in every status, evidence from an archived source, and an unpublished article split by
    the claim engine. The caller commits."""
    ratings.load_presets(session)
    reviewer = make_user(session, "reviewer", name="Nadia Reviewer")
    editor = make_user(session, "editor", name="Tomás Editor")
    article = make_article(
        session,
        NEWSROOM_TEXT,
        title="Greyhaven pipeline opens",
        outlet="Valley Herald",
        url="https://herald.example.org/greyhaven-pipeline",
        author="Herald staff",
        extract=False,
        actor=reviewer,
    )
    source = make_source(session, actor=reviewer)
    claims: dict[ClaimStatus | Triage, Claim] = {}
    for status, words in SENTENCES.items():
        extra: dict[str, Any] = {}
        if status == ClaimStatus.PUBLISHED:  # cites the first source
            extra = {"approver": editor, "source": source}
        elif status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.RETURNED):
            extra = {"approver": editor, "rating": "Mostly false"}
        claims[status] = make_claim(session, article, words, status=status.value, actor=reviewer, **extra)
    publication = publishing.latest_publication(session, article)
    assert publication is not None
    drafts = make_article(session, DRAFTS_TEXT, title="Fares rise", outlet="Valley Herald", actor=reviewer)
    return Newsroom(reviewer, editor, article, claims, source, publication, drafts)
