"""Property tests: any text, any publication date: no crash, exact offsets, no overlap, determinism."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.claims.extract import extract_claims
from factcheck.claims.segmenter import split_sentences

WORDS = st.sampled_from(
    [
        "Trump", "Putin", "met", "in", "Paris", "on", "November", "11", "Nov.", "Dec", "8:", "May", "2019",
        "said", '"', "'", "“", "”", "-", "--", "—", ";", ",", ".", "?", "!", "...", "U.S.", "Mr.", "J.",
        "4.5%", "$1.2", "bn", "will", "next", "June", "because", "more", "than", "\n", "\r\n", "\u2028",
        "é", "😀", "\u0301", "٣", "the", "and", "each", "of", "them", "I", "think", "Moscow,", "(AP)",
    ]
)  # fmt: skip
NEWSY = st.lists(WORDS, max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=300), NEWSY)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=TEXT, published=DATES)
@example(text="0\xa0-", published=None)  # a clause edge of punctuation then a non-ASCII space
@example(text="Nov. 11 - 2019\u2028“Trump” said: «yes»; and each of them ...", published=dt.date(2018, 12, 9))
def test_claims_are_exact_sorted_disjoint_and_deterministic(text: str, published: dt.date | None) -> None:
    claims = extract_claims(text, published, min_score=0.0)
    assert claims == extract_claims(text, published, min_score=0.0)
    previous_end = 0
    for c in claims:
        assert 0 <= previous_end <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.quote
        assert c.quote == c.quote.strip()
        assert text[max(0, c.start - 32) : c.start] == c.prefix
        assert text[c.end : c.end + 32] == c.suffix
        assert 0.0 <= c.score <= 1.0
        for d in c.dates:
            assert c.start <= d.start < d.end <= c.end
            assert text[d.start : d.end] == d.text
            assert d.precision in ("day", "week", "month", "year")
        previous_end = c.end


@SETTINGS
@given(text=TEXT)
def test_sentences_are_exact_trimmed_and_disjoint(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for a, b in spans:
        assert previous_end <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip()
        previous_end = b
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())
