"""The shortcuts `features.detect` takes (a pattern is skipped when a cheap scan says it cannot match) change
nothing: each gated pattern finds exactly what running it on its own finds, on text built from the very phrases
the patterns look for, glued together in every way that could fool a word-boundary check."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import features
from factcheck.claims import lexicon as lx

# Pieces that start, end or straddle the phrases: words from every gated pattern, apostrophes, hyphens, digits.
_PIECES = [
    "per cent", "percentage point", "three times", "the first such time", "the 2nd instance", "according to",
    "called off", "more than", "bigger than", "compared with", "the only", "since 1990", "in the world",
    "of all time", "up by", "were down", "due to", "led to", "resulted in", "as a result", "supreme court",
    "no one", "not a single", "going to", "is expected to", "thank you", "good evening", "we will", "i’ll",
    "we're gonna to", "i promise to", "let me ask", "thirty seconds", "rebuttal", "one minute", "my father",
    "she wants", "he doesn't want", "never paid", "didn't vote", "hasn't once signed", "denied", "have not been",
    "most", "first", "record high", "17-year low", "ever", "in decades", "only", "x", "'", "’", "-", "don't",
    "o'", "1990", "a", "the", "in", "of", "was", "were", "it'll",
]  # fmt: skip
_SEPARATORS = [" ", "", "'", "’", "-", ", ", ". ", "\n"]

sentences = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=14).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_gated_patterns_find_what_they_find_alone(text: str) -> None:
    low = text.lower()
    gate = features._Phrases(low)
    for pattern in features._GATED:
        assert gate.findall(pattern) == pattern.findall(low), pattern.pattern[:60]


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_scope_hint_never_hides_a_superlative_with_a_scope(text: str) -> None:
    low = text.lower()
    if lx.SUPERLATIVE_SCOPE.search(low):
        assert features._SCOPE_HINT.search(low)


def test_every_phrase_pattern_detect_runs_on_the_lowered_sentence_is_gated() -> None:
    """A new phrase pattern added to the lexicon and used in detect must join the gate, or be left out knowingly:
    OPINION_PHRASES runs on the sentence's own words (not on the lowered sentence), NAMED_DEED on the sentence as
    written (case matters), SUPERLATIVE_SCOPE has a hint of its own (its alternatives are not one phrase list)."""
    phrase_patterns = {
        name
        for name, value in vars(lx).items()
        if isinstance(value, re.Pattern) and value.pattern.startswith(lx.WORD_START)
    }
    gated = {name for name, value in vars(lx).items() if any(value is p for p in features._GATED)}
    assert phrase_patterns - gated == {"OPINION_PHRASES", "NAMED_DEED", "SUPERLATIVE_SCOPE"}


def test_the_gate_skips_sentences_without_phrases_and_keeps_those_with_them() -> None:
    assert features._Phrases("the choir rehearsed in the hall.").starts == []
    text = "turnout rose by 3 per cent, more than in 2019, due to the weather."
    found = {p.pattern[:40] for p in features._GATED if features._Phrases(text).findall(p)}
    assert found == {p.pattern[:40] for p in features._GATED if p.findall(text)} and len(found) == 3
