"""Re-anchoring claims after the article text changes (factcheck.claims.anchoring)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factcheck.claims.anchoring import (
    CONTEXT,
    Anchor,
    AnchorResult,
    codepoint_to_utf16,
    match_score,
    max_errors,
    reanchor,
    reanchor_many,
    selector_for,
    utf16_to_codepoint,
)
from factcheck.claims.approximate import _end_distances, _pattern_masks

ARTICLE = (
    "The city council met on Tuesday evening to debate the new budget. "
    "Councillor Hale said the transit fund had grown by 12 percent since 2019. "
    "Residents packed the gallery and several spoke against the parking levy. "
    "The mayor claimed that crime fell by a third in the last two years. "
    "A final vote is expected next month, after a second public hearing."
)
TRANSIT = "Councillor Hale said the transit fund had grown by 12 percent since 2019."
CRIME = "The mayor claimed that crime fell by a third in the last two years."


def anchor_of(text: str, quote: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return selector_for(text, start, start + len(quote))


def assert_exact_at(result: AnchorResult, text: str, start: int, quote: str) -> None:
    assert result.state == "exact"
    assert (result.start, result.end) == (start, start + len(quote))
    assert result.score == 1.0
    assert result.quote == quote == text[start : start + len(quote)]
    assert not result.changed


# ------------------------------------------------------------------------------------------- selectors


def test_selector_for_stores_quote_and_32_points_of_context() -> None:
    a = anchor_of(ARTICLE, CRIME)
    start = ARTICLE.index(CRIME)
    assert (a.start, a.end, a.exact) == (start, start + len(CRIME), CRIME)
    assert a.prefix == ARTICLE[start - CONTEXT : start] and len(a.prefix) == 32
    assert a.suffix == ARTICLE[a.end : a.end + 32] and len(a.suffix) == 32


def test_selector_for_clips_context_at_the_text_edges() -> None:
    a = selector_for("Short text.", 0, 5)
    assert (a.exact, a.prefix, a.suffix) == ("Short", "", " text.")
    b = selector_for("Short text.", 6, 11)
    assert (b.exact, b.prefix, b.suffix) == ("text.", "Short ", "")


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2), (-1, 4), (0, 12)])
def test_selector_for_rejects_empty_or_out_of_range_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        selector_for("Short text.", start, end)


# ----------------------------------------------------------------------------------------------- exact


def test_unchanged_text_anchors_at_the_same_place() -> None:
    a = anchor_of(ARTICLE, TRANSIT)
    assert_exact_at(reanchor(a, ARTICLE), ARTICLE, a.start, TRANSIT)


def test_insertion_before_the_claim_shifts_it() -> None:
    a = anchor_of(ARTICLE, CRIME)
    new = "UPDATED 14:05 with comments from the opposition. " + ARTICLE.replace(
        "several spoke", "several angry residents spoke"
    )
    assert_exact_at(reanchor(a, new), new, new.index(CRIME), CRIME)


def test_deletion_before_the_claim_shifts_it_back() -> None:
    a = anchor_of(ARTICLE, CRIME)
    new = ARTICLE.replace("Residents packed the gallery and several spoke against the parking levy. ", "")
    assert_exact_at(reanchor(a, new), new, new.index(CRIME), CRIME)


def test_edits_after_the_claim_leave_it_in_place() -> None:
    a = anchor_of(ARTICLE, TRANSIT)
    new = ARTICLE.replace("next month", "in the spring")
    assert_exact_at(reanchor(a, new), new, a.start, TRANSIT)


REPEATED = (
    "At the first rally the senator said taxes will go down. Reporters were sceptical. "
    "At the second rally, weeks later, her rival said taxes will go down. Nobody believed him."
)


@pytest.mark.parametrize(("occurrence", "follows"), [(0, " Reporters were sceptical."), (1, " Nobody believed him.")])
def test_repeated_quote_is_told_apart_by_its_context(occurrence: int, follows: str) -> None:
    quote = "said taxes will go down."
    a = anchor_of(REPEATED, quote, occurrence)
    # Both occurrences move, by different amounts; the old position now holds neither.
    new = "Campaign diary. " + REPEATED.replace("weeks later", "nearly three weeks later")
    result = reanchor(a, new)
    assert result.state == "exact"
    assert result.start is not None and result.end is not None
    assert new[result.end :].startswith(follows)
    assert new.count(quote) == 2


def test_repeated_quote_context_beats_the_old_position() -> None:
    # The claim is the second occurrence; an insertion moves the first one onto the claim's old position.
    text = "He said yes. Then she said yes. " + "x" * 40
    a = anchor_of(text, "said yes", 1)
    new = "n" * (a.start - text.index("said yes")) + text
    assert new[a.start : a.end] == "said yes"  # the old position holds the *other* occurrence now
    result = reanchor(a, new)
    assert_exact_at(result, new, new.index("she said yes") + 4, "said yes")


def test_claim_at_the_very_start_and_end_of_the_text() -> None:
    first = "The city council met on Tuesday evening"
    last = "after a second public hearing."
    a_first = anchor_of(ARTICLE, first)
    a_last = anchor_of(ARTICLE, last)
    assert a_first.start == 0 and a_first.prefix == ""
    assert a_last.end == len(ARTICLE) and a_last.suffix == ""
    new = ARTICLE.replace("Residents packed", "Dozens of residents packed")
    assert_exact_at(reanchor(a_first, new), new, 0, first)
    assert_exact_at(reanchor(a_last, new), new, len(new) - len(last), last)
    new2 = "Breaking: " + ARTICLE + " More to follow."
    assert_exact_at(reanchor(a_first, new2), new2, 10, first)
    assert_exact_at(reanchor(a_last, new2), new2, new2.index(last), last)


# ----------------------------------------------------------------------------------------------- fuzzy


def test_edit_inside_the_claim_gives_fuzzy_span_covering_the_edited_sentence() -> None:
    a = anchor_of(ARTICLE, TRANSIT)
    edited = "Councillor Hale said the transit fund had grown by 15 percent since 2018."
    new = "Correction appended. " + ARTICLE.replace(TRANSIT, edited)
    result = reanchor(a, new)
    assert result.state == "fuzzy"
    assert result.changed
    assert 0.75 <= result.score < 1.0
    assert result.quote == edited
    assert (result.start, result.end) == (new.index(edited), new.index(edited) + len(edited))


def test_fuzzy_score_is_hypothesis_weighted_formula() -> None:
    a = anchor_of(ARTICLE, CRIME)
    edited = "The mayor claimed that violent crime fell by a third in the last two years."
    new = ARTICLE.replace(CRIME, edited)
    result = reanchor(a, new)
    assert result.state == "fuzzy" and result.quote == edited
    # quote: 8 insertions over 67 characters; context unchanged; same position.
    expected = (50 * (1 - 8 / len(CRIME)) + 20 * 1.0 + 20 * 1.0 + 2 * 1.0) / 92
    assert result.score == pytest.approx(expected)
    assert result.start is not None and result.end is not None
    assert match_score(a, new, result.start, result.end) == pytest.approx(expected)


def test_fuzzy_span_follows_replaced_first_and_last_words() -> None:
    a = anchor_of(ARTICLE, CRIME)
    edited = "Mayor Ortiz claimed that crime fell by a third in the last three years."
    new = ARTICLE.replace(CRIME, edited)
    result = reanchor(a, new)
    assert result.state == "fuzzy"
    assert result.quote == edited


@pytest.mark.parametrize(
    ("claim", "edited"),
    [
        (TRANSIT, TRANSIT.replace("2019.", "2019, mostly from fares.")),
        (TRANSIT, TRANSIT.replace("2019.", "2019 (audited)")),
        (CRIME, "The mayor claimed that crime fell by a third in the last two years, citing police data"),
    ],
)
def test_fuzzy_span_covers_words_appended_to_the_claim(claim: str, edited: str) -> None:
    a = anchor_of(ARTICLE, claim)
    new = ARTICLE.replace(claim, edited)
    result = reanchor(a, new)
    assert result.state == "fuzzy"
    assert result.quote == edited


def test_fuzzy_claim_far_from_its_old_position_is_found_by_the_global_search() -> None:
    a = anchor_of(ARTICLE, TRANSIT)
    edited = TRANSIT.replace("12 percent", "twelve percent")
    padding = "An unrelated paragraph about weather and sport was added here. " * 40
    new = padding + ARTICLE.replace(TRANSIT, edited)
    result = reanchor(a, new)
    assert result.state == "fuzzy"
    assert result.quote == edited


def test_fuzzy_claim_at_the_very_start_and_end() -> None:
    first = "The city council met on Tuesday evening to debate the new budget."
    last = "A final vote is expected next month, after a second public hearing."
    a_first, a_last = anchor_of(ARTICLE, first), anchor_of(ARTICLE, last)
    new = ARTICLE.replace("Tuesday evening", "Wednesday evening").replace("next month", "next week")
    r_first, r_last = reanchor(a_first, new), reanchor(a_last, new)
    assert (r_first.state, r_first.start, r_first.quote) == ("fuzzy", 0, first.replace("Tues", "Wednes"))
    assert (r_last.state, r_last.end, r_last.quote) == ("fuzzy", len(new), last.replace("month", "week"))


def test_min_score_decides_between_fuzzy_and_orphan() -> None:
    a = anchor_of(ARTICLE, TRANSIT)
    new = ARTICLE.replace("12 percent since 2019", "9 percent since 2021")
    assert reanchor(a, new).state == "fuzzy"
    strict = reanchor(a, new, min_score=0.99)
    assert strict.state == "orphan"


# ---------------------------------------------------------------------------------------------- orphans


def test_deleted_claim_is_an_orphan() -> None:
    a = anchor_of(ARTICLE, CRIME)
    new = ARTICLE.replace(CRIME + " ", "")
    result = reanchor(a, new)
    assert result == AnchorResult(state="orphan", start=None, end=None, score=0.0, quote=None)
    assert result.changed


def test_heavily_rewritten_claim_is_an_orphan() -> None:
    a = anchor_of(ARTICLE, CRIME)
    new = ARTICLE.replace(CRIME, "According to the mayor, offences have dropped sharply since he took office.")
    assert reanchor(a, new).state == "orphan"


@pytest.mark.parametrize(
    "new",
    [
        "",
        "Completely different story: a bakery in the harbour district won a national prize for its rye loaf.",
        "x" * 5000,
    ],
)
def test_whole_text_replaced_orphans_every_claim(new: str) -> None:
    anchors = [anchor_of(ARTICLE, TRANSIT), anchor_of(ARTICLE, CRIME)]
    results = reanchor_many(anchors, new)
    assert [r.state for r in results] == ["orphan", "orphan"]
    assert all(r.start is None and r.end is None and r.quote is None and r.score == 0.0 for r in results)


def test_anchor_with_empty_quote_is_an_orphan() -> None:
    assert reanchor(Anchor(0, 0, "", "", "abc"), "abc").state == "orphan"


# ----------------------------------------------------------------------------------------- reanchor_many


def test_reanchor_many_keeps_order_and_drops_nothing() -> None:
    quotes = [TRANSIT, CRIME, "Residents packed the gallery", "The city council met", "public hearing."]
    anchors = [anchor_of(ARTICLE, q) for q in quotes]
    edited_crime = CRIME.replace("a third", "a quarter")
    new = "Live updates. " + ARTICLE.replace("Residents packed the gallery and ", "").replace(
        CRIME, edited_crime
    ).replace("Tuesday", "Tuesday, 4 March,")
    results = reanchor_many(anchors, new)
    assert len(results) == len(anchors)
    assert [r.state for r in results] == ["exact", "fuzzy", "orphan", "exact", "exact"]
    assert results[0].quote == TRANSIT and results[0].start == new.index(TRANSIT)
    assert results[1].quote == edited_crime
    for a, r in zip(anchors, results, strict=True):
        alone = reanchor(a, new)  # same places; scores may differ slightly (reanchor_many's better hints)
        assert (alone.state, alone.start, alone.end, alone.quote) == (r.state, r.start, r.end, r.quote)


SUBJECTS = ["The port", "A ministry report", "The union", "Our reporter", "The regulator", "A think tank"]
VERBS = ["counted", "estimated", "disputed", "published", "denied", "confirmed"]
OBJECTS = ["ship arrivals", "grain exports", "toll revenue", "dock injuries", "fuel imports", "crane orders"]


def sentences(count: int) -> list[str]:
    return [
        f"{SUBJECTS[i % 6]} {VERBS[(i // 6) % 6]} {OBJECTS[(i // 36) % 6]} of {i * 37 + 11} in {1990 + i}."
        for i in range(count)
    ]


def test_reanchor_many_takes_the_expected_position_from_exactly_anchored_neighbours() -> None:
    parts = sentences(60)
    body = " ".join(parts)
    claims = [parts[10], parts[30], parts[31]]
    anchors = [anchor_of(body, c) for c in claims]
    edited = claims[2].replace("of", "of nearly")
    new = body.replace(parts[20], parts[20] + " (A long inserted note.)" * 60).replace(claims[2], edited)
    results = reanchor_many(anchors, new)
    assert [r.state for r in results] == ["exact", "exact", "fuzzy"]
    assert results[2].quote == edited
    assert results[2].start is not None and results[2].end is not None
    # Claim 30's shift predicted claim 31's position exactly: position similarity 1.
    predicted = anchors[2].start + (results[1].start or 0) - anchors[1].start
    assert predicted == results[2].start
    assert results[2].score == pytest.approx(match_score(anchors[2], new, predicted, results[2].end, hint=predicted))
    # Alone, without the old length, the old position is expected: the score's position term is lower.
    assert reanchor(anchors[2], new).score < results[2].score


# ---------------------------------------------------------------------------------------------- Unicode


UNICODE_TEXT = (
    # 👍🏽 is an emoji with a skin-tone modifier: two astral code points, four UTF-16 units.
    "Café owners 😀 said prices rose 👍🏽 sharply. "
    "Cafe\u0301 prices (with a combining acute) did not. "
    "東京の家賃は去年より５％上がったと報じられた。"
    "最後の文。🇯🇵"
)


def test_unicode_claims_anchor_exactly_and_fuzzily() -> None:
    claim = "東京の家賃は去年より５％上がったと報じられた。"
    a = anchor_of(UNICODE_TEXT, claim)
    new = "🎉 " + UNICODE_TEXT
    assert_exact_at(reanchor(a, new), new, new.index(claim), claim)
    edited = claim.replace("５％", "７％")
    new2 = UNICODE_TEXT.replace(claim, edited)
    result = reanchor(a, new2)
    assert result.state == "fuzzy" and result.quote == edited

    combining = "Cafe\u0301 prices (with a combining acute) did not."
    b = anchor_of(UNICODE_TEXT, combining)
    assert_exact_at(reanchor(b, new), new, new.index(combining), combining)
    emoji_claim = "said prices rose 👍🏽 sharply."
    c = anchor_of(UNICODE_TEXT, emoji_claim)
    assert_exact_at(reanchor(c, new), new, new.index(emoji_claim), emoji_claim)


def test_utf16_conversions_on_emoji_combining_marks_and_cjk() -> None:
    text = "a😀b\u0301東🇯🇵"
    #       code points: a 😀 b ◌́ 東 🇯 🇵  -> UTF-16 units: 1 2 1 1 1 2 2
    cp_to_units = {0: 0, 1: 1, 2: 3, 3: 4, 4: 5, 5: 6, 6: 8, 7: 10}
    for cp, units in cp_to_units.items():
        assert codepoint_to_utf16(text, cp) == units
        assert utf16_to_codepoint(text, units) == cp
    for inside_pair in (2, 7, 9):
        with pytest.raises(ValueError, match="surrogate"):
            utf16_to_codepoint(text, inside_pair)
    for bad in (-1, 11):
        with pytest.raises(ValueError):
            utf16_to_codepoint(text, bad)
    for bad in (-1, 8):
        with pytest.raises(ValueError):
            codepoint_to_utf16(text, bad)


def test_browser_selection_becomes_an_anchor() -> None:
    # A browser reports the claim "prices rose 👍🏽 sharply" in UTF-16 units.
    claim = "prices rose 👍🏽 sharply"
    js_text_units = len(UNICODE_TEXT.encode("utf-16-le")) // 2
    start16 = len(UNICODE_TEXT[: UNICODE_TEXT.index(claim)].encode("utf-16-le")) // 2
    end16 = start16 + len(claim.encode("utf-16-le")) // 2
    assert end16 < js_text_units
    start, end = utf16_to_codepoint(UNICODE_TEXT, start16), utf16_to_codepoint(UNICODE_TEXT, end16)
    assert UNICODE_TEXT[start:end] == claim
    assert end - start == len(claim) < end16 - start16


def test_ascii_fast_paths() -> None:
    assert codepoint_to_utf16("plain", 5) == 5
    assert utf16_to_codepoint("plain", 3) == 3
    with pytest.raises(ValueError):
        utf16_to_codepoint("plain", 6)


# --------------------------------------------------------------------------------------------- internals


def naive_end_distances(pattern: str, text: str) -> list[int]:
    """Semi-global edit distance by dynamic programming: best match of pattern ending at each text offset."""
    column = list(range(len(pattern) + 1))
    out = []
    for ch in text:
        new = [0]
        for i, p in enumerate(pattern, start=1):
            new.append(min(column[i] + 1, new[i - 1] + 1, column[i - 1] + (p != ch)))
        column = new
        out.append(column[-1])
    return out


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcé😀 ", min_size=1, max_size=70), st.text(alphabet="abcé😀 ", max_size=60))
def test_myers_end_distances_match_dynamic_programming(pattern: str, text: str) -> None:
    got = _end_distances(_pattern_masks(pattern), len(pattern), text, 0, len(text))
    assert got == naive_end_distances(pattern, text)


def test_max_errors_is_half_the_quote_capped_at_256() -> None:
    assert [max_errors(n) for n in (1, 9, 100, 511, 512, 2000)] == [0, 4, 50, 255, 256, 256]


# -------------------------------------------------------------------------------------------- properties

TEXTS = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P", "So", "Mn"]), max_size=120)
SMALL_ALPHABET = st.text(alphabet="ab .😀", max_size=80)


def agreement(a: Anchor, text: str, start: int) -> int:
    n = 0
    while n < len(a.prefix) and n < start and text[start - 1 - n] == a.prefix[-1 - n]:
        n += 1
    end = start + len(a.exact)
    m = 0
    while m < len(a.suffix) and end + m < len(text) and text[end + m] == a.suffix[m]:
        m += 1
    return n + m


@st.composite
def text_and_span(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[str, int, int]:
    text = draw(texts.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(text_and_span(TEXTS), text_and_span(SMALL_ALPHABET)))
def test_property_unchanged_text_is_exact_at_the_same_position(case: tuple[str, int, int]) -> None:
    text, start, end = case
    result = reanchor(selector_for(text, start, end), text)
    assert_exact_at(result, text, start, text[start:end])


def occurrences(text: str, quote: str) -> int:
    """Occurrences counted with overlaps ("..." holds ".." twice), unlike str.count."""
    return sum(1 for i in range(len(text) - len(quote) + 1) if text.startswith(quote, i))


def test_overlapping_occurrences_are_ambiguous() -> None:
    assert occurrences("a...b", "..") == 2 and "a...b".count("..") == 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(text_and_span(TEXTS), text_and_span(SMALL_ALPHABET)), st.data())
def test_property_insertion_before_the_span_shifts_it(case: tuple[str, int, int], data: st.DataObject) -> None:
    text, start, end = case
    at = data.draw(st.integers(0, start), label="insert at")
    inserted = data.draw(st.one_of(TEXTS, SMALL_ALPHABET).filter(bool), label="inserted")
    new = text[:at] + inserted + text[at:]
    shifted = start + len(inserted)
    a = selector_for(text, start, end)

    # Knowing the old length, the expected position is the shifted one: it wins unless another occurrence
    # of the quote agrees with strictly more of the stored context (then the text is genuinely ambiguous).
    result = reanchor(a, new, old_length=len(text))
    assert result.state == "exact" and result.start is not None
    assert new[result.start : result.end] == a.exact
    if result.start != shifted:
        assert agreement(a, new, result.start) > agreement(a, new, shifted)
    if occurrences(new, a.exact) == 1:
        assert_exact_at(result, new, shifted, a.exact)

    # Without the old length, still exact, and never worse context than the shifted position.
    plain = reanchor(a, new)
    assert plain.state == "exact" and plain.start is not None
    assert new[plain.start : plain.end] == a.exact
    assert agreement(a, new, plain.start) >= agreement(a, new, shifted)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.data())
def test_property_insertion_before_unique_quote_is_exact_at_shifted_position(text: str, data: st.DataObject) -> None:
    # Texts of distinct words make the quote unique, so the shifted position is the only right answer.
    words = [f"w{i}{text[:3]}" for i in range(data.draw(st.integers(3, 30)))]
    article = " ".join(words)
    i = data.draw(st.integers(1, len(words) - 1))
    j = data.draw(st.integers(i, len(words) - 1))
    quote = " ".join(words[i : j + 1])
    start = article.index(quote)
    assume(article.count(quote) == 1)
    at = data.draw(st.integers(0, start))
    inserted = data.draw(TEXTS.filter(lambda s: quote not in s and s != ""))
    new = article[:at] + inserted + article[at:]
    assume(new.count(quote) == 1)
    result = reanchor(selector_for(article, start, start + len(quote)), new)
    assert_exact_at(result, new, start + len(inserted), quote)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_property_utf16_round_trips(text: str) -> None:
    units = 0
    for i, ch in enumerate(text):
        assert codepoint_to_utf16(text, i) == units == len(text[:i].encode("utf-16-le")) // 2
        assert utf16_to_codepoint(text, units) == i
        if ord(ch) > 0xFFFF:
            with pytest.raises(ValueError):
                utf16_to_codepoint(text, units + 1)
        units += 2 if ord(ch) > 0xFFFF else 1
    assert codepoint_to_utf16(text, len(text)) == units
    assert utf16_to_codepoint(text, units) == len(text)
    with pytest.raises(ValueError):
        utf16_to_codepoint(text, units + 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(text_and_span(TEXTS), text_and_span(SMALL_ALPHABET)), st.data())
def test_property_any_edit_gives_a_consistent_result(case: tuple[str, int, int], data: st.DataObject) -> None:
    text, start, end = case
    a = selector_for(text, start, end)
    cut_start = data.draw(st.integers(0, len(text)), label="cut start")
    cut_end = data.draw(st.integers(cut_start, len(text)), label="cut end")
    new = text[:cut_start] + data.draw(st.one_of(TEXTS, SMALL_ALPHABET), label="replacement") + text[cut_end:]
    result = reanchor(a, new)
    assert result.state in {"exact", "fuzzy", "orphan"}
    if result.state == "orphan":
        assert (result.start, result.end, result.quote, result.score) == (None, None, None, 0.0)
        return
    assert result.start is not None and result.end is not None
    assert 0 <= result.start < result.end <= len(new)
    assert result.quote == new[result.start : result.end]
    if result.state == "exact":
        assert result.quote == a.exact and result.score == 1.0
    else:
        assert result.quote != a.exact
        assert 0.75 <= result.score < 1.0
        assert result.score == pytest.approx(match_score(a, new, result.start, result.end, hint=a.start), abs=0.03)
