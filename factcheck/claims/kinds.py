"""Claim kinds: Full Fact's taxonomy (quantity, prediction, causal, comparison, rule) plus quote and event.

The kind says how a claim is checked: a quantity against statistics, a quote against a transcript, an event
against the record, a prediction for plausibility, a rule against the text of a law. It is read off the
feature hits (no second scan of the text), first rule that matches wins.
"""

from __future__ import annotations

from factcheck.claims.features import Hit, detect, unquoted
from factcheck.claims.lexicon import words

KINDS = ("event", "quantity", "quote", "prediction", "causal", "comparison", "rule", "other")

_WEAK_FUTURE = words("would next forecast forecasts predict predicts")  # "beating forecasts", "the next day"
_WEAK_CAUSE = words("making forced therefore consequently prompted")
_RULE_TERMS = words(
    "law laws bill bills legislation illegal illegally unconstitutional constitution regulation regulations "
    "ruled statute banned bans ban treaty treaties mandate amendment"
)


def _terms(hits: list[Hit]) -> dict[str, tuple[str, ...]]:
    return {h.feature: h.terms for h in hits}


def classify(clause: str, hits: list[Hit]) -> str:
    """The kind of one claim, from its text and its feature hits."""
    t = _terms(hits)
    long_quotes = [q for q in t.get("quote", ()) if len(q.split()) >= 4]
    if long_quotes and ("attributed" in t or sum(map(len, long_quotes)) >= 0.4 * len(clause)):
        return "quote"  # a credited quotation, or one that is most of the claim
    if long_quotes:  # otherwise classify what the text itself says, outside the quotation
        t = _terms(detect(unquoted(clause)))
    if any(w not in _WEAK_FUTURE for w in t.get("modal_future", ())):
        return "prediction"
    if "comparative" in t and ({"number", "statistic", "date"} & t.keys() or "change" not in t):
        return "comparison"
    if any(w not in _WEAK_CAUSE for w in t.get("cause", ())):
        return "causal"
    figures = "statistic" in t or any(any(c.isdigit() for c in n) for n in t.get("number", ()))
    if figures or ("number" in t and "event_verb" not in t) or ("change" in t and "count" in t):
        return "quantity"  # (an event counted in words, "snubbed him twice", stays an event)
    law = t.get("law", ())
    if "event_verb" not in t and any(w in _RULE_TERMS or w.endswith(" Act") for w in law):
        return "rule"
    if "event_verb" in t or "record" in t or ("date" in t and "named_entity" in t):
        return "event"
    if "change" in t:
        return "quantity"
    return "other"
