"""Synthetic claims for benchmarks/matching_speed.py: texts, and a database of them with verdicts and vectors.

Two shapes of text:
  - "zipf" (realistic): about eleven content words per claim drawn from a 20,000-word vocabulary with Zipf weights
    1/(rank + 2)^0.74, fitted to the document frequencies of the content words of the CheckThat 2020 verified
    claims (the most frequent word in 11% of claims, the 10th in 3.3%, the 100th in 0.9%, the 1000th in 0.2%;
    the fit gives 10%, 3.8%, 0.8%, 0.14%), plus a figure;
  - "common" (pathological): the same, with one word ("government") added to 60% of the claims, as a desk that
    covers one beat would see.
"""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np

from factcheck.claims import embeddings
from factcheck.claims.matching import STOP_WORDS

COMMON = "government"
ZIPF_S, ZIPF_Q = 0.74, 2


def vocabulary() -> list[str]:
    folder = embeddings.model_dir()
    assert folder is not None, "the model package is needed for this benchmark"
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    words = [w for w in vocab if w.isalpha() and w.isascii() and len(w) >= 3 and w not in STOP_WORDS]
    words = [w for w in words if w != COMMON][:20000]
    random.Random(3).shuffle(words)  # Zipf ranks unrelated to the tokenizer's order
    return words


def frequent_words(n: int) -> list[str]:
    """The `n` most frequent words of the zipf shape (for the all-frequent-words query)."""
    return vocabulary()[:n]


def sentences(n: int, shape: str = "zipf", seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary()
    weights = [1.0 / (r + ZIPF_Q) ** ZIPF_S for r in range(1, len(words) + 1)]
    out = []
    for i in range(n):
        picked = rng.choices(words, weights, k=rng.randint(8, 14))
        if shape == "common" and rng.random() < 0.6:
            picked.insert(rng.randrange(len(picked)), COMMON)
        picked.insert(rng.randrange(len(picked)), str(rng.randint(2, 2030)))
        out.append(" ".join(picked).capitalize() + f" (claim {i}).")
    return out


def build(app: Any, texts: list[str], vectors: np.ndarray, verdicted: float) -> None:
    """Empty the database, migrate it, and store `texts` as claims (100 an article), every one with a vector; the
    first `verdicted` share of each article's claims with an approved verdict."""
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
        s.execute(insert(Article), [{"slug": f"a{a}", "title": f"A{a}"} for a in range(-(-len(texts) // per))])
        arts = list(s.scalars(select(Article.id).order_by(Article.id)))
        s.execute(insert(ArticleRevision), [{"article_id": a, "number": 1, "text": "x", "sha256": text_sha256("x"),
                                             "origin": "paste"} for a in arts])  # fmt: skip
        revs = dict(s.execute(select(ArticleRevision.article_id, ArticleRevision.id)).all())
        approved = {i for i in range(len(texts)) if i % per < round(per * verdicted)}
        for start in range(0, len(texts), 10000):
            chunk = range(start, min(start + 10000, len(texts)))
            s.execute(insert(Claim), [{"article_id": arts[i // per], "revision_id": revs[arts[i // per]], "start": 0,
                                       "end": 1, "quote": texts[i], "status": "approved" if i in approved else "new"}
                                      for i in chunk])  # fmt: skip
        ids = list(s.scalars(select(Claim.id).order_by(Claim.id)))
        for start in range(0, len(ids), 10000):
            chunk = range(start, min(start + 10000, len(ids)))
            rows = [{"claim_id": ids[i], "rating_id": rating, "summary": "s", "state": "approved", "author_id": user}
                    for i in chunk if i in approved]  # fmt: skip
            if rows:
                s.execute(insert(Verdict), rows)
            s.execute(insert(ClaimEmbedding), [{"claim_id": ids[i], "model": embeddings.MODEL_NAME,
                                                "vector": embeddings.to_bytes(vectors[i % len(vectors)]),
                                                "text_sha256": text_digest(texts[i])} for i in chunk])  # fmt: skip
        s.commit()
        if db.engine.dialect.name == "postgresql":
            s.execute(
                text("CREATE INDEX IF NOT EXISTS ix_bench_old_fts ON claims USING gin (to_tsvector('english', quote))")
            )
            s.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            s.execute(text("ANALYZE"))
            s.commit()
