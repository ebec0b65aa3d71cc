"""Sentence and clause segmentation on hand-written newswire text."""

from __future__ import annotations

import pytest

from factcheck.claims.segmenter import dateline_end, split_clauses, split_sentences

CASES = [
    (
        "Helsinki, Jul. 16: Mr. Trump and Mr. Putin met for two hours. Aides waited outside.",
        ["Helsinki, Jul. 16: Mr. Trump and Mr. Putin met for two hours.", "Aides waited outside."],
    ),
    (
        "The summit opens at 9 a.m. on Saturday. It ends at 4 p.m. Sunday.",
        ["The summit opens at 9 a.m. on Saturday.", "It ends at 4 p.m. Sunday."],
    ),
    (
        "The U.S. Treasury said exports fell 1.5% in June. The E.U. did not comment.",
        ["The U.S. Treasury said exports fell 1.5% in June.", "The E.U. did not comment."],
    ),
    (
        "Relations have worsened since the U.S. left the deal. They remain tense.",
        ["Relations have worsened since the U.S. left the deal.", "They remain tense."],
    ),
    (
        '"Talks are off," the aide said. "We will try again." The envoy left.',
        ['"Talks are off," the aide said.', '"We will try again."', "The envoy left."],
    ),
    (
        '"Who decided this?" asked a reporter. No answer came.',
        ['"Who decided this?" asked a reporter.', "No answer came."],
    ),
    (
        "Gov. Brown and Rep. Lee flew to St. Louis, Mo. on Feb. 2. They spoke at No. 10.",
        ["Gov. Brown and Rep. Lee flew to St. Louis, Mo. on Feb. 2.", "They spoke at No. 10."],
    ),
    ("W. E. B. Du Bois wrote it. Nobody objected.", ["W. E. B. Du Bois wrote it.", "Nobody objected."]),
    (
        "Prices rose 3.2 pct in 2018 vs. 2.9 pct a year earlier. Traders shrugged.",
        ["Prices rose 3.2 pct in 2018 vs. 2.9 pct a year earlier.", "Traders shrugged."],
    ),
    ("She waited... Then the doors opened!", ["She waited...", "Then the doors opened!"]),
    (
        "The aide called it 'a done deal'. Critics were not convinced.",
        ["The aide called it 'a done deal'.", "Critics were not convinced."],
    ),
    (
        "Buenos Aires (Reuters) -- The meeting was cancelled. Officials gave no reason.",
        ["Buenos Aires (Reuters) -- The meeting was cancelled.", "Officials gave no reason."],
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_sentences(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[a:b] for a, b in split_sentences(paragraph)] == expected


def test_line_breaks_always_split_and_spans_are_trimmed() -> None:
    text = "  First line without a stop\r\nSecond line.  \n\n\u2028Third one. "
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["First line without a stop", "Second line.", "Third one."]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t \n") == []


def test_dateline_is_trimmed_from_the_claim_body() -> None:
    text = "Moscow, Dec 8: The Kremlin said nothing."
    assert text[dateline_end(text, 0, len(text)) :] == "The Kremlin said nothing."
    plain = "Trump met Putin - then they left for the airport."
    assert dateline_end(plain, 0, len(plain)) == 0


def _clauses(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in split_clauses(sentence, 0, len(sentence))]


def test_clauses_split_dash_aside() -> None:
    s = (
        "The talks failed twice - the second time at the summit in Osaka where the leaders argued over "
        "tariffs - and markets fell sharply afterwards."
    )
    assert _clauses(s) == [
        "The talks failed twice",
        "the second time at the summit in Osaka where the leaders argued over tariffs",
        "and markets fell sharply afterwards.",
    ]


def test_clauses_split_semicolon_and_each_of_them() -> None:
    s = "It was the fourth delay this year and each of them cost us money; investors were so unhappy."
    assert _clauses(s) == [
        "It was the fourth delay this year",
        "each of them cost us money",
        "investors were so unhappy.",
    ]


def test_clauses_keep_short_or_quoted_pieces_together() -> None:
    assert _clauses("He left - quickly.") == ["He left - quickly."]
    quoted = '"We tried - we really tried - to make it work," the minister said on Monday evening.'
    assert _clauses(quoted) == [quoted]
    s = "The bill passed the Senate, and the House will vote on it next week."
    assert _clauses(s) == ["The bill passed the Senate", "the House will vote on it next week."]
