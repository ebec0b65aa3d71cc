"""Learn what this desk checks: train a ranker on its own decisions, keep it only if it beats the default scorer.

Labels come from `decisions` (the one place that says what a decision is): a claim with an approved verdict was
checked (1), a dismissed claim was not (0). A quarter of the decisions is held back; the ranker trained on the
rest must rank them better (average precision) than the default hand-weighted scorer, or it is stored inactive.
The stored model is then refit on every decision. Models are rows of `ranker_models` (every host reads them);
`rank_score` uses the active one, and the default scorer otherwise. When a model is activated, its score of every
open claim is computed in bulk and stored (`claim_scores`; claims created while it is active are scored as they
are created, `score_claims`), and the queue's score sort reads them (services/queue_ranking.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import and_, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session, defer

from factcheck.claims import embeddings
from factcheck.claims.ranker import GRIDS, Contribution, Grid, Ranker, average_precision, feature_matrix, train
from factcheck.models import (
    Claim,
    ClaimEmbedding,
    ClaimScore,
    ClaimStatus,
    RankerModel,
    Triage,
    User,
    Verdict,
    VerdictState,
)
from factcheck.services import vectors

MIN_EACH = 10  # decisions of each kind needed before training
HOLDOUT = 0.25
OPEN = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED)  # the claims the queue ranks for checking
SCORE_BATCH = 500


def decisions(session: Session) -> list[tuple[Claim, int]]:
    """This desk's decisions as (claim, label): approved verdict = 1, dismissed = 0. Oldest first."""
    approved = exists().where(Verdict.claim_id == Claim.id, Verdict.state == VerdictState.APPROVED.value)
    stmt = select(Claim, approved).where(approved | (Claim.triage == Triage.DISMISSED.value)).order_by(Claim.id)
    return [(claim, 1 if checked else 0) for claim, checked in session.execute(stmt).all()]


def grid_named(name: str) -> Grid:
    """The training grid a setting names ("full" unless it names another)."""
    return GRIDS.get(name, GRIDS["full"])


def decision_counts(session: Session) -> tuple[int, int]:
    """(checked, dismissed) claims: the decisions a model would learn from (one statement)."""
    approved = exists().where(Verdict.claim_id == Claim.id, Verdict.state == VerdictState.APPROVED.value)
    checked = select(func.count(Claim.id)).where(approved).scalar_subquery()
    dismissed = select(func.count(Claim.id)).where(~approved, Claim.triage == Triage.DISMISSED.value)
    row = session.execute(select(checked, dismissed.scalar_subquery())).one()
    return int(row[0] or 0), int(row[1] or 0)


def _stored_vectors(session: Session, ids: list[int]) -> dict[int, embeddings.Vector]:
    stored: dict[int, embeddings.Vector] = {}
    for start in range(0, len(ids), SCORE_BATCH):
        chunk = ids[start : start + SCORE_BATCH]
        rows = session.execute(
            select(ClaimEmbedding.claim_id, ClaimEmbedding.vector).where(
                ClaimEmbedding.claim_id.in_(chunk), ClaimEmbedding.model == embeddings.MODEL_NAME
            )
        )
        stored.update({int(cid): embeddings.from_bytes(data) for cid, data in rows})
    return stored


def _vectors(session: Session, claims: list[Claim]) -> np.ndarray | None:
    if embeddings.encoder() is None:
        return None
    vectors.embed_claims(session, [c.id for c in claims])  # any claim without a current vector gets one
    stored = _stored_vectors(session, [c.id for c in claims])
    return np.vstack([stored[c.id] for c in claims]) if claims else None


@dataclass
class Outcome:
    decisions: int
    positives: int
    model: RankerModel | None = None
    activated: bool = False
    reason: str = ""
    ranker: Ranker | None = field(default=None, repr=False)


def _split(labels: list[int], seed: int) -> tuple[list[int], list[int]]:
    rng = np.random.default_rng(seed)
    held: list[int] = []
    for label in (0, 1):
        idx = [i for i, y in enumerate(labels) if y == label]
        rng.shuffle(idx)
        held += idx[: max(1, round(len(idx) * HOLDOUT))]
    keep = sorted(set(range(len(labels))) - set(held))
    return keep, sorted(held)


