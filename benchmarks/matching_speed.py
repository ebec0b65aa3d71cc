"""Speed of "previously checked" at 100,000 stored claims, embedding throughput, and process memory (prints).

    .venv/bin/python benchmarks/matching_speed.py [--claims 100000] [--queries 200] [--shape zipf|common]
        [--verdicted 1.0] [--postgres postgresql+psycopg://factcheck:factcheck@127.0.0.1:5432/DB]
        [--no-old]
    (the PostgreSQL database is emptied!)

Builds the database (SQLite in a temporary folder; PostgreSQL when --postgres is given) with N claims, each with
a stored vector, a `--verdicted` share of them with an approved verdict (the only match candidates), texts of the
given shape (benchmarks/matching_data.py: "zipf" is fitted to real claims' word frequencies, "common" adds one word
to 60% of them), and times, for queries drawn from stored claims:
  - the old lookup in the same run (baseline): 200 candidates by full-text rank taken BEFORE the verdict
    filter, then rapidfuzz (on PostgreSQL through a to_tsvector(quote) expression index, as before);
  - the matcher (services.matching.find_for_claim), the shipped path, for every query and separately for the
    pathological ones: queries holding the common word ("common" shape), and texts made only of frequent words;
  - its full-text stage alone, a fresh text (embedded first), and exact search over stored vectors in numpy:
    float16 over every claim, float32 over the verdicted claims only.
Stored vectors are real embeddings of 1,000 texts, repeated: the cosine step's time does not depend on what the
vectors say. Goal: p95 under 50 ms on both databases.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from matching_data import COMMON, build, frequent_words, sentences  # noqa: E402

from factcheck.claims import embeddings  # noqa: E402
from factcheck.factory import create_app  # noqa: E402


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
    if not items:
        print(f"   {name:<58} (no such queries)")
        return
    times, cpu, empties = [], [], 0
    for item in items:
        t, c = time.perf_counter(), time.process_time()
        result = fn(item)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        empties += bool(empty and empty(result))
    times.sort()
    cpu.sort()

    def p(q: float, xs: list[float] = times) -> float:
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    # CPU time of this process (SQLite and numpy run in it; PostgreSQL's own work is not counted): what a query
    # costs when the machine is not shared, where wall time also holds the wait for a core
    print(f"   {name:<58} p50 {p(0.5):7.1f} ms  p95 {p(0.95):7.1f} ms  max {times[-1]:7.1f} ms"
          f"  (CPU p50 {p(0.5, cpu):6.1f}  p95 {p(0.95, cpu):6.1f})  n {len(items)}"
          + (f"  empty {empties}" if empty else ""))  # fmt: skip


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shape", choices=("zipf", "common"), default="zipf")
    parser.add_argument("--verdicted", type=float, default=1.0)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--no-old", action="store_true", help="skip the old lookup (seconds a query on PostgreSQL)")
    args = parser.parse_args()
    encoder = embeddings.encoder()
    if encoder is None:
        print("the model package is not installed: nothing to measure")
        return 0
    texts = sentences(args.claims, args.shape)
    sample = texts[:1000]
    t = time.perf_counter()
    vectors = encoder.encode(sample)
    batched = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    for s in sample[:100]:
        encoder.encode([s])
    single = 100 / (time.perf_counter() - t)
    print(f"embedding: {batched:.0f} sentences/s batched, {single:.0f} sentences/s one at a time"
          f" (RSS {rss_mib():.0f} MiB)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app({"DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": tmp,
                          "SECRET_KEY": "benchmark-secret-key-0123456789abcdef"})  # fmt: skip
        t = time.perf_counter()
        build(app, texts, vectors, args.verdicted)
        print(f"{url.split(':')[0]}: built {args.claims:,} claims ({args.shape} texts), {args.verdicted:.0%} verdicted,"
              f" with vectors, in {time.perf_counter() - t:.0f} s")  # fmt: skip
        measure(app, args.queries, old=not args.no_old)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process memory: RSS {rss_mib():.0f} MiB, peak {peak:.0f} MiB")
    return 0


def measure(app: Any, queries: int, *, old: bool = True) -> None:
    from sqlalchemy import select

    from factcheck.extensions import db
    from factcheck.models import Claim, ClaimEmbedding, Verdict
    from factcheck.services import matching

    with app.app_context():
        s = db.session()
        rng = random.Random(5)
        ids = list(s.scalars(select(Claim.id)))
        picked = [c for i in rng.sample(ids, queries) if (c := s.get(Claim, i)) is not None]
        common = [c for c in picked if COMMON in c.quote.split()]
        top = frequent_words(30)
        frequent = [" ".join(rng.sample(top, 7)) for _ in range(queries // 2)]
        for c in picked[:5]:  # warm the caches
            matching.find_for_claim(s, c)
        if old:
            old_lookup(s, picked[0])
            timed("old lookup (baseline: filter after limit, rapidfuzz)", lambda c: old_lookup(s, c), picked,
                  empty=lambda r: not r)  # fmt: skip
        timed("matcher, stored claim (shipped path)", lambda c: matching.find_for_claim(s, c), picked,
              empty=lambda r: not r)  # fmt: skip
        timed(f"matcher, stored claims holding {COMMON!r}", lambda c: matching.find_for_claim(s, c), common)
        vector = embeddings.from_bytes(s.scalars(select(ClaimEmbedding.vector).limit(1)).one())
        timed("matcher, a text of frequent words only (stored vector)",
              lambda q: matching.find(s, q, vector=vector), frequent)  # fmt: skip
        timed("full-text stage alone (candidates of a stored claim)",
              lambda c: matching.claim_candidates(s, c.quote, exclude_claim=c.id, exclude_article=c.article_id),
              picked)  # fmt: skip
        fresh = [c.quote + " Reported again today." for c in picked]
        timed("matcher, new text (embedded first)", lambda q: matching.find(s, q), fresh)
        t = time.perf_counter()
        everything = np.vstack([embeddings.from_bytes(v) for v in s.scalars(select(ClaimEmbedding.vector))])
        half = everything.astype(np.float16)
        verdicted = select(Verdict.claim_id).where(Verdict.state == "approved")
        rows = s.scalars(select(ClaimEmbedding.vector).where(ClaimEmbedding.claim_id.in_(verdicted)))
        single = np.vstack([embeddings.from_bytes(v) for v in rows]).astype(np.float32)
        print(f"   exact search: vectors read in {time.perf_counter() - t:.1f} s: {half.shape[0]:,} as float16"
              f" ({half.nbytes / 2**20:.0f} MiB), {single.shape[0]:,} verdicted as float32"
              f" ({single.nbytes / 2**20:.0f} MiB)")  # fmt: skip
        query_vectors = [everything[ids.index(c.id)] for c in picked]
        timed("exact search, every vector (numpy float16, top 100)",
              lambda v: np.argpartition(-(half @ v.astype(np.float16)), 100)[:100], query_vectors)  # fmt: skip
        timed("exact search, verdicted vectors (numpy float32, top 100)",
              lambda v: np.argpartition(-(single @ v), 100)[:100], query_vectors)  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
