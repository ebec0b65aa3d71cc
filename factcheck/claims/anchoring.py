"""Re-anchor claims in an article's text after the text changes.

A claim stores where it was (a W3C ``TextPositionSelector``: ``start``/``end`` in Unicode code points, which
are Python ``str`` indices) and what it said (a ``TextQuoteSelector``: ``exact`` with up to :data:`CONTEXT`
code points of ``prefix`` and ``suffix``).  When a new revision of the article arrives, :func:`reanchor` finds
the claim again with Hypothesis' method:

1. Position first: the old span is accepted only if the new text there still equals ``exact``.
2. Exact occurrences of the quote, ranked by how many characters of ``prefix``/``suffix`` agree with the
   adjacent text, then by closeness to the expected position (the old position shifted by the net length
   change, when that is known).  The winner is ``"exact"`` with score 1.0.
3. An approximate search allowing at most ``min(256, len(exact) / 2)`` edit errors, scored
   ``(50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92``; a match scoring at least ``min_score`` is
   ``"fuzzy"``.  It looks in a window around the expected position first and only then in the whole text.
4. Otherwise the claim is an ``"orphan"``: it keeps its stored quote, it is shown, it is never dropped.

This module is the public API and holds steps 1 and 2 (the exact stage).  Steps 3 and 4 (Myers' bit-parallel
search for match ends, boundary refinement, else the orphan) are in :mod:`factcheck.claims.approximate`; the
constants, :class:`Anchor`, :class:`AnchorResult`, :func:`max_errors` and :func:`match_score` are defined in
:mod:`factcheck.claims.anchor_types` and re-exported here.

Browsers report selections in UTF-16 code units; :func:`utf16_to_codepoint` and :func:`codepoint_to_utf16`
(defined in :mod:`factcheck.claims.offsets`, re-exported here) convert between those and ``str`` indices.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from factcheck.claims.anchor_types import (
    CONTEXT,
    EXACT,
    FUZZY,
    MAX_ERRORS_CAP,
    ORPHAN,
    POSITION_WEIGHT,
    PREFIX_WEIGHT,
    QUOTE_WEIGHT,
    SUFFIX_WEIGHT,
    TOTAL_WEIGHT,
    Anchor,
    AnchorResult,
    _TextIndex,
    match_score,
    max_errors,
)
from factcheck.claims.approximate import _fuzzy_stage
from factcheck.claims.offsets import codepoint_to_utf16, utf16_to_codepoint

_EXACT_WINDOW = 8192  # code points either side of the expected start searched before the whole text

__all__ = [
    "CONTEXT",
    "EXACT",
    "FUZZY",
    "MAX_ERRORS_CAP",
    "ORPHAN",
    "POSITION_WEIGHT",
    "PREFIX_WEIGHT",
    "QUOTE_WEIGHT",
    "SUFFIX_WEIGHT",
    "TOTAL_WEIGHT",
    "Anchor",
    "AnchorResult",
    "changed_spans",
    "codepoint_to_utf16",
    "match_score",
    "max_errors",
    "reanchor",
    "reanchor_many",
    "selector_for",
    "utf16_to_codepoint",
]


def selector_for(text: str, start: int, end: int) -> Anchor:
    """Build the anchor for ``text[start:end]`` (code point offsets) with up to CONTEXT points of context.

    Raises ValueError for an empty or out-of-range span.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is empty or outside a text of length {len(text)}")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def reanchor(anchor: Anchor, new_text: str, *, min_score: float = 0.75, old_length: int | None = None) -> AnchorResult:
    """Find ``anchor`` in ``new_text``; see the module docstring for the method.

    ``old_length`` (the length of the text the anchor was made on) lets the expected position follow the net
    length change; without it the expected position is the old one, unless the stored suffix is shorter than
    CONTEXT (the claim ended near the end of the old text, which gives the old length away).
    """
    index = _TextIndex(new_text)
    hint = _expected_start(anchor, len(new_text), _old_length(anchor, old_length))
    found = _exact_stage(anchor, new_text, hint)
    if found is not None:
        return found
    return _fuzzy_stage(anchor, index, hint, min_score)


