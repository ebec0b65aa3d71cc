"""The pieces of benchmarks/scale_out.py: a local source server that answers after a delay, the desk's data made
through the API, the clients' mix, and what the database says afterwards."""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests
from soak_clients import percentile
from sqlalchemy import create_engine, text

PAGE = (
    "<html><head><title>Harbour board minutes</title></head><body><article><p>The harbour board confirmed on "
    "3 March 2024 that 1,400 berths would be built by 2027, and the minister refused to meet the union.</p>"
    "</article></body></html>"
)
ARTICLE = (
    "The harbour board said on 3 March 2024 that {n} berths would be built by 2027. The minister refused to meet "
    "the union on Friday, the ministry said. Ferry fares rose 8% last year, the operator reported."
)


class SourceServer(ThreadingHTTPServer):
    """Every path answers PAGE after `delay` seconds: the sources the clients attach (a slow site when delay > 0)."""

    daemon_threads = True
    delay = 0.0

    def __init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                time.sleep(outer.delay)
                body = PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A reader gone mid-answer (a consumer killed on purpose) is not news."""

    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/minutes/{uuid.uuid4().hex}"


def follow(http: requests.Session, base: str, location: str, deadline: float = 120.0) -> dict[str, Any]:
    """Poll a job until it ends."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        job: dict[str, Any] = http.get(base + location, timeout=10).json()
        if job["state"] in ("succeeded", "failed", "discarded"):
            return job
        time.sleep(0.1)
    raise RuntimeError(f"job {location} did not end in {deadline:.0f} s")


@dataclass
class Desk:
    """What the load works on: claims to comment on and attach to, pages readers read, one article kept back."""

    reviewer: requests.Session
    editor: requests.Session
    claims: list[int] = field(default_factory=list)  # claims not checked: comments and sources go here
    reader_paths: list[str] = field(default_factory=list)
    claim_paths: list[str] = field(default_factory=list)
    held_back: tuple[int, str] = (0, "")  # (article id, slug): published and retracted during the run


def build_desk(base: str, tokens: tuple[str, str], sources: SourceServer, articles: int = 8) -> Desk:
    """Import articles, check one claim of each (a source, a verdict, approved by the editor) and publish all but
    the last, through the API as a desk would."""
    reviewer, editor = requests.Session(), requests.Session()
    reviewer.headers["Authorization"], editor.headers["Authorization"] = (f"Bearer {t}" for t in tokens)
    desk = Desk(reviewer, editor)
    for n in range(articles):
        body = {"title": f"Harbour plan {n}", "text": ARTICLE.format(n=1_000 + n), "url": f"https://news.example/{n}"}
        article = reviewer.post(base + "/api/v1/articles", json=body, timeout=60).json()
        claim = article["claims"][0]
        desk.claims += [c["id"] for c in article["claims"][1:]]
        attach = {"url": sources.url(), "stance": "supports", "version": claim["version"]}
        job = reviewer.post(f"{base}/api/v1/claims/{claim['id']}/sources", json=attach, timeout=30)
        follow(reviewer, base, job.headers["Location"])
        version = reviewer.get(f"{base}/api/v1/claims/{claim['id']}", timeout=10).json()["version"]
        verdict = {"version": version, "rating": "Mostly true", "summary": "Berths confirmed", "rationale": "Minutes."}
        version = reviewer.put(f"{base}/api/v1/claims/{claim['id']}/verdict", json=verdict, timeout=10).json()
        version = version.get("claim_version", version.get("version"))
        version = reviewer.post(f"{base}/api/v1/claims/{claim['id']}/submit", json={"version": version}, timeout=10)
        approved = editor.post(
            f"{base}/api/v1/claims/{claim['id']}/approve", json={"version": version.json()["claim_version"]}, timeout=10
        )
        if approved.status_code != 200:
            raise RuntimeError(f"approve failed: {approved.status_code} {approved.text[:300]}")
        if n == articles - 1:
            desk.held_back = (article["id"], article["slug"])
            continue
        published = editor.post(f"{base}/api/v1/articles/{article['id']}/publish", json={"version": 0}, timeout=60)
        if published.status_code != 201:
            raise RuntimeError(f"publish failed: {published.status_code} {published.text[:300]}")
        desk.reader_paths.append(f"/a/{article['slug']}")
        desk.claim_paths.append(f"/claims/{claim['id']}")
    return desk


@dataclass
class Sample:
    op: str
    started: float
    ended: float
    status: int | str
    server_ms: float | None = None  # the app's own time for the request (Server-Timing `app`), queueing excluded


SERVER_APP = re.compile(r"(?:^|,)\s*app;dur=([0-9.]+)")


