"""A 2 M-character article with about 2,000 claims, and an edited version of it: what benchmarks/reimport_speed.py
and the soak benchmark re-import; and the soak's side of it (the re-import thread, the other writes meanwhile).
Importing this file on its own does nothing."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import requests
from soak_clients import Ledger, percentile

URL = "https://news.example.org/transit-budget"
FILLER = (
    "the morning was quiet along the river",
    "children walked to school under grey skies",
    "a market opened near the old bridge",
    "the choir rehearsed in the hall",
    "gardeners planted trees by the station",
    "the bakery smelled of fresh bread",
    "visitors admired the murals downtown",
    "rain fell softly on the tiled roofs",
)
CLAIM_EVERY = 16  # one check-worthy sentence in this many: about 2,000 claims in 2 M characters


def claim_sentence(rng: random.Random) -> str:
    return (
        f"The council said spending on transit rose {rng.randint(2, 95)} percent to "
        f"{rng.randint(10, 900)} million euros in {rng.randint(1990, 2023)}."
    )


def sentence(rng: random.Random, n: int) -> str:
    if n % CLAIM_EVERY == 0:
        return claim_sentence(rng)
    return f"{rng.choice(FILLER).capitalize()} while {rng.choice(FILLER)}."


def article_text(rng: random.Random, chars: int) -> str:
    paragraphs: list[str] = []
    size = n = 0
    while size < chars:
        paragraph = " ".join(sentence(rng, n + k) for k in range(6))
        n += 6
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    return text[: text.rfind("\n\n", 0, chars)]


def edited(rng: random.Random, text: str) -> str:
    """Reword 100 claim sentences, drop 100, add 50 paragraphs with claims, and push everything down."""
    paragraphs = text.split("\n\n")
    with_claims = [i for i, p in enumerate(paragraphs) if "percent" in p]
    chosen = rng.sample(with_claims, 200)
    for i in chosen[:100]:
        paragraphs[i] = paragraphs[i].replace("spending on transit rose", "spending on public transit grew", 1)
    for i in chosen[100:]:
        start = paragraphs[i].find("The council said")
        end = paragraphs[i].find(".", paragraphs[i].find("million euros", start)) + 1
        paragraphs[i] = (paragraphs[i][:start] + paragraphs[i][end:].lstrip()).strip()
    for _ in range(50):
        at = rng.randrange(len(paragraphs))
        paragraphs.insert(at, f"A new paragraph. {claim_sentence(rng)} It was revised later.")
    return "Updated with a correction at the top.\n\n" + "\n\n".join(paragraphs)


class Reimport(threading.Thread):
    """The 2 MB re-import during the load: imports `first` before the clients start (not timed as load), then at
    `at` (monotonic) re-imports `second` under the same URL and records when it ran and how it ended."""

    def __init__(self, base: str, token: str, ledger: Ledger, texts: tuple[str, str]) -> None:
        super().__init__(name="soak-reimport", daemon=True)
        self.base, self.second, self.at = base, texts[1], 0.0  # `at` is set when the load starts
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        created = self.http.post(self.base + "/api/v1/articles", json=self.body(texts[0]), timeout=300)
        if created.status_code == 202:  # a long text: imported by the consumer
            state, result = self.follow(created.headers["Location"], time.monotonic() + 600)
            if state != "succeeded":
                raise RuntimeError(f"the first import of the big article's job ended {state}: {result}")
            article_id = result["article_id"]
        elif created.status_code == 201:
            article_id = created.json()["id"]
        else:
            raise RuntimeError(f"the first import of the big article failed: {created.status_code}")
        ledger.ack("articles", article_id)  # a write like the clients' (else it counts as a phantom)
        self.outcome: tuple[float, float, int | str] | None = None

    def body(self, text: str) -> dict[str, str]:
        return {"title": "Soak big article", "text": text, "url": URL}

    def follow(self, location: str, deadline: float) -> tuple[str, Any]:
        """Poll a job until it ends (or the deadline): its state and its result or error."""
        while time.monotonic() < deadline:
            try:
                answer = self.http.get(self.base + location, timeout=30)
            except requests.RequestException:
                answer = None
            if answer is None or answer.status_code != 200:  # a fault (a restart) meets the poll: ask again
                time.sleep(0.2)
                continue
            job = answer.json()
            if job["state"] in ("succeeded", "failed", "discarded"):
                return job["state"], job["result"] if job["state"] == "succeeded" else job["error"]
            time.sleep(0.2)
        return "still running", None

    def post(self, text: str) -> tuple[float, float, int | str]:
        """The re-import's window: from the request to the end of its job (202), or to the answer."""
        started = time.monotonic()
        try:
            answer = self.http.post(self.base + "/api/v1/articles", json=self.body(text), timeout=120)
            status: int | str = answer.status_code
            if answer.status_code == 202:
                state, _ = self.follow(answer.headers["Location"], started + 300)
                status = "202, job " + state
        except requests.RequestException as exc:
            status = type(exc).__name__
        return started, time.monotonic(), status

    def run(self) -> None:
        time.sleep(max(0.0, self.at - time.monotonic()))
        self.outcome = self.post(self.second)


