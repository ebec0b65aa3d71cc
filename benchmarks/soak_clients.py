"""Client side of the soak benchmark: 16 threads of mixed API traffic, and the accounting of every write.

Imported by benchmarks/soak.py; running this file on its own does nothing.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import create_engine, text

PARAGRAPH = (
    "Officials said on Monday that {n},000 jobs were created in region {t} in 2023, the statistics office "
    "reported. The minister will present a transport plan costing {n} million euros in March, aides said. "
    "Unemployment fell to {p} percent last year, the lowest level since 2008."
)
LOCKED = "database is locked"
KINDS = ("articles", "claims", "verdicts", "comments")
MARKER = re.compile(r"soak-[0-9a-f]+-\d+-\d+")
SERVER_DB = re.compile(r"(?:^|,)\s*db;dur=([0-9.]+)")


@dataclass
class Sample:
    started: float
    ended: float
    op: str
    status: int | str  # HTTP status, or "conn-error" / "timeout"
    locked: bool = False
    db_ms: float | None = None  # the server's time in the database, lock waits included (its Server-Timing)


@dataclass
class Ledger:
    """What the clients were told: acknowledged ids per kind, and markers of writes that were not acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[Sample] = field(default_factory=list)
    acked: dict[str, set[int]] = field(default_factory=lambda: {k: set() for k in KINDS})
    acked_markers: set[str] = field(default_factory=set)
    unacked_markers: set[str] = field(default_factory=set)
    lose_answers_until: float = 0.0  # a fault: until then, clients wait 20 ms for an answer (soak.lose_answers)

    def sample(self, s: Sample) -> None:
        with self.lock:
            self.samples.append(s)

    def ack(self, kind: str, ident: int, marker: str | None = None) -> None:
        with self.lock:
            self.acked[kind].add(ident)
            if marker:
                self.acked_markers.add(marker)


class Client(threading.Thread):
    def __init__(
        self, number: int, base: str, token: str, deadline: float, ledger: Ledger, run: str, keys: bool = False
    ) -> None:
        super().__init__(name=f"soak-client-{number}", daemon=True)
        self.number, self.base, self.deadline, self.ledger, self.run_id = number, base, deadline, ledger, run
        self.keys = keys  # send an Idempotency-Key with each write and retry it after a connection error or 5xx
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.rng = random.Random(number)
        self.articles: list[tuple[int, str]] = []  # (id, text) of this client's own articles
        self.claims: dict[int, int] = {}  # this client's own claims (for verdicts and comments) -> their version
        self.seen_claims: list[int] = []  # any claim id read back, for GET /claims/<id>
        self.counter = 0

    def call(
        self, op: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int | str, Any]:
        started = time.monotonic()
        status: int | str
        payload: Any = None
        locked = False
        db_ms: float | None = None
        try:
            timeout = 0.02 if time.monotonic() < self.ledger.lose_answers_until else 30
            response = self.http.request(method, self.base + path, json=body, headers=headers, timeout=timeout)
            status = response.status_code
            locked = LOCKED in response.text
            db_ms = server_db_ms(response.headers.get("Server-Timing", ""))
            if response.headers.get("Content-Type", "").startswith("application/json"):
                payload = response.json()
        except requests.Timeout:
            status = "timeout"
        except requests.RequestException:
            status = "conn-error"
        self.ledger.sample(Sample(started, time.monotonic(), op, status, locked, db_ms))
        return status, payload

    def write(self, op: str, method: str, path: str, body: Any) -> tuple[int | str, Any]:
        """A write. With keys, one Idempotency-Key for all its attempts, retried (with backoff, up to 30 s past
        the end of the run) while the answer is a connection error, a timeout or a 5xx: a retry of a write that
        was committed gets its first answer back instead of writing again."""
        if not self.keys:
            return self.call(op, method, path, body)
        headers, pause = {"Idempotency-Key": str(uuid.uuid4())}, 0.2
        while True:
            status, payload = self.call(op, method, path, body, headers)
            if not (isinstance(status, str) or status >= 500) or time.monotonic() > self.deadline + 30:
                return status, payload
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def marker(self) -> str:
        self.counter += 1
        return f"soak-{self.run_id}-{self.number}-{self.counter}"

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            roll = self.rng.random()
            if roll < 0.15:
                self.call("GET /", "GET", "/")
            elif roll < 0.35:
                status, payload = self.call(
                    "GET /api/v1/claims", "GET", f"/api/v1/claims?limit=20&offset={self.rng.randrange(0, 200)}"
                )
                if status == 200 and payload:
                    self.seen_claims = [c["id"] for c in payload["items"]][:20] or self.seen_claims
            elif roll < 0.55:
                pool = self.seen_claims or list(self.claims)
                if pool:
                    self.call("GET /api/v1/claims/<id>", "GET", f"/api/v1/claims/{self.rng.choice(pool)}")
            elif roll < 0.62 or not self.articles:
                self.new_article()
            elif roll < 0.75:
                self.new_claim()
            elif roll < 0.87 and self.claims:
                self.new_verdict()
            elif self.claims:
                self.new_comment()

    def new_article(self) -> None:
        mark = self.marker()
        n = self.counter
        body = "\n\n".join(PARAGRAPH.format(n=n + i, t=self.number, p=3 + i % 5) for i in range(3))
        status, payload = self.write(
            "POST /api/v1/articles", "POST", "/api/v1/articles", {"title": f"Soak article {mark}", "text": body}
        )
        if status == 201 and payload:
            self.ledger.ack("articles", payload["id"], mark)
            self.articles.append((payload["id"], body))
            for claim in payload.get("claims", []):
                self.claims[claim["id"]] = claim["version"]
        elif isinstance(status, str) or status >= 500:
            self.ledger.unacked_markers.add(mark)

    def new_claim(self) -> None:
        article_id, body = self.rng.choice(self.articles)
        start = self.rng.randrange(0, len(body) - 40)
        path = f"/api/v1/articles/{article_id}/claims"
        status, payload = self.write(
            "POST /api/v1/articles/<id>/claims",
            "POST",
            path,
            {"start": start, "end": start + self.rng.randrange(20, 40)},
        )
        if status == 201 and payload:
            self.ledger.ack("claims", payload["id"])
            self.claims[payload["id"]] = payload["version"]

    def new_verdict(self) -> None:
        claim_id = self.rng.choice(list(self.claims))
        status, payload = self.write(
            "PUT /api/v1/claims/<id>/verdict",
            "PUT",
            f"/api/v1/claims/{claim_id}/verdict",
            {
                "version": self.claims[claim_id],
                "rating": "Mostly true",
                "summary": f"Jobs grew in the region ({self.counter})",
                "rationale": "Checked against the statistics office.",
            },
        )
        if status == 201 and payload:
            self.ledger.ack("verdicts", payload["id"])
            self.claims[claim_id] = payload["claim_version"]
        elif status == 409:  # a verdict written but its answer lost (no keys): read the version again
            _, fresh = self.call("GET /api/v1/claims/<id>", "GET", f"/api/v1/claims/{claim_id}")
            if fresh:
                self.claims[claim_id] = fresh["version"]

    def new_comment(self) -> None:
        mark = self.marker()
        claim_id = self.rng.choice(list(self.claims))
        status, payload = self.write(
            "POST /api/v1/claims/<id>/comments",
            "POST",
            f"/api/v1/claims/{claim_id}/comments",
            {"body": f"Comment {mark} ✓"},
        )
        if status == 201 and payload:
            self.ledger.ack("comments", payload["id"], mark)
        elif isinstance(status, str) or status >= 500:
            self.ledger.unacked_markers.add(mark)


