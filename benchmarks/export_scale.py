"""Export scale: CSV and JSON exports of 10,000 and 100,000 claims, next to `sqlite3 -csv` dumping the same join.

Usage: .venv/bin/python benchmarks/export_scale.py [--sizes 10000,100000] [--pdf 1000,5000] [--pdf-whole]
       [--keep report.pdf]

For each size it builds a temporary SQLite database with bulk inserts (articles of 20 claims, two verdict rows
and two pieces of evidence per claim, four claims in five published), then, in a fresh subprocess per export
(so peak memory is the export's own), times the CSV and JSON writers and reads the peak RSS (VmHWM). The
floor is the `sqlite3 -csv` command-line shell running the report's own SQL (which joins the sources itself).
Goals (issue 6): CSV within 3x the sqlite3 dump at 100,000; peak memory growing < 50 MB from 10k to 100k;
a 1,000-claim PDF under 20 s. Issue 11: the PDF at its cap (pdf_export.MAX_ROWS, 5,000 claims) under 500 MB
of peak memory, rendered in parts; --pdf-whole also renders the largest size as one document, the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

T0 = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


def _app(db_path: Path) -> Any:
    from factcheck.factory import create_app

    url = f"sqlite:///{db_path}"
    return create_app(
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(db_path.parent),
            "SECRET_KEY": "benchmark-secret-key-0123456789-0123456789",
            "SITE_URL": "https://bench.example",
        }
    )


def build(db_path: Path, n: int) -> float:
    """Fill an empty database with n claims; returns the seconds it took."""
    from sqlalchemy import insert, select

    from factcheck.extensions import db
    from factcheck.models import (
        Article,
        ArticleRevision,
        Base,
        Claim,
        Evidence,
        Publication,
        Rating,
        Source,
        User,
        Verdict,
    )
    from factcheck.services import ratings

    start = time.perf_counter()
    app = _app(db_path)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        session = db.session()
        ratings.load_presets(session)
        session.commit()
        rating_ids = list(session.scalars(select(Rating.id).where(Rating.scale.has(active=True))))
        conn = session.connection()
        conn.execute(
            insert(User),
            [
                {
                    "id": i,
                    "email": f"u{i}@bench.example",
                    "name": f"User {i}",
                    "role": "reviewer" if i < 4 else "editor",
                    "password_hash": "x",
                    "created_at": T0,
                }
                for i in range(1, 7)
            ],
        )
        per_article = 20
        n_articles = max(1, n // per_article)
        text = "Claim text sentence, with a comma and “quotes”. " * 3
        conn.execute(
            insert(Article),
            [
                {
                    "id": a,
                    "slug": f"article-{a}",
                    "title": f"Article {a}: a title, with a comma",
                    "outlet": f"Outlet {a % 7}",
                    "url": f"https://news.example/{a}",
                    "author": "",
                    "language": "en",
                    "created_at": T0,
                }
                for a in range(1, n_articles + 1)
            ],
        )
        conn.execute(
            insert(ArticleRevision),
            [
                {
                    "id": a,
                    "article_id": a,
                    "number": 1,
                    "text": text,
                    "sha256": "0" * 64,
                    "origin": "paste",
                    "created_at": T0,
                }
                for a in range(1, n_articles + 1)
            ],
        )
        claims, verdicts, evidence = [], [], []
        for c in range(1, n + 1):
            a = (c - 1) // per_article + 1
            published = c % 5 != 0
            created = T0 + dt.timedelta(minutes=c)
            claims.append(
                {
                    "id": c,
                    "article_id": a,
                    "revision_id": a,
                    "start": 0,
                    "end": 20,
                    "quote": f'Claim {c} said "{c * 3}%" rose, again\nand =again',
                    "prefix": "",
                    "suffix": "",
                    "kind": "quantity",
                    "checkworthiness": 0.5,
                    "score_reasons": [],
                    "speaker": "Speaker",
                    "dates": [{"value": "2024-05", "text": "May 2024"}],
                    "origin": "auto",
                    "status": "published" if published else "approved",
                    "anchor_state": "exact",
                    "needs_rereview": False,
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            rationale = (
                f"See [the source](https://src.example/{c}) for **details**."
                if c % 10 == 0
                else f"The figure for claim {c} is wrong by a margin; the official series shows otherwise."
            )
            for k, state in enumerate(("submitted", "approved")):
                verdicts.append(
                    {
                        "id": 2 * c - 1 + k,
                        "claim_id": c,
                        "rating_id": rating_ids[c % len(rating_ids)],
                        "summary": f"Summary of claim {c}",
                        "rationale": rationale,
                        "state": state,
                        "author_id": 1 + c % 3,
                        "approver_id": 4 + c % 3 if k else None,
                        "decision_comment": "",
                        "created_at": created + dt.timedelta(hours=1 + k),
                    }
                )
            for k in range(2):
                evidence.append(
                    {
                        "claim_id": c,
                        "source_id": 1 + (2 * c + k) % max(1, n // 2),
                        "stance": ("supports", "refutes")[k],
                        "passage": "",
                        "note": "",
                        "created_at": created,
                    }
                )
        conn.execute(
            insert(Source),
            [
                {
                    "id": s,
                    "url": f"https://src.example/doc/{s}",
                    "title": "",
                    "publisher": "",
                    "confidential": False,
                    "note": "",
                    "created_at": T0,
                }
                for s in range(1, max(1, n // 2) + 1)
            ],
        )
        for table, rows in ((Claim, claims), (Verdict, verdicts), (Evidence, evidence)):
            for i in range(0, len(rows), 20000):
                conn.execute(insert(table), rows[i : i + 20000])
        last = T0 + dt.timedelta(minutes=n, hours=3)
        conn.execute(
            insert(Publication),
            [
                {
                    "article_id": a,
                    "version": 1,
                    "kind": "publication",
                    "revision_id": a,
                    "snapshot": {},
                    "correction_note": "",
                    "published_by_id": 4,
                    "published_at": last,
                }
                for a in range(1, n_articles + 1)
            ],
        )
        session.commit()
    return time.perf_counter() - start


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM; ru_maxrss would carry the parent's peak across fork/exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(db_path: Path, fmt: str, out: Path) -> None:
    """Run one export in this (fresh) process; print a JSON line of figures."""
    from factcheck.exports.report_formats import ExportContext, export_chunks
    from factcheck.extensions import db
    from factcheck.services import reports

    if fmt == "pdf-whole":  # the baseline: the whole report laid out as one document
        from factcheck.exports import pdf_export

        pdf_export.PART_CLAIMS, fmt = 10**9, "pdf"
    app = _app(db_path)
    with app.test_request_context():
        session = db.session()
        filters = reports.parse_filters(session, {})
        rss_before = peak_rss_kb()
        start, cpu_start = time.perf_counter(), time.process_time()
        from flask import render_template

        ctx = ExportContext(
            session=session,
            filters=filters,
            site_url="https://bench.example",
            organisation={"name": "Bench", "url": "https://bench.example/about"},
            render=render_template,
        )
        rows = reports.iter_rows(session, filters)
        first_byte = None
        with out.open("wb") as fh:
            for chunk in export_chunks(fmt, ctx, rows):
                if first_byte is None:
                    first_byte = time.perf_counter() - start
                fh.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        rss_after = peak_rss_kb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "first_byte": first_byte,
                "peak_rss_mb": rss_after / 1024,
                "growth_mb": (rss_after - rss_before) / 1024,
                "bytes": out.stat().st_size,
            }
        )
    )


def run_child(db_path: Path, fmt: str, out: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(db_path), fmt, str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def sqlite_floor(db_path: Path, out: Path) -> float | None:
    """Seconds `sqlite3 -csv` takes to dump the same join (the report's own SQL, sources included); None without
    sqlite3."""
    exe = shutil.which("sqlite3")
    if exe is None:
        return None
    from sqlalchemy.dialects import sqlite

    from factcheck.services import reports

    sql = (
        str(
            reports.report_select(reports.ReportFilters()).compile(
                dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
            )
        )
        + ";"
    )
    start = time.perf_counter()
    with out.open("wb") as fh:
        subprocess.run([exe, "-csv", "-header", str(db_path), sql], stdout=fh, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--pdf", default="1000,5000", help="claims in the PDF runs, comma-separated (0 to skip)")
    parser.add_argument("--pdf-whole", action="store_true", help="also the largest PDF as one document (baseline)")
    parser.add_argument("--keep", type=Path, help="copy the PDF here, to look at (pdftoppm -r 50 -png FILE /tmp/p)")
    parser.add_argument("--child", nargs=3, metavar=("DB", "FORMAT", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    os.environ.pop("FACTCHECK_DATABASE_URL", None)
    sizes = [int(s) for s in args.sizes.split(",")]
    figures: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="export-scale-") as tmp:
        for n in sizes:
            db_path = Path(tmp) / f"bench-{n}.db"
            built = build(db_path, n)
            floor = sqlite_floor(db_path, Path(tmp) / "floor.csv")
            csv_fig = run_child(db_path, "csv", Path(tmp) / "out.csv")
            json_fig = run_child(db_path, "json", Path(tmp) / "out.json")
            figures[n] = {"csv": csv_fig, "json": json_fig, "floor": floor}
            print(f"\n{n:,} claims (database built in {built:.1f} s)")
            if floor is None:
                print("  sqlite3 -csv floor: skipped (no sqlite3 on PATH; apt-get install -y sqlite3)")
            else:
                print(f"  sqlite3 -csv floor:  {floor:6.2f} s")
            for name, fig in (("CSV", csv_fig), ("JSON", json_fig)):
                ratio = f"  = {fig['seconds'] / floor:.2f}x the sqlite3 dump" if floor else ""
                print(
                    f"  {name:<5} export:       {fig['seconds']:6.2f} s ({fig['cpu_seconds']:.2f} s CPU), "
                    f"first bytes after {fig['first_byte']:.3f} s, "
                    f"peak RSS {fig['peak_rss_mb']:.1f} MB (+{fig['growth_mb']:.1f} MB during the export), "
                    f"{fig['bytes'] / 1e6:.1f} MB written{ratio}"
                )
        if len(sizes) >= 2:
            small, large = figures[sizes[0]], figures[sizes[-1]]
            print(f"\nFrom {sizes[0]:,} to {sizes[-1]:,} claims:")
            for name in ("csv", "json"):
                growth = large[name]["peak_rss_mb"] - small[name]["peak_rss_mb"]
                verdict = "meets" if growth < 50 else "MISSES"
                print(f"  {name.upper():<5} peak memory grows by {growth:.1f} MB ({verdict} the < 50 MB goal)")
            if large["floor"]:
                ratio = large["csv"]["seconds"] / large["floor"]
                print(
                    f"  CSV at {sizes[-1]:,}: {ratio:.2f}x the sqlite3 dump "
                    f"({'meets' if ratio <= 3 else 'MISSES'} the 3x goal)"
                )
        pdf_sizes = [int(n) for n in args.pdf.split(",") if int(n) > 0]
        for n in pdf_sizes:
            pdf_figures(Path(tmp), n, args.keep, whole=args.pdf_whole and n == max(pdf_sizes))


def pdf_figures(tmp: Path, n: int, keep: Path | None, whole: bool) -> None:
    """The PDF of n claims (in parts), and with `whole` the same as one document; figures and goals."""
    from factcheck.exports.pdf_export import MAX_ROWS, PART_CLAIMS

    db_path = tmp / f"bench-pdf-{n}.db"
    build(db_path, n)
    runs = [("pdf", f"in parts of {PART_CLAIMS:,}")] + ([("pdf-whole", "as one document (baseline)")] if whole else [])
    for fmt, how in runs:
        pdf = run_child(db_path, fmt, tmp / "out.pdf")
        if keep and fmt == "pdf":
            shutil.copyfile(tmp / "out.pdf", keep)
        goals = []
        if n <= 1000:
            goals.append(f"{'meets' if pdf['seconds'] < 20 else 'MISSES'} the 20 s goal")
        if n >= MAX_ROWS:
            goals.append(f"{'meets' if pdf['peak_rss_mb'] < 500 else 'MISSES'} the < 500 MB goal at the cap")
        print(
            f"\nPDF of {n:,} claims {how}: {pdf['seconds']:.1f} s ({pdf['cpu_seconds']:.1f} s of CPU: on a "
            f"busy machine the wall time is longer), {pdf['bytes'] / 1e6:.1f} MB, peak RSS "
            f"{pdf['peak_rss_mb']:.0f} MB" + (f" ({'; '.join(goals)})" if goals else "")
        )


if __name__ == "__main__":
    main()
