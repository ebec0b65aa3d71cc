"""Candidates for "previously checked", from one pool (this desk's verdicted claims, or the external checks).

Full-text search looks only for the query's rarest words (`claims.match_terms`), so the rows the database ranks
stay few whatever the query: their document frequencies come from SQLite's `fts5vocab` tables (one statement for
both pools) or from PostgreSQL's lexeme statistics (`pg_stats.most_common_elems`, kept by ANALYZE and autovacuum,
read once every STATS_TTL seconds per process). The best DEPTH by rank (FTS5 `bm25()`; on PostgreSQL `ts_rank_cd`
of the stored tsvector, computed as a count of the query's words for an any-of query: `_PG_SCORE`) among claims
with an approved verdict (`ranked`), with the candidates exact vector search proposed (`vector_pool`), are then
read with their texts and current vectors in one statement (`details`). The two steps are separate so that the
matcher can run the vector search (numpy) while the database ranks (services/matching.py): both release the GIL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.claims.match_terms import Flavour, TermChoice, choose_terms, stem_key
from factcheck.claims.matching import Candidate, fts5_query, rescore, terms, tsquery
from factcheck.models import VerdictState
from factcheck.services.vectors import text_digest

DEPTH = 100  # full-text candidates re-ranked per pool
STATS_TTL = 600.0
Kind = Literal["claims", "external"]
Words = dict[Kind, list[str]]

_VOCAB = {"claims": "claims_fts_vocab", "external": "external_checks_fts_vocab"}
_TABLE = {"claims": "claims", "external": "external_checks"}
_TSV = {"claims": ("claims", "quote_tsv"), "external": ("external_checks", "claim_tsv")}
_RANKED = {
    ("sqlite", "claims"): """
SELECT f.rowid AS id, -f.rank AS score FROM claims_fts f
WHERE f.claims_fts MATCH :q AND f.rowid != :claim
  AND f.rowid NOT IN (SELECT c.id FROM claims c WHERE c.article_id = :article)
  AND EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = f.rowid AND v.state = :approved)
ORDER BY f.rank LIMIT :n""",
    ("postgresql", "claims"): """
SELECT r.id, r.score FROM (
  SELECT c.id AS id, {score} AS score
  FROM claims c CROSS JOIN to_tsquery('english', :q) AS q CROSS JOIN {lexemes} AS lx
  WHERE c.quote_tsv @@ q AND c.id != :claim AND c.article_id != :article ORDER BY score DESC, c.id OFFSET 0) AS r
WHERE EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = r.id AND v.state = :approved OFFSET 0)
ORDER BY r.score DESC, r.id LIMIT :n""",
    ("sqlite", "external"): """
SELECT f.rowid AS id, -f.rank AS score FROM external_checks_fts f
WHERE f.external_checks_fts MATCH :q ORDER BY f.rank LIMIT :n""",
    ("postgresql", "external"): """
