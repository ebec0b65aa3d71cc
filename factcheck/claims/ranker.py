"""A learned check-worthiness ranker: logistic regression on the engine's features plus the sentence embedding.

Trained from labelled sentences (1 = the desk checked it, 0 = it dismissed it), with scikit-learn; stored as
versioned JSON bytes (coefficients, feature scaling, figures), never as a pickle, so any host can read it from
the database without executing anything. Scoring needs numpy only. Each score comes with the features that moved
it most: the engine's features by name, the 384 embedding dimensions together as "meaning".
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.claims.features import TOKEN, detect
from factcheck.claims.scoring import WEIGHTS, explain_hits

FORMAT = "factcheck-ranker"
VERSION = 1
ENGINE_FEATURES = (*sorted(WEIGHTS), "short", "length", "default_logit")
MEANING = "meaning"  # the embedding dimensions, explained as one
# Tried on every training, the best by cross-validated average precision kept: inverse regularisation strengths,
# and whether the rare checked class is up-weighted ("balanced") or not.
CS = (0.0001, 0.001, 0.01, 0.1, 1.0)
CLASS_WEIGHTS = ("balanced", None)
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Grid:
    """What training tries: regularisation strengths, class weightings, and the folds of the cross-validation."""

    cs: tuple[float, ...] = CS
    class_weights: tuple[str | None, ...] = CLASS_WEIGHTS
    folds: int = 5


# "full" for a desk's real model; "quick" (two strengths, one weighting, three folds) for tests and trials
GRIDS = {"full": Grid(), "quick": Grid(cs=(0.01, 1.0), class_weights=(None,), folds=3)}


def engine_features(sentence: str) -> list[float]:
    """One value per ENGINE_FEATURES name: presence of each feature, log length, and the default scorer's logit."""
    hits = detect(sentence)
    seen = {h.feature for h in hits}
    score, _ = explain_hits(hits)
    logit = math.log(max(score, 1e-4) / max(1.0 - score, 1e-4))
    words = len(TOKEN.findall(sentence))
    return [1.0 if name in seen else 0.0 for name in ENGINE_FEATURES[:-2]] + [math.log1p(words) / 4.0, logit]


def feature_matrix(sentences: Sequence[str], vectors: Matrix | None) -> Matrix:
    rows = np.array([engine_features(s) for s in sentences], dtype=np.float64).reshape(len(sentences), -1)
    if vectors is None:
        return rows
    return np.hstack([rows, np.asarray(vectors, dtype=np.float64)])


