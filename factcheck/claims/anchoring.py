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

The approximate search finds match *ends* with Myers' bit-parallel algorithm (semi-global edit distance),
recovers each match's start with :mod:`rapidfuzz`'s Levenshtein distance, then tries a few alternative
boundaries (where the stored prefix/suffix now sit, word boundaries, trimmed whitespace) and keeps the
best-scoring span, so the span covers the edited claim rather than a fragment of it.  The whole-text search
only examines the overlapping chunks of the text whose longest common subsequence with the quote is longest
(and long enough to hold a match).

Browsers report selections in UTF-16 code units; :func:`utf16_to_codepoint` and :func:`codepoint_to_utf16`
convert between those and ``str`` indices.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import LCSseq, Levenshtein

__all__ = [
    "CONTEXT",
    "EXACT",
    "FUZZY",
    "ORPHAN",
    "Anchor",
    "AnchorResult",
    "codepoint_to_utf16",
    "reanchor",
    "reanchor_many",
    "selector_for",
    "utf16_to_codepoint",
]

CONTEXT = 32
"""Code points of prefix and suffix stored with a quote (what Hypothesis stores)."""

EXACT = "exact"
FUZZY = "fuzzy"
ORPHAN = "orphan"

MAX_ERRORS_CAP = 256
QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