@dataclass
class Load:
    """The clients' mix for one phase: readers on both instances, comments, source attachments."""

    bases: list[str]
    desk: Desk
    sources: SourceServer
    seconds: float
    clients: int = 16
    samples: list[Sample] = field(default_factory=list)
    attached: list[tuple[str, str]] = field(default_factory=list)  # (source url, job location) acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.client, args=(n, deadline), daemon=True) for n in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(self.seconds + 60)

    def client(self, n: int, deadline: float) -> None:
        rng = random.Random(n)
        reader = requests.Session()
        writer = requests.Session()
        writer.headers.update(self.desk.reviewer.headers)
        while time.monotonic() < deadline:
            base = self.bases[rng.randrange(len(self.bases))]
            roll = rng.random()
            if roll < 0.62:
                path = rng.choice(self.desk.reader_paths + self.desk.claim_paths)
                self.timed("read", reader, "GET", base + path)
            elif roll < 0.97:  # attachments: 3% (each holds a consumer thread for the source's delay)
                claim = rng.choice(self.desk.claims)
                body = {"body": f"Checked the minutes again ({n})."}
                self.timed("comment", writer, "POST", f"{base}/api/v1/claims/{claim}/comments", body)
            else:
                claim = rng.choice(self.desk.claims)
                version = writer.get(f"{base}/api/v1/claims/{claim}", timeout=30).json()["version"]
                url = self.sources.url()
                body = {"url": url, "stance": "supports", "version": version}
                answer = self.timed("attach", writer, "POST", f"{base}/api/v1/claims/{claim}/sources", body)
                if answer is not None and answer.status_code == 202:
                    with self.lock:
                        self.attached.append((url, answer.headers["Location"]))

    def timed(
        self, op: str, http: requests.Session, method: str, url: str, body: dict[str, Any] | None = None
    ) -> requests.Response | None:
        started = time.monotonic()
        answer: requests.Response | None = None
        try:
            answer = http.request(method, url, json=body, timeout=30)
            status: int | str = answer.status_code
            found = SERVER_APP.search(answer.headers.get("Server-Timing", ""))
        except requests.RequestException as exc:
            status, found = type(exc).__name__, None
        with self.lock:
            self.samples.append(Sample(op, started, time.monotonic(), status, float(found[1]) if found else None))
        return answer

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for op in ("read", "comment", "attach"):
            mine = [s for s in self.samples if s.op == op]
            ms = [(s.ended - s.started) * 1000 for s in mine]
            statuses: dict[str, int] = {}
            for s in mine:
                statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
            ok = sum(1 for s in mine if s.status == 200 or s.status == 201 or s.status == 202)
            out[op] = {
                "n": len(mine),
                "per_s": ok / self.seconds,
                "p50": percentile(ms, 0.5),
                "p95": percentile(ms, 0.95),
                "server_p95": percentile([s.server_ms for s in mine if s.server_ms is not None], 0.95),
            }
            out[op]["statuses"] = statuses
        return out


def rate(base: str, path: str, seconds: float, clients: int = 16) -> float:
    """Requests per second (200 answers) that `clients` threads get from one path."""
    done = [0] * clients
    deadline = time.monotonic() + seconds

    def hit(n: int) -> None:
        http = requests.Session()
        while time.monotonic() < deadline:
            if http.get(base + path, timeout=30).status_code == 200:
                done[n] += 1

    threads = [threading.Thread(target=hit, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    return sum(done) / seconds


def drain(url: str, seconds_per_job: float = 0.0, timeout: float = 240.0) -> float:
    """Wait until no job is queued or running (the sweep puts back a killed consumer's job); seconds waited.

    The wait allows `timeout` plus `seconds_per_job` for each job left when it starts: how long the consumers
    still alive need for the backlog (a faster machine makes more requests in the same minute)."""
    engine = create_engine(url)

    def left() -> int:
        with engine.connect() as conn:
            busy = conn.execute(text("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')"))
            return int(busy.scalar_one())

    started = time.monotonic()
    try:
        budget = timeout + left() * seconds_per_job
        while time.monotonic() - started < budget and left():
            time.sleep(0.5)
        return time.monotonic() - started
    finally:
        engine.dispose()


def audit_jobs(url: str, attached: list[tuple[str, str]], killed: list[int]) -> dict[str, Any]:
    """Jobs by state, and for every acknowledged attachment the evidence rows of its source (1 each: none lost,
    none doubled); the killed consumer's jobs and their attempts."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            states: dict[str, int] = dict(
                conn.execute(text("SELECT state, count(*) FROM jobs GROUP BY state")).tuples().all()
            )
            rows = conn.execute(
                text(
                    "SELECT s.url, count(e.id) FROM sources s LEFT JOIN evidence e ON e.source_id = s.id GROUP BY s.url"
                )
            ).all()
            per_url = {str(u): int(n) for u, n in rows}
            again = [
                conn.execute(text("SELECT state, attempts FROM jobs WHERE id = :id"), {"id": j}).one() for j in killed
            ]
    finally:
        engine.dispose()
    counts = [per_url.get(u, 0) for u, _ in attached]
    return {
        "states": {str(k): int(v) for k, v in states.items()},
        "acknowledged": len(attached),
        "lost": sum(1 for c in counts if c == 0),
        "doubled": sum(1 for c in counts if c > 1),
        "killed": [(j, str(s), int(a)) for j, (s, a) in zip(killed, again, strict=True)],
    }


def running_jobs_of(url: str, pid: int) -> list[int]:
    """The jobs a consumer process holds a lease on (runner.owner_name puts the pid in the lease owner)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id FROM jobs WHERE state = 'running' AND lease_owner LIKE :pid"), {"pid": f"%:{pid}:%"}
            ).all()
        return [int(r[0]) for r in rows]
    finally:
        engine.dispose()
