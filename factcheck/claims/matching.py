"""Claim matching, the pure part: normalise texts, build full-text queries, fuse lexical and semantic evidence.

The database (services/matching.py) or an in-memory index (claims/match_index.py) retrieves candidates by
full-text rank of the query's rarest words (SQLite FTS5 `bm25()`, PostgreSQL `ts_rank_cd`) and by vector;
`rescore` orders them by BM25 of every word of the query; `rank` re-ranks them by reciprocal rank fusion of
the lexical order and the order by cosine similarity of sentence embeddings (Cormack et al. 2009, with their
constant k = 60, not fitted here), then demotes candidates whose figures or negation contradict the query: a claim
that says "4%" where the query says "3%", or "did not" where the query affirms, is a different claim even when the
words are the same. Every match carries its reasons.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from factcheck.claims.lexicon import words
from factcheck.claims.match_terms import Flavour, head_of, heads, stem_key

RRF_K = 60
CONFLICT_FACTOR = 0.5  # a contradicted figure or negation halves the fused score
MAX_TERMS = 32
# Matches whose meaning is further than this from the claim's (semantic similarity 0..100) are not shown to people.
# On CheckThat 2020 task 2, a tweet and the verified claim it repeats score 30 or more in 97.7% of train pairs
# and 96.5% of dev pairs, a tweet and a random verified claim in 1.7% / 1.5%. Without the model there is no floor.
SHOWN_FLOOR = 30.0
SEMANTIC_DEPTH = 20  # texts nearest by exact vector search added to the full-text candidates
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's bm25() constants (not fitted here)

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
# A tweet's trailing signature: "— Name (@handle) January 6, 2020" (as embedded tweets are quoted)
_SIGNATURE = re.compile(r"\s[—–-]{1,2}\s[^—–\n]{0,80}\(@\w{1,30}\)[^—–\n]{0,40}$")
_RETWEET = re.compile(r"^\s*RT\s+@\w+:?\s*")
_NON_WORD = re.compile(r"[^\w%$€£]+")
_TERM = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_NEGATIONS = words("not no never none nobody nothing neither nor cannot")
# after normalise(): "didn't" -> "didnt"
_CONTRACTED = words("did does do is are was were has have had could would should must ca wo ai")
NEAR_DUPLICATE = 0.6  # content-word overlap above which a flipped figure or negation means a different claim
STOP_WORDS = words(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself nor of off on once
    only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves also says said via amp rt"""
)

Vector = npt.NDArray[np.float32]


def normalise(text: str) -> str:
    """NFKC, case-folded, punctuation to spaces, whitespace collapsed: "Jobless  RATE—fell!" -> "jobless rate fell"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = re.sub(r"(?<=\w)'(?=\w)", "", text)  # "didn't" -> "didnt", as one token
    return " ".join(_NON_WORD.sub(" ", text).split())


def clean_query(text: str) -> str:
    """A text as people post it, made a claim: links, @handles, a retweet prefix and a tweet's signature removed."""
    text = unicodedata.normalize("NFKC", text)
    text = _RETWEET.sub("", text)
    text = _SIGNATURE.sub("", text.strip())
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = text.replace("#", " ")
    return " ".join(text.split())


def terms(text: str, limit: int = MAX_TERMS) -> list[str]:
    """The distinct content words of a text, in order, lower-cased, without stop words (at most `limit`)."""
    seen: dict[str, None] = {}
    for word in _TERM.findall(unicodedata.normalize("NFKC", text).casefold()):
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)[:limit]


def fts5_query(words: Sequence[str], *, all_of: bool = False) -> str:
    """An FTS5 MATCH expression: any (or all) of the words, each quoted so none is read as an operator."""
    return (" AND " if all_of else " OR ").join(f'"{w}"' for w in words if '"' not in w)


def tsquery(words: Sequence[str], *, all_of: bool = False) -> str:
    """A PostgreSQL to_tsquery expression: any (or all) of the words (terms hold only letters and digits)."""
    return (" & " if all_of else " | ").join(w for w in words if _TERM.fullmatch(w))


