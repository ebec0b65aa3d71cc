"""An in-memory matching index over a list of texts (verified claims read from a file), for evaluation runs.

It retrieves the way the workbench does on SQLite: an FTS5 table (porter stemmer, unicode61) queried with the same
`fts5_query` over the same choice of the query's rarest words (`match_terms`, from the table's `fts5vocab`
document frequencies) and ordered by `bm25()`; with `semantic_depth`, the texts nearest by exact vector search
join them; then `matching.rank` fuses the same lexical and semantic orders. An optional second field (a
fact-check's title) is indexed beside the text, and its embedding counts as well as the text's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.claims.match_terms import POSTINGS_BUDGET, QUERY_TERMS, TermChoice, choose_terms, stem_key
from factcheck.claims.matching import Candidate, Match, Vector, clean_query, fts5_query, rank, rescore, terms

DEPTH = 100  # full-text candidates re-ranked per query
CHUNK = 512  # documents embedded between two progress reports
Encode = Callable[[list[str]], Vector]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Document:
    key: str
    text: str
    title: str = ""


class MemoryIndex:
    def __init__(
        self, documents: Sequence[Document], encode: Encode | None = None, progress: Progress | None = None
    ) -> None:
        self.documents = list(documents)
        self._db = sqlite3.connect(":memory:")
        self._db.execute("CREATE VIRTUAL TABLE docs_fts USING fts5(text, title, tokenize='porter unicode61')")
        self._db.execute("CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs_fts, row)")
        self._db.executemany(
            "INSERT INTO docs_fts(rowid, text, title) VALUES (?, ?, ?)",
            ((i + 1, d.text, d.title) for i, d in enumerate(self.documents)),
        )
        self._encode = encode
        self._vectors: list[Vector] | None = None
        self._matrix: Vector | None = None
        self.term_limit, self.budget = QUERY_TERMS, POSTINGS_BUDGET
        if encode is not None and self.documents:
            texts = self._embed([d.text for d in self.documents], progress)
            titled = [i for i, d in enumerate(self.documents) if d.title]
            titles = self._embed([self.documents[i].title for i in titled], progress)
            # one vector per document: the mean of its text's and its title's, renormalised
            merged = texts.copy()
            merged[titled] += titles
            merged /= np.maximum(np.linalg.norm(merged, axis=1, keepdims=True), 1e-12)
            self._matrix = merged.astype(np.float32)
            self._vectors = list(self._matrix)

    def _embed(self, texts: list[str], progress: Progress | None) -> Vector:
        assert self._encode is not None
        parts = [self._encode(texts[:0])]
        for start in range(0, len(texts), CHUNK):
            parts.append(self._encode(texts[start : start + CHUNK]))
            if progress is not None:
                progress(len(parts[-1]))
        return np.vstack(parts).astype(np.float32)

    @property
    def semantic(self) -> bool:
        return self._vectors is not None

    def frequency(self, query: str) -> dict[str, int]:
        """Each content word of the query: how many documents hold it (this index's fts5vocab)."""
        words = terms(query)
        keys = {w: stem_key(w, "porter") for w in words}
        wanted = sorted(set(keys.values()))
        marks = ",".join("?" * len(wanted))
        found = dict(self._db.execute(f"SELECT term, doc FROM docs_vocab WHERE term IN ({marks})", wanted).fetchall())
        return {w: int(found.get(k, 0)) for w, k in keys.items()}

    def choose(self, query: str) -> TermChoice:
        """The query's words to search for, the rarest by this index's document frequencies."""
        return choose_terms(terms(query), self.frequency(query), limit=self.term_limit, budget=self.budget)

    def candidates(
        self,
        query: str,
        depth: int = DEPTH,
        *,
        vector: Vector | None = None,
        semantic_depth: int = 0,
        every_word: bool = True,
    ) -> list[Candidate]:
        """Full-text candidates in bm25 order, then (with `vector` and `semantic_depth`) the nearest by vector that
        full-text search did not find; with `every_word` (as the workbench does), all of them ordered by BM25 of
        every word of the query (`matching.rescore`), not only of the words searched for."""
        choice = self.choose(query)
        expression = fts5_query(choice.words, all_of=choice.all_of)
        rows = []
        if expression:
            rows = self._db.execute(
                "SELECT rowid, -bm25(docs_fts) FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts) LIMIT ?",
                (expression, depth),
            ).fetchall()
        found: list[tuple[int, float | None]] = [(int(rowid) - 1, float(score)) for rowid, score in rows]
        if vector is not None and semantic_depth > 0 and self._matrix is not None and len(self._matrix):
            sims = self._matrix @ vector.astype(np.float32)
            near = np.argsort(-sims, kind="stable")[:semantic_depth]
            seen = {i for i, _ in found}
            found += [(int(i), None) for i in near if int(i) not in seen]
        out = []
        for i, score in found:
            doc = self.documents[i]
            stored = self._vectors[i] if self._vectors is not None else None
            out.append(Candidate(doc.key, f"{doc.text} {doc.title}".strip(), score, stored))
        if every_word:
            out = rescore(query, out, choice.frequency, len(self.documents))
        return out

    def match_many(
        self, queries: Sequence[str], top: int = 5, depth: int = DEPTH, semantic_depth: int = 0
    ) -> list[list[Match]]:
        cleaned = [clean_query(q) for q in queries]
        vectors: Sequence[Vector | None] = [None] * len(cleaned)
        if self._encode is not None:
            vectors = list(self._encode(cleaned))
        return [
            rank(q, v, self.candidates(q, depth, vector=v, semantic_depth=semantic_depth), top)
            for q, v in zip(cleaned, vectors, strict=True)
        ]
