"""Claim kinds: Full Fact's taxonomy (quantity, prediction, causal, comparison, rule) plus quote and event.

The kind says how a claim is checked: a quantity against statistics, a quote against a transcript, an event
against the record, a prediction for plausibility, a rule against the text of a law.
"""

from __future__ import annotations

import re

from factcheck.claims.features import Hit

KINDS = ("event", "quantity", "quote", "prediction", "causal", "comparison", "rule", "other")

_LONG_QUOTE = re.compile(r"[\"“][^\"“”]*(?:\s+[^\s\"“”]+){3,}[^\"“”]*[\"”]")
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|going to|(?:is|are)\s+(?:scheduled|set|expected|due|slated|poised|likely)\s+to|"
    r"forecasts?|predicts?|projected|next\s+(?:year|month|week|meeting|summit|election|round))\b",
    re.IGNORECASE,
)
_STRONG_CAUSE = re.compile(
    r"\b(?:because|due to|caused?|causing|led to|leads? to|result(?:ed|s)? in|as a result|thanks to|blamed?|"
    r"in the wake of|responsible for|so much that|triggered|prompted)\b",
    re.IGNORECASE,
)
_STRONG_RULE = re.compile(
    r"\b(?:laws?|bill|legislation|illegal|unconstitutional|constitution|regulations?|ruled|statute|banned|"
    r"bans|requires?|required|allowed|forbid(?:den|s)?|mandatory|treaty)\b|\b[A-Z][a-z]+ Act\b",
    re.IGNORECASE,
)


def classify(clause: str, hits: list[Hit]) -> str:
    """The kind of one claim, from its text and its feature hits (first rule that matches wins)."""
    has = {h.feature for h in hits}
    if _LONG_QUOTE.search(clause):
        return "quote"
    if _PREDICTION.search(clause):
        return "prediction"
    if "comparative" in has and ({"number", "statistic", "date"} & has or "change" not in has):
        return "comparison"
    if _STRONG_CAUSE.search(clause):
        return "causal"
    if {"statistic", "number"} & has or ("change" in has and "count" in has):
        return "quantity"
    if _STRONG_RULE.search(clause) and "event_verb" not in has:
        return "rule"
    if "event_verb" in has or "record" in has or ("date" in has and "named_entity" in has):
        return "event"
    if "change" in has:
        return "quantity"
    return "other"