# `rank` compares the query with each of its ~120 candidates, and a claim's text comes back as a candidate of many
# queries: the pure functions of one text below are cached (bounded; a text's answer never changes).
_TEXT_CACHE = 4096


@lru_cache(maxsize=_TEXT_CACHE)
def numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


def _negation(word: str) -> bool:
    """A normalised word that negates: "not", "never", "didnt" (from "didn't")."""
    return word in _NEGATIONS or (word.endswith("nt") and word[:-2] in _CONTRACTED)


@lru_cache(maxsize=_TEXT_CACHE)
def negated(text: str) -> bool:
    """Whether a text holds a negation ("not", "never", "no one", "didn't")."""
    return any(_negation(w) for w in normalise(text).split())


def resemblance(a: str, b: str) -> float:
    """Jaccard overlap of the content words of two texts, leaving out figures and negations (0..1)."""
    mine, theirs = _content(a), _content(b)
    return len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0


@lru_cache(maxsize=_TEXT_CACHE)
def _content(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in terms(normalise(text), limit=10_000) if not w.isdigit() and not _negation(w))


def _stem(word: str) -> str:
    """A light suffix strip ("signed", "signs" -> "sign") so inflections do not hide a near-duplicate."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Candidate:
    """A stored text found by full-text search (in the order of its lexical rank), or by its vector alone."""

    key: str
    text: str
    # the lexical score, higher is better: the database's rank, then (`rescore`) BM25 of every query word; None: by
    # vector alone, sharing no word with the query
    lexical: float | None
    vector: Vector | None = None


@dataclass(frozen=True)
class Match:
    key: str
    text: str
    score: float  # fused: orders the matches
    lexical: float | None
    lexical_rank: int | None
    semantic: float | None  # cosine similarity of the sentence embeddings, when both exist
    semantic_rank: int | None
    reasons: tuple[str, ...] = field(default=())

    @property
    def similarity(self) -> float:
        """0..100 for people: the semantic similarity when known, else the lexical rank's share of the best."""
        if self.semantic is not None or self.lexical_rank is None:
            return round(max(0.0, self.semantic or 0.0) * 100, 1)
        return round(100.0 * (RRF_K + 1) / (RRF_K + self.lexical_rank), 1)

    @property
    def weak(self) -> bool:
        """Too far in meaning to show someone (`SHOWN_FLOOR`); never when only words were compared."""
        return self.semantic is not None and self.similarity < SHOWN_FLOOR


def conflicts(query: str, candidate: str) -> list[str]:
    """Why a candidate that says nearly the same thing as the query is still a different claim: other figures, or
    a negation in one and not in the other. Texts that merely share a topic are not compared this way."""
    out: list[str] = []
    if resemblance(query, candidate) < NEAR_DUPLICATE:
        return out
    mine, theirs = numbers(query), numbers(candidate)
    if mine - theirs and theirs - mine:  # a figure swapped for another, not one merely left out
        out.append(
            f"different figures ({', '.join(sorted(mine - theirs)[:3])} vs {', '.join(sorted(theirs - mine)[:3])})"
        )
    if negated(query) != negated(candidate):
        out.append("one denies what the other affirms")
    return out


@lru_cache(maxsize=_TEXT_CACHE)
def _token_counts(text: str) -> tuple[Mapping[str, int], int]:
    """A text's words as a full-text index splits them, with their counts, and its length in words."""
    tokens = _TERM.findall(unicodedata.normalize("NFKC", text).casefold())
    return Counter(tokens), len(tokens)


