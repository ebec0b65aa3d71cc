"""Date phrases found by pattern and resolved relative to the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.claims.dates import NormalizedDate, find_dates
from factcheck.claims.tense import looks_future, tense

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
        "basis": "scheduled: was set for",
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


# ---------------------------------------------------------------- tense x weekday x publication weekday
# A week of publication days that crosses a month and a year end (Thursday 27 December 2018 to Wednesday 2 January).
PUBLICATION_DAYS = [dt.date(2018, 12, 27) + dt.timedelta(days=k) for k in range(7)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Past clauses look back (the publication day itself included), present and future ones ahead (same).
CLAUSES = {
    "past": [
        "Trump on {d} canceled his planned meeting with Putin.",
        "The envoy arrived in Oslo on {d}.",
        "The vote was held on {d}, officials said.",
        "On {d}, the minister resigned.",
        "The talks had collapsed on {d}.",
        "Putin said on {d} that the talks were over.",
        "The two leaders met in Paris on {d}.",
    ],
    "present": [
        "The committee meets on {d}.",
        "The summit opens on {d} in Vienna.",
        "Officials are meeting on {d} in Geneva.",
        "The talks are on {d}.",
        "Parliament votes on {d} on the budget.",
        "The president travels to Lima on {d}.",
        "The conference begins on {d}.",
    ],
    "future": [
        "The meeting will take place on {d}.",
        "The summit is due to take place in Vienna on {d}.",
        "The vote is scheduled for {d}.",
        "Tariffs could take effect on {d}.",
        "The minister plans to visit Kyiv on {d}.",
        "The leaders are set to meet on {d}.",
        "Officials are expected to sign the deal on {d}.",
    ],
}


def _occurrence(published: dt.date, weekday: str, tense_name: str) -> str:
    """Computed independently of the engine: scan the fortnight around publication day by day."""
    days = [published + dt.timedelta(days=k) for k in range(-7, 8)]
    same = [d for d in days if d.strftime("%A") == weekday]
    if tense_name == "past":
        return max(d for d in same if d <= published).isoformat()
    return min(d for d in same if d >= published).isoformat()


MATRIX = [
    (published, weekday, tense_name, CLAUSES[tense_name][i].format(d=weekday))
    for published in PUBLICATION_DAYS
    for i, weekday in enumerate(WEEKDAYS)
    for tense_name in CLAUSES
]


@pytest.mark.parametrize(("published", "weekday", "tense_name", "sentence"), MATRIX)
def test_weekday_by_tense_and_publication_day(published: dt.date, weekday: str, tense_name: str, sentence: str) -> None:
    (found,) = find_dates(sentence, 0, len(sentence), published)
    assert found.text == weekday
    assert (found.value, found.precision) == (_occurrence(published, weekday, tense_name), "day"), found.basis
    assert found.basis.startswith({"past": "past tense", "present": "present tense", "future": "future"}[tense_name])


def test_matrix_covers_every_combination() -> None:
    assert len(MATRIX) == 7 * 3 * 7
    assert {(p.weekday(), w, t) for p, w, t, _ in MATRIX} == {
        (p, w, t) for p in range(7) for w in WEEKDAYS for t in ("past", "present", "future")
    }


def test_the_publication_weekday_is_the_publication_day_in_past_and_present_clauses() -> None:
    thursday = dt.date(2018, 11, 29)
    assert _dates("Trump on Thursday canceled his planned meeting.", thursday) == [("Thursday", "2018-11-29", "day")]
    assert _dates("Putin says on Thursday the talks are off.", thursday) == [("Thursday", "2018-11-29", "day")]
    assert _dates("The meeting, due to take place on Saturday, was dropped.", thursday) == [
        ("Saturday", "2018-12-01", "day")
    ]


def test_the_deciding_words_are_kept() -> None:
    s = "Trump on Thursday canceled his planned meeting with Putin."
    (d,) = find_dates(s, 0, len(s), dt.date(2018, 11, 29))
    assert d.as_dict() == {
        "text": "Thursday",
        "start": 9,
        "end": 17,
        "value": "2018-11-29",
        "precision": "day",
        "basis": "past tense: canceled",
    }
    (d,) = find_dates("Tariffs that could take effect in January.", 0, 43, dt.date(2018, 11, 29))
    assert (d.value, d.basis) == ("2019-01", "future: could take")


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Tariffs that could take effect in January would hurt exporters.", dt.date(2018, 12, 20), "2019-01"),
        ("Exports slumped in January.", dt.date(2018, 12, 20), "2018-01"),
        ("The ministers will meet again in December.", dt.date(2018, 12, 20), "2018-12"),
        ("Sales were weak in December.", dt.date(2019, 1, 5), "2018-12"),
        ("Elections will be held in December.", dt.date(2019, 1, 5), "2019-12"),
        ("Festivities in December.", dt.date(2019, 1, 5), "2018-12"),
        ("Prices climbed last December.", dt.date(2019, 1, 5), "2018-12"),
        ("Prices climbed last December.", dt.date(2018, 12, 5), "2017-12"),
        ("The new rules apply from next January.", dt.date(2019, 1, 5), "2020-01"),
        ("The bank cut rates on Dec. 31.", dt.date(2019, 1, 2), "2018-12-31"),
        ("The tax will rise on Jan. 1.", dt.date(2018, 12, 30), "2019-01-01"),
        ("The tax will rise on December 30.", dt.date(2019, 1, 2), "2019-12-30"),
        ("The ceasefire is due to start on 2 January.", dt.date(2018, 12, 28), "2019-01-02"),
        ("Officials signed the deal on January 2.", dt.date(2019, 1, 1), "2019-01-02"),  # a day's slip, not a year
    ],
)
def test_month_names_around_the_year_end(sentence: str, published: dt.date, expected: str) -> None:
    assert [d.value for d in find_dates(sentence, 0, len(sentence), published)] == [expected]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Ukraine's navy clashed with Russia last weekend.", dt.date(2018, 11, 29), ("2018-11-24", "week")),
        ("The ferry sank over the weekend, police said.", dt.date(2018, 11, 26), ("2018-11-24", "week")),
        ("Fans will gather this weekend.", dt.date(2018, 11, 29), ("2018-12-01", "week")),
        ("Fans gathered last weekend.", dt.date(2018, 12, 2), ("2018-11-24", "week")),
        ("The talks this week went badly.", dt.date(2018, 12, 30), ("2018-12-24", "week")),
        ("The envoy returns next week.", dt.date(2018, 12, 30), ("2018-12-31", "week")),
        ("Turnout was low last week.", dt.date(2019, 1, 2), ("2018-12-24", "week")),
        ("Exports fell last month.", dt.date(2019, 1, 15), ("2018-12", "month")),
        ("Exports will recover next month.", dt.date(2018, 12, 15), ("2019-01", "month")),
        ("The deal could be signed by the end of the year.", dt.date(2018, 11, 29), ("2018-12", "month")),
        ("Debt will peak at the end of next year.", dt.date(2018, 11, 29), ("2019-12", "month")),
        ("Growth slowed this year.", dt.date(2019, 1, 2), ("2019", "year")),
        ("Growth slowed last year.", dt.date(2019, 1, 2), ("2018", "year")),
        ("The ships were seized two weeks ago.", dt.date(2018, 11, 29), ("2018-11-15", "week")),
        ("The mayor resigned three days ago.", dt.date(2018, 11, 29), ("2018-11-26", "day")),
        ("The plant closed a year ago.", dt.date(2018, 11, 29), ("2017-11", "month")),
        ("The plant closed two years ago.", dt.date(2018, 11, 29), ("2016", "year")),
        ("The fund will pay out in two weeks.", dt.date(2018, 11, 29), ("2018-12-13", "week")),
        ("Ministers met on the 11th.", dt.date(2018, 11, 29), ("2018-11-11", "day")),
        ("Ministers will meet on the 11th.", dt.date(2018, 11, 29), ("2018-12-11", "day")),
        ("The strike began yesterday.", dt.date(2019, 1, 1), ("2018-12-31", "day")),
        ("The ministers meet again tomorrow.", dt.date(2018, 12, 31), ("2019-01-01", "day")),
    ],
)
def test_relative_phrases_of_wire_copy(sentence: str, published: dt.date, expected: tuple[str, str]) -> None:
    assert [(d.value, d.precision) for d in find_dates(sentence, 0, len(sentence), published)] == [expected]


def test_durations_and_counts_are_not_dates() -> None:
    assert _dates("It is the highest level in two years.") == []
    assert _dates("Over the past week, prices held steady.") == []
    assert _dates("It was the 11th attempt and the third time in a month.") == []
    assert _dates("The weekend edition sold well.") == []


def test_a_year_in_the_same_phrase_anchors_a_day() -> None:
    assert _dates("The 2019 summit will open on June 28.") == [("June 28", "2019-06-28", "day")]


def test_the_dateline_is_the_base_of_relative_dates() -> None:
    from factcheck.claims.extract import extract_claims

    text = "Moscow, Nov 29: The Kremlin said today that a meeting in Paris had been dropped."
    (claim,) = extract_claims(text, dt.date(2018, 11, 30))
    (today,) = claim.dates
    assert (today.text, today.value) == ("today", "2018-11-29")
    assert today.basis.endswith("counted from the dateline Nov 29")
    (claim,) = extract_claims(text.replace("Nov 29", "Nov 12"), dt.date(2018, 11, 30))  # too old: not the base
    assert [d.value for d in claim.dates] == ["2018-11-30"]
    titled = "Kremlin: Paris meeting is off\nBy Ivan Petrov\n" + text  # after a title and a byline
    assert [d.value for c in extract_claims(titled, dt.date(2018, 11, 30)) for d in c.dates] == ["2018-11-29"]


def test_verb_groups_are_one_cue() -> None:
    from factcheck.claims.tense import cues

    s = "The summit will be held in Vienna after the talks had been cancelled and officials were due to meet."
    assert [(c.kind, c.words) for c in cues(s, 0, len(s))] == [
        ("future", "will be held"),
        ("perfect", "had been cancelled"),
        ("scheduled", "were due to meet"),
    ]
    s = "His planned visit and the so-called deal, Ahmed said."
    assert [c.words for c in cues(s, 0, len(s))] == ["said"]


def test_a_scheduled_past_takes_the_nearest_occurrence() -> None:
    thursday = dt.date(2018, 11, 29)
    assert _dates("Trump dropped the meeting that was due to take place on Saturday.", thursday) == [
        ("Saturday", "2018-12-01", "day")
    ]
    assert _dates("The vote, which had been scheduled for Tuesday, was postponed.", thursday) == [
        ("Tuesday", "2018-11-27", "day")
    ]


def test_seasons_day_ranges_and_ordinals() -> None:
    november = dt.date(2018, 11, 29)
    assert _dates("The plant closed last summer.", november) == [("last summer", "2018", "year")]
    assert _dates("The plant will reopen next spring.", november) == [("next spring", "2019", "year")]
    assert _dates("Prices fall when supply rises.", november) == []
    assert _dates("The next summit is due to be held in Osaka on June 28-29, 2019.", november) == [
        ("June 28-29, 2019", "2019-06-28", "day")
    ]
    assert _dates("A planned lunch on the 11th was dropped.", november) == [("11th", "2018-11-11", "day")]
    assert _dates("He lives on the 11th floor.", november) == []
    assert _dates("Turnout may fall in march or may rise.", november) == []  # months are capitalised


def test_a_base_date_at_the_edge_of_the_calendar_gives_no_date_rather_than_an_error() -> None:
    last = dt.date(9999, 12, 31)
    assert _dates("They will meet on Monday and again next week.", last) == []
    assert _dates("They met on Tuesday, last week and two years ago.", dt.date(1, 1, 1)) == []


def test_a_date_something_is_moved_to_is_still_to_come() -> None:
    feb = dt.date(2019, 2, 28)
    for s in (
        "The Bundestag has postponed the vote on the pension bill to March 17.",
        "The vote was delayed until March 17.",
        "The summit will be pushed back to March 17.",
    ):
        (d,) = find_dates(s, 0, len(s), feb)
        assert (d.value, d.basis.split(":")[0]) == ("2019-03-17", "moved to"), s
    s = "The Bundestag postponed the vote on February 3."  # the day of the decision: looking back, as before
    (d,) = find_dates(s, 0, len(s), feb)
    assert (d.value, d.basis) == ("2019-02-03", "past tense: postponed")
