"""Property tests: any text never crashes the event finder, and every event points at text that exists."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.claims.event_links import contradictions
from factcheck.claims.events import extract_events

WORDS = st.sampled_from(
    [
        "Trump", "Putin", "Merkel", "Macron", "met", "meet", "meeting", "talks", "summit", "visit", "invited",
        "called", "off", "cancelled", "postponed", "to", "will", "take", "place", "was", "held", "scheduled",
        "threatened", "pull", "out", "of", "the", "INF", "Treaty", "G20", "in", "at", "Paris", "Buenos", "Aires",
        "Japan", "on", "Thursday", "November", "11", "June", "2019", "next", "another", "their", "he", "the latter",
        "US", "U.S.", "President", "Russian", "leader", "question", "ruled", "vote", "election", "'s", "-",
        ",", ".", '"', "\n", "é", "😀", "\u0301", "they're", "ago", "two", "weeks", "last", "weekend",
    ]
)  # fmt: skip
NEWSY = st.lists(WORDS, max_size=80).map(" ".join)
TEXT = st.one_of(st.text(max_size=300), NEWSY)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
STATUSES = {"planned", "held", "cancelled", "refused", "threatened", "proposed", "unknown"}


@SETTINGS
@given(text=TEXT, published=DATES)
@example(text="Trump met Putin in Paris on Thursday. Their summit in Helsinki was called off.", published=None)
@example(text="Trump&electION'0&cANCELED&ELECTION", published=None)  # a status from the tense: no phrase
@example(
    text="Trump called off the meeting with Putin at the G20 in Buenos Aires on Dec 1.", published=dt.date(9999, 12, 31)
)
def test_events_point_at_text_that_exists(text: str, published: dt.date | None) -> None:
    events = extract_events(text, published)
    assert [e.as_dict() for e in events] == [e.as_dict() for e in extract_events(text, published)]
    for e in events:
        d = e.as_dict()
        assert list(d) == ["what", "participants", "place", "date", "precision", "status", "claims"]
        assert d["status"] in STATUSES and isinstance(d["what"], str) and d["what"]
        assert d["date"] is None or (ISO.match(str(d["date"])) and d["precision"] in ("day", "week", "month", "year"))
        assert e.claims
        for start, end in e.claims:
            assert 0 <= start < end <= len(text)
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.trigger
            assert m.claim[0] <= m.start and m.end <= m.claim[1]
            for ev in m.evidence:
                assert text[ev.start : ev.end] == ev.words
            if m.place_at is not None:
                assert m.place_at[1] <= len(text)
    keyed = [(i % 2, e) for i, e in enumerate(events)]
    for f in contradictions(keyed, {0: published, 1: published}):
        for side in (f.a, f.b):
            assert 0 <= side.start < side.end <= len(text) and text[side.start : side.end] == side.words