SELECT x.id AS id, {score} AS score
FROM external_checks x CROSS JOIN to_tsquery('english', :q) AS q CROSS JOIN {lexemes} AS lx
WHERE x.claim_tsv @@ q ORDER BY score DESC, x.id LIMIT :n""",
}
# PostgreSQL's rank of a stored tsvector. `ts_rank_cd` of an any-of query (no weights, as the generated columns
# are) is 0.1 for each occurrence of a query word, one cover each (checked over 100,000 claims); counting those
# occurrences, the query's lexemes given weight A and the others dropped, gives the same float4 at a third of the
# cost (ts_rank_cd was most of the statement at 1,000 matching claims). All-of queries keep ts_rank_cd: its covers
# there span several words, and such queries match few texts. The EXISTS above is a per-row subplan (OFFSET 0):
# as a semi-join the planner hashed every approved verdict (100,000 rows) to keep a few hundred claims.
_LEXEMES = "tsvector_to_array(to_tsvector('english', replace(:q, '|', ' ')))"  # the query's, computed once
_ANY_OF = (
    "((SELECT sum(cardinality(u.positions)) FROM unnest(ts_filter(setweight({tsv}, 'A', lx), '{{a}}')) u) * 0.1)::real"
)
_PG_SCORE = {
    (kind, all_of): f"ts_rank_cd({tsv}, q)" if all_of else _ANY_OF.format(tsv=tsv)
    for kind, tsv in (("claims", "c.quote_tsv"), ("external", "x.claim_tsv"))
    for all_of in (False, True)
}
# A candidate's text and current vector (claims: the stored vector and the digest of the text it was computed
# from; external checks: the vector and the model that computed it).
_DETAILS = {
    "claims": (
        "SELECT c.id, c.quote, e.vector, e.text_sha256{score} FROM {keys} JOIN claims c ON c.id = k.id "
        "LEFT JOIN claim_embeddings e ON e.claim_id = c.id AND e.model = :model"
    ),
    "external": (
        "SELECT x.id, x.claim_text, x.embedding, x.embedding_model{score} FROM {keys} "
        "JOIN external_checks x ON x.id = k.id"
    ),
}


@dataclass(frozen=True)
class Frequencies:
    counts: dict[str, int]  # word -> stored texts holding it
    unknown: int  # assumed for a word the statistics do not list


_stats_lock = threading.Lock()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# SQLite document frequencies of common terms, read lately, per database, pool and stemmed term: (texts holding
# it, when read). Counting a term's documents walks its whole posting list (6 ms for a word in 100,000 claims),
# and the common words come back in most queries; for them the counts only say "too common to search for", which
# minutes do not change. Rare terms cost little to count and are read every time (they change as claims come).
_vocab: dict[tuple[str, Kind, str], tuple[int, float]] = {}
_VOCAB_MAX = 50_000
_VOCAB_COMMON = 500


def _sqlite_frequencies(session: Session, words: Words) -> dict[Kind, Frequencies]:
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    now = time.monotonic()
    keys = {kind: {w: stem_key(w, "porter") for w in ws} for kind, ws in words.items()}
    found: dict[tuple[str, str], int] = {}
    missing: dict[Kind, list[str]] = {}
    for kind in words:
        for key in sorted(set(keys[kind].values())):
            cached = _vocab.get((url, kind, key))
            if cached is not None and now - cached[1] < STATS_TTL:
                found[(kind, key)] = cached[0]
            else:
                missing.setdefault(kind, []).append(key)
    if missing:
        parts = [f"SELECT '{kind}', term, doc FROM {_VOCAB[kind]} WHERE term IN :{kind}" for kind in missing]
        stmt = text(" UNION ALL ".join(parts)).bindparams(*(bindparam(k, expanding=True) for k in missing))
        values: dict[str, list[str]] = {str(kind): ks for kind, ks in missing.items()}
        read = {(str(k), str(t)): int(d) for k, t, d in session.execute(stmt, values)}
        with _stats_lock:
            if len(_vocab) > _VOCAB_MAX:
                _vocab.clear()
            for kind, ks in missing.items():
                for key in ks:
                    if (count := read.get((kind, key), 0)) >= _VOCAB_COMMON:
                        _vocab[(url, kind, key)] = (count, now)
        found |= read
    return {kind: Frequencies({w: found.get((kind, key), 0) for w, key in keys[kind].items()}, 0) for kind in words}


@dataclass
class _Stats:
    share: dict[str, float]
    least: float  # the smallest share listed: a word not listed is at most this common
    rows: float
    read_at: float


_stats: dict[tuple[str, Kind], _Stats] = {}
_PG_STATS = """
SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = :column
WHERE c.relname = :table
"""


def _pg_stats(session: Session, kind: Kind) -> _Stats:
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _stats_lock:
        cached = _stats.get((url, kind))
        if cached is not None and time.monotonic() - cached.read_at < STATS_TTL:
            return cached
        table, column = _TSV[kind]
        row = session.execute(text(_PG_STATS), {"table": table, "column": column}).first()
        elems, freqs, rows = (row or (None, None, 0.0))[:3]
        share: dict[str, float] = {}
        least = 0.0
        if elems and freqs and len(freqs) >= len(elems):
            share = {str(e): float(f) for e, f in zip(elems, freqs, strict=False)}
            least = float(freqs[len(elems)]) if len(freqs) > len(elems) else min(share.values())
        _stats[(url, kind)] = cached = _Stats(share, least, max(float(rows or 0.0), 0.0), time.monotonic())
        return cached


def _pg_frequencies(session: Session, words: Words) -> dict[Kind, Frequencies]:
    out: dict[Kind, Frequencies] = {}
    for kind, ws in words.items():
        stats = _pg_stats(session, kind) if ws else _Stats({}, 0.0, 0.0, 0.0)
        counts = {w: round(stats.share[k] * stats.rows) for w in ws if (k := stem_key(w, "english")) in stats.share}
        out[kind] = Frequencies(counts, round(stats.least * stats.rows) if stats.share else 0)
    return out


_sizes: dict[tuple[str, Kind], tuple[int, float]] = {}
SIZE_TTL = 60.0


def _documents(session: Session, kind: Kind) -> int:
    """About how many texts the pool holds (its highest id; read once a minute per process): BM25's N."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _sizes.get((url, kind))
    if cached is not None and time.monotonic() - cached[1] < SIZE_TTL:
        return cached[0]
    size = int(session.execute(text(f"SELECT max(id) FROM {_TABLE[kind]}")).scalar() or 0)
    with _stats_lock:
        _sizes[(url, kind)] = (size, time.monotonic())
    return size


def forget_sizes() -> None:
    """Forget the pools' sizes read lately (after emptying the tables: tests, a restore)."""
    with _stats_lock:
        _sizes.clear()


