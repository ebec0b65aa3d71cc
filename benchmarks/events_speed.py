"""Speed of the event finder (prints; asserts nothing).

    .venv/bin/python benchmarks/events_speed.py

Builds the >= 1 MB article of benchmarks/claims_speed.py, extracts its claims once, then times extract_claims
against extract_events on those claims, in turn (best of three each), and prints what the events add as a ratio
of extract_claims alone (goal: at most 1.30). Both wall time (perf_counter, as the other scripts) and CPU time
of this process (process_time, steadier when other work shares the machine) are given. Also the seed article's
figures when ../shared is there.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from claims_speed import PUBLISHED, SEED, build  # noqa: E402

from factcheck.claims.events import extract_events  # noqa: E402
from factcheck.claims.extract import extract_claims  # noqa: E402
from factcheck.claims.scraped import parse_scraped  # noqa: E402


def best_in_turn(fns: list[Callable[[], object]], runs: int = 3) -> list[tuple[float, float]]:
    """(best wall time, best CPU time) of each function, running them in turn so that load hits all alike."""
    best = [(float("inf"), float("inf"))] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            best[i] = (min(best[i][0], wall), min(best[i][1], cpu))
    return best


def main() -> int:
    extract_events("Warm-up: Trump met Putin in Paris on November 11.", PUBLISHED)  # imports dateparser once
    art = parse_scraped(SEED.read_text(encoding="utf-8")) if SEED.is_file() else None
    if art is not None:
        body, published = art.body, art.published
        seed_claims = extract_claims(body, published)
        (w_c, c_c), (w_e, c_e) = best_in_turn(
            [lambda: [extract_claims(body, published) for _ in range(50)],
             lambda: [extract_events(body, published, seed_claims) for _ in range(50)]],
        )  # fmt: skip
        n = len(extract_events(body, published, seed_claims))
        print(
            f"seed article: {n} events; extract_claims {w_c / 50 * 1000:.2f} ms, events on its claims "
            f"{w_e / 50 * 1000:.2f} ms: ratio {1 + w_e / w_c:.3f} wall, {1 + c_e / c_c:.3f} CPU"
        )
    else:
        print(f"{SEED} missing (../shared is not part of a clone): seed figures skipped")

    big = build(1_000_000)
    mb = len(big.encode("utf-8")) / 1e6
    claims = extract_claims(big, PUBLISHED)
    (w_c, c_c), (w_e, c_e) = best_in_turn(
        [lambda: extract_claims(big, PUBLISHED), lambda: extract_events(big, PUBLISHED, claims)]
    )
    events = extract_events(big, PUBLISHED, claims)
    mentions = sum(len(e.mentions) for e in events)
    print(f"long article: {mb:.2f} MB, {len(claims):,} claims, {len(events):,} events from {mentions:,} mentions")
    print(f"long article: extract_claims {w_c:.2f} s wall / {c_c:.2f} s CPU")
    print(f"long article: extract_events on those claims {w_e:.2f} s wall / {c_e:.2f} s CPU")
    print(
        f"ratio (extract_claims + events) / extract_claims: {1 + w_e / w_c:.3f} wall, {1 + c_e / c_c:.3f} CPU "
        "(target <= 1.30)"
    )
    w0 = time.perf_counter()
    extract_events(big, PUBLISHED)
    print(f"long article: extract_events from the text alone (claims included) {time.perf_counter() - w0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
