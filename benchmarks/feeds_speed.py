"""Poll 50 local feeds of 20 items each (served with their article pages by a local http.server), import every
item, and print the total time and the claims found per minute; then poll them all again (every feed answers
304 Not Modified) and print that time too. One consumer, polling the feeds one after another as the job queue's
poll jobs do (services/feed_poll.py: the fetches, the extraction, the import, the "already checked" matching).

Run: .venv/bin/python benchmarks/feeds_speed.py [--feeds 50] [--items 20]
     [--postgres postgresql+psycopg://USER:PASS@HOST/DB]   (that database is emptied; default: a temporary SQLite)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from factcheck.config import fetch_policy  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.factory import create_app  # noqa: E402
from factcheck.models import Base, Feed, MonitoredClaim  # noqa: E402
from factcheck.services import demo, feed_poll, feeds  # noqa: E402

PUBLISHED = format_datetime(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))


def article(feed: int, item: int) -> tuple[str, str]:
    """The title and paragraphs of item `item` of feed `feed`: checkable sentences that differ between items."""
    n = feed * 100 + item
    paragraphs = [
        f"The harbour board of port {feed} said {40 + item} ferries sailed in 2023, up from {20 + item} in 2022.",
        f"Councillor Mara Lind said ticket prices would fall by {item % 30 + 2} per cent before 2027.",
        f"Unemployment in district {n} rose to {3 + item % 9}.{item % 10} per cent last year, the statistics "
        "office said on Tuesday.",
        f"The mayor claimed that {1000 + n} new homes were built in 2024, more than in any year since 1990.",
        "Traders on the quay welcomed the figures and asked for longer opening hours on weekends.",
    ]
    return f"Port {feed} news, item {item}", "\n\n".join(paragraphs)


def site(feeds_n: int, items_n: int) -> dict[str, tuple[str | bytes, str]]:
    """Every path's body and type; a feed's body is text with `{base}` standing for the server's address."""
    docs: dict[str, tuple[str | bytes, str]] = {}
    for f in range(feeds_n):
        entries = []
        for i in range(items_n):
            title, body = article(f, i)
            page = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
            docs[f"/f{f}/a{i}.html"] = (
                (
                    f"<!doctype html><html><head><title>{title}</title><meta property='og:site_name' "
                    f"content='Port {f} Post'></head><body><article><h1>{title}</h1>{page}</article></body></html>"
                ).encode(),
                "text/html; charset=utf-8",
            )
            entries.append(
                f"<item><title>{title}</title><link>{{base}}/f{f}/a{i}.html</link><guid>f{f}-{i}</guid>"
                f"<description>{escape(body[:200])}</description><pubDate>{PUBLISHED}</pubDate></item>"
            )
        rss = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Port {f} Post</title>{''.join(entries)}"
        docs[f"/f{f}.xml"] = (rss + "</channel></rss>", "application/rss+xml")
    return docs


def serve(docs: dict[str, tuple[str | bytes, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body, kind = docs.get(self.path, (b"missing", "text/plain"))
            if isinstance(body, str):
                body = body.replace("{base}", base).encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200 if self.path in docs else 404)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def poll_all(session: Session, policy: Any, ids: list[int]) -> tuple[float, dict[str, int]]:
    totals = {"imported": 0, "claims": 0, "checked": 0, "failed": 0, "not_modified": 0}
    began = time.perf_counter()
    for feed_id in ids:
        feed = session.get(Feed, feed_id)
        assert feed is not None
        result = feed_poll.poll(session, None, feed, policy)
        session.commit()
        totals["imported"] += result.imported
        totals["claims"] += result.claims
        totals["checked"] += result.checked
        totals["failed"] += result.state == "failed"
        totals["not_modified"] += result.state == "not_modified"
    return time.perf_counter() - began, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (the database is emptied)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="feeds-speed-"))
    url = args.postgres or f"sqlite:///{folder / 'bench.db'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "feeds-speed-benchmark-secret-key-0123456789",
            "FETCH_ALLOW_HOSTS": "127.0.0.1",
            "JOBS_IMMEDIATE": True,
        }
    )
    server = serve(site(args.feeds, args.items))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with app.app_context():
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        session = Session(db.engine)
        demo.load_demo(session)  # earlier checks for the "already checked" matching to find
        ids = [feeds.add(session, None, f"{base}/f{f}.xml", poll_minutes=60).id for f in range(args.feeds)]
        session.commit()
        policy = fetch_policy(app.config)
        first, totals = poll_all(session, policy, ids)
        second, again = poll_all(session, policy, ids)
        monitored = session.scalar(select(func.count()).select_from(MonitoredClaim)) or 0
        session.close()
        db.engine.dispose()
    server.shutdown()
    backend = "postgresql" if args.postgres else "sqlite"
    print(f"feeds_speed on {backend}: {args.feeds} feeds x {args.items} items")
    print(
        f"first poll:  {first:7.1f} s total  {totals['imported']} articles imported, {totals['claims']} claims "
        f"({totals['checked']} already checked), {totals['failed']} feeds failed"
    )
    print(
        f"             {totals['imported'] / first:7.1f} articles/s   {totals['claims'] / first * 60:,.0f} claims/min"
    )
    print(
        f"second poll: {second:7.1f} s total  {again['not_modified']} feeds answered 304, {again['imported']} imported"
    )
    print(f"monitored claims listed: {monitored}")


if __name__ == "__main__":
    main()
