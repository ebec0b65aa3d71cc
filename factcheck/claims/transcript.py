"""Speakers of a transcript: lines that open with `NAME: text` (a debate, an interview, a hearing) give the
speaker of everything up to the next such line."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

_WORD = r"[A-Z][A-Za-z'’.\-]*"
_LABEL = re.compile(rf"^[ \t]*(?P<name>{_WORD}(?: {_WORD}){{0,3}})(?: \([^()\n]{{1,60}}\))?:[ \t]+(?=\S)", re.MULTILINE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_SPEAKERS = _words(
    "note update source sources correction photo photos related read more watch listen also disclaimer warning "
    "subject from to date sent cc bcc editor's editors q a summary background transcript video audio "
    "caption credit image map chart table figure tags topics share"
)


@dataclass(frozen=True)
class Turns:
    """Where each turn starts (after its label), where its label starts, and who speaks."""

    label_starts: tuple[int, ...]
    starts: tuple[int, ...]
    speakers: tuple[str, ...]

    def speaker_at(self, offset: int) -> str | None:
        """Who speaks at `offset` (None before the first label, or when the text is no transcript)."""
        i = bisect.bisect_right(self.label_starts, offset) - 1
        return self.speakers[i] if i >= 0 else None

    def label_end(self, offset: int) -> int | None:
        """Where the text after the label starts, when a label starts at `offset` (or between it and the text)."""
        i = bisect.bisect_right(self.label_starts, offset) - 1
        if i >= 0 and self.label_starts[i] <= offset < self.starts[i]:
            return self.starts[i]
        return None


NO_TURNS = Turns((), (), ())


def _display(name: str) -> str:
    """ "MR. TRUMP" -> "Mr. Trump"; names in mixed case stay as written."""
    return name.title() if name.isupper() and len(name) > 1 else name


def _speaker_label(name: str) -> bool:
    words = name.lower().split()
    return not (len(name) < 2 or (len(words) == 1 and words[0] in _NOT_SPEAKERS) or words[0] in _NOT_SPEAKERS)


def find_turns(text: str) -> Turns:
    """The text's speaker turns, if it reads as a transcript: at least two labelled lines, with one name heard
    twice or two different names; else NO_TURNS (a lone "WASHINGTON:" or "Note:" makes no transcript)."""
    found = [(m.start(), m.end(), m.group("name")) for m in _LABEL.finditer(text) if _speaker_label(m.group("name"))]
    if len(found) < 2:
        return NO_TURNS
    names = Counter(name for _, _, name in found)
    if len(names) < 2 and max(names.values()) < 2:
        return NO_TURNS
    return Turns(tuple(s for s, _, _ in found), tuple(e for _, e, _ in found), tuple(_display(n) for _, _, n in found))