def train_from_decisions(
    session: Session, actor: User | None = None, *, seed: int = 0, grid: Grid = GRIDS["full"]
) -> Outcome:
    """Train, compare with the default scorer on held-out decisions, store; activate only a better model."""
    pairs = decisions(session)
    claims, labels = [c for c, _ in pairs], [y for _, y in pairs]
    outcome = Outcome(len(labels), sum(labels))
    if min(outcome.positives, outcome.decisions - outcome.positives) < MIN_EACH:
        outcome.reason = f"needs at least {MIN_EACH} checked and {MIN_EACH} dismissed claims"
        return outcome
    matrix = _vectors(session, claims)
    model_name = embeddings.MODEL_NAME if matrix is not None else None
    quotes = [c.quote for c in claims]
    keep, held = _split(labels, seed)
    kept_vectors = matrix[keep] if matrix is not None else None
    articles = [c.article_id for c in claims]  # folds keep an article's claims together
    trial = train([quotes[i] for i in keep], [labels[i] for i in keep], kept_vectors, embedding_model=model_name,
                  groups=[articles[i] for i in keep], grid=grid)  # fmt: skip
    held_quotes = [quotes[i] for i in held]
    held_labels = [labels[i] for i in held]
    trial_scores = trial.score_matrix(feature_matrix(held_quotes, matrix[held] if matrix is not None else None))
    model_ap = average_precision(list(trial_scores), held_labels)
    default_ap = average_precision([claims[i].checkworthiness for i in held], held_labels)
    final = train(quotes, labels, matrix, embedding_model=model_name, groups=articles, grid=grid)
    outcome.activated = model_ap > default_ap
    outcome.reason = f"held-out average precision {model_ap:.3f} vs the default scorer's {default_ap:.3f}: " + (
        "activated" if outcome.activated else "kept inactive (not better than the default)"
    )
    if outcome.activated:
        session.execute(update(RankerModel).where(RankerModel.active.is_(True)).values(active=False))
    outcome.model = RankerModel(
        payload=final.to_bytes(),
        decisions=outcome.decisions,
        positives=outcome.positives,
        cv_average_precision=final.cv_average_precision,
        heldout_model_ap=round(model_ap, 4),
        heldout_default_ap=round(default_ap, 4),
        active=outcome.activated,
        trained_by_id=actor.id if actor is not None else None,
    )
    outcome.ranker = final
    session.add(outcome.model)
    session.flush()
    if outcome.activated:
        session.execute(delete(ClaimScore).where(ClaimScore.model_id != outcome.model.id))
        score_claims(session, outcome.model)
    return outcome


def reset(session: Session) -> int:
    """Stop using any learned model (they stay stored as history, their scores go); returns how many were active."""
    result = session.execute(update(RankerModel).where(RankerModel.active.is_(True)).values(active=False))
    session.execute(delete(ClaimScore))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def score_claims(session: Session, model: RankerModel, ids: Sequence[int] | None = None) -> int:
    """Store `model`'s score of these claims (default: every open claim), embedding those that need a vector.
    Returns how many were scored; a model whose embedding model is not installed scores nothing. Flushes."""
    ranker = _ranker(model)
    if ranker.uses_embedding and (embeddings.encoder() is None or ranker.embedding_model != embeddings.MODEL_NAME):
        return 0
    if ids is None:
        still_open = select(Claim.id).where(Claim.status.in_(OPEN), Claim.triage != Triage.DISMISSED)
        ids = list(session.scalars(still_open.order_by(Claim.id)))
    session.flush()
    scored = 0
    for start in range(0, len(ids), SCORE_BATCH):
        chunk = sorted(set(ids[start : start + SCORE_BATCH]))
        if ranker.uses_embedding:
            vectors.embed_claims(session, chunk)
        stored = _stored_vectors(session, chunk) if ranker.uses_embedding else {}
        quotes = [
            (int(i), str(q)) for i, q in session.execute(select(Claim.id, Claim.quote).where(Claim.id.in_(chunk)))
        ]
        quotes = [(i, q) for i, q in quotes if i in stored or not ranker.uses_embedding]
        if not quotes:
            continue
        matrix = np.vstack([stored[i] for i, _ in quotes]).astype(np.float64) if ranker.uses_embedding else None
        scores = ranker.score_matrix(feature_matrix([q for _, q in quotes], matrix))
        done = [i for i, _ in quotes]
        session.execute(delete(ClaimScore).where(ClaimScore.model_id == model.id, ClaimScore.claim_id.in_(done)))
        rows = [
            {"model_id": model.id, "claim_id": i, "score": round(float(s), 6)}
            for i, s in zip(done, scores, strict=True)
        ]
        session.execute(insert(ClaimScore), rows)
        scored += len(rows)
    session.flush()
    return scored


