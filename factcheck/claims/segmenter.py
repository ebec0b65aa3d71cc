"""Sentence and clause segmentation with code-point offsets.

Pure regular expressions, no model: the text is split on line breaks first, then each line on sentence
terminators whose surroundings say "this is an end" (abbreviations, initials, decimals, quotes and datelines
are handled by rules), then, for claim extraction, sentences carrying several claims are cut into clauses
(semicolons, dash asides, ", and <new subject>").
"""

from __future__ import annotations

import re
from bisect import bisect_left


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


Span = tuple[int, int]

_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
# A terminator run, optional closing quotes/brackets, then the whitespace that separates sentences.
_BOUNDARY = re.compile(r"(?<![.!?…])(\.{2,}|…|[.!?]+)([\"'”’»)\]]*)(\s+)")
_PREV_WORD = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*([^\s\"'“‘«(\[]*)")

# Always followed by a name or a number: never end a sentence.
_TITLES = _wordset(
    "mr mrs ms dr prof gen sen rep gov lt col capt sgt maj adm cmdr st mt ft vs v cf "
    "e.g i.e approx fig op ch vol pp art sec jan feb mar apr jun jul aug sep sept oct nov dec "
    "rev hon pres supt insp det messrs mme mlle"
)
# Can end a sentence, but usually do not: end only if the next word is a typical sentence opener.
_AMBIGUOUS = _wordset(
    "etc inc ltd co corp bros univ dept assn est jr sr ave blvd rd hwy ala ariz ark calif colo conn del fla "
    "ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash "
    "wis wyo "
    "a.m p.m u.s u.k u.n u.s.a u.s.s.r e.u d.c n.y l.a"
)
_OPENERS = _wordset(
    "a an the he she it they we i you this that these those there his her its their our my but and so yet "
    "in on at for after before when while if as then however meanwhile also still one some many most all "
    "no not nobody none officials critics analysts police"
)
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]$")

# Datelines: "Moscow, Dec 8:", "WASHINGTON (AP) --", "Paris, Nov. 11 (Reuters) -".
_PLACE = r"[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+){0,2}"
_DATELINE = re.compile(
    rf"(?:{_PLACE},\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?(?:\s*\([A-Za-z .]{{2,20}}\))?"
    rf"|{_PLACE}\s*\([A-Za-z .]{{2,20}}\)"
    r"|[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,2})"
    r"\s*(?::|--|—|–|-)\s+(?=\S)"
)


def _is_boundary(line: str, term: str, close: str, dot_at: int, after: int) -> bool:
    """Decide whether the terminator `term` ending at `dot_at` (index of its first char) ends a sentence."""
    m = _NEXT_WORD.match(line, after)
    nxt = m.group(1) if m else ""
    opener_quote = bool(m and m.end(0) > after and m.group(0)[:1] in "\"'“‘«([")
    if not nxt and not opener_quote:
        return False
    first = nxt[:1]
    if first.islower():
        return False
    if term[0] in "!?…" or len(term) > 1 or close:
        return True
    pm = _PREV_WORD.search(line, max(0, dot_at - 40), dot_at)  # abbreviations are short: bounded look-back
    prev = pm.group(1) if pm else ""
    prev = prev.lstrip("\"'“‘«([")
    if not prev:
        return True
    low = prev.lower()
    if low in _TITLES:
        return False
    if low in ("no", "nos"):
        return not first.isdigit()
    if _INITIAL.match(prev):
        return not (first.isupper() and len(nxt) > 0)
    if low in _AMBIGUOUS or _ACRONYM.match(prev + "."):
        return nxt.lower().strip(",;:") in _OPENERS or opener_quote
    return True


def _split_line(line: str, base: int, out: list[Span]) -> None:
    start = 0
    for m in _BOUNDARY.finditer(line):
        term, close = m.group(1), m.group(2)
        if _is_boundary(line, term, close, m.start(1), m.end(3)):
            end = m.end(2)
            if line[start:end].strip():
                out.append(_strip(line, start, end, base))
            start = m.end(3)
    if line[start:].strip():
        out.append(_strip(line, start, len(line), base))


def _strip(s: str, a: int, b: int, base: int) -> Span:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return (base + a, base + b)


def split_sentences(text: str) -> list[Span]:
    """Code-point spans of the sentences of `text`, whitespace-trimmed, in order, never overlapping."""
    out: list[Span] = []
    for m in _LINE.finditer(text):
        if m.group(0).strip():
            _split_line(m.group(0), m.start(), out)
    return out


def dateline_end(text: str, start: int, end: int) -> int:
    """If the sentence text[start:end] opens with a dateline ("Moscow, Dec 8:"), the offset after it."""
    m = _DATELINE.match(text, start, end)
    return start if m is None else m.end()


# ---------------------------------------------------------------- clauses
_DASH = re.compile(r"\s(?:--|—|–|-)\s")
_SEMI = re.compile(r";\s")
_COORD = re.compile(
    r"(?:,\s+(?:and|but|while|whereas)\s+(?=(?:he|she|it|they|we|i|this|that|these|those|the|its|his|her|"
    r"their|each|both|all|none|most|many|some|[A-Z][a-z]+)\b)"
    r"|(?<!\s)\s+and\s+(?=(?:each|both|all|none|most|many|some|several) of (?:them|these|those|the)\b))",
    re.IGNORECASE,
)
_QUOTE_CHAR = re.compile('["“”]')
_MIN_WORDS = 4
_WORD_START = re.compile(r"(?<!\S)\S")


def _inside_quotes(quotes: list[int], pos: int) -> bool:
    """Is `pos` between an opening and a closing double quote? (`quotes`: sorted quote positions)"""
    return bisect_left(quotes, pos) % 2 == 1


def _cuts(s: str, starts: list[int]) -> list[Span]:
    """Cut points (gap start, gap end) inside one sentence string; `starts`: where its words start."""
    gaps: list[Span] = []
    quotes = [m.start() for m in _QUOTE_CHAR.finditer(s)]
    for m in _DASH.finditer(s):
        if _inside_quotes(quotes, m.start()):
            continue
        if _count(starts, 0, m.start()) >= 3 and _count(starts, m.end(), len(s)) >= 3:
            gaps.append((m.start(), m.end()))
    for m in _SEMI.finditer(s):
        if not _inside_quotes(quotes, m.start()):
            gaps.append((m.start(), m.end()))
    for m in _COORD.finditer(s):
        if not _inside_quotes(quotes, m.start()):
            gaps.append((m.start(), m.end()))
    gaps.sort()
    return gaps


def _count(starts: list[int], a: int, b: int) -> int:
    """Number of words starting in s[a:b]."""
    return bisect_left(starts, b) - bisect_left(starts, a)


_EDGE = " \t,;:-–—"


def split_clauses(text: str, start: int, end: int) -> list[Span]:
    """Split the sentence text[start:end] into claim-sized clauses; pieces keep their code-point offsets."""
    s = text[start:end]
    starts = [m.start() for m in _WORD_START.finditer(s)]
    pieces: list[Span] = []
    pos = 0
    for a, b in _cuts(s, starts):
        if a < pos:
            continue
        if _count(starts, pos, a) >= _MIN_WORDS and _count(starts, b, len(s)) >= _MIN_WORDS:
            pieces.append((pos, a))
            pos = b
    pieces.append((pos, len(s)))
    out: list[Span] = []
    for a, b in pieces:
        while a < b and (s[a] in _EDGE or s[a].isspace()):
            a += 1
        while b > a and (s[b - 1] in _EDGE or s[b - 1].isspace()):
            b -= 1
        if b > a:
            out.append((start + a, start + b))
    return out
