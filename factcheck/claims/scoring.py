"""Check-worthiness: a hand-weighted, explainable sum of features squashed into 0..1.

The weights are set by reasoning about what fact-checkers pick (none is fitted on any data set):

- Checkers verify things that can be looked up: statistics, numbers, dates, named people and bodies, records
  of what someone did or voted for, laws, comparisons and changes over time, and causes.
- They skip what cannot be verified: opinions and feelings, hedged speculation, questions, courtesies,
  stage directions, and fragments too short to state anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from factcheck.claims.features import Hit, detect

BIAS = -1.6

# log-odds contribution of a feature seen once; extra occurrences add half as much again, up to three.
WEIGHTS: dict[str, float] = {
    "statistic": 1.3,  # percentages, money, rates: the core of checkable claims
    "number": 1.0,  # any other figure can be compared with a source
    "count": 0.3,  # "two occasions", "third time": weaker, often rhetorical
    "date": 0.7,  # anchors an event in time: checkable against the record
    "named_entity": 0.3,  # who and where: about the world, but a name alone says little (debates: vocatives)
    # reported speech: someone said something, maybe checkable; little on its own ("I said", "you say" is the
    # chatter of debates), a named source is weighed by "attributed"
    "reporting_verb": 0.1,
    "quote": 0.2,
    "attributed": 0.8,  # credited to a named source ("X said", "according to X"): can be traced
    "event_verb": 0.7,  # something happened: met, signed, cancelled, voted
    "record": 1.0,  # "I voted for", "Lee signed", "I was against": a public record exists
    "comparative": 0.7,  # more than, the highest, record: checkable by comparison
    "change": 0.7,  # rose, fell, doubled
    "cause": 0.4,  # causal claims are checkable, though harder
    "law": 0.6,  # laws, bills, treaties, taxes: documents exist
    "topic": 0.6,  # jobs, crime, trade, health: public matters that someone measures
    "absolute": 0.3,  # "never", "every": easy to falsify
    "modal_future": -0.3,  # predictions and promises can only be checked for plausibility
    "opinion": -0.9,  # "I think", "great", "should": a view, not a fact
    "hedge": -0.3,  # "maybe", "might": the speaker is not committing
    "question": -1.8,  # questions assert nothing
    "exclamation": -0.8,  # "What a disaster!": rhetoric
    "greeting": -2.5,  # "thank you", "good evening"
    "stage_direction": -4.0,  # "(APPLAUSE)"
    "ranking": 1.1,  # "the highest taxes in the world", "a 17-year low": a ranking with a scope can be looked up
    "deed": 0.3,  # "you hired", "she gave": what a rival did is a matter of record
    "figure_compared": 0.5,  # a number together with a comparison or change: the classic checkable claim
    "promise": -0.5,  # "we will", "I'm going to" without a figure: a pledge, nothing to check yet
    "stance": 0.5,  # "she wants to", "he is against": a rival's position, checkable against their record
    "moderating": -1.0,  # "let me ask", "thirty seconds": the moderator running the debate
    "personal": -0.5,  # "my father", "my kids": a personal story, no public record
    "addressed": -0.8,  # "Senator Cruz, ...": handing over or challenging someone on stage, not stating a fact
    "denial": 0.7,  # "she never paid", "he didn't vote for it": a deed said not to have happened weighs as the deed
}
# (names are not scaled: in debates a string of names is mostly people addressing one another; nor are figures:
# a sentence with five figures states no more checkable facts than one with one, see _FIGURES)
_SCALED = frozenset({"comparative", "law", "opinion"})
# The features that all say "there is a figure" ("$5 million in 2019" is a statistic, a number and a date): the
# strongest counts in full, each other one half, so one checkable figure weighs nearly as much as several.
_FIGURES = frozenset({"statistic", "number", "date", "count"})
_EXTRA_FIGURE = 0.5
# An opinion wrapped around a fact ("I think 33,000 people a year die from guns", "I believe she voted for the
# war") still states the fact, and one reported of someone else ("he said Japan should get them") is that
# person's view: checkable as a record.
_SOFTENED = 0.5
_SOFTENERS = frozenset(
    {"number", "statistic", "deed", "attributed", "record", "denial", "change", "ranking", "comparative", "event_verb"}
)
# A short sentence that states a figure, a deed or a change ("He hired workers from Poland.") is a whole claim:
# its shortness counts half.
_CONTENT = frozenset({"number", "statistic", "record", "deed", "ranking", "change", "stance"})


def _short_weight(words: int) -> float:
    if words < 4:
        return -2.2
    return -0.9 if words < 6 else -0.3


@dataclass(frozen=True)
class Reason:
    feature: str
    weight: float
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "weight": self.weight, "detail": self.detail}


def weigh(hit: Hit) -> float:
    """The contribution of one feature hit, in log-odds."""
    if hit.feature == "short":
        return _short_weight(hit.n)
    w = WEIGHTS.get(hit.feature, 0.0)
    if hit.feature in _SCALED and hit.n > 1:
        w *= 1.0 + 0.5 * (min(hit.n, 3) - 1)
    return w


def _squash(z: float) -> float:
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def explain_hits(hits: list[Hit]) -> tuple[float, tuple[Reason, ...]]:
    softened = any(h.feature in _SOFTENERS for h in hits)
    content = any(h.feature in _CONTENT for h in hits)

    def weight(h: Hit) -> float:
        w = weigh(h)
        if (softened and h.feature == "opinion") or (content and h.feature == "short"):
            return w * _SOFTENED
        return w

    weights = [weight(h) for h in hits]
    figures = sorted((i for i, h in enumerate(hits) if h.feature in _FIGURES), key=lambda i: -weights[i])
    for i in figures[1:]:
        weights[i] *= _EXTRA_FIGURE
    reasons = tuple(Reason(h.feature, round(w, 3), h.detail) for h, w in zip(hits, weights, strict=True))
    z = BIAS + sum(r.weight for r in reasons)
    return _squash(z), reasons


def explain_sentence(sentence: str) -> tuple[float, tuple[Reason, ...]]:
    """Check-worthiness of one sentence (0..1) and the reasons behind it."""
    return explain_hits(detect(sentence))


def score_sentence(sentence: str) -> float:
    """Check-worthiness of one sentence, 0..1 (higher: more worth checking)."""
    return explain_sentence(sentence)[0]
