"""Speed of "previously checked" at 100,000 verdicted claims, embedding throughput, and process memory (prints).

    .venv/bin/python benchmarks/matching_speed.py [--claims 100000] [--queries 200]
        [--postgres postgresql+psycopg://factcheck:factcheck@127.0.0.1:5432/DB]   (the database is emptied!)

Builds the database (SQLite in a temporary folder; PostgreSQL when --postgres is given) with N claims, each with
an approved verdict and a stored vector, and times, for queries drawn from stored claims:
  - the matcher (services.matching.find_for_claim): full-text candidates of verdicted claims ordered by rank,
    re-ranked with the stored vectors -- the shipped path; and with a fresh text (the query embedded first);
  - the old lookup in the same run (baseline): 200 candidates by full-text rank taken BEFORE the verdict
    filter, then rapidfuzz (on PostgreSQL through a to_tsvector(quote) expression index, as before);
  - the alternative: exact search over every stored vector as one float16 numpy matrix.
Claim texts are synthetic (words drawn Zipf-like from the model's English vocabulary; a common word in 60% of
them); stored vectors are real embeddings of 1,000 texts, repeated: the timing of the cosine step does not depend
on what the vectors say. Goal: p95 under 50 ms on both databases.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.claims import embeddings  # noqa: E402
from factcheck.factory import create_app  # noqa: E402

COMMON = "government"


def vocabulary() -> list[str]:
    folder = embeddings.model_dir()
    assert folder is not None, "the model package is needed for this benchmark"
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    return [w for w in vocab if w.isalpha() and w.isascii() and len(w) >= 3][:20000]


def sentences(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary()
    weights = [1.0 / (r + 10) for r in range(len(words))]  # Zipf-like: a few frequent words, a long tail
    out = []
    for i in range(n):
        picked = rng.choices(words, weights, k=rng.randint(8, 22))
        if rng.random() < 0.6:
            picked.insert(rng.randrange(len(picked)), COMMON)
        picked.insert(rng.randrange(len(picked)), str(rng.randint(2, 2030)))
        out.append(" ".join(picked).capitalize() + f" (claim {i}).")
    return out


def build(app: Any, texts: list[str], vectors: np.ndarray) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, select, text

    from factcheck.extensions import db
    from factcheck.models import (
        Article,
        ArticleRevision,
        Base,
        Claim,
        ClaimEmbedding,
        Rating,
        User,
        Verdict,
        text_sha256,
    )
    from factcheck.services import ratings
    from factcheck.services.vectors import text_digest

    with app.app_context():
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        s = db.session()
        ratings.load_presets(s)
        s.add(User(email="bench@example.org", name="Bench", role="editor", password_hash="x"))
        s.commit()
        user = s.scalar(select(User.id))
        rating = s.scalar(select(Rating.id))
        per = 100
        s.execute(insert(Article), [{"slug": f"a{a}", "title": f"A{a}"} for a in range(len(texts) // per)])
        arts = list(s.scalars(select(Article.id).order_by(Article.id)))
        s.execute(insert(ArticleRevision), [{"article_id": a, "number": 1, "text": "x", "sha256": text_sha256("x"),
                                             "origin": "paste"} for a in arts])  # fmt: skip
        revs = dict(s.execute(select(ArticleRevision.article_id, ArticleRevision.id)).all())
        for start in range(0, len(texts), 10000):
            chunk = range(start, min(start + 10000, len(texts)))
            s.execute(insert(Claim), [{"article_id": arts[i // per], "revision_id": revs[arts[i // per]], "start": 0,
                                       "end": 1, "quote": texts[i], "status": "approved"} for i in chunk])  # fmt: skip
        ids = list(s.scalars(select(Claim.id).order_by(Claim.id)))
        for start in range(0, len(ids), 10000):
            chunk = range(start, min(start + 10000, len(ids)))
            s.execute(insert(Verdict), [{"claim_id": ids[i], "rating_id": rating, "summary": "s", "state": "approved",
                                         "author_id": user} for i in chunk])  # fmt: skip
            s.execute(insert(ClaimEmbedding), [{"claim_id": ids[i], "model": embeddings.MODEL_NAME,
                                                "vector": embeddings.to_bytes(vectors[i % len(vectors)]),
                                                "text_sha256": text_digest(texts[i])} for i in chunk])  # fmt: skip
        s.commit()
        if db.engine.dialect.name == "postgresql":
            s.execute(
                text("CREATE INDEX IF NOT EXISTS ix_bench_old_fts ON claims USING gin (to_tsvector('english', quote))")
            )
            s.commit()
            s.connection().exec_driver_sql("COMMIT")
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")


def old_lookup(session: Any, claim: Any) -> list[Any]:
    """The lookup as it was: 200 candidates before the verdict filter, LIMIT 50 unordered, rapidfuzz."""
    from rapidfuzz import fuzz
    from sqlalchemy import func, select, text

    from factcheck.claims.matching import terms
    from factcheck.models import Claim, Verdict

    words = terms(claim.quote, 24)
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q AND rowid != :id "
                                    "ORDER BY bm25(claims_fts) LIMIT 200"),
                               {"q": " OR ".join(f'"{t}"' for t in words), "id": claim.id})  # fmt: skip
        ids = [r[0] for r in rows]
    else:
        q, v = func.to_tsquery("english", " | ".join(words)), func.to_tsvector("english", Claim.quote)
        ids = list(session.scalars(select(Claim.id).where(v.op("@@")(q), Claim.id != claim.id)
                                   .order_by(func.ts_rank(v, q).desc()).limit(200)))  # fmt: skip
    latest = select(func.max(Verdict.id)).where(Verdict.claim_id.in_(ids), Verdict.state == "approved")
    rows = session.execute(select(Claim, Verdict).join(Verdict, Verdict.claim_id == Claim.id)
                           .where(Verdict.id.in_(latest.group_by(Verdict.claim_id))).limit(50)).all()  # fmt: skip
    return sorted(rows, key=lambda r: -fuzz.token_set_ratio(claim.quote, r[0].quote))[:5]


def timed(name: str, fn: Callable[[Any], Any], items: list[Any], *, empty: Callable[[Any], bool] | None = None) -> None:
    times, empties = [], 0
    for item in items:
        t = time.perf_counter()
        result = fn(item)
        times.append((time.perf_counter() - t) * 1000)
        empties += bool(empty and empty(result))
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    print(f"   {name:<58} p50 {p(0.5):7.1f} ms  p95 {p(0.95):7.1f} ms  max {times[-1]:7.1f} ms"
          + (f"  empty {empties}/{len(items)}" if empty else ""))  # fmt: skip


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    encoder = embeddings.encoder()
    if encoder is None:
        print("the model package is not installed: nothing to measure")
        return 0
    texts = sentences(args.claims)
    sample = texts[:1000]
    t = time.perf_counter()
    vectors = encoder.encode(sample)
    batched = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    for s in sample[:100]:
        encoder.encode([s])
    single = 100 / (time.perf_counter() - t)
    print(
        f"embedding: {batched:.0f} sentences/s batched, {single:.0f} sentences/s one at a time"
        f" (RSS {rss_mib():.0f} MiB)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app({"DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp,
                          "SECRET_KEY": "benchmark-secret-key-0123456789abcdef"})  # fmt: skip
        t = time.perf_counter()
        build(app, texts, vectors)
        print(
            f"{url.split(':')[0]}: built {args.claims:,} verdicted claims with vectors"
            f" in {time.perf_counter() - t:.0f} s"
        )
        measure(app, args.queries, texts)
    print(
        f"process memory: RSS {rss_mib():.0f} MiB,"
        f" peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    return 0


def measure(app: Any, queries: int, texts: list[str]) -> None:
    from sqlalchemy import select

    from factcheck.extensions import db
    from factcheck.models import Claim, ClaimEmbedding
    from factcheck.services import matching

    with app.app_context():
        s = db.session()
        rng = random.Random(5)
        ids = list(s.scalars(select(Claim.id)))
        picked = [s.get(Claim, i) for i in rng.sample(ids, queries)]
        common = [c for c in picked if matching.terms(c.quote)[:1] and "government" in c.quote][: queries // 2]
        for c in picked[:5]:  # warm the caches
            matching.find_for_claim(s, c)
            old_lookup(s, c)
        timed(
            "old lookup (baseline: filter after limit, rapidfuzz)",
            lambda c: old_lookup(s, c),
            picked,
            empty=lambda r: not r,
        )
        timed(
            "matcher, stored claim (FTS + stored vectors + fusion)",
            lambda c: matching.find_for_claim(s, c),
            picked,
            empty=lambda r: not r,
        )
        timed("matcher, stored claims containing a common word", lambda c: matching.find_for_claim(s, c), common)
        fresh = [texts[i] + " Reported again today." for i in range(queries)]
        timed("matcher, new text (embedded first)", lambda q: matching.find(s, q), fresh)
        t = time.perf_counter()
        matrix = np.vstack([embeddings.from_bytes(v) for v in s.scalars(select(ClaimEmbedding.vector))]).astype(
            np.float16
        )
        print(f"   exact search: {matrix.shape[0]:,} vectors loaded in {time.perf_counter() - t:.1f} s, "
              f"{matrix.nbytes / 2**20:.0f} MiB as float16")  # fmt: skip
        query_vectors = [
            embeddings.from_bytes(s.get(ClaimEmbedding, (c.id, embeddings.MODEL_NAME)).vector) for c in picked
        ]
        timed("exact search over all vectors (numpy float16, top 100)",
              lambda v: np.argpartition(-(matrix @ v.astype(np.float16)), 100)[:100], query_vectors)  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