def rescore(
    query: str,
    candidates: Sequence[Candidate],
    frequency: Mapping[str, int],
    documents: int,
    *,
    flavour: Flavour = "porter",
) -> list[Candidate]:
    """The candidates ordered by BM25 of every content word of the query, not only the few rare words the
    full-text stage searched for (claims/match_terms.py): with those alone, a candidate holding one rare word
    outranks one holding all the others. `frequency` gives each query word's document frequency in the pool
    (0 for a word it does not list) and `documents` the pool's size; lengths are compared with the
    candidates' mean length. Candidates found by vector alone are scored too when they share a word; those that
    share none keep `lexical` None and their place after the others. A candidate the database found whose words
    this tokenising does not see (a stemmer's rare disagreement) keeps a lexical score of 0, before those."""
    query_words = terms(query)
    if not candidates or not query_words or documents <= 0:
        return list(candidates)
    weights: dict[str, float] = {}
    wanted_heads: set[str] = set()
    for word in query_words:
        held = min(max(frequency.get(word, 0), 0), documents)
        idf = math.log((documents - held + 0.5) / (held + 0.5))
        weights[stem_key(word, flavour)] = max(idf, 1e-6)  # as FTS5: a word in most texts still counts a little
        wanted_heads |= heads(word, flavour)
    counted = [_token_counts(c.text) for c in candidates]
    mean = sum(length for _, length in counted) / len(counted) or 1.0
    scored: list[tuple[float, int, Candidate]] = []
    found_only_there: list[Candidate] = []  # the database matched words this tokenising did not (0.2% of stems)
    unmatched: list[Candidate] = []
    for place, (candidate, (counts, length)) in enumerate(zip(candidates, counted, strict=True)):
        held_by_stem: dict[str, int] = {}
        for token, times in counts.items():  # only words that may share a stem with the query's are stemmed
            if len(token) < 3 or head_of(token, flavour) in wanted_heads:
                stem = stem_key(token, flavour)
                if stem in weights:
                    held_by_stem[stem] = held_by_stem.get(stem, 0) + times
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / mean)
        score = 0.0
        for stem, held_times in held_by_stem.items():
            score += weights[stem] * held_times * (BM25_K1 + 1) / (held_times + norm)
        if score > 0:
            scored.append((score, place, replace(candidate, lexical=score)))
        elif candidate.lexical is not None:
            found_only_there.append(replace(candidate, lexical=0.0))
        else:
            unmatched.append(candidate)
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [c for _, _, c in scored] + found_only_there + unmatched


def rank(query: str, query_vector: Vector | None, candidates: Sequence[Candidate], top: int = 5) -> list[Match]:
    """Fuse the lexical order of `candidates` with their semantic order; best first, at most `top`.

    Candidates found by full-text search come first, in their lexical order; those found by their vector alone
    (lexical None) follow and take part in the semantic order only."""
    if not candidates:
        return []
    semantic: list[float | None] = [None] * len(candidates)
    semantic_rank: list[int | None] = [None] * len(candidates)
    usable = [i for i, c in enumerate(candidates) if c.vector is not None]
    if query_vector is not None and usable:
        matrix = np.vstack([v for i in usable if (v := candidates[i].vector) is not None]).astype(np.float32)
        sims = matrix @ query_vector.astype(np.float32)
        for place, j in enumerate(np.argsort(-sims, kind="stable")):
            semantic[usable[j]] = float(sims[j])
            semantic_rank[usable[j]] = place + 1
    fused_all: list[Match] = []
    for i, c in enumerate(candidates):
        l_rank = i + 1 if c.lexical is not None else None
        fused = 1.0 / (RRF_K + l_rank) if l_rank is not None else 0.0
        reasons = [f"full-text rank {l_rank} (score {c.lexical:.3f})"] if c.lexical is not None else []
        s_rank = semantic_rank[i]
        if s_rank is not None:
            fused += 1.0 / (RRF_K + s_rank)
            reasons.append(f"meaning rank {s_rank} (cosine {semantic[i]:.2f})")
        fused_all.append(Match(c.key, c.text, fused, c.lexical, l_rank, semantic[i], s_rank, tuple(reasons)))

    def order(m: Match) -> tuple[float, int]:
        return (-m.score, m.lexical_rank or len(candidates) + 1)

    # A conflict only lowers a score, so candidates are checked for one best first, and the walk stops once `top`
    # checked matches order before the next candidate's unlowered score: no later candidate can reach the top.
    fused_all.sort(key=order)
    matches: list[Match] = []
    for m in fused_all:
        if len(matches) >= top and order(sorted(matches, key=order)[top - 1]) < order(m):
            break
        problems = conflicts(query, m.text)
        if problems:
            m = replace(m, score=m.score * CONFLICT_FACTOR, reasons=(*m.reasons, *problems))
        matches.append(m)
    matches.sort(key=order)
    return matches[:top]