def reanchor_many(
    anchors: Sequence[Anchor],
    new_text: str,
    *,
    min_score: float = 0.75,
    old_length: int | None = None,
    old_text: str | None = None,
) -> list[AnchorResult]:
    """Re-anchor several claims of one article; results are in the order of ``anchors``.

    Shares work between claims: one index of the new text for the global search, and the shifts of the claims
    that anchored exactly, which give the expected position of their edited neighbours.  The anchors are
    expected to come from one old text (``old_length`` long, if given); anchors from older revisions still
    re-anchor correctly, only the expected positions (tie-breaks, search windows) get less accurate.

    With ``old_text`` the global approximate search looks only at lines the old text did not have
    (:func:`changed_spans`): its cost then follows the size of the edit, not the size of the article times
    the number of edited claims.
    """
    n = len(new_text)
    if old_text is not None and old_length is None:
        old_length = len(old_text)
    shared_old_length = old_length
    if shared_old_length is None:
        # Claims that ended near the end of the old text give its length away, if they agree on it.
        inferred = {a.end + len(a.suffix) for a in anchors if len(a.suffix) < CONTEXT}
        shared_old_length = inferred.pop() if len(inferred) == 1 else None
    hints = [
        _expected_start(a, n, old_length if old_length is not None else _old_length(a, shared_old_length))
        for a in anchors
    ]
    index = _TextIndex(new_text, None if old_text is None else tuple(changed_spans(old_text, new_text)))
    results: list[AnchorResult | None] = [None] * len(anchors)
    # In old-text order, each claim's expected start follows the shift of the last claim before it that
    # anchored exactly (the text moved by that much there), so the position check (step 1) succeeds at once
    # for every claim whose surroundings did not change, and the ranked search looks near it first.
    shift: int | None = None
    for i in sorted(range(len(anchors)), key=lambda j: anchors[j].start):
        anchor = anchors[i]
        if shift is not None:
            hints[i] = min(max(anchor.start + shift, 0), n)
        found = _exact_stage(anchor, new_text, hints[i])
        results[i] = found
        if found is not None and found.start is not None:
            shift = found.start - anchor.start

    # (old start, shift) of every exactly anchored claim, sorted by old start.
    shifts = sorted(
        (anchor.start, result.start - anchor.start)
        for anchor, result in zip(anchors, results, strict=True)
        if result is not None and result.start is not None
    )
    shift_starts = [s for s, _ in shifts]
    out: list[AnchorResult] = []
    for anchor, hint, result in zip(anchors, hints, results, strict=True):
        if result is not None:
            out.append(result)
            continue
        if shifts:
            # The nearest exactly anchored claim before this one (else after it): how far the text moved here.
            pos = bisect_right(shift_starts, anchor.start) - 1
            moved = shifts[pos][1] if pos >= 0 else shifts[0][1]
            hint = min(max(anchor.start + moved, 0), n)
        out.append(_fuzzy_stage(anchor, index, hint, min_score))
    return out


def changed_spans(old_text: str, new_text: str) -> list[tuple[int, int]]:
    """Spans of ``new_text`` made of lines that occur nowhere in ``old_text`` (adjacent ones merged)."""
    old_lines = set(old_text.split("\n"))
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in new_text.split("\n"):
        end = pos + len(line)
        if line not in old_lines:
            if spans and spans[-1][1] >= pos - 1:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((pos, end))
        pos = end + 1
    return spans


# ------------------------------------------------------------------------------------------ exact stage


def _old_length(anchor: Anchor, old_length: int | None) -> int | None:
    if old_length is not None:
        return old_length
    if len(anchor.suffix) < CONTEXT:
        return anchor.end + len(anchor.suffix)
    return None


def _expected_start(anchor: Anchor, new_length: int, old_length: int | None) -> int:
    hint = anchor.start if old_length is None else anchor.start + new_length - old_length
    return min(max(hint, 0), new_length)


def _prefix_agreement(prefix: str, text: str, start: int) -> int:
    """How many trailing characters of ``prefix`` equal the text just before ``start``."""
    n, lp = 0, len(prefix)
    while n < lp and n < start and text[start - 1 - n] == prefix[lp - 1 - n]:
        n += 1
    return n


def _suffix_agreement(suffix: str, text: str, end: int) -> int:
    """How many leading characters of ``suffix`` equal the text just after ``end``."""
    n, ls, lt = 0, len(suffix), len(text)
    while n < ls and end + n < lt and text[end + n] == suffix[n]:
        n += 1
    return n


def _exact_stage(anchor: Anchor, text: str, hint: int) -> AnchorResult | None:
    """Steps 1 and 2: the old position, then every exact occurrence ranked by context, then closeness."""
    exact = anchor.exact
    m = len(exact)
    if m == 0 or m > len(text):
        return None
    full = len(anchor.prefix) + len(anchor.suffix)

    def agreement(s: int) -> int:
        return _prefix_agreement(anchor.prefix, text, s) + _suffix_agreement(anchor.suffix, text, s + m)

    # Step 1: position first (cheap).  If the text at the expected position (the old one unless the net length
    # change is known) still equals the quote and its whole context, nothing can outrank it.
    if text.startswith(exact, hint) and agreement(hint) == full:
        return AnchorResult(state=EXACT, start=hint, end=hint + m, score=1.0, quote=exact)

    # Step 2: exact occurrences, ranked.  Near the expected position first: an occurrence there whose whole
    # context agrees cannot be outranked by one farther away, so the whole text is scanned only otherwise.
    lo, hi = max(0, hint - _EXACT_WINDOW), min(len(text), hint + _EXACT_WINDOW + m)
    near = _best_occurrence(anchor, text, hint, lo, hi, agreement)
    if near is not None and near[0][0] == full:
        best_start = near[1]
    else:
        found = _best_occurrence(anchor, text, hint, 0, len(text), agreement)
        if found is None:
            return None
        best_start = found[1]
    return AnchorResult(state=EXACT, start=best_start, end=best_start + m, score=1.0, quote=exact)


def _best_occurrence(
    anchor: Anchor, text: str, hint: int, lo: int, hi: int, agreement: Callable[[int], int]
) -> tuple[tuple[int, int, int, int], int] | None:
    """The best-ranked occurrence of the quote inside ``text[lo:hi]``: (its rank key, its start)."""
    exact = anchor.exact
    best: tuple[int, int, int, int] | None = None
    best_start = -1
    s = text.find(exact, lo, hi)
    while s != -1:
        key = (agreement(s), -abs(s - hint), int(s == anchor.start), -s)
        if best is None or key > best:
            best, best_start = key, s
        s = text.find(exact, s + 1, hi)
    return None if best is None else (best, best_start)
