"""Quality figures of the claim engine (prints; asserts nothing).

    .venv/bin/python benchmarks/claims_quality.py

Reads ../shared (never shipped with the project): the seed article, sentence_cases.json and the CLEF 2019
CheckThat! Task 1 debates. Prints the seed's claims, sentence accuracy, and MAP on test_annotated/ and
training/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.claims.extract import extract_claims  # noqa: E402
from factcheck.claims.scoring import score_sentence  # noqa: E402
from factcheck.claims.scraped import parse_scraped  # noqa: E402
from factcheck.claims.segmenter import split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8df2c7627c605523.txt"
CASES = SHARED / "eval" / "sentence_cases.json"
CHECKTHAT = SHARED / "eval" / "checkthat2019"

# The facts the seed must yield, each as its own claim: (what, words the claim contains, date value or None).
SEED_FACTS = [
    ("Paris meeting set for November 11, cancelled", ("Paris", "November 11"), "2018-11-11"),
    ("meeting called off at the G20 in Buenos Aires", ("Buenos Aires", "called off"), None),
    ("Helsinki invitation in July", ("Helsinki", "July"), "2018-07"),
    ("next meeting in Japan, June 2019 G20", ("Japan", "June"), "2019-06"),
    ("threat to pull out of the INF Treaty", ("INF Treaty",), None),
    ("Putin visit to Washington refused", ("visit by Putin", "out of question"), None),
]


def seed_report() -> None:
    raw = SEED.read_text(encoding="utf-8")
    art = parse_scraped(raw)
    if art is None:
        print("seed: not in the scraped format?!")
        return
    claims = extract_claims(art.body, art.published)
    print(f"== Seed article ({art.published}, {art.title!r}): {len(claims)} claims")
    print("   offsets are in the body (add body_offset", art.body_offset, "for the raw file)")
    for c in claims:
        dates = ", ".join(f"{d.text}={d.value}({d.precision})" for d in c.dates) or "-"
        where = f"[{c.start:>5}:{c.end:<5}]"
        print(f"  {where} {c.kind:<10} {c.score:.3f} speaker={c.speaker or '-'} dates={dates}")
        print(f"      {c.quote}")
    found = 0
    for what, needles, value in SEED_FACTS:
        hit = [c for c in claims if all(n in c.quote for n in needles)]
        ok = bool(hit) and (value is None or any(d.value == value for d in hit[0].dates))
        found += ok
        print(f"  {'ok     ' if ok else 'MISSING'} {what}" + (f" -> {value}" if value else ""))
    print(f"  seed facts found as claims with their dates: {found}/{len(SEED_FACTS)}")


def sentence_report() -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    total = good = 0
    failures: list[str] = []
    for case in cases:
        para = case["paragraph"]
        got = [para[a:b] for a, b in split_sentences(para)]
        for sentence in case["sentences"]:
            total += 1
            if sentence in got:
                good += 1
            else:
                failures.append(f"    expected {sentence!r}\n      got {got!r}")
    print(f"== Sentence accuracy on sentence_cases.json: {good}/{total}")
    for f in failures:
        print(f)


def average_precision(scored: list[tuple[float, bool]]) -> float:
    ranked = sorted(scored, key=lambda x: -x[0])  # stable: ties keep their order in the debate
    hits = 0
    total = 0.0
    for i, (_, relevant) in enumerate(ranked, 1):
        if relevant:
            hits += 1
            total += hits / i
    return total / hits if hits else 0.0


def read_debate(path: Path) -> list[tuple[str, bool]]:
    rows: list[tuple[str, bool]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) >= 4:
                rows.append((parts[2], parts[3].strip() == "1"))
    return rows


def map_report(folder: str) -> None:
    files = sorted((CHECKTHAT / folder).glob("*.tsv"))
    if not files:
        print(f"== MAP on {folder}: no files")
        return
    aps = []
    for f in files:
        rows = read_debate(f)
        ap = average_precision([(score_sentence(s), label) for s, label in rows])
        aps.append(ap)
        checked = sum(lab for _, lab in rows)
        print(f"    {f.name:<36} {len(rows):>5} sentences {checked:>4} checked  AP {ap:.4f}")
    print(f"== MAP on CheckThat 2019 {folder}: {sum(aps) / len(aps):.4f} over {len(aps)} files")


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is missing: the quality benchmark needs the shared evaluation material; skipping.")
        return 0
    seed_report()
    print()
    sentence_report()
    print()
    map_report("test_annotated")
    print("   (published best system on this test set: 0.166 MAP; most systems 0.08 to 0.13)")
    print()
    map_report("training")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
