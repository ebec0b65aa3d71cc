"""Quality figures of the claim engine (prints; asserts nothing).

    .venv/bin/python benchmarks/claims_quality.py

Reads ../shared (never shipped with the project): the seed article, sentence_cases.json and the CLEF 2019
CheckThat! Task 1 debates. Prints the seed's claims, sentence accuracy, and MAP on test_annotated/ and
training/; then the default scorer next to a length + digit heuristic with
bootstrap intervals, the same by year of debate, and the learned ranker trained at run time on training/ and
scored on test_annotated/ (nothing fitted is kept). `--no-embedding` skips the sentence embeddings (faster).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.claims.extract import extract_claims  # noqa: E402
from factcheck.claims.scoring import score_sentence  # noqa: E402
from factcheck.claims.scraped import parse_scraped  # noqa: E402
from factcheck.claims.segmenter import split_sentences  # noqa: E402

SHARED = Path(os.environ.get("FACTCHECK_SHARED_DIR") or ROOT.parent / "shared")  # the evaluation material
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


Debate = tuple[str, list[str], list[int]]  # file name, sentences, labels


def heuristic(sentence: str) -> float:
    """The baseline to beat: has a digit (1 or 0) + the number of words / 100 (length breaks the ties)."""
    return (1.0 if any(c.isdigit() for c in sentence) else 0.0) + len(sentence.split()) / 100


def debates(folder: str) -> list[Debate]:
    out = []
    for f in sorted((CHECKTHAT / folder).glob("*.tsv")):
        rows = read_debate(f)
        out.append((f.name, [s for s, _ in rows], [int(lab) for _, lab in rows]))
    return out


def mean_ap(scored: list[tuple[list[float], list[int]]]) -> float:
    return sum(average_precision(list(zip(sc, [bool(x) for x in lab], strict=True))) for sc, lab in scored) / len(
        scored
    )


def bootstrap(a: list[tuple[list[float], list[int]]], b: list[tuple[list[float], list[int]]] | None = None,
              rounds: int = 1000, seed: int = 3) -> tuple[float, float]:  # fmt: skip
    """95% interval of MAP (or of MAP(a) - MAP(b)), resampling sentences within each debate."""
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        picks = [[rng.randrange(len(lab)) for _ in lab] for _, lab in a]
        pa = [([sc[i] for i in p], [lab[i] for i in p]) for (sc, lab), p in zip(a, picks, strict=True)]
        value = mean_ap(pa)
        if b is not None:
            value -= mean_ap([([sc[i] for i in p], [lab[i] for i in p]) for (sc, lab), p in zip(b, picks, strict=True)])
        values.append(value)
    values.sort()
    return values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]


def show(
    name: str, scored: list[tuple[list[float], list[int]]], versus: list[tuple[list[float], list[int]]] | None = None
) -> None:
    lo, hi = bootstrap(scored)
    line = f"   {name:<44} MAP {mean_ap(scored):.4f} [{lo:.4f}, {hi:.4f}]"
    if versus is not None:
        dlo, dhi = bootstrap(scored, versus)
        line += f"  vs heuristic {mean_ap(scored) - mean_ap(versus):+.4f} [{dlo:+.4f}, {dhi:+.4f}]"
    print(line)


def ranker_report(*, embedding: bool) -> None:
    from factcheck.claims import embeddings, ranker

    train_set, test_set = debates("training"), debates("test_annotated")
    print("== Rankers (MAP, bootstrap 95% interval resampling sentences within debates)")
    for title, group in [("2019 test_annotated (7 debates)", test_set)] + [
        (f"training, debates of {year}", [d for d in train_set if d[0].startswith(year)])
        for year in sorted({d[0][:4] for d in train_set})
    ]:
        print(f" {title}")
        base = [([heuristic(s) for s in ss], lab) for _, ss, lab in group]
        show("length + digit heuristic", base)
        show("default scorer", [([score_sentence(s) for s in ss], lab) for _, ss, lab in group], base)
    encoder = embeddings.encoder() if embedding else None
    began = time.perf_counter()
    vecs = {d[0]: encoder.encode(d[1]).astype(np.float64) for d in train_set + test_set} if encoder else {}
    if encoder:
        n = sum(len(d[1]) for d in train_set + test_set)
        print(f" embedded {n} sentences in {time.perf_counter() - began:.0f} s")

    def fit(group: list[Debate]) -> ranker.Ranker:
        sentences = [s for _, ss, _ in group for s in ss]
        labels = [y for _, _, ys in group for y in ys]
        matrix = np.vstack([vecs[d[0]] for d in group]) if vecs else None
        groups = [name for name, ss, _ in group for _ in ss]
        return ranker.train(sentences, labels, matrix, embedding_model="minilm" if vecs else None, groups=groups)

    def scored(model: ranker.Ranker, group: list[Debate]) -> list[tuple[list[float], list[int]]]:
        return [(list(model.score_matrix(ranker.feature_matrix(ss, vecs.get(name)))), lab) for name, ss, lab in group]

    what = "features + embedding" if vecs else "features only"
    model = fit(train_set)
    print(f" learned ranker ({what}), trained on training/ (CV average precision {model.cv_average_precision:.3f}):")
    show("2019 test_annotated", scored(model, test_set), [([heuristic(s) for s in ss], lab) for _, ss, lab in test_set])
    print("   (goal: at least 0.166, the best published figure)")
    for year in sorted({d[0][:4] for d in train_set}):
        held = [d for d in train_set if d[0].startswith(year)]
        other = fit([d for d in train_set if not d[0].startswith(year)])
        show(f"debates of {year}, trained on the other years", scored(other, held))


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--no-embedding", action="store_true")
    parser.add_argument("--only-rankers", action="store_true", help="skip the seed, sentence and per-file reports")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is missing: the benchmark needs the evaluation material (set FACTCHECK_SHARED_DIR); skipping.")
        return 0
    if not args.only_rankers:
        seed_report()
        print()
        sentence_report()
        print()
        map_report("test_annotated")
        print("   (published best system on this test set: 0.166 MAP; most systems 0.08 to 0.13)")
        print()
        map_report("training")
        print()
    ranker_report(embedding=not args.no_embedding)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