def average_precision(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Average precision of a ranking by score (ties in input order), as the CheckThat scorer computes it."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for place, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / place
    return total / hits if hits else 0.0


@dataclass(frozen=True)
class Contribution:
    feature: str
    weight: float  # log-odds this feature added (positive: towards checking)


@dataclass(frozen=True)
class Ranker:
    names: tuple[str, ...]  # ENGINE_FEATURES, then one name per embedding dimension ("meaning:0" ...)
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    embedding_model: str | None
    trained_at: str
    decisions: int
    positives: int
    cv_average_precision: float

    @property
    def uses_embedding(self) -> bool:
        return self.embedding_model is not None

    def _contributions(self, row: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray((row - np.array(self.mean)) / np.array(self.scale) * np.array(self.coef), dtype=np.float64)

    def score_matrix(self, features: Matrix) -> npt.NDArray[np.float64]:
        z = ((features - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.coef) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def score(self, sentence: str, vector: npt.NDArray[np.float32] | None = None) -> float:
        return float(self.score_matrix(self._row(sentence, vector)[None, :])[0])

    def explain(
        self, sentence: str, vector: npt.NDArray[np.float32] | None = None, top: int = 5
    ) -> tuple[float, list[Contribution]]:
        """The score and the `top` features that moved it most (by absolute log-odds), strongest first."""
        row = self._row(sentence, vector)
        parts = self._contributions(row)
        named = {n: float(parts[i]) for i, n in enumerate(self.names) if not n.startswith(MEANING)}
        if self.uses_embedding:
            named[MEANING] = float(parts[len(ENGINE_FEATURES) :].sum())
        ranked = sorted(named.items(), key=lambda kv: -abs(kv[1]))[:top]
        score = 1.0 / (1.0 + math.exp(-(float(parts.sum()) + self.intercept)))
        return round(score, 4), [Contribution(n, round(w, 3)) for n, w in ranked]

    def _row(self, sentence: str, vector: npt.NDArray[np.float32] | None) -> npt.NDArray[np.float64]:
        base = engine_features(sentence)
        if not self.uses_embedding:
            return np.array(base, dtype=np.float64)
        if vector is None:
            raise ValueError("this ranker needs the sentence embedding")
        return np.concatenate([np.array(base, dtype=np.float64), np.asarray(vector, dtype=np.float64)])

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "version": VERSION, **self.__dict__}
        return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Ranker:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError(f"not a version {VERSION} {FORMAT} model")
        try:
            model = cls(
                names=tuple(str(n) for n in doc["names"]),
                mean=tuple(float(v) for v in doc["mean"]),
                scale=tuple(float(v) for v in doc["scale"]),
                coef=tuple(float(v) for v in doc["coef"]),
                intercept=float(doc["intercept"]),
                embedding_model=None if doc["embedding_model"] is None else str(doc["embedding_model"]),
                trained_at=str(doc["trained_at"]),
                decisions=int(doc["decisions"]),
                positives=int(doc["positives"]),
                cv_average_precision=float(doc["cv_average_precision"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a damaged {FORMAT} model ({exc})") from exc
        if not len(model.names) == len(model.mean) == len(model.scale) == len(model.coef):
            raise ValueError(f"a damaged {FORMAT} model (lengths differ)")
        return model


def train(
    sentences: Sequence[str],
    labels: Sequence[int],
    vectors: Matrix | None = None,
    *,
    embedding_model: str | None = None,
    groups: Sequence[int | str] | None = None,
    folds: int | None = None,
    seed: int = 0,
    grid: Grid = GRIDS["full"],
) -> Ranker:
    """Fit on labelled sentences; the regularisation strength is chosen by cross-validated average precision.

    `groups` (an article or debate per sentence) keeps each group within one fold, so the figure says how the
    ranker does on articles it has not seen, not on neighbours of sentences it was trained on.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_score
    from sklearn.preprocessing import StandardScaler

    y = np.asarray(labels, dtype=int)
    positives = int(y.sum())
    if positives < 2 or len(y) - positives < 2:
        raise ValueError("training needs at least two checked and two dismissed examples")
    x = feature_matrix(sentences, vectors)
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    scaled = (x - scaler.mean_) / scale
    n_splits = min(folds or grid.folds, positives, len(y) - positives)
    group_ids = None if groups is None else np.unique(np.asarray([str(g) for g in groups]), return_inverse=True)[1]
    if group_ids is not None and len(set(group_ids[y == 1])) >= 2:
        splits: Any = StratifiedGroupKFold(n_splits=min(n_splits, len(set(group_ids))), shuffle=True, random_state=seed)
    else:
        group_ids, splits = None, StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)

    def fresh(c: float, weight: str | None) -> LogisticRegression:
        return LogisticRegression(C=c, class_weight=weight, max_iter=3000)

    def fold_ap(c: float, weight: str | None) -> float:
        model = fresh(c, weight)
        scores = cross_val_score(model, scaled, y, groups=group_ids, cv=splits, scoring="average_precision")
        return float(np.mean(scores))

    cv = {(c, w): fold_ap(c, w) for c in grid.cs for w in grid.class_weights}
    best = max(cv, key=lambda k: (cv[k], -k[0]))  # the strongest regularisation among equals
    model = fresh(*best).fit(scaled, y)
    cv_ap = cv[best]
    names = ENGINE_FEATURES + tuple(f"{MEANING}:{i}" for i in range(x.shape[1] - len(ENGINE_FEATURES)))
    return Ranker(
        names=names,
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        embedding_model=embedding_model if vectors is not None else None,
        trained_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        decisions=len(y),
        positives=positives,
        cv_average_precision=round(cv_ap, 4),
    )
