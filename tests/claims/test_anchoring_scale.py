"""Re-anchoring at the scale of a 2 M-character article: the shortcuts that keep it fast give the same answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import anchoring
from factcheck.claims.anchor_types import _TextIndex
from factcheck.claims.anchoring import Anchor, changed_spans, reanchor_many, selector_for

FILLER = "Gardeners planted trees by the station while the bakery smelled of fresh bread. "


def _brute_exact(anchor: Anchor, text: str, hint: int) -> int | None:
    """Step 2 by the book: every occurrence, ranked by context agreement, closeness, old place, position."""
    m, best, best_start = len(anchor.exact), None, None
    for s in range(len(text) - m + 1):
        if text[s : s + m] != anchor.exact:
            continue
        agree = anchoring._prefix_agreement(anchor.prefix, text, s) + anchoring._suffix_agreement(
            anchor.suffix, text, s + m
        )
        key = (agree, -abs(s - hint), int(s == anchor.start), -s)
        if best is None or key > best:
            best, best_start = key, s
    return best_start


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet="ab \n", min_size=20, max_size=300),
    st.data(),
)
def test_windowed_exact_stage_ranks_like_a_scan_of_every_occurrence(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + 6)))
    anchor = selector_for(text, start, end)
    cut = data.draw(st.integers(0, len(text)))
    new = text[:cut] + data.draw(st.text(alphabet="ab \n", max_size=40)) + text[cut:]
    hint = data.draw(st.integers(0, len(new)))
    original = anchoring._EXACT_WINDOW
    try:
        anchoring._EXACT_WINDOW = data.draw(st.integers(1, 50))  # small windows: the fallback path runs too
        found = anchoring._exact_stage(anchor, new, hint)
    finally:
        anchoring._EXACT_WINDOW = original
    expected = _brute_exact(anchor, new, hint)
    assert (found.start if found else None) == expected


def test_changed_spans_are_the_lines_the_old_text_did_not_have() -> None:
    old = "one\ntwo\nthree\nfour"
    new = "zero\none\ntwo!\nthree\nfive\nsix\nfour"
    spans = changed_spans(old, new)
    assert [new[s:e] for s, e in spans] == ["zero", "two!", "five\nsix"]
    assert changed_spans(old, old) == []


def test_the_global_search_looks_only_at_changed_text_when_the_old_text_is_known() -> None:
    text = "\n".join([FILLER * 4] * 5_000)  # 1.6 M characters in 5,000 paragraphs
    edit = text.index("\n", len(text) // 2)
    new = text[:edit] + "\nA sentence that is new here." + text[edit:]
    spans = changed_spans(text, new)
    whole, limited = _TextIndex(new), _TextIndex(new, tuple(spans))
    assert len(whole.chunks(100)[0]) > 10_000
    assert 1 <= len(limited.chunks(100)[0]) <= 4


def test_a_deleted_claim_does_not_move_onto_a_lookalike_that_was_already_there() -> None:
    claim = "The council said spending on transit rose 73 percent to 610 million euros in 2001."
    lookalike = "The council said spending on transit rose 73 percent to 640 million euros in 2001."
    old = "\n".join([claim, FILLER * 40, lookalike, FILLER * 3])
    new = old.replace(claim + "\n", "A different opening line.\n", 1)
    anchor = selector_for(old, 0, len(claim))
    (without_old,) = reanchor_many([anchor], new)
    assert without_old.state == "fuzzy" and without_old.quote == lookalike  # Hypothesis' global search alone
    (with_old,) = reanchor_many([anchor], new, old_text=old)
    assert with_old.state == "orphan"


def test_an_edited_claim_far_from_its_old_place_is_still_found_in_changed_text() -> None:
    claim = "The council said spending on transit rose 73 percent to 610 million euros in 2001."
    old = "\n".join([claim, FILLER * 40, "The end."])
    moved = claim.replace("rose", "grew")
    new = "\n".join([FILLER * 40, moved, "The end."])
    (result,) = reanchor_many([selector_for(old, 0, len(claim))], new, old_text=old)
    assert result.state == "fuzzy" and result.quote == moved


def test_neighbours_shift_carries_many_claims_across_a_long_insertion() -> None:
    sentences = [f"Claim number {i} says {i * 7} percent of buses ran late. " for i in range(300)]
    old = "".join(sentences)
    anchors = []
    pos = 0
    for s in sentences:
        anchors.append(selector_for(old, pos, pos + len(s) - 1))
        pos += len(s)
    new = "A long correction was added at the top. " * 50 + old.replace("Claim number 150 says", "Claim 150 says")
    results = reanchor_many(anchors, new, old_text=old)
    assert [r.state for r in results].count("exact") == 299
    assert results[150].state == "fuzzy"
    assert all(new[r.start : r.end] == a.exact for a, r in zip(anchors, results, strict=True) if r.state == "exact")
