"""SQL statements and in-process latency of the workbench pages with 10,000 claims over 500 articles.

Measures the queue page (first page and a filtered, sorted page), the article work page of an article with
100 claims, and the claim page (with sources, verdicts, comments and history), next to /healthz in the same run.
Goal: at most 10 statements each whatever the number of claims, under 100 ms each.

Run: .venv/bin/python benchmarks/review_speed.py [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.extensions import db  # noqa: E402
from factcheck.factory import create_app  # noqa: E402
from factcheck.models import Article, ArticleRevision, Claim, Rating, RatingScale, text_sha256  # noqa: E402
from factcheck.services import comments, ratings, sources, users, verdicts  # noqa: E402

PASSWORD = "benchmark password that is long enough"
ARTICLES = 500
CLAIMS = 10_000
BIG = 100  # claims in the measured article
KINDS = ("quantity", "event", "prediction", "comparison", "quote", "causal")


def _sentence(article: int, i: int) -> str:
    return (
        f"The budget for district {i} of region {article} rose by {(i * 7 + article) % 40 + 1}% in "
        f"{2000 + (i + article) % 25}, officials said."
    )


def build(app: Flask) -> tuple[int, int, int]:
    """Fill the database; return (editor id, big article id, measured claim id)."""
    from flask_migrate import upgrade

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
        per_article = [BIG] + [
            (CLAIMS - BIG) // (ARTICLES - 1) + (1 if a < (CLAIMS - BIG) % (ARTICLES - 1) else 0)
            for a in range(ARTICLES - 1)
        ]
        texts = [" ".join(_sentence(a, i) for i in range(n)) for a, n in enumerate(per_article)]
        session.execute(
            insert(Article),
            [
                {"slug": f"bench-{a}", "title": f"Budget report {a}", "outlet": f"Outlet {a % 12}", "created_at": now}
                for a in range(ARTICLES)
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
                quote = _sentence(a, i)
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
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        "anchor_state": "exact",
                    }
                )
        session.execute(insert(Claim), rows)
        session.commit()
        big = ids["bench-0"]
        claim = session.scalar(select(Claim).where(Claim.article_id == big).order_by(Claim.start).offset(50).limit(1))
        assert claim is not None
        # A realistic claim page: three sources with evidence, a submitted verdict, comments, history.
        for k in range(3):
            src = sources.archived_source(
                session,
                reviewer,
                url=f"https://data.example.org/{k}",
                title=f"Data {k}",
                publisher="Statistics office",
                text=f"{claim.quote} Annex {k}.",
                fetched_at=now,
            )
            sources.add_evidence(session, reviewer, claim, src, stance="supports", passage=claim.quote[:40])
        scale = session.scalar(select(RatingScale).where(RatingScale.active.is_(True)))
        rating = session.scalar(select(Rating).where(Rating.scale_id == scale.id).limit(1)) if scale else None
        assert rating is not None
        verdicts.draft(
            session,
            reviewer,
            claim,
            rating_id=rating.id,
            summary="District budget rise checked",
            rationale="The **annex** shows the figure.",
        )
        verdicts.submit(session, reviewer, claim)
        for k in range(5):
            comments.add_comment(session, reviewer, claim, f"Note {k} on the district figures.")
        session.commit()
        return editor.id, big, claim.id


def measure(app: Flask, path: str, runs: int, counter: list[int]) -> tuple[int, float, int]:
    client = app.test_client()
    response = client.post("/login", data={"email": "editor@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    for _ in range(3):  # warm up templates and caches
        client.get(path).close()
    timings, statements = [], []
    status = 0
    for _ in range(runs):
        counter[0] = 0
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        statements.append(counter[0])
        status = response.status_code
        response.close()
    return max(statements), statistics.median(timings), status


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SQLALCHEMY_DATABASE_URI": url,
                "INSTANCE_PATH": tmp,
                "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        began = time.perf_counter()
        _editor, big, claim_id = build(app)
        print(f"built {ARTICLES} articles and {CLAIMS:,} claims in {time.perf_counter() - began:.1f} s")
        counter = [0]
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
        pages = [
            ("trivial route /healthz", "/healthz"),
            ("queue, first page", "/work/queue"),
            ("queue, filtered + sorted, page 3", "/work/queue?kind=quantity&score_min=0.2&sort=position&page=3"),
            ("queue, due predictions", "/work/queue?due=1&sort=age"),
            (f"article work page ({BIG} claims)", f"/work/articles/{big}"),
            ("claim page (3 sources, 2 verdicts, 5 comments)", f"/work/claims/{claim_id}"),
        ]
        results = [(label, *measure(app, path, args.runs, counter)) for label, path in pages]
        base = results[0][2]
        print(f"\nmedian of {args.runs} requests each, in-process (Flask test client), SQLite file")
        print(f"{'page':<52} {'status':>6} {'SQL':>4} {'median ms':>10} {'x healthz':>10}  goal")
        ok = True
        for label, sql, ms, status in results:
            good = status == 200 and sql <= 10 and ms < 100
            ok = ok and good
            print(
                f"{label:<52} {status:>6} {sql:>4} {ms:>10.2f} {ms / base:>10.1f}  "
                f"{'ok' if good else 'MISSED'} (<=10 statements, <100 ms)"
            )
        print("\nall pages within the goal" if ok else "\nsome pages missed the goal")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