def during(ledger: Ledger, window: tuple[float, float, int | str] | None) -> dict[str, Any]:
    """The other writes (POST/PUT/PATCH) that overlapped the re-import: count, latency (p99, max) next to the same
    run's writes away from it, the time they spent in the database by the server's own account (Server-Timing:
    lock waits included, the CPU queue in front of the workers not), errors and "database is locked" replies."""
    if window is None:
        return {}
    start, end, _ = window
    all_writes = [s for s in ledger.samples if s.op.split()[0] != "GET"]
    writes = [s for s in all_writes if s.started <= end and s.ended >= start]
    away = [s for s in all_writes if s.ended < start - 2 or s.started > end + 2]
    latencies = [(s.ended - s.started) * 1000 for s in writes]
    in_db = [s.db_ms for s in writes if s.db_ms is not None]
    return {
        "writes": len(writes),
        "p99_ms": percentile(latencies, 0.99),
        "p99_elsewhere_ms": percentile([(s.ended - s.started) * 1000 for s in away], 0.99),  # the same run's baseline
        "max_ms": max(latencies, default=0.0),
        "db_timed": len(in_db),  # answers that carried Server-Timing (not those cut off by a fault)
        "db_p99_ms": percentile(in_db, 0.99),
        "db_max_ms": max(in_db, default=0.0),
        "db_p99_elsewhere_ms": percentile([s.db_ms for s in away if s.db_ms is not None], 0.99),
        "errors": sum(1 for s in writes if isinstance(s.status, str) or s.status >= 500),
        "locked": sum(1 for s in writes if s.locked),
    }


def big_reimport(base: str, token: str, chars: int, ledger: Ledger) -> Reimport | None:
    """Import the big article now; its re-import starts at 40 % of the load (None: --reimport-chars 0)."""
    if chars <= 0:
        return None
    rng = random.Random(20261201)
    first = article_text(rng, chars)
    return Reimport(base, token, ledger, (first, edited(rng, first)))


def report_reimport(result: dict[str, Any]) -> bool:
    """Print the re-import's lines; True when its goals hold (or it was left out): the job succeeded, and no other
    write waited for the database for 1 s or more (its whole time in the database, by Server-Timing) or was told
    "database is locked"."""
    if result.get("reimport") is None:
        return True
    outcome, other = result["reimport"]
    if outcome is None:
        print("   2 MB re-import: did not run")
        return False
    start, end, status = outcome
    print(
        f"   2 MB re-import at +{start - result['t0']:.1f} s took {end - start:.1f} s (status {status}); other writes "
        f"meanwhile: {other['writes']}, 5xx/errors {other['errors']}, 'database is locked' {other['locked']}\n"
        f"      their time in the database (Server-Timing, lock waits included; {other['db_timed']} answers): "
        f"p99 {other['db_p99_ms']:.1f} ms (elsewhere in the run {other['db_p99_elsewhere_ms']:.1f} ms), "
        f"max {other['db_max_ms']:.1f} ms\n"
        f"      their latency at the client (CPU queue included): p99 {other['p99_ms']:.1f} ms (elsewhere in the run "
        f"{other['p99_elsewhere_ms']:.1f} ms), max {other['max_ms']:.1f} ms"
    )
    waited_ok = other["db_timed"] > 0 and other["db_max_ms"] < 1000
    return bool(status in (200, "202, job succeeded") and other["locked"] == 0 and waited_ok)
