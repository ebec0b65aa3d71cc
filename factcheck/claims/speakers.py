"""Who is quoted or credited in a sentence: "X said", "said X", "according to X", "X, head of Y, told ..."."""

from __future__ import annotations

import re


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NAME = r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.)(?:\s(?:[A-Z][\w'’-]*\.?|[A-Z]\.|de|van|von|al-[A-Z][\w-]*)){0,4}"
_ROLE = (
    r"the\s(?:[a-z]+\s){0,2}(?:senator|president|minister|spokesman|spokeswoman|spokesperson|official|"
    r"ministry|department|governor|mayor|lawmaker|congressman|congresswoman|analyst|expert|report|statement|"
    r"company|police|prosecutor|ambassador|secretary|chancellor|prime minister|White House|Kremlin)"
)
_WHO = rf"(?P<who>(?:the\s)?{_NAME}|{_ROLE})"
_VERB = (
    r"(?:said|says|told|tells|added|adds|stated|claimed|claims|announced|asked|warned|insisted|wrote|"
    r"tweeted|explained|noted|argued|declared|confirmed|denied|acknowledged|admitted|replied|responded|"
    r"was\squoted\sas\ssaying|has\ssaid|had\ssaid)"
)
_PATTERNS = (
    re.compile(rf"\b[Aa]ccording\sto\s{_WHO}"),
    re.compile(rf"(?<![\w'’]){_WHO},\s[^,\"“”]{{1,80}}(?:,\s[^,\"“”]{{1,80}})?,\s{_VERB}\b"),
    re.compile(rf"[,\"”!?]\s*{_VERB}\s{_WHO}"),
    re.compile(rf"(?<![\w'’]){_WHO}\s(?:also\s)?{_VERB}\b"),
    # "a spokesman for the central bank told reporters", "Russia's foreign ministry said"
    re.compile(
        rf"\b(?:spokesman|spokeswoman|spokesperson)\s(?:for|of)\s(?P<who>(?:the\s)?[\w'’ -]{{2,60}}?)\s{_VERB}\b"
    ),
    re.compile(
        rf"(?P<who>{_NAME}['’]s\s(?:[a-z]+\s){{0,2}}(?:ministry|government|embassy|office|department|army|"
        rf"military|parliament|cabinet|police|presidency))\s{_VERB}\b"
    ),
)
_VAGUE = _wordset(
    "he she it they we i you this that there officials critics analysts experts sources observers "
    "people some many one others monday tuesday wednesday thursday friday saturday sunday january february "
    "march april may june july august september october november december"
)
_KEEP_DOT = _wordset("Dept Inc Corp Co Ltd Jr Sr Univ Bros Gov Sen Rep Gen")
_LEADING = re.compile(
    r"^(?:(?:The|But|And|So|Then|Meanwhile|However|Also|On|In|At|By|After|Before|Last|Next|This|When|While|"
    r"Early|Late|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s)+"
)


# Stems of the verbs above: substring tests skip the (slower) patterns for most sentences.
_STEMS = (
    "said", "says", "told", "tells", "add", "stated", "claim", "announced", "asked", "warned", "insisted",
    "wrote", "tweeted", "explained", "noted", "argued", "declared", "confirmed", "denied", "acknowledged",
    "admitted", "replied", "responded", "quoted", "ccording",
)  # fmt: skip


_ANY_STEM = re.compile("|".join(map(re.escape, _STEMS)))  # one scan for "holds any of the stems"


def find_speaker(sentence: str) -> str | None:
    """The person or body a sentence quotes or credits, or None when it names nobody."""
    if _ANY_STEM.search(sentence) is None:
        return None
    for pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            who = _LEADING.sub("", m.group("who").strip()).rstrip(",")
            if who.startswith("the "):
                who = who[4:]
            last = who.split()[-1] if who else ""
            if who.endswith(".") and last[:-1] not in _KEEP_DOT and len(last) > 2:
                who = who[:-1]
            if who and who.lower() not in _VAGUE:
                return who
    return None


_WHOLE_QUOTE = re.compile(r"^[\"“][^\"“”]+[\"”]$")


def is_bare_quote(sentence: str) -> bool:
    """A sentence that is nothing but a quotation (its speaker is the previous sentence's)."""
    return _WHOLE_QUOTE.match(sentence) is not None
