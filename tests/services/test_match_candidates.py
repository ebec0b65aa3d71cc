"""The full-text stage of "previously checked" (services/match_candidates.py) on SQLite and PostgreSQL: the same
order on both for texts that differ only in how many query words they hold, the verdict filter applied before the
depth limit but after ranking, all-of queries, and PostgreSQL's occurrence count equal to `ts_rank_cd`."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.claims.match_terms import TermChoice
from factcheck.models import Claim, ClaimStatus
from factcheck.services import match_candidates, matching
from tests.support.builders import make_article, make_claim


def _stored(db: Session, sentence: str, *, verdicted: bool = True) -> Claim:
    """A claim of its own article whose quote is the sentence; with an approved verdict unless told."""
    article = make_article(db, sentence, extract=False)
    status = ClaimStatus.APPROVED.value if verdicted else ClaimStatus.NEW.value
    return make_claim(db, article, sentence, status=status)


def _keys(found: list[matching.Candidate]) -> list[int]:
    return [int(c.key) for c in found if c.lexical is not None]


def test_both_databases_order_texts_by_the_query_words_they_hold(db: Session) -> None:
    """Three, two, one and none of the words "lighthouse keeper salary": the same order on either database (the
    ranking functions differ, BM25 and a count of occurrences, but not on texts this plain)."""
    one = _stored(db, "The museum opened a new lighthouse exhibit for visiting schools in June.")
    three = _stored(db, "A lighthouse keeper earned a salary of 900 pounds, the museum archive shows.")
    two = _stored(db, "The last lighthouse keeper retired from the island station in 1987.")
    _stored(db, "The island station closed in 1987 after the museum bought the building.")
    db.commit()
    found = matching.claim_candidates(db, "lighthouse keeper salary")
    assert _keys(found) == [three.id, two.id, one.id]
    assert found[0].lexical is not None and found[1].lexical is not None and found[2].lexical is not None
    assert found[0].lexical > found[1].lexical > found[2].lexical


def test_claims_without_an_approved_verdict_are_skipped_before_the_depth_is_counted(db: Session) -> None:
    """The best-ranked texts have no verdict: the depth is filled with the next verdicted ones, in rank order."""
    for i in range(4):
        _stored(db, f"Quarry trucks quarry dust quarry noise rose {i + 2} times near the school.", verdicted=False)
    best = _stored(db, "Quarry trucks and quarry dust near the school worried parents in 2021.")
    next_ = _stored(db, "Quarry dust reached the school playground twice last year.")
    _stored(db, "Dust from the road works reached the school playground.")
    db.commit()
    found = matching.claim_candidates(db, "quarry trucks dust", depth=2)
    assert _keys(found) == [best.id, next_.id]


def test_an_all_of_query_finds_only_texts_holding_every_word(db: Session) -> None:
    both = _stored(db, "Harbour cranes were idle for 3 weeks while dock wages were renegotiated.")
    _stored(db, "Harbour cranes were repainted blue in 2019.")
    _stored(db, "Dock wages rose 4% in 2023 at the container terminal.")
    db.commit()
    choice = TermChoice(("cranes", "wages"), all_of=True)
    found = match_candidates.candidates(db, "claims", choice)
    assert _keys(found) == [both.id]


def test_postgresql_scores_any_of_queries_as_ts_rank_cd_does(db: Session) -> None:
    """The count of query-word occurrences (x 0.1, float4) is what `ts_rank_cd` gives an any-of query; it is
    checked against ts_rank_cd itself, on repeated words and on two query words with one stem ("pool", "pools")."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("the occurrence count stands in for PostgreSQL's ts_rank_cd")
    sentences = [
        "Pool fees at the pools rose, and pool hours fell, the pool board said.",
        "The swimming pool reopened in May after repairs to the roof.",
        "Council fees rose 3% and the council board approved the fees in May.",
        "The library board met in May.",
    ]
    claims = [_stored(db, s) for s in sentences]
    db.commit()
    words = ("pool", "pools", "fees", "board", "may")
    found = match_candidates.candidates(db, "claims", TermChoice(words))
    expected = db.execute(
        text(
            "SELECT c.id, ts_rank_cd(c.quote_tsv, to_tsquery('english', :q)) FROM claims c "
            "WHERE c.quote_tsv @@ to_tsquery('english', :q) ORDER BY 2 DESC, 1"
        ),
        {"q": " | ".join(words)},
    ).all()
    assert len(expected) == len(claims)
    assert [(int(c.key), c.lexical) for c in found] == [(int(i), float(s)) for i, s in expected]
    assert int(found[0].key) == claims[0].id and found[0].lexical == pytest.approx(0.6)  # pool(s) 4, fee, board
