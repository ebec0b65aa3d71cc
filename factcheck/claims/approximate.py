"""Steps 3 and 4 of re-anchoring: the approximate search for a quote that no longer occurs exactly, else an orphan.

A match may have at most :func:`~factcheck.claims.anchor_types.max_errors` edit errors (fewer when even a
perfect context and position could not lift it to ``min_score``).  Myers' bit-parallel algorithm (semi-global
edit distance) finds match *ends*; :mod:`rapidfuzz`'s Levenshtein distance recovers each match's start; a few
alternative boundaries (where the stored prefix/suffix now sit, word boundaries, trimmed whitespace) are then
scored with :func:`~factcheck.claims.anchor_types.match_score` and the best span is kept, so the span covers
the edited claim rather than a fragment of it.  The search looks in a window around the expected position
first and only then in the whole text, where it examines only the overlapping chunks whose longest common
subsequence with the quote is longest (and long enough to hold a match).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import LCSseq, Levenshtein

from factcheck.claims.anchor_types import (
    _ORPHAN_RESULT,
    FUZZY,
    Anchor,
    AnchorResult,
    _error_budget,
    _TextIndex,
    match_score,
)

_MIN_WINDOW_RADIUS = 256  # code points searched either side of the expected position before going global
_MAX_END_CANDIDATES = 16  # approximate-match ends examined per searched region
_GLOBAL_CHUNKS = 8  # best chunks (longest common subsequence with the quote) examined in the global search
_CONTEXT_PROBE = 12  # characters of prefix tail / suffix head used to locate the claim's boundaries


@dataclass(frozen=True)
class _Candidate:
    score: float
    start: int
    end: int
    key: tuple[float, int, int]


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
        ranked = (
            process.extract(exact, chunks, scorer=LCSseq.similarity, limit=_GLOBAL_CHUNKS, score_cutoff=min_common)
            if chunks
            else []
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
