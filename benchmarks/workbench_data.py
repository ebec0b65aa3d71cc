"""A workbench filled for the speed benchmarks: N claims over N/20 articles, N/200 of them published.

Rows go in with bulk INSERTs (the services would take minutes at 100,000 claims); one article of BIG claims gets
a realistic claim page through the services (three sources with evidence, a submitted verdict, five comments).
Published versions carry a snapshot and a stored page of the size a 20-claim article has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import Article, ArticleRevision, Claim, Publication, Rating, RatingScale, text_sha256
from factcheck.services import comments, ratings, sources, users, vectors, verdicts

PASSWORD = "benchmark password that is long enough"
BIG = 100  # claims in the measured article
KINDS = ("quantity", "event", "prediction", "comparison", "quote", "causal")


@dataclass(frozen=True)
class Built:
    editor_id: int
    big_article: int
    claim_id: int
    cold_claim_id: int
    published: int


def sentence(article: int, i: int) -> str:
    return (
        f"The budget for district {i} of region {article} rose by {(i * 7 + article) % 40 + 1}% in "
        f"{2000 + (i + article) % 25}, officials said."
    )


def _snapshot(a: int, title: str, text: str) -> dict[str, Any]:
    claims: list[dict[str, Any]] = [
        {
            "id": a * 100 + i,
            "start": 0,
            "end": 10,
            "quote": sentence(a, i),
            "prefix": "",
            "suffix": "",
            "kind": "quantity",
            "speaker": None,
            "checked": i % 2 == 0,
            "dates": [],
            "evidence": [],
            "verdict": None,
        }
        for i in range(20)
    ]
    article = {"title": title, "outlet": f"Outlet {a % 12}", "url": None, "published_on": None, "author": ""}
    return {"article": {**article, "slug": f"bench-{a}"}, "revision": {"number": 1, "text": text}, "claims": claims}


def publish_rows(session: Session, count: int, editor_id: int, now: dt.datetime) -> None:
    """Version 1 of the first `count` articles (bulk rows: snapshot and stored page of a 20-claim article)."""
    rows = session.execute(
        select(Article.id, Article.slug, Article.title, ArticleRevision.id, ArticleRevision.text)
        .join(ArticleRevision, ArticleRevision.article_id == Article.id)
        .order_by(Article.id)
        .limit(count)
    ).all()
    batch: list[dict[str, Any]] = []
    for n, (article_id, _slug, title, revision_id, text) in enumerate(rows):
        batch.append(
            {
                "article_id": article_id,
                "version": 1,
                "kind": "publication",
                "revision_id": revision_id,
                "snapshot": _snapshot(n, title, text),
                "correction_note": "",
                "published_by_id": editor_id,
                "published_at": now - dt.timedelta(minutes=n),
                "html": "<article>" + "<p>checked paragraph</p>" * 800 + "</article>",
                "etag": f'"bench-{n}"',
            }
        )
        if len(batch) == 500:
            session.execute(insert(Publication), batch)
            batch = []
    if batch:
        session.execute(insert(Publication), batch)


def build(app: Flask, claims: int, articles: int | None = None, published: int | None = None) -> Built:
    """Migrate and fill the database behind `app`."""
    from flask_migrate import upgrade

    articles = articles or max(2, claims // 20)
    published = claims // 200 if published is None else published
    with app.app_context():
        upgrade()
        session: Session = db.session()
        ratings.load_presets(session)
        reviewer = users.create_user(
            session, None, email="bench@example.org", name="Bench Reviewer", role="reviewer", password=PASSWORD
        )
        editor = users.create_user(
            session, None, email="editor@example.org", name="Bench Editor", role="editor", password=PASSWORD
        )
        session.commit()
        now = dt.datetime.now(dt.UTC)
        rest = max(0, claims - BIG)
        per_article = [min(BIG, claims)] + [
            rest // (articles - 1) + (1 if a < rest % (articles - 1) else 0) for a in range(articles - 1)
        ]
        texts = [" ".join(sentence(a, i) for i in range(n)) or "Empty." for a, n in enumerate(per_article)]
        session.execute(
            insert(Article),
            [
                {"slug": f"bench-{a}", "title": f"Budget report {a}", "outlet": f"Outlet {a % 12}", "created_at": now}
                for a in range(articles)
            ],
        )
        ids = {slug: ident for slug, ident in session.execute(select(Article.slug, Article.id))}
        session.execute(
            insert(ArticleRevision),
            [
                {
                    "article_id": ids[f"bench-{a}"],
                    "number": 1,
                    "text": t,
                    "sha256": text_sha256(t),
                    "origin": "paste",
                    "created_at": now,
                }
                for a, t in enumerate(texts)
            ],
        )
        revs = {a: r for a, r in session.execute(select(ArticleRevision.article_id, ArticleRevision.id))}
        rows: list[dict[str, Any]] = []
        for a, (n, text) in enumerate(zip(per_article, texts, strict=True)):
            pos = 0
            for i in range(n):
                quote = sentence(a, i)
                start = text.index(quote, pos)
                pos = start + len(quote)
                kind = KINDS[(a + i) % len(KINDS)]
                rows.append(
                    {
                        "article_id": ids[f"bench-{a}"],
                        "revision_id": revs[ids[f"bench-{a}"]],
                        "start": start,
                        "end": pos,
                        "quote": quote,
                        "prefix": text[max(0, start - 32) : start],
                        "suffix": text[pos : pos + 32],
                        "kind": kind,
                        "checkworthiness": round(((a * 31 + i * 17) % 100) / 100, 2),
                        "score_reasons": [{"feature": "number", "weight": 0.3, "detail": "a percentage"}],
                        "dates": [],
                        "status": "new",
                        "assignee_id": reviewer.id if i % 3 == 0 else None,
                        "revisit_on": dt.date(2020, 1, 1) if kind == "prediction" else None,
                        "created_at": now - dt.timedelta(seconds=len(rows)),
                        "updated_at": now,
                        "version": 1,
                        "anchor_state": "exact",
                    }
                )
            if len(rows) >= 5000:
                session.execute(insert(Claim), rows)
                rows = []
        if rows:
            session.execute(insert(Claim), rows)
        publish_rows(session, published, editor.id, now)
        session.commit()
        big = ids["bench-0"]
        stmt = select(Claim).where(Claim.article_id == big).order_by(Claim.start).offset(50).limit(2)
        claim, cold = session.scalars(stmt).all()
        scale = session.scalar(select(RatingScale).where(RatingScale.active.is_(True)))
        rating = session.scalar(select(Rating).where(Rating.scale_id == scale.id).limit(1)) if scale else None
        assert rating is not None
        # A realistic claim page: three sources with evidence, a submitted verdict, comments, history.
        for n, target in enumerate((claim, cold)):
            for k in range(3):
                src = sources.archived_source(
                    session,
                    reviewer,
                    url=f"https://data.example.org/{n}/{k}",
                    title=f"Data {k}",
                    publisher="Statistics office",
                    text=f"{target.quote} Annex {k}.",
                    fetched_at=now,
                )
                sources.add_evidence(session, reviewer, target, src, stance="supports", passage=target.quote[:40])
            verdicts.draft(
                session,
                reviewer,
                target,
                rating_id=rating.id,
                summary="District budget rise checked",
                rationale="The **annex** shows the figure.",
            )
            verdicts.submit(session, reviewer, target)
            for k in range(5):
                comments.add_comment(session, reviewer, target, f"Note {k} on the district figures.")
        # The measured claim has its sentence vector stored (as `flask claims embed` leaves every claim); `cold`
        # has none, so its page computes one (what a claim imported since the last back-fill costs).
        vectors.embed_claims(session, [claim.id])
        session.commit()
        if db.engine.dialect.name == "postgresql":  # what autovacuum does soon after a bulk load
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        return Built(editor.id, big, claim.id, cold.id, published)
