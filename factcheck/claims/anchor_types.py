"""What the re-anchoring stages share: the constants, :class:`Anchor`, :class:`AnchorResult` and the score.

:func:`match_score` is Hypothesis' score of a candidate span; the approximate search
(:mod:`factcheck.claims.approximate`) ranks its matches with it and bounds its edit errors with
:func:`max_errors`.  The public names here are re-exported by :mod:`factcheck.claims.anchoring`, the public API.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

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
    "match_score",
    "max_errors",
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


def _error_budget(m: int, min_score: float) -> int:
    """max_errors(m), tightened to what could still reach ``min_score`` with perfect context and position."""
    needed_quote = (min_score * TOTAL_WEIGHT - PREFIX_WEIGHT - SUFFIX_WEIGHT - POSITION_WEIGHT) / QUOTE_WEIGHT
    reachable = int((1.0 - needed_quote) * m + 1e-9)
    return min(max_errors(m), reachable)


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


@dataclass
class _TextIndex:
    """The new text plus cached overlapping chunkings of it, shared by the claims of one article.

    ``changed`` (spans of the new text that the old text did not have, when the old text is known) limits the
    global search to chunks overlapping them: a claim that no longer occurs exactly was edited or deleted, and
    an edited claim sits in changed text, while text that was already there belongs to other claims.
    """

    text: str
    changed: tuple[tuple[int, int], ...] | None = None
    _chunks: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)

    def chunks(self, span: int) -> tuple[list[int], list[str]]:
        """Chunks of length 2 * L starting every L code points, L >= span a power of two.

        Every substring of length <= L lies inside one chunk (of those overlapping a changed span, if known).
        """
        step = 32
        while step < span:
            step *= 2
        if step not in self._chunks:
            if self.changed is None:
                starts = list(range(0, max(len(self.text), 1), step))
            else:
                wanted: set[int] = set()
                for lo, hi in self.changed:
                    first = max(0, (lo - 2 * step) // step + 1) * step
                    wanted.update(range(first, hi, step))
                starts = sorted(wanted)
            self._chunks[step] = (starts, [self.text[i : i + 2 * step] for i in starts])
        return self._chunks[step]
