"""extract_claims on a hand-written article in the style of the seed (facts only, own sentences)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from factcheck.claims.extract import ExtractedClaim, extract_claims, make_selector
from factcheck.claims.speakers import find_speaker

ARTICLE = (
    "Moscow, Dec 8: Is the thaw between Washington and Moscow already over? "
    "The Kremlin has now seen two planned meetings with Donald Trump collapse within a month.\n"
    "\n"
    "A meeting of the two presidents in Paris had been pencilled in for November 11, but it was dropped. "
    "At the G20 in Buenos Aires, Trump called off his talks with Vladimir Putin, citing the naval clash "
    "near Ukraine.\n"
    "\n"
    '"We are tired of waiting for Washington," Dmitry Ivanov, a foreign policy analyst in Moscow, told '
    'reporters. "Trust is almost gone."\n'
    "\n"
    "Washington had also threatened to withdraw from the INF Treaty, signed in 1987. "
    "According to the Kremlin, a Putin visit to Washington is out of the question. "
    "Trump first invited Putin to the White House after their Helsinki summit in July. "
    "I think it is all very sad. "
    "The next meeting of the two leaders will take place in Japan at the 2019 G20 summit in June.\n"
)
PUBLISHED = dt.date(2018, 12, 9)


@pytest.fixture(scope="module")
def claims() -> list[ExtractedClaim]:
    return extract_claims(ARTICLE, PUBLISHED)


def _find(claims: list[ExtractedClaim], needle: str) -> ExtractedClaim:
    found = [c for c in claims if needle in c.quote]
    assert len(found) == 1, f"{needle!r} in {[c.quote for c in claims]}"
    return found[0]


def test_the_facts_are_separate_claims_with_resolved_dates(claims: list[ExtractedClaim]) -> None:
    paris = _find(claims, "Paris")
    assert [(d.text, d.value, d.precision) for d in paris.dates] == [("November 11", "2018-11-11", "day")]
    g20 = _find(claims, "Buenos Aires")
    assert g20.kind in ("event", "causal")
    helsinki = _find(claims, "Helsinki")
    assert [(d.value, d.precision) for d in helsinki.dates] == [("2018-07", "month")]
    japan = _find(claims, "Japan")
    assert japan.kind == "prediction"
    assert [(d.value, d.precision) for d in japan.dates] == [("2019-06", "month")]
    inf = _find(claims, "INF Treaty")
    assert [d.value for d in inf.dates] == ["1987"]
    visit = _find(claims, "out of the question")
    assert visit.speaker == "Kremlin"


def test_opinions_and_questions_are_dismissed(claims: list[ExtractedClaim]) -> None:
    quotes = " ".join(c.quote for c in claims)
    assert "I think it is all very sad" not in quotes
    assert "already over?" not in quotes
    assert "Moscow, Dec 8" not in quotes  # the dateline is not part of any claim


def test_speaker_of_a_quote_and_of_the_quote_that_follows(claims: list[ExtractedClaim]) -> None:
    tired = _find(claims, "tired of waiting")
    assert tired.speaker == "Dmitry Ivanov"
    assert tired.kind == "quote"
    everything = extract_claims(ARTICLE, PUBLISHED, min_score=0.0)
    assert _find(everything, "Trust is almost gone").speaker == "Dmitry Ivanov"


def test_offsets_selectors_order(claims: list[ExtractedClaim]) -> None:
    assert claims
    for c in claims:
        assert ARTICLE[c.start : c.end] == c.quote
        assert c.quote == c.quote.strip()
        assert (c.quote, c.prefix, c.suffix) == make_selector(ARTICLE, c.start, c.end)
        assert len(c.prefix) <= 32 and len(c.suffix) <= 32
        assert 0.0 <= c.score <= 1.0
        assert c.reasons
        for d in c.dates:
            assert c.start <= d.start < d.end <= c.end
            assert ARTICLE[d.start : d.end] == d.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(claims))


def test_min_score_filters(claims: list[ExtractedClaim]) -> None:
    everything = extract_claims(ARTICLE, PUBLISHED, min_score=0.0)
    nothing = extract_claims(ARTICLE, PUBLISHED, min_score=1.01)
    assert len(everything) > len(claims) > 0
    assert nothing == []
    assert {c.start for c in claims} <= {c.start for c in everything}


def test_without_published_only_explicit_dates(claims: list[ExtractedClaim]) -> None:
    bare = extract_claims(ARTICLE)
    assert [c.start for c in bare] == [c.start for c in claims]
    dated = {d.value for c in bare for d in c.dates}
    assert dated == {"1987", "2019-06"}


def test_as_dict_is_json(claims: list[ExtractedClaim]) -> None:
    d = claims[0].as_dict()
    assert set(d) == {
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "kind",
        "score",
        "speaker",
        "dates",
        "reasons",
    }
    again = json.loads(json.dumps([c.as_dict() for c in claims]))
    paris = next(x for x in again if "Paris" in x["quote"])
    assert paris["dates"][0]["value"] == "2018-11-11"
    assert {"feature", "weight", "detail"} == set(paris["reasons"][0])


def test_make_selector_edges() -> None:
    assert make_selector("abc", 0, 3) == ("abc", "", "")
    text = "x" * 40 + "CLAIM" + "y" * 40
    exact, prefix, suffix = make_selector(text, 40, 45)
    assert (exact, prefix, suffix) == ("CLAIM", "x" * 32, "y" * 32)
    with pytest.raises(ValueError):
        make_selector("abc", 2, 5)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"It went well," Trump told reporters.', "Trump"),
        ("Exports fell 2% in May, according to the Commerce Department.", "Commerce Department"),
        ('"Why now?" asked Senator Warren.', "Senator Warren"),
        ("Angela Merkel, the German chancellor, said the deal was dead.", "Angela Merkel"),
        ("The Labor Dept. said wages rose.", "Labor Dept."),
        ("He said he would come.", None),
        ("On Friday Trump said the talks were off.", "Trump"),
        ("Putin, who has ruled Russia since 2000, said the West was to blame.", "Putin"),
        ('"No," said the prime minister.', "prime minister"),
        ("Officials said the talks would resume.", None),
        ("Prices rose 3% in June.", None),
    ],
)
def test_speakers(sentence: str, speaker: str | None) -> None:
    assert find_speaker(sentence) == speaker


def test_attribution_counts_only_in_its_own_sentence() -> None:
    text = 'Lee Park, the finance minister, said on Monday that "exports will recover." "It will be hard."'
    claims = extract_claims(text, PUBLISHED, min_score=0.0)
    first, second = claims
    assert first.speaker == second.speaker == "Lee Park"
    assert any(r.feature == "attributed" for r in first.reasons)
    assert not any(r.feature == "attributed" for r in second.reasons)
