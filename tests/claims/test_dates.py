"""Date phrases found by pattern and resolved relative to the publication date."""

from __future__ import annotations

import datetime as dt

from factcheck.claims.dates import NormalizedDate, find_dates, looks_future, tense

PUBLISHED = dt.date(2018, 12, 9)


def _dates(sentence: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str, str]]:
    return [(d.text, d.value, d.precision) for d in find_dates(sentence, 0, len(sentence), published)]


def test_day_without_year_is_the_last_occurrence_before_publication() -> None:
    assert _dates("The leaders were due to meet in Paris on November 11.") == [("November 11", "2018-11-11", "day")]
    assert _dates("Officials met on Nov. 30 and again on Dec 3.") == [
        ("Nov. 30", "2018-11-30", "day"),
        ("Dec 3", "2018-12-03", "day"),
    ]


def test_bare_month_is_month_precision() -> None:
    assert _dates("The two presidents held a summit in Helsinki in July.") == [("July", "2018-07", "month")]


def test_year_in_the_clause_anchors_the_month() -> None:
    got = _dates("They will meet again at the 2019 G20 summit in June.")
    assert got == [("June", "2019-06", "month")]


def test_future_tense_looks_ahead() -> None:
    assert _dates("The delegation will travel to Tokyo in March.") == [("March", "2019-03", "month")]
    assert _dates("The delegation travelled to Tokyo in March.") == [("March", "2018-03", "month")]
    assert _dates("The vote is scheduled to take place on January 15.") == [("January 15", "2019-01-15", "day")]


def test_explicit_year_wins() -> None:
    assert _dates("The treaty was signed on December 8, 1987 in Washington.") == [
        ("December 8, 1987", "1987-12-08", "day")
    ]
    assert _dates("It will expire in August 2019.") == [("August 2019", "2019-08", "month")]
    assert _dates("Sales doubled in 2016.") == [("2016", "2016", "year")]
    assert _dates("The filing is dated 2018-02-28, not 2018-02-30.") == [("2018-02-28", "2018-02-28", "day")]


def test_without_publication_date_only_explicit_dates_resolve() -> None:
    assert _dates("They met on November 11 and in July.", None) == []
    assert _dates("They met on 11 November 2018, then in 2019.", None) == [
        ("11 November 2018", "2018-11-11", "day"),
        ("2019", "2019", "year"),
    ]
    assert _dates("They met on Friday and yesterday.", None) == []


def test_no_invented_dates() -> None:
    assert _dates("He snubbed his counterpart twice inside a month, and now he is silent.") == []
    assert _dates("May I add that 2000 people came and 1500 troops left?") == []
    assert _dates("They march on, hoping for the best.") == []
    assert _dates("Turnout was 2019% higher and cost $2018.") == []


def test_relative_days_and_weekdays() -> None:
    assert _dates("The Senate voted on Tuesday.") == [("Tuesday", "2018-12-04", "day")]
    assert _dates("Ministers will meet next Friday.") == [("next Friday", "2018-12-14", "day")]
    assert _dates("Prices rose yesterday and were higher last year.") == [
        ("yesterday", "2018-12-08", "day"),
        ("last year", "2017", "year"),
    ]


def test_offsets_point_into_the_article() -> None:
    text = "Intro sentence. The meeting was set for November 11."
    (d,) = find_dates(text, 16, len(text), PUBLISHED)
    assert text[d.start : d.end] == d.text == "November 11"
    assert d.as_dict() == {
        "text": "November 11",
        "start": 40,
        "end": 51,
        "value": "2018-11-11",
        "precision": "day",
    }
    assert isinstance(d, NormalizedDate)


def test_looks_future() -> None:
    assert looks_future("The next meeting will take place in Japan.")
    assert looks_future("The vote is expected to pass.")
    assert not looks_future("The meeting took place in Japan.")


def test_a_year_elsewhere_in_the_sentence_does_not_capture_the_month() -> None:
    assert _dates("Trump met Putin in July, two years after the 2016 election.") == [
        ("July", "2018-07", "month"),
        ("2016", "2016", "year"),
    ]
    assert _dates("The 2020 budget talks resume in March.") == [("March", "2020-03", "month")]


def test_without_a_tense_cue_the_nearest_occurrence_wins() -> None:
    # published 2018-12-09: December 20 is 11 days ahead, a year back would be 354 days
    assert _dates("Budget talks in Lisbon on December 20.") == [("December 20", "2018-12-20", "day")]
    assert _dates("A Paris summit on November 11.") == [("November 11", "2018-11-11", "day")]
    assert _dates("Elections in July, runoffs in February.") == [
        ("July", "2018-07", "month"),
        ("February", "2019-02", "month"),
    ]
    assert _dates("Sales peak on 3 January.") == [("3 January", "2019-01-03", "day")]


def test_tense_still_decides_when_there_is_one() -> None:
    assert _dates("Budget talks in Lisbon ended on December 20.") == [("December 20", "2017-12-20", "day")]
    assert _dates("Budget talks in Lisbon were held on December 20.") == [("December 20", "2017-12-20", "day")]
    assert _dates("The ministers will meet again on November 11.") == [("November 11", "2019-11-11", "day")]
    assert _dates("Ministers will gather in July.") == [("July", "2019-07", "month")]


def test_tense() -> None:
    assert tense("The envoy will fly to Oslo.") is True
    assert tense("The envoy flew to Oslo and met the king.") is False
    assert tense("The envoy arrived in Oslo.") is False
    assert tense("Talks in Oslo on Friday.") is None


def test_an_explicit_direction_overrides_the_clause() -> None:
    s = "Budget talks on December 20."
    assert [d.value for d in find_dates(s, 0, len(s), PUBLISHED, future=False)] == ["2017-12-20"]
    assert [d.value for d in find_dates(s, 0, len(s), PUBLISHED, future=True)] == ["2018-12-20"]


def test_nearest_occurrence_edges() -> None:
    assert _dates("Exams in December.") == [("December", "2018-12", "month")]
    assert _dates("Talks on December 9.") == [("December 9", "2018-12-09", "day")]
    assert _dates("Leap-day talks on February 29.", dt.date(2021, 3, 1)) == [("February 29", "2020-02-29", "day")]
    assert _dates("Talks on June 9.") == [("June 9", "2019-06-09", "day")]  # 182 days ahead, 183 back
    assert _dates("Talks in June.") == [("June", "2018-06", "month")]  # six months either way: the past