QUERIES = {
    "articles": "SELECT id, title FROM articles",
    "claims": "SELECT id, '' FROM claims WHERE origin = 'manual'",
    "verdicts": "SELECT id, '' FROM verdicts",
    "comments": "SELECT id, body FROM comments",
}


def reconcile(db_url: str, ledger: Ledger) -> dict[str, dict[str, int]]:
    """Lost: acknowledged but absent. Phantom: present but never acknowledged with a 2xx."""
    engine = create_engine(db_url)
    figures: dict[str, dict[str, int]] = {}
    try:
        with engine.connect() as conn:
            for kind, query in QUERIES.items():
                rows = {row[0]: row[1] or "" for row in conn.execute(text(query))}
                phantom = set(rows) - ledger.acked[kind]
                figures[kind] = {
                    "acked": len(ledger.acked[kind]),
                    "in_db": len(rows),
                    "lost": len(ledger.acked[kind] - set(rows)),
                    "phantom": len(phantom),
                    "phantom_after_error": sum(1 for i in phantom if _marker(rows[i]) in ledger.unacked_markers),
                }
    finally:
        engine.dispose()
    return figures


def _marker(value: str) -> str | None:
    found = MARKER.search(value)
    return found.group(0) if found else None


def server_db_ms(header: str) -> float | None:
    """The `db` duration of a Server-Timing header (FACTCHECK_SERVER_TIMING), or None."""
    found = SERVER_DB.search(header)
    return float(found[1]) if found else None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def near(sample: Sample, faults: list[tuple[str, float, float]], margin: float = 2.0) -> bool:
    return any(sample.started <= end + margin and sample.ended >= start - margin for _, start, end in faults)


def summarise(ledger: Ledger, faults: list[tuple[str, float, float]]) -> dict[str, Any]:
    samples = ledger.samples
    latencies = [(s.ended - s.started) * 1000 for s in samples]
    errors = [s for s in samples if isinstance(s.status, str) or s.status >= 500]
    return {
        "requests": len(samples),
        "statuses": Counter(str(s.status) for s in samples),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "errors_near_fault": Counter(str(s.status) for s in errors if near(s, faults)),
        "errors_elsewhere": Counter(f"{s.status} {s.op}" for s in errors if not near(s, faults)),
        "locked": sum(1 for s in samples if s.locked),
    }
