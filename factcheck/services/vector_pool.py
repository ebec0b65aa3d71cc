"""Exact vector search over the match candidates, held in memory as float32 matrices (one per pool, per process).

The candidates of "previously checked" are this desk's claims with an approved verdict and the imported external
checks; their stored vectors (float16 in the database) are read once into a float32 matrix (numpy multiplies
float32 with BLAS; it has no fast float16 product): 147 MiB at 100,000 candidates, one matrix product of about
10 ms. Before each search one statement reads the newest approved verdict and the newest external check: newer
ones are appended, a changed history (rows gone, ids reused) reloads everything, and so does the age limit
RELOAD_AFTER (vectors re-embedded or back-filled since are then seen). The matrices only propose candidates: the
matcher reads each candidate's current vector from the database before it scores it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import VerdictState

RELOAD_AFTER = 600.0  # seconds
Kind = Literal["claims", "external"]
KINDS: tuple[Kind, ...] = ("claims", "external")
Ids = npt.NDArray[np.int64]

# the newest row of each pool, its timestamp, and the timestamp now of the row last read
_MARKS = """
SELECT nv.id, nv.created_at, (SELECT v.created_at FROM verdicts v WHERE v.id = :claims_mark),
       nx.id, nx.imported_at, (SELECT x.imported_at FROM external_checks x WHERE x.id = :external_mark)
FROM (SELECT 1 AS one) o
LEFT JOIN (SELECT id, created_at FROM verdicts WHERE state = :approved ORDER BY id DESC LIMIT 1) nv ON 1 = 1
LEFT JOIN (SELECT id, imported_at FROM external_checks ORDER BY id DESC LIMIT 1) nx ON 1 = 1
"""
_LOAD = {
    "claims": """
SELECT c.id, c.article_id, e.vector FROM claims c
JOIN claim_embeddings e ON e.claim_id = c.id AND e.model = :model
WHERE c.id IN (SELECT v.claim_id FROM verdicts v WHERE v.state = :approved AND v.id > :after AND v.id <= :upto)
""",
    "external": """
SELECT x.id, -1, x.embedding FROM external_checks x
WHERE x.embedding_model = :model AND x.id > :after AND x.id <= :upto
""",
}


@dataclass
class Pool:
    keys: Ids = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    groups: Ids = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # a claim's article; -1 for externals
    matrix: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    )
    mark: int = 0  # the newest verdict id / external check id read
    stamp: Any = None  # that row's timestamp, to notice a history that changed under the same id
    loaded_at: float = 0.0


_pools: dict[tuple[str, Kind], Pool] = {}
_lock = threading.Lock()


def _load(session: Session, kind: Kind, pool: Pool, after: int, upto: int) -> None:
    rows = session.execute(
        text(_LOAD[kind]),
        {"model": embeddings.MODEL_NAME, "approved": VerdictState.APPROVED.value, "after": after, "upto": upto},
    ).all()
    known = set(pool.keys.tolist()) if after else set()
    fresh = [(int(k), int(g), v) for k, g, v in rows if int(k) not in known]
    if not fresh:
        return
    vectors = np.frombuffer(b"".join(v for _, _, v in fresh), dtype="<f2").reshape(len(fresh), -1)
    pool.keys = np.concatenate([pool.keys, np.array([k for k, _, _ in fresh], dtype=np.int64)])
    pool.groups = np.concatenate([pool.groups, np.array([g for _, g, _ in fresh], dtype=np.int64)])
    pool.matrix = np.vstack([pool.matrix, vectors.astype(np.float32)])


def refresh(session: Session) -> dict[Kind, Pool]:
    """Both pools, brought up to date with the database (one statement when nothing changed)."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _lock:
        pools = {kind: _pools.setdefault((url, kind), Pool()) for kind in KINDS}
        marks = session.execute(
            text(_MARKS),
            {
                "approved": VerdictState.APPROVED.value,
                "claims_mark": pools["claims"].mark,
                "external_mark": pools["external"].mark,
            },
        ).one()
        now = time.monotonic()
        for kind, (newest, newest_stamp, stamp) in zip(KINDS, (marks[:3], marks[3:]), strict=True):
            pool, newest = pools[kind], int(newest or 0)
            changed = pool.mark and stamp != pool.stamp  # the row last read is gone, or another row has its id
            if changed or newest < pool.mark or now - pool.loaded_at > RELOAD_AFTER:
                pool = pools[kind] = _pools[(url, kind)] = Pool(loaded_at=now)
            if newest > pool.mark:
                _load(session, kind, pool, pool.mark, newest)
                pool.mark, pool.stamp = newest, newest_stamp
        return pools


def nearest(pool: Pool, vector: embeddings.Vector, depth: int, *, exclude_key: int = 0, exclude_group: int = 0) -> Ids:
    """The keys of the `depth` vectors nearest to `vector` (cosine; they are unit length), best first."""
    with _lock:  # the three arrays of one moment: `refresh` in another thread may be appending to them
        keys, groups, matrix = pool.keys, pool.groups, pool.matrix
    if depth <= 0 or not len(keys):
        return np.zeros(0, dtype=np.int64)
    with embeddings.blas_threads():  # OpenBLAS's extra threads spin after the product: CPU taken from the database
        sims = matrix @ vector.astype(np.float32)
    if exclude_key:
        sims[keys == exclude_key] = -np.inf
    if exclude_group:
        sims[groups == exclude_group] = -np.inf
    take = min(depth, len(sims))
    best = np.argpartition(-sims, take - 1)[:take]
    best = best[np.argsort(-sims[best], kind="stable")]
    return keys[best[np.isfinite(sims[best])]]
