"""Quality of "previously checked" matching on CLEF 2020 CheckThat! Task 2 (tweets -> verified claims). Prints only.

    .venv/bin/python benchmarks/matching_quality.py [--split train,dev] [--boot 2000] [--vectors CACHE.npz]
        [--budgets 100,4000]

(--vectors keeps the embeddings of every text seen in a file outside the project, so a second run skips the
minutes of embedding; the vectors are the model's, whichever run computed them.)

Reads ../shared/eval/checkthat2020-task2 (never shipped; research-use licence: nothing is fitted here at all).
For each split and each way of finding candidates:
  - "every word": the full-text stage searches for any of the query's content words (up to 32; as before);
  - "rarest words": only the rarest (claims/match_terms.py: at most QUERY_TERMS words, POSTINGS_BUDGET postings);
  - "rarest words + nearest vectors": those, and the SEMANTIC_DEPTH texts nearest by exact vector search;
  - "..., scored by every word": those, ordered by BM25 of every word of the query (matching.rescore; ships);
MAP@5, MRR (at depth 5) and P@1 of
  - BM25 alone: the FTS5 `bm25()` order of the full-text stage (k1 1.2, b 0.75, porter stemmer);
  - semantic alone: the same candidates ordered by cosine similarity of MiniLM embeddings;
  - the matcher: reciprocal rank fusion of the two orders, with the figure/negation demotion;
and paired bootstrap 95% intervals over queries of the differences: each matcher - BM25 alone over every word (the
issue's baseline), and the shipped matcher - the matcher as it was (every word, full-text candidates only).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.claims import embeddings, match_terms, matching  # noqa: E402
from factcheck.claims.match_index import Document, MemoryIndex  # noqa: E402
from factcheck.claims.matching import Candidate, Match  # noqa: E402

DATA = Path(os.environ.get("FACTCHECK_SHARED_DIR") or ROOT.parent / "shared") / "eval" / "checkthat2020-task2"
Ranker = Callable[[str, matching.Vector | None, list[Candidate]], list[str]]


def read_tsv(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines if line.strip()]


def average_precision_at(ranked: Sequence[str], relevant: set[str], depth: int = 5) -> float:
    hits, total = 0, 0.0
    for i, key in enumerate(ranked[:depth], 1):
        if key in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str], depth: int = 5) -> float:
    return next((1.0 / i for i, key in enumerate(ranked[:depth], 1) if key in relevant), 0.0)


def bootstrap(a: list[float], b: list[float], rounds: int, seed: int = 7) -> tuple[float, float]:
    """Paired bootstrap 95% interval of mean(a) - mean(b) over queries."""
    rng = random.Random(seed)
    n = len(a)
    diffs = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        diffs.append(sum(a[i] - b[i] for i in idx) / n)
    diffs.sort()
    return diffs[int(0.025 * rounds)], diffs[int(0.975 * rounds) - 1]


def semantic_only(query: str, vector: matching.Vector | None, cands: list[Candidate]) -> list[str]:
    ranked: list[Match] = matching.rank(query, vector, cands, top=len(cands))
    return [m.key for m in sorted(ranked, key=lambda m: (m.semantic_rank or 10**6, m.lexical_rank or 10**6))[:5]]


def lexical_only(query: str, vector: matching.Vector | None, cands: list[Candidate]) -> list[str]:
    return [c.key for c in cands if c.lexical is not None][:5]


def fused(query: str, vector: matching.Vector | None, cands: list[Candidate]) -> list[str]:
    return [m.key for m in matching.rank(query, vector, cands, top=5)]


# name -> (term limit, postings budget, semantic depth, candidates re-scored by every word of the query)
CONFIGS = {
    "every word": (matching.MAX_TERMS, 10**9, 0, False),
    "rarest words": (match_terms.QUERY_TERMS, match_terms.POSTINGS_BUDGET, 0, False),
    "rarest words + nearest vectors": (
        match_terms.QUERY_TERMS,
        match_terms.POSTINGS_BUDGET,
        matching.SEMANTIC_DEPTH,
        False,
    ),
    "rarest words + nearest vectors, scored by every word": (
        match_terms.QUERY_TERMS,
        match_terms.POSTINGS_BUDGET,
        matching.SEMANTIC_DEPTH,
        True,
    ),
}
SHIPPED_CONFIG = "rarest words + nearest vectors, scored by every word"
BASELINE, BEFORE, SHIPPED = ("every word", "BM25 alone"), ("every word", "matcher"), (SHIPPED_CONFIG, "matcher")


def evaluate(index: MemoryIndex, split: str, rankers: dict[str, Ranker], rounds: int, enc: Any) -> None:
    queries = read_tsv(DATA / f"{split}.queries.tsv")
    gold: dict[str, set[str]] = {}
    for row in read_tsv(DATA / f"{split}.qrels.tsv"):
        gold.setdefault(row[0], set()).add(row[2])
    enc = enc if index.semantic else None
    cleaned = [matching.clean_query(q[1]) for q in queries]
    vectors = list(enc.encode(cleaned)) if enc is not None else [None] * len(cleaned)
    print(f"== {split}: {len(queries)} queries")
    per: dict[tuple[str, str], list[float]] = {}
    for config, (limit, budget, semantic_depth, every_word) in CONFIGS.items():
        if semantic_depth and enc is None:
            continue
        index.term_limit, index.budget = limit, budget
        start = time.perf_counter()
        cands = [
            index.candidates(q, vector=v, semantic_depth=semantic_depth, every_word=every_word)
            for q, v in zip(cleaned, vectors, strict=True)
        ]
        took = (time.perf_counter() - start) / len(cleaned) * 1000
        recall = sum(bool({c.key for c in cs} & gold[q[0]]) for q, cs in zip(queries, cands, strict=True))
        print(f"   -- {config}: candidate recall {recall / len(queries):.3f}, {took:.1f} ms a query")
        for name, ranker in rankers.items():
            aps, rrs, p1 = [], [], []
            for (qid, _), q, v, cs in zip(queries, cleaned, vectors, cands, strict=True):
                keys = ranker(q, v, cs)
                aps.append(average_precision_at(keys, gold[qid]))
                rrs.append(reciprocal_rank(keys, gold[qid]))
                p1.append(1.0 if keys[:1] and keys[0] in gold[qid] else 0.0)
            per[(config, name)] = aps
            n = len(aps)
            print(f"      {name:<24} MAP@5 {sum(aps) / n:.3f}  MRR {sum(rrs) / n:.3f}  P@1 {sum(p1) / n:.3f}")
    for a, b in ((BEFORE, BASELINE), (SHIPPED, BASELINE), (SHIPPED, BEFORE)):
        if a in per and b in per:
            lo, hi = bootstrap(per[a], per[b], rounds)
            diff = (sum(per[a]) - sum(per[b])) / len(queries)
            print(f"   {' / '.join(a)} - {' / '.join(b)}: {diff:+.3f} MAP@5, 95% interval [{lo:+.3f}, {hi:+.3f}]")


class CachedEncoder:
    """The encoder with a file of vectors already computed, keyed by text."""

    def __init__(self, encoder: embeddings.Encoder, path: Path) -> None:
        self.encoder, self.path = encoder, path
        self.known: dict[str, matching.Vector] = {}
        if path.is_file():
            with np.load(path) as stored:
                self.known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))

    def encode(self, texts: list[str]) -> matching.Vector:
        missing = sorted({t for t in texts if t not in self.known})
        if missing:
            self.known.update(zip(missing, self.encoder.encode(missing), strict=True))
        out = np.zeros((len(texts), embeddings.DIMENSIONS), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = self.known[t]
        return out

    def save(self) -> None:
        texts = list(self.known)
        np.savez(self.path, texts=np.array(texts), vectors=np.vstack([self.known[t] for t in texts]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="train,dev")
    parser.add_argument("--boot", type=int, default=2000)
    parser.add_argument("--vectors", type=Path, default=None)
    parser.add_argument(
        "--budgets",
        default="",
        help="also score the shipped path with these postings budgets (e.g. 100,4000): how much the words' budget "
        "costs in quality (the pool here is 10,375 texts; the budget is absolute, so 100 here is 1,000 at 100,000)",
    )
    args = parser.parse_args()
    for budget in (int(b) for b in args.budgets.split(",") if b.strip()):
        CONFIGS[f"rarest words (budget {budget}) + nearest vectors, scored by every word"] = (
            match_terms.QUERY_TERMS,
            budget,
            matching.SEMANTIC_DEPTH,
            True,
        )
    if not DATA.is_dir():
        print(f"{DATA} is missing (set FACTCHECK_SHARED_DIR to the folder that holds eval/): skipping.")
        return 0
    docs = [Document(r[0], r[1], r[2] if len(r) > 2 else "") for r in read_tsv(DATA / "verified_claims.tsv")]
    model = embeddings.encoder()
    if model is None:
        print("the embedding model package is not installed: lexical matching only")
    enc = CachedEncoder(model, args.vectors) if model is not None and args.vectors else model
    start = time.perf_counter()
    index = MemoryIndex(docs, enc.encode if enc is not None else None)
    took = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"indexed {len(docs)} verified claims (text + title) in {took:.1f} s ({len(docs) / took:.0f}/s)")
    print(f"peak memory {rss:.0f} MiB")
    print("reference (README, bm25s, no stemming): BM25 0.801 train / 0.753 dev MAP@5")
    rankers: dict[str, Ranker] = {"BM25 alone": lexical_only}
    if enc is not None:
        rankers |= {"semantic alone": semantic_only, "matcher": fused}
    for split in args.split.split(","):
        evaluate(index, split, rankers, args.boot, enc)
    if isinstance(enc, CachedEncoder):
        enc.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