_MIN_WINDOW_RADIUS = 256  # code points searched either side of the expected position before going global
_MAX_END_CANDIDATES = 16  # approximate-match ends examined per searched region
_GLOBAL_CHUNKS = 8  # best chunks (longest common subsequence with the quote) examined in the global search
_CONTEXT_PROBE = 12  # characters of prefix tail / suffix head used to locate the claim's boundaries

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Anchor:
    """What a claim stores: a position selector and a quote selector for the same span."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class AnchorResult:
    """Where a claim sits in the new text.

    ``state`` is ``"exact"`` (score 1.0), ``"fuzzy"`` (score in ``[min_score, 1)``) or ``"orphan"``
    (score 0.0, ``start``/``end``/``quote`` ``None``).  ``quote`` is ``new_text[start:end]``.
    """

    state: str
    start: int | None
    end: int | None
    score: float
    quote: str | None

    @property
    def changed(self) -> bool:
        """True when the anchored text differs from the stored quote (fuzzy) or is gone (orphan)."""
        return self.state != EXACT

    @property
    def is_orphan(self) -> bool:
        return self.state == ORPHAN


_ORPHAN_RESULT = AnchorResult(state=ORPHAN, start=None, end=None, score=0.0, quote=None)


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


# --------------------------------------------------------------------------------------------------- UTF-16


def codepoint_to_utf16(text: str, index: int) -> int:
    """Convert a ``str`` index (code points) into a UTF-16 code unit offset, as JavaScript counts."""
    if not 0 <= index <= len(text):
        raise ValueError(f"index {index} outside a text of length {len(text)}")
    if text.isascii():
        return index
    return index + len(_ASTRAL.findall(text, 0, index))


def utf16_to_codepoint(text: str, utf16_offset: int) -> int:
    """Convert a UTF-16 code unit offset (a browser selection offset) into a ``str`` index.

    Raises ValueError when the offset is negative, beyond the end of the text, or falls between the two
    halves of a surrogate pair (a character outside the Basic Multilingual Plane, such as most emoji).
    """
    if utf16_offset < 0:
        raise ValueError(f"negative UTF-16 offset {utf16_offset}")
    if text.isascii():
        if utf16_offset > len(text):
            raise ValueError(f"UTF-16 offset {utf16_offset} beyond the end of the text ({len(text)} units)")
        return utf16_offset
    astral_before = 0
    for match in _ASTRAL.finditer(text):
        unit = match.start() + astral_before  # UTF-16 offset of this astral character
        if utf16_offset <= unit:
            break
        if utf16_offset == unit + 1:
            raise ValueError(f"UTF-16 offset {utf16_offset} falls inside a surrogate pair")
        astral_before += 1
    index = utf16_offset - astral_before
    if index > len(text):
        total = len(text) + len(_ASTRAL.findall(text))
        raise ValueError(f"UTF-16 offset {utf16_offset} beyond the end of the text ({total} units)")
    return index


# --------------------------------------------------------------------------------------------- re-anchoring


def reanchor(
    anchor: Anchor, new_text: str, *, min_score: float = 0.75, old_length: int | None = None
) -> AnchorResult:
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
    anchors: Sequence[Anchor], new_text: str, *, min_score: float = 0.75, old_length: int | None = None
) -> list[AnchorResult]:
    """Re-anchor several claims of one article; results are in the order of ``anchors``.

    Shares work between claims: one index of the new text for the global search, and the shifts of the claims
    that anchored exactly, which give the expected position of their edited neighbours.  The anchors are
    expected to come from one old text (``old_length`` long, if given); anchors from older revisions still
    re-anchor correctly, only the expected positions (tie-breaks, search windows) get less accurate.
    """
    n = len(new_text)
    shared_old_length = old_length
    if shared_old_length is None:
        # Claims that ended near the end of the old text give its length away, if they agree on it.
        inferred = {a.end + len(a.suffix) for a in anchors if len(a.suffix) < CONTEXT}
        shared_old_length = inferred.pop() if len(inferred) == 1 else None
    hints = [
        _expected_start(a, n, old_length if old_length is not None else _old_length(a, shared_old_length))
        for a in anchors
    ]
    index = _TextIndex(new_text)
    results = [_exact_stage(a, new_text, hint) for a, hint in zip(anchors, hints, strict=True)]

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
            shift = shifts[pos][1] if pos >= 0 else shifts[0][1]
            hint = min(max(anchor.start + shift, 0), n)
        out.append(_fuzzy_stage(anchor, index, hint, min_score))
    return out


def max_errors(quote_length: int) -> int:
    """The most edit errors an approximate match of a quote of this length may have."""
    return min(MAX_ERRORS_CAP, quote_length // 2)


def match_score(
    anchor: Anchor, new_text: str, start: int, end: int, *, hint: int | None = None, errors: int | None = None
) -> float:
    """Hypothesis' score of ``new_text[start:end]`` as the new place of ``anchor``, in 0..1.

    ``(50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92``, each similarity being
    ``1 - edit distance / length`` of the stored string (1.0 for an empty stored prefix or suffix); position
    similarity is ``1 - |start - hint| / len(new_text)`` with ``hint`` defaulting to the old start.
    """
    if errors is None:
        errors = Levenshtein.distance(anchor.exact, new_text[start:end])
    if hint is None:
        hint = anchor.start
    m = len(anchor.exact)
    quote = max(0.0, 1.0 - errors / m) if m else 0.0
    return _combine(
        quote,
        _prefix_similarity(anchor.prefix, new_text, start),
        _suffix_similarity(anchor.suffix, new_text, end),
        _position_similarity(start, hint, new_text),
    )


# ---------------------------------------------------------------------------------------------- internals


@dataclass
class _TextIndex:
    """The new text plus cached overlapping chunkings of it, shared by the claims of one article."""

    text: str
    _chunks: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)

    def chunks(self, span: int) -> tuple[list[int], list[str]]:
        """Chunks of length 2 * L starting every L code points, L >= span a power of two.

        Every substring of length <= L lies inside one chunk.
        """
        step = 32
        while step < span:
            step *= 2
        if step not in self._chunks:
            starts = list(range(0, max(len(self.text), 1), step))
            self._chunks[step] = (starts, [self.text[i : i + 2 * step] for i in starts])
        return self._chunks[step]


@dataclass(frozen=True)
class _Candidate:
    score: float
    start: int
    end: int
    key: tuple[float, int, int]


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

    # Step 2: all exact occurrences.
    best: tuple[int, int, int, int] | None = None
    best_start = -1
    s = text.find(exact)
    while s != -1:
        key = (agreement(s), -abs(s - hint), int(s == anchor.start), -s)
        if best is None or key > best:
            best, best_start = key, s
        s = text.find(exact, s + 1)
    if best is None:
        return None
    return AnchorResult(state=EXACT, start=best_start, end=best_start + m, score=1.0, quote=exact)


def _combine(quote: float, prefix: float, suffix: float, position: float) -> float:
    return (
        QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position
    ) / TOTAL_WEIGHT


def _prefix_similarity(prefix: str, text: str, start: int) -> float:
    if not prefix:
        return 1.0
    before = text[max(0, start - len(prefix)) : start]
    return max(0.0, 1.0 - Levenshtein.distance(prefix, before) / len(prefix))


def _suffix_similarity(suffix: str, text: str, end: int) -> float:
    if not suffix:
        return 1.0
    after = text[end : end + len(suffix)]
    return max(0.0, 1.0 - Levenshtein.distance(suffix, after) / len(suffix))


def _position_similarity(start: int, hint: int, text: str) -> float:
    if not text:
        return 0.0
    return max(0.0, 1.0 - abs(start - hint) / len(text))


def _error_budget(m: int, min_score: float) -> int:
    """max_errors(m), tightened to what could still reach ``min_score`` with perfect context and position."""
    needed_quote = (min_score * TOTAL_WEIGHT - PREFIX_WEIGHT - SUFFIX_WEIGHT - POSITION_WEIGHT) / QUOTE_WEIGHT
    reachable = int((1.0 - needed_quote) * m + 1e-9)
    return min(max_errors(m), reachable)


def _pattern_masks(pattern: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def _end_distances(masks: dict[str, int], m: int, text: str, lo: int, hi: int) -> list[int]:
    """Myers' bit-parallel semi-global edit distance.

    Element ``i`` is the least edit distance between the pattern and any substring of ``text[lo:hi]`` that
    ends at ``lo + i + 1``.
    """
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out: list[int] = []
    append = out.append
    get = masks.get
    for ch in text[lo:hi]:
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return out


def _match_ends(distances: list[int], lo: int, k: int) -> list[int]:
    """Ends (exclusive text offsets) of the best local minima of ``distances`` within ``k`` errors."""
    found: list[tuple[int, int]] = []
    last = len(distances) - 1
    for i, d in enumerate(distances):
        if d > k:
            continue
        if i > 0 and distances[i - 1] < d:
            continue
        if i < last and distances[i + 1] < d:
            continue
        # Of a plateau of equal minima keep its first and last positions.
        first_of_plateau = i == 0 or distances[i - 1] != d
        last_of_plateau = i == last or distances[i + 1] != d
        if first_of_plateau or last_of_plateau:
            found.append((d, lo + i + 1))
    found.sort()
    return [end for _, end in found[:_MAX_END_CANDIDATES]]


def _best_starts(exact: str, text: str, end: int, k: int) -> list[int]:
    """Starts giving the least edit distance between ``exact`` and ``text[start:end]`` (first and last)."""
    m = len(exact)
    best = k + 1
    starts: list[int] = []
    for s in range(max(0, end - m - k), min(end - 1, end - m + k) + 1):
        d = Levenshtein.distance(exact, text[s:end], score_cutoff=best)
        if d < best:
            best, starts = d, [s]
        elif d == best and d <= k:
            starts.append(s)
    if len(starts) > 2:
        starts = [starts[0], starts[-1]]
    return starts


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _start_variants(anchor: Anchor, text: str, start: int, k: int) -> set[int]:
    out = {start}
    n = len(text)
    # Where the stored prefix now ends.
    if anchor.prefix:
        probe = anchor.prefix[-_CONTEXT_PROBE:]
        lo = max(0, start - k - len(probe))
        hit = text.find(probe, lo, min(n, start + k))
        while hit != -1:
            out.add(hit + len(probe))
            hit = text.find(probe, hit + 1, min(n, start + k))
    elif start <= k:
        out.add(0)
    # Word boundaries, if the claim began at one.
    exact = anchor.exact
    began_at_boundary = _is_word(exact[0]) and (not anchor.prefix or not _is_word(anchor.prefix[-1]))
    for s in list(out):
        if s >= n:
            continue
        if began_at_boundary and s > 0 and _is_word(text[s - 1]) and _is_word(text[s]):
            left = s
            while left > 0 and _is_word(text[left - 1]):
                left -= 1
            out.add(left)
            right = s
            while right < n and _is_word(text[right]):
                right += 1
            while right < n and not _is_word(text[right]):
                right += 1
            out.add(right)
        if not exact[0].isspace() and text[s].isspace():
            right = s
            while right < n and text[right].isspace():
                right += 1
            out.add(right)
    return out


def _end_variants(anchor: Anchor, text: str, end: int, k: int) -> set[int]:
    out = {end}
    n = len(text)
    # Where the stored suffix now begins.
    if anchor.suffix:
        probe = anchor.suffix[:_CONTEXT_PROBE]
        lo = max(0, end - k)
        hi = min(n, end + k + len(probe))
        hit = text.find(probe, lo, hi)
        while hit != -1:
            out.add(hit)
            hit = text.find(probe, hit + 1, hi)
    elif n - end <= k:
        out.add(n)
    exact = anchor.exact
    ended_at_boundary = _is_word(exact[-1]) and (not anchor.suffix or not _is_word(anchor.suffix[0]))
    for e in list(out):
        if e <= 0:
            continue
        if ended_at_boundary and e < n and _is_word(text[e - 1]) and _is_word(text[e]):
            right = e
            while right < n and _is_word(text[right]):
                right += 1
            out.add(right)
            left = e
            while left > 0 and _is_word(text[left - 1]):
                left -= 1
            while left > 0 and not _is_word(text[left - 1]):
                left -= 1
            out.add(left)
        if not exact[-1].isspace() and text[e - 1].isspace():
            left = e
            while left > 0 and text[left - 1].isspace():
                left -= 1
            out.add(left)
    return out


def _at_boundaries(anchor: Anchor, text: str, start: int, end: int) -> int:
    """How many of the span's ends sit on a word boundary (a tie-break between equally scored spans)."""
    n = 0
    if start == 0 or not (_is_word(text[start - 1]) and _is_word(text[start])):
        n += 1
    if end == len(text) or not (_is_word(text[end - 1]) and _is_word(text[end])):
        n += 1
    return n


def _search_region(
    anchor: Anchor, text: str, masks: dict[str, int], lo: int, hi: int, hint: int, k: int
) -> _Candidate | None:
    """The best approximate match of ``anchor`` whose end lies in ``text[lo:hi]``."""
    exact = anchor.exact
    m = len(exact)
    best: _Candidate | None = None
    seen: set[tuple[int, int]] = set()
    for core_end in _match_ends(_end_distances(masks, m, text, lo, hi), lo, k):
        core_starts = _best_starts(exact, text, core_end, k)
        if not core_starts:
            continue
        starts: set[int] = set()
        for s in core_starts:
            starts |= _start_variants(anchor, text, s, k)
        ends = _end_variants(anchor, text, core_end, k)
        for s in starts:
            for e in ends:
                if e <= s or (s, e) in seen:
                    continue
                seen.add((s, e))
                errors = Levenshtein.distance(exact, text[s:e], score_cutoff=k)
                if errors > k:
                    continue
                score = match_score(anchor, text, s, e, hint=hint, errors=errors)
                key = (round(score, 12), _at_boundaries(anchor, text, s, e), e - s)
                if best is None or key > best.key:
                    best = _Candidate(score=score, start=s, end=e, key=key)
    return best


def _fuzzy_stage(anchor: Anchor, index: _TextIndex, hint: int, min_score: float) -> AnchorResult:
    """Step 3: approximate search near the expected position, then in the whole text; else an orphan."""
    text = index.text
    exact = anchor.exact
    m, n = len(exact), len(text)
    if m == 0 or n == 0:
        return _ORPHAN_RESULT
    k = _error_budget(m, min_score)
    if k < 1:
        return _ORPHAN_RESULT
    masks = _pattern_masks(exact)

    # A match within k edits shares a common subsequence of at least m - k characters with the quote, so a
    # region with a shorter longest common subsequence (a fast bit-parallel computation) is skipped.
    min_common = m - k
    radius = max(_MIN_WINDOW_RADIUS, 2 * m)
    lo, hi = max(0, hint - radius), min(n, hint + m + radius)
    best = None
    if LCSseq.similarity(exact, text[lo:hi], score_cutoff=min_common) >= min_common:
        best = _search_region(anchor, text, masks, lo, hi, hint, k)

    if (best is None or best.score < min_score) and (lo, hi) != (0, n):
        starts, chunks = index.chunks(m + k)
        ranked = process.extract(
            exact, chunks, scorer=LCSseq.similarity, limit=_GLOBAL_CHUNKS, score_cutoff=min_common
        )
        for _, _, i in ranked:
            c_lo = starts[i]
            c_hi = min(n, c_lo + len(chunks[i]))
            if lo <= c_lo and c_hi <= hi:
                continue  # already searched in the window
            found = _search_region(anchor, text, masks, c_lo, c_hi, hint, k)
            if found is not None and (best is None or found.key > best.key):
                best = found

    if best is None or best.score < min_score:
        return _ORPHAN_RESULT
    return AnchorResult(
        state=FUZZY, start=best.start, end=best.end, score=best.score, quote=text[best.start : best.end]
    )
