"""Speed figures of the claim engine (prints; asserts nothing).

    .venv/bin/python benchmarks/claims_speed.py

Measures, in one run on one machine: articles/s on the seed article, MB/s and sentences/s on a >= 1 MB
article, the ratio of extract_claims time to plain pysbd segmentation of the same text, the scaling ratio
time(1 MB) / time(125 KB), and the peak memory of extract_claims on the 1 MB article.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.claims.dates import clear_cache  # noqa: E402
from factcheck.claims.extract import extract_claims  # noqa: E402
from factcheck.claims.scraped import parse_scraped  # noqa: E402
from factcheck.claims.segmenter import split_sentences  # noqa: E402

SEED = Path(os.environ.get("FACTCHECK_SHARED_DIR") or ROOT.parent / "shared") / "seed" / "000_8df2c7627c605523.txt"
PUBLISHED = dt.date(2018, 12, 9)

MONTHS = ["January", "March", "April", "June", "July", "September", "October", "November", "December"]
CITIES = ["Paris", "Helsinki", "Buenos Aires", "Osaka", "Vienna", "Geneva", "Hamburg", "Singapore"]
PEOPLE = ["Mr. Putin", "Mr. Trump", "Dr. Lee", "Gen. Smith", "Sen. Jones", "J. K. Ortiz"]

# Paragraphs written for this benchmark; {} fields vary with the paragraph number.
TEMPLATES = [
    "{city}, {mon3} {day}: {who} met the U.S. delegation in {city} on {month} {day} for {n} hours. "
    '"The talks went well," {who} told reporters. Officials said another meeting would follow in {month}.',
    "Exports rose {pct}% in {month}, according to the Commerce Dept. That was the highest level since "
    "{year}; analysts had expected a rise of about {pct2} per cent. Is this the end of the slump? "
    "Nobody knows.",
    "The treaty, signed in {year} by the U.S.S.R. and the United States, banned missiles with ranges of "
    "500-5,500 km. {who} threatened to pull out of it - the latest in a series of moves that alarmed "
    "allies - and each of them drew protests in {city}.",
    "I think it is a wonderful day. Thank you all for coming! The next summit will take place in {city} in "
    "{month} {year2}, {who} said, adding that {n} leaders had confirmed.",
    "Unemployment fell to {pct}%. It was the lowest since {year}, the Labor Dept. said. Prices rose 3.2 pct "
    "in {year} vs. 2.9 pct a year earlier because fuel costs surged.",
]


def paragraph(i: int) -> str:
    t = TEMPLATES[i % len(TEMPLATES)]
    month = MONTHS[i % len(MONTHS)]
    return t.format(
        city=CITIES[i % len(CITIES)],
        who=PEOPLE[(i // 3) % len(PEOPLE)],
        month=month,
        mon3=month[:3],
        day=1 + i % 28,
        n=2 + i % 9,
        pct=f"{(i % 97) / 10:.1f}",
        pct2=f"{(i % 53) / 10:.1f}",
        year=1950 + i % 70,
        year2=2019 + i % 5,
    )


def build(size: int) -> str:
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        p = paragraph(i)
        parts.append(p)
        total += len(p) + 2
        i += 1
    return "\n\n".join(parts)


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    return interleaved([fn], runs)[0]


def interleaved(fns: list[Callable[[], object]], runs: int = 3) -> list[float]:
    """Best time of each function, running them in turn so that a busy machine slows all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main() -> int:
    import pysbd  # type: ignore[import-untyped]

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)

    def pysbd_split(text: str) -> int:
        return sum(len(segmenter.segment(line)) for line in text.splitlines() if line.strip())

    extract_claims("Warm-up: Trump met Putin in Paris on November 11.", PUBLISHED)  # imports dateparser once

    art = parse_scraped(SEED.read_text(encoding="utf-8")) if SEED.is_file() else None
    if art is not None:
        body, published = art.body, art.published
        runs = 200
        t0 = time.perf_counter()
        for _ in range(runs):
            extract_claims(body, published)
        seed_time = time.perf_counter() - t0
        per = seed_time / runs * 1000
        print(f"seed article: {runs / seed_time:,.0f} articles/s ({per:.2f} ms per article, {runs} runs)")

        def batch(fn: Callable[[], object]) -> Callable[[], None]:
            def run() -> None:
                for _ in range(20):
                    fn()

            return run

        t_seed, p_seed = interleaved(
            [batch(lambda: extract_claims(body, published)), batch(lambda: pysbd_split(body))], runs=5
        )
        print(
            f"seed article: extract_claims {t_seed / 20 * 1000:.2f} ms vs pysbd segmentation "
            f"{p_seed / 20 * 1000:.2f} ms: ratio {t_seed / p_seed:.3f}"
        )
    else:
        print(f"{SEED} missing (../shared is not part of a clone): seed figures skipped")

    big = build(1_000_000)
    small = build(125_000)
    mb = len(big.encode("utf-8")) / 1e6
    n_sent = len(split_sentences(big))
    clear_cache()
    t0 = time.perf_counter()
    extract_claims(big, PUBLISHED)
    t_cold = time.perf_counter() - t0
    t_big, t_small, t_pysbd = interleaved(
        [lambda: extract_claims(big, PUBLISHED), lambda: extract_claims(small, PUBLISHED), lambda: pysbd_split(big)]
    )
    n_claims = len(extract_claims(big, PUBLISHED))
    print(f"long article: {mb:.2f} MB, {n_sent:,} sentences, {n_claims:,} claims")
    rate = f"{mb / t_big:.2f} MB/s, {n_sent / t_big:,.0f} sentences/s"
    print(f"long article: extract_claims {t_big:.2f} s = {rate} (first run, date cache empty: {t_cold:.2f} s)")
    t_seg = best_of(lambda: split_sentences(big))
    print(f"long article: split_sentences alone {t_seg:.2f} s = {n_sent / t_seg:,.0f} sentences/s")
    print(f"long article: pysbd {t_pysbd:.2f} s = {n_sent / t_pysbd:,.0f} sentences/s")
    print(f"ratio extract_claims / pysbd segmentation: {t_big / t_pysbd:.3f} (target <= 1.0)")
    print(f"ratio with an empty date cache: {t_cold / t_pysbd:.3f}")
    print(
        f"scaling time(1 MB) / time(125 KB): {t_big / t_small:.2f} "
        f"(sizes {len(big):,} / {len(small):,} chars; linear = {len(big) / len(small):.1f}; target <= 10)"
    )
    gc.collect()
    tracemalloc.start()
    extract_claims(big, PUBLISHED)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory (tracemalloc) for the 1 MB article: {peak / 1e6:.1f} MB (target < 200 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
