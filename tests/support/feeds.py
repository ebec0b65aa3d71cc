"""A real local HTTP server for feed tests that answers conditional GETs (304 when the ETag or Last-Modified the
client sends back still holds), and builders of RSS 2.0 and Atom documents and article pages."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Feed
from factcheck.services import feeds


@dataclass
class Doc:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class FeedServer:
    docs: dict[str, Doc] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    on_get: Callable[[str], object] | None = None  # called with the path before each answer (in the server thread)

    def __post_init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._lock = threading.Lock()

    def put(self, path: str, body: bytes | str, **kw: Any) -> str:
        self.docs[path] = Doc(body.encode() if isinstance(body, str) else body, **kw)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner: FeedServer = self.server.owner  # type: ignore[attr-defined]
        headers = {k.lower(): v for k, v in self.headers.items()}
        if owner.on_get is not None:
            owner.on_get(self.path)
        doc = owner.docs.get(self.path, Doc(b"<p>no such page</p>", "text/html", 404))
        fresh = (doc.etag is not None and headers.get("if-none-match") == doc.etag) or (
            doc.last_modified is not None and headers.get("if-modified-since") == doc.last_modified
        )
        status = 304 if fresh and doc.status == 200 else doc.status
        with owner._lock:
            owner.seen.append(Seen(self.path, headers, status))
        self.send_response(status)
        if doc.etag:
            self.send_header("ETag", doc.etag)
        if doc.last_modified:
            self.send_header("Last-Modified", doc.last_modified)
        self.send_header("Connection", "close")
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", doc.content_type)
        self.send_header("Content-Length", str(len(doc.body)))
        self.end_headers()
        self.wfile.write(doc.body)


@pytest.fixture()
def feed_server() -> Iterator[FeedServer]:
    srv = FeedServer().start()
    yield srv
    srv.close()


@dataclass(frozen=True)
class Item:
    title: str
    link: str | None
    guid: str | None = None
    summary: str = ""
    published: dt.datetime = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    author: str = ""


def rss(items: Sequence[Item], title: str = "The Port Alder Courier") -> str:
    """An RSS 2.0 document."""
    entries = "".join(
        "<item>"
        f"<title>{escape(i.title)}</title>"
        + (f"<link>{escape(i.link)}</link>" if i.link else "")
        + (f'<guid isPermaLink="false">{escape(i.guid)}</guid>' if i.guid else "")
        + f"<description>{escape(i.summary)}</description>"
        f"<pubDate>{format_datetime(i.published)}</pubDate>"
        + (f"<author>{escape(i.author)}</author>" if i.author else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>news</description>"
        f"{entries}</channel></rss>"
    )


def atom(items: Sequence[Item], title: str = "Harbour Weekly") -> str:
    """An Atom 1.0 document."""
    entries = "".join(
        "<entry>"
        f"<title>{escape(i.title)}</title>"
        + (f'<link rel="alternate" href="{escape(i.link)}"/>' if i.link else "")
        + f"<id>{escape(i.guid or i.link or i.title)}</id>"
        f"<updated>{i.published.isoformat()}</updated>"
        f'<content type="html">{escape(i.summary)}</content>'
        + (f"<author><name>{escape(i.author)}</name></author>" if i.author else "")
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:feed:{escape(title)}</id><updated>2026-11-30T09:00:00Z</updated>"
        f"{entries}</feed>"
    )


def article_page(title: str, paragraphs: Sequence[str], outlet: str = "The Port Alder Courier") -> str:
    """An article page trafilatura extracts: title, site name, date and the paragraphs."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        '<meta property="article:published_time" content="2026-11-30T09:00:00Z"></head>'
        f"<body><nav>Home | News</nav><article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright</footer></body></html>"
    )


def paragraphs(n: int, outlet: str = "Courier") -> list[str]:
    """The text of article `n`: checkable sentences (figures, a named speaker) that differ from article to article."""
    return [
        f"The harbour board said {40 + n} ferries sailed from Port Alder in 2023, up from {20 + n} the year before.",
        f"Councillor Mara Lind said ticket prices would fall by {n + 5} per cent before 2027, {outlet} reports.",
        "Traders on the quay welcomed the figures on Tuesday and asked for longer opening hours.",
    ]


def publish_items(server: FeedServer, prefix: str, count: int, *, start: int = 0) -> list[Item]:
    """`count` article pages on `server` under `prefix`, and the feed items that point to them."""
    items = []
    for n in range(start, start + count):
        title = f"Ferries and fares, part {n} ({prefix})"
        link = server.put(f"{prefix}/a{n}.html", article_page(title, paragraphs(n, prefix)), content_type="text/html")
        items.append(Item(title=title, link=link, guid=f"{prefix}-guid-{n}", summary=" ".join(paragraphs(n, prefix))))
    return items


def make_feed(session: Session, url: str, **kw: Any) -> Feed:
    """A monitored feed, added by no one (as `flask feeds add` does)."""
    return feeds.add(session, None, url, **kw)
