"""Which words of a query the full-text stage searches for: the rarest few, within a budget of postings.

An any-of-these-words query ranks every stored text holding any of the words, so one frequent word ("shows",
"president") makes the database rank most of its rows. The words are therefore looked up first in the index's own
document frequencies (SQLite: an `fts5vocab` table; PostgreSQL: the lexeme statistics ANALYZE keeps), and only the
rarest are searched for, at most QUERY_TERMS of them and no more than POSTINGS_BUDGET postings in all: the work
is bounded whatever the query, and the words left out are those that say least about which text is meant (BM25
gives a word in a tenth of the texts a quarter of the weight of a rare one). A query made only of frequent words
becomes "all of the ALL_OF rarest", which few texts satisfy.

The index stores stems, so the lookup key of a word is its stem as the database computes it: the Porter stemmer
of SQLite's `porter` tokenizer (with accents removed, as `unicode61` does) or PostgreSQL's `english` Snowball
stemmer, both from `snowballstemmer` (it and SQLite disagree on about 0.2% of English words; such a word counts as
rare, which costs at most a little speed).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

QUERY_TERMS = 10  # the rarest words searched for, at most
# Stored texts the chosen words may hold in all (their document frequencies summed): the rows the database
# ranks. The candidates are then scored by every word of the query (matching.rescore) and joined by the nearest
# vectors, so the budget costs no quality over a wide range: on CheckThat 2020 task 2 (10,375 verified claims)
# the shipped matcher scores the same MAP@5 with a budget of 100 as of 4,000 (benchmarks/matching_quality.py
# --budgets), and 1,000 is to 100,000 texts what 100 is to 10,000.
POSTINGS_BUDGET = 1_000
ALL_OF = 3  # a query of frequent words only: texts holding all of its rarest ALL_OF words

Flavour = Literal["porter", "english"]


@dataclass(frozen=True)
class TermChoice:
    words: tuple[str, ...]  # the words to search for, rarest first
    all_of: bool = False  # True: texts must hold every word (the query had only frequent words)
    left_out: tuple[str, ...] = field(default=())
    # What the choice was made from, for scoring the candidates by every word (matching.rescore): each word's
    # document frequency (the estimate for a word the statistics do not list) and the number of texts in the
    # pool (0: not known).
    frequency: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    documents: int = 0


def _fold(word: str) -> str:
    """Accents removed as SQLite's unicode61 tokenizer removes them ("café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=2)
def _stemmer(flavour: Flavour) -> Callable[[str], str]:
    import snowballstemmer

    stem: Callable[[str], str] = snowballstemmer.stemmer(flavour).stemWord
    return stem


@lru_cache(maxsize=65_536)  # a query's words come back in many queries; the Snowball stemmer is pure Python
def stem_key(word: str, flavour: Flavour) -> str:
    """The form under which the database's full-text index stores `word` (lower-case input)."""
    if flavour == "porter":
        return _stemmer("porter")(_fold(word))
    return _stemmer("english")(word)


def heads(word: str, flavour: Flavour) -> frozenset[str]:
    """The first two letters a word's stem can share with other words of that stem. Stemming keeps a word's first
    two letters (accents removed for porter) but for a few: "dying" becomes "die", "days" stays "da"; a word of
    another stem's head cannot stem to it, so a text's words need stemming only when their head is one of these."""
    stem = stem_key(word, flavour)
    found = {stem[:2], head_of(word, flavour)}
    if len(stem) >= 2 and stem[1] == "i":  # "dying" -> "die", "lying" -> "lie"
        found.add(stem[0] + "y")
    return frozenset(found)


def head_of(token: str, flavour: Flavour) -> str:
    """A token's first two letters as the stemmer sees them (accents removed for porter)."""
    return (_fold(token) if flavour == "porter" and not token.isascii() else token)[:2]


def choose_terms(
    words: Sequence[str],
    frequency: Mapping[str, int],
    *,
    unknown: int = 0,
    limit: int = QUERY_TERMS,
    budget: int = POSTINGS_BUDGET,
) -> TermChoice:
    """The words to search for, given each word's document frequency (`unknown` for a word not in `frequency`).

    Rarest first, while there are fewer than `limit` and their frequencies add up to at most `budget`. When even
    the rarest word alone is over the budget, the ALL_OF rarest words, all required.
    """
    ordered = sorted(words, key=lambda w: frequency.get(w, unknown))  # stable: ties keep the query's order
    chosen: list[str] = []
    spent = 0
    for word in ordered:
        count = frequency.get(word, unknown)
        if len(chosen) >= limit or spent + count > budget:
            break
        chosen.append(word)
        spent += count
    counts = {w: frequency.get(w, unknown) for w in words}
    if chosen or not ordered:
        return TermChoice(tuple(chosen), False, tuple(ordered[len(chosen) :]), counts)
    return TermChoice(tuple(ordered[:ALL_OF]), True, tuple(ordered[ALL_OF:]), counts)
