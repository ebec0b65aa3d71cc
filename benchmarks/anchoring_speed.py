"""Re-anchor 200 claims in a ~100 KB article after small edits and print how long it takes.

Run: .venv/bin/python benchmarks/anchoring_speed.py
"""

from __future__ import annotations

import random
import time
from collections import Counter

from factcheck.claims.anchoring import Anchor, reanchor, reanchor_many, selector_for

WORDS = [
    "the",
    "council",
    "budget",
    "minister",
    "said",
    "percent",
    "rose",
    "fell",
    "since",
    "year",
    "report",
    "claimed",
    "data",
    "official",
    "figures",
    "transit",
    "harbour",
    "election",
    "turnout",
    "survey",
    "hospital",
    "waiting",
    "times",
    "school",
    "funding",
    "police",
    "crime",
    "rate",
    "housing",
    "prices",
    "rents",
    "wages",
    "inflation",
    "exports",
    "tariff",
    "subsidy",
    "pension",
    "deficit",
    "debt",
    "growth",
    "region",
    "city",
]


def article(rng: random.Random, size: int) -> tuple[str, list[tuple[int, int]]]:
    """Sentences of random words and numbers; returns the text and every sentence's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 9999)))
        sentence = " ".join(words).capitalize() + "."
        spans.append((pos, pos + len(sentence)))
        parts.append(sentence)
        pos += len(sentence) + 1
    return " ".join(parts), spans


def edit(rng: random.Random, text: str, claims: list[tuple[int, int]]) -> str:
    """30 insertions anywhere, 15 claims edited inside, 5 claims deleted (applied back to front)."""
    chosen = rng.sample(claims, 20)
    edits: list[tuple[int, int, str]] = []
    for start, end in chosen[:15]:
        cut = rng.randint(start + 5, end - 5)
        edits.append((cut, cut + 3, " newly revised "))
    for start, end in chosen[15:]:
        edits.append((start, end + 1, ""))
    for _ in range(30):
        at = rng.randint(0, len(text))
        if not any(s <= at < e for s, e, _ in edits):
            edits.append((at, at, " (an inserted remark) "))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def main() -> None:
    rng = random.Random(20240501)
    text, sentences = article(rng, 100_000)
    claims = sorted(rng.sample(sentences, 200))
    anchors: list[Anchor] = [selector_for(text, s, e) for s, e in claims]
    new = edit(rng, text, claims)

    t0 = time.perf_counter()
    results = reanchor_many(anchors, new)
    t1 = time.perf_counter()
    singles = [reanchor(a, new) for a in anchors]
    t2 = time.perf_counter()

    print(f"article {len(text)} -> {len(new)} code points, {len(anchors)} claims")
    print(f"states: {dict(Counter(r.state for r in results))}")
    print(f"reanchor_many: {t1 - t0:.3f} s")
    print(f"reanchor x {len(anchors)}: {t2 - t1:.3f} s  states {dict(Counter(r.state for r in singles))}")


if __name__ == "__main__":
    main()