def choices(session: Session, query: str, kinds: Sequence[Kind]) -> dict[Kind, TermChoice]:
    """For each pool, the query's words to search for (at most one statement, and one a minute for the pools'
    sizes), with what the choice was made from."""
    words: Words = {kind: terms(query) for kind in kinds}
    lookup = _sqlite_frequencies if _dialect(session) == "sqlite" else _pg_frequencies
    freqs = lookup(session, words)
    out: dict[Kind, TermChoice] = {}
    for kind in kinds:
        choice = choose_terms(words[kind], freqs[kind].counts, unknown=freqs[kind].unknown)
        held = max(choice.frequency.values(), default=0)
        out[kind] = replace(choice, documents=max(_documents(session, kind), held + 1) if words[kind] else 0)
    return out


def rescored(session: Session, query: str, choice: TermChoice, found: Sequence[Candidate]) -> list[Candidate]:
    """The candidates ordered by BM25 of every word of the query (`matching.rescore`), stemmed as the database's
    index stems (SQLite's porter tokenizer, PostgreSQL's english configuration)."""
    flavour: Flavour = "porter" if _dialect(session) == "sqlite" else "english"
    return rescore(query, found, choice.frequency, choice.documents, flavour=flavour)


Row = tuple[Any, ...]  # (key, text, stored vector, its label, full-text score or None)


def ranked(
    session: Session,
    kind: Kind,
    choice: TermChoice,
    *,
    exclude_claim: int = 0,
    exclude_article: int = 0,
    depth: int = DEPTH,
) -> list[Row]:
    """The `depth` best texts of the pool for the chosen words, by full-text rank (claims: those with an approved
    verdict, outside the excluded claim and article), with their texts and vectors. One statement, none when no
    word was chosen."""
    dialect = _dialect(session)
    expression = (fts5_query if dialect == "sqlite" else tsquery)(choice.words, all_of=choice.all_of)
    if not expression:
        return []
    best = _RANKED[(dialect, kind)].replace("{score}", _PG_SCORE[(kind, choice.all_of)]).replace("{lexemes}", _LEXEMES)
    keys = _DETAILS[kind].replace("{score}", ", k.score").replace("{keys}", "ranked k")
    values: dict[str, Any] = {"q": expression, "n": depth, "claim": exclude_claim, "article": exclude_article}
    values |= {"approved": VerdictState.APPROVED.value, "model": embeddings.MODEL_NAME}
    return list(session.execute(text(f"WITH ranked AS MATERIALIZED ({best}) {keys}"), values).all())


def details(session: Session, kind: Kind, found: Sequence[Row], near: Sequence[int] = ()) -> list[Candidate]:
    """The candidates: the full-text ones (`ranked`) best first, then those of `near` (keys found by vector) that
    full-text did not find, in the order vector search found them (their texts and vectors: one statement)."""
    known = {int(row[0]) for row in found}
    missing = [k for k in near if k not in known]
    rows = list(found)
    if missing:
        sql = _DETAILS[kind].replace("{score}", ", NULL").replace("{keys}", f"{_TABLE[kind]} k")
        stmt = text(f"{sql} WHERE k.id IN :ids").bindparams(bindparam("ids", expanding=True))
        rows += session.execute(stmt, {"ids": missing, "model": embeddings.MODEL_NAME}).all()
    return _ordered(kind, rows, near)


def candidates(
    session: Session,
    kind: Kind,
    choice: TermChoice,
    near: Sequence[int] = (),
    *,
    exclude_claim: int = 0,
    exclude_article: int = 0,
    depth: int = DEPTH,
) -> list[Candidate]:
    """Full-text candidates best first, then those of `near` (keys found by vector) that full-text did not find."""
    found = ranked(session, kind, choice, exclude_claim=exclude_claim, exclude_article=exclude_article, depth=depth)
    return details(session, kind, found, near)


def _current(kind: Kind, body: str, vector: bytes | None, label: str | None) -> embeddings.Vector | None:
    """The stored vector if it was computed from this text (claims) or by the current model (external checks)."""
    if vector is None:
        return None
    current = label == text_digest(body) if kind == "claims" else label == embeddings.MODEL_NAME
    return embeddings.from_bytes(vector) if current else None


def _ordered(kind: Kind, rows: Sequence[Any], near: Sequence[int]) -> list[Candidate]:
    """Full-text candidates by score (ties by id), then the vector-only ones in the order search found them."""
    found: dict[int, Candidate] = {}
    for key, body, vector, label, score in rows:
        lexical = None if score is None else float(score)
        found[int(key)] = Candidate(str(key), str(body), lexical, _current(kind, str(body), vector, label))
    by_words = sorted(
        (c for c in found.values() if c.lexical is not None), key=lambda c: (-(c.lexical or 0.0), int(c.key))
    )
    by_vector = [found[k] for k in near if k in found and found[k].lexical is None]
    return by_words + by_vector