def score_new_claims(session: Session, ids: Sequence[int]) -> int:
    """Claims just created get the active model's score, if a model is active (the queue sorts by it)."""
    model = active_model(session) if ids else None
    return score_claims(session, model, ids) if model is not None else 0


def learned_scores(session: Session, claim_ids: Sequence[int]) -> dict[int, float]:
    """The active model's stored scores of these claims (those it has scored)."""
    model = active_model(session)
    if model is None or not claim_ids:
        return {}
    stmt = select(ClaimScore.claim_id, ClaimScore.score).where(
        and_(ClaimScore.model_id == model.id, ClaimScore.claim_id.in_(claim_ids))
    )
    return {int(c): float(s) for c, s in session.execute(stmt)}


def models(session: Session, limit: int = 20) -> list[RankerModel]:
    """The stored models, newest first (decisions, positives, CV and held-out figures, active or not)."""
    return list(session.scalars(select(RankerModel).order_by(RankerModel.id.desc()).limit(limit)))


def active_model(session: Session) -> RankerModel | None:
    """The active model if it beat the default scorer on its held-out decisions (never one that did not)."""
    # The payload (the model itself) is read only when this process has not loaded that model yet (`_ranker`).
    row = session.scalars(
        select(RankerModel)
        .where(RankerModel.active.is_(True))
        .options(defer(RankerModel.payload))
        .order_by(RankerModel.id.desc())
    )
    model = row.first()
    return model if model is not None and model.heldout_model_ap > model.heldout_default_ap else None


_cache: dict[int, Ranker] = {}


def _ranker(model: RankerModel) -> Ranker:
    ranker = _cache.get(model.id)  # a model's payload never changes: a memo by id, never stale in any process
    if ranker is None:
        ranker = Ranker.from_bytes(model.payload)
        _cache.clear()  # one model at a time (the active one); kept in a local so that a thread clearing it
        _cache[model.id] = ranker  # meanwhile cannot make this call fail
    return ranker


@dataclass(frozen=True)
class RankScore:
    score: float
    source: str  # "learned" (with the model id) or "default"
    reasons: tuple[Contribution, ...]


def learned_score(session: Session, claim: Claim, *, top: int = 5) -> RankScore | None:
    """The active learned model's score of the claim and the features that moved it most; None when no model
    ranks the queue (one statement then) or it cannot score this claim."""
    found = rank_score(session, claim, top=top)
    return found if found.source != "default" else None


def rank_score(session: Session, claim: Claim, *, top: int = 5) -> RankScore:
    """How worth checking a claim is: by the active learned model when there is a better one, else the default."""
    model = active_model(session)
    if model is not None:
        ranker = _ranker(model)
        vector = vectors.vector_of(session, claim) if ranker.uses_embedding else None
        if not ranker.uses_embedding or (vector is not None and ranker.embedding_model == embeddings.MODEL_NAME):
            score, parts = ranker.explain(claim.quote, vector, top)
            return RankScore(score, f"learned #{model.id}", tuple(parts))
    reasons = sorted(claim.score_reasons, key=lambda r: -abs(float(r.get("weight", 0.0))))[:top]
    parts = [Contribution(str(r.get("feature", "")), float(r.get("weight", 0.0))) for r in reasons]
    return RankScore(claim.checkworthiness, "default", tuple(parts))


def write_file(model: RankerModel, folder: Path) -> Path:
    """A copy of a stored model in a folder (the instance folder): ranker-<id>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ranker-{model.id}.json"
    path.write_bytes(model.payload)
    return path
