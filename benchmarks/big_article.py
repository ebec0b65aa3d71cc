"""A 2 M-character article with about 2,000 claims, and an edited version of it: what benchmarks/reimport_speed.py
and the soak benchmark re-import. Importing this file on its own does nothing."""

from __future__ import annotations

import random

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
