"""Turn an article into check-worthy claims: spans with selectors, kind, score, speaker, dates and reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factcheck.claims.dates import NormalizedDate, find_dates
from factcheck.claims.features import attribution, detect
from factcheck.claims.kinds import classify
from factcheck.claims.scoring import Reason, explain_hits
from factcheck.claims.segmenter import dateline_end, split_clauses, split_sentences
from factcheck.claims.speakers import find_speaker, is_bare_quote
from factcheck.claims.transcript import find_turns

CONTEXT = 32
DEFAULT_MIN_SCORE = 0.3


@dataclass(frozen=True)
class ExtractedClaim:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    kind: str
    score: float
    speaker: str | None
    dates: tuple[NormalizedDate, ...]
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "kind": self.kind,
            "score": self.score,
            "speaker": self.speaker,
            "dates": [d.as_dict() for d in self.dates],
            "reasons": [r.as_dict() for r in self.reasons],
        }


def make_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(exact, prefix, suffix) of a W3C TextQuoteSelector, with up to 32 code points of context."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} outside a text of length {len(text)}")
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


DATELINE_DAYS = 7  # a dateline this many days before publication at most is the day the story was filed


def base_date(text: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The date relative dates count from, and a note on where it came from: the article's dateline ("Moscow,
    Dec 8:") when it names a day shortly before publication (the story's "Thursday" is the dateline's week),
    else the publication date."""
    if published is None:
        return None, ""
    for start, end in split_sentences(text[:600])[:3]:  # the body may follow a title and a byline
        body = dateline_end(text, start, end)
        for d in find_dates(text, start, body, published, future=False):
            day = dt.date.fromisoformat(d.value) if d.precision == "day" else None
            if day is not None and 0 <= (published - day).days <= DATELINE_DAYS:
                return day, f"; counted from the dateline {d.text}"
        if body > start:
            break  # the dateline, with no day of its own
    return published, ""


def extract_claims(
    text: str, published: dt.date | None = None, *, min_score: float = DEFAULT_MIN_SCORE
) -> list[ExtractedClaim]:
    """Check-worthy claims of `text`, sorted by position, never overlapping.

    Offsets are code points in `text`. Dates without a year are resolved against `published` (or the dateline's
    day, see `base_date`); without it only explicit years and full dates are normalized. Claims scoring below
    `min_score` are left out.
    """
    claims: list[ExtractedClaim] = []
    base, note = base_date(text, published)
    last_speaker: str | None = None
    last_end = 0
    turns = find_turns(text)
    for s_start, s_end in split_sentences(text):
        sentence = text[s_start:s_end]
        speaker = own_speaker = find_speaker(sentence)
        if speaker is None:
            speaker = turns.speaker_at(s_start)  # a transcript's `NAME: text` line speaks for its turn
        bare = is_bare_quote(sentence)
        if speaker is None and last_speaker and bare and _same_paragraph(text, last_end, s_start):
            speaker = last_speaker
        last_speaker = speaker if any(q in sentence for q in '"“”') else None
        last_end = s_end
        body = dateline_end(text, s_start, s_end)
        label_end = turns.label_end(s_start)
        if label_end is not None and label_end < s_end:
            body = max(body, label_end)  # the claim is what was said, not "TRUMP:"
        for start, end in split_clauses(text, body, s_end):
            quote = text[start:end]
            hits = detect(quote, speaker=False)
            if own_speaker is not None:  # credited in this sentence, maybe in another of its clauses
                hits.append(attribution(own_speaker))
            score, reasons = explain_hits(hits)
            if score < min_score:
                continue
            exact, prefix, suffix = make_selector(text, start, end)
            claims.append(
                ExtractedClaim(
                    start=start,
                    end=end,
                    quote=exact,
                    prefix=prefix,
                    suffix=suffix,
                    kind=classify(quote, hits),
                    score=score,
                    speaker=speaker,
                    dates=find_dates(text, start, end, base, note=note),
                    reasons=reasons,
                )
            )
    return claims
