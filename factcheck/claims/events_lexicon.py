"""The words of events: what happens (triggers) and what became of it (status phrases).

Each trigger names a kind of event ("meeting", "talks", "summit", "visit", "call", "vote", "election",
"referendum", "treaty withdrawal", "signing"); anaphoric nouns ("the snub", "the Buenos Aires disappointment") only
point back at an event already found. Status phrases are the words that give an event its state: "called off" ->
cancelled, "out of question" -> refused, "will take place" -> planned, "threatened to" -> threatened, "invited" ->
proposed, "met" -> held. Postponed and rescheduled events are planned, with a qualifier kept for schema.org.
"""

from __future__ import annotations

import re
from functools import lru_cache


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STATUSES = ("planned", "held", "cancelled", "refused", "threatened", "proposed", "unknown")
# When the mentions of one event disagree, the event takes the status that says most about what became of it.
STATUS_RANK = {"held": 6, "cancelled": 5, "refused": 4, "planned": 3, "proposed": 2, "threatened": 1, "unknown": 0}
# Kinds of event that may be one another: "the meeting", "the talks" and "their summit" can be one event.
KIND_GROUPS = {
    "meeting": "meeting", "talks": "meeting", "summit": "meeting", "visit": "visit", "call": "call",
    "vote": "vote", "referendum": "vote", "election": "election", "treaty withdrawal": "treaty withdrawal",
    "signing": "signing",
}  # fmt: skip
# Kinds that need two parties to be an event (a "meeting" of one person is a misreading).
TWO_PARTY = frozenset({"meeting", "talks", "call"})

_TREATY = (
    r"(?P<treaty>(?:[A-Z][\w.'’-]*\s+){1,4}(?:Treaty|Accord|Agreement|Pact|Convention|Protocol)|New\s+START|JCPOA"
    r"|(?:nuclear|arms|climate|trade|peace|Iran|Paris)\s+(?:deal|accord|agreement|treaty|pact))"
)
TRIGGER = re.compile(
    r"(?P<withdrawal>\b(?:pull(?:s|ed|ing)?|withdr(?:aw|aws|awn|awing|awal|ew)|exit(?:s|ed|ing)?|quit(?:s|ting)?|"
    r"leav(?:e|es|ing)|ditch(?:es|ed|ing)?|scrap(?:s|ped|ping)?|abandon(?:s|ed|ing)?|t(?:ear|ore)\s+up|"
    r"walk(?:s|ed)?\s+away\s+from|renounc(?:e|es|ed|ing)|suspend(?:s|ed|ing)?)\b"
    r"(?:\s+(?!and\b|but\b)[\w.'’-]+){0,4}?\s+(?:out\s+of\s+|from\s+)?(?:the\s+)?" + _TREATY + r")"
    r"|(?P<signing>\bsign(?:s|ed|ing)?\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:treaty|deal|agreement|accord|pact|bill)\b)"
    r"|(?P<call>\b(?:(?:tele)?phone\s+(?:call|conversation)|video\s+call|phoned|spoke\s+(?:by|on\s+the)\s+"
    r"(?:tele)?phone)\b)"
    r"|(?P<talks>\b(?:talks|negotiations)\b)"
    r"|(?P<summit>\bsummits?\b)"
    r"|(?P<meeting>\b(?:meetings?|meet|meets|met|sit-down|get-together|face-to-face|dinner|lunch|breakfast)\b)"
    r"|(?P<visit>\b(?:(?:state\s+)?visits?|visited|visiting|trips?)\b)"
    r"|(?P<referendum>\breferendums?\b)"
    r"|(?P<vote>\b(?:votes?|voted|ballot)\b)"
    r"|(?P<election>\b(?:elections?|(?:re-?)?elected)\b)"
    r"|(?P<anaphor>\b(?:snub|disappointment|fiasco|debacle|setback|episode|affair|incident|no-show|u-turn|"
    r"standoff|walkout)\b)",
    re.IGNORECASE,
)
WHAT = {
    "withdrawal": "treaty withdrawal", "signing": "signing", "call": "call", "talks": "talks", "summit": "summit",
    "meeting": "meeting", "visit": "visit", "referendum": "referendum", "vote": "vote", "election": "election",
}  # fmt: skip
# Cheap test before the patterns: a claim without any of these stems names no event.
STEMS = (
    "meet", "met", "talks", "negotiat", "summit", "visit", "trip", "call", "phone", "vote", "ballot", "elect",
    "referend", "treaty", "Treaty", "accord", "Accord", "agreement", "Agreement", "deal", "pact", "sign",
    "dinner", "lunch", "breakfast", "sit-down", "snub", "disappoint", "fiasco", "debacle", "setback",
    "episode", "affair", "incident", "START", "JCPOA", "Pact", "Convention", "Protocol",
)  # fmt: skip

STEM = re.compile("|".join(re.escape(s) for s in STEMS))

_CANCELLED = (
    r"call(?:s|ed|ing)?\s+(?:it\s+)?off|cancel(?:s|l?ed|l?ing|lation)?|scrap(?:s|ped|ping)?|axed|dropped|"
    r"abandon(?:ed|s)?|aborted|backtrack(?:ed|ing|s)?\s+(?:from|on)|back(?:ed|s|ing)?\s+out\s+of|"
    r"pull(?:ed|s|ing)?\s+out\s+of|walk(?:ed|s)?\s+away\s+from|withdr(?:ew|awn|aws|awal|awing|aw)\s+from|"
    r"off\s+the\s+table|"
    r"(?:did\s+not|didn't|never|failed\s+to|will\s+no\s+longer|won't\s+now)\s+(?:take\s+place|happen|meet|"
    r"go\s+ahead)"
)
_REFUSED = (
    r"out\s+of\s+(?:the\s+)?question|rul(?:ed|es|ing)\s+out|refus(?:ed|es|ing|al)|reject(?:ed|s|ing|ion)|"
    r"declin(?:ed|es|ing)\s+(?:to|an?|the)|turn(?:ed|s)\s+down|no\s+plans?\s+(?:for|to)|boycott(?:ed|s|ing)?|"
    r"(?:won't|will\s+not|would\s+not|wouldn't)\s+(?:meet|visit|attend|go|travel|come)"
)
_THREATENED = r"threat(?:en(?:ed|s|ing)?)?\s+(?:to|of)|threaten(?:ed|s|ing)?|ultimatum"
_PROPOSED = (
    r"invit(?:ed|es|ing|ation)|propos(?:ed|es|ing|al)|offer(?:ed|s)?\s+to\s+(?:host|meet|hold|visit)|"
    r"suggest(?:ed|s)|call(?:ed|s|ing)?\s+for|sought|seek(?:s|ing)?|request(?:ed|s)?|asked\s+for|open\s+to|"
    r"possible|potential|mooted"
)
_POSTPONED = r"postpon(?:ed|es|ing|ement)|delay(?:ed|s)|put\s+off|pushed\s+back|deferred"
_RESCHEDULED = r"reschedul(?:ed|es|ing)|brought\s+forward|moved\s+(?:up|forward)"
_ONLINE = r"(?:moved|held|took\s+place|go(?:ing|es)?)\s+online|by\s+video\s*(?:link|conference)|virtual(?:ly)?"
_PLANNED = (
    r"will\s+(?:\w+\s+)?(?:take\s+place|be\s+held|go\s+ahead|meet|visit|hold|host|travel)|"
    r"(?:is|are|was|were|had\s+been)\s+(?:\w+\s+)?(?:scheduled|set|due|slated|planned|expected|supposed|"
    r"pencil+ed)|scheduled\s+(?:for|on)|(?:planned|set|slated)\s+for|due\s+to\s+(?:take\s+place|be\s+held|meet)|"
    r"to\s+be\s+held|agree(?:d|s)?\s+to\s+(?:meet|hold|visit)|confirm(?:ed|s)|announc(?:ed|es)|upcoming|next|"
    r"is\s+to\s+(?:meet|visit|be\s+held)|plan(?:s|ned)?\s+to\s+(?:meet|visit|hold|host)|on\s+track|still\s+on|"
    r"planned|scheduled|upcoming|pencil+ed[-\s]in"
)
_HELD = (
    r"took\s+place|met|held|hosted|attended|visited|sat\s+down|talked|voted|signed|(?:re-?)?elected|"
    r"went\s+ahead|came\s+together|gathered|concluded|wrapped\s+up"
)
# Ordered: at one position the first that matches wins ("will be held" is planned before "held" is tried).
STATUS = re.compile(
    rf"\b(?:(?P<cancelled>{_CANCELLED})|(?P<refused>{_REFUSED})|(?P<threatened>{_THREATENED})"
    rf"|(?P<postponed>{_POSTPONED})|(?P<rescheduled>{_RESCHEDULED})|(?P<online>{_ONLINE})|(?P<planned>{_PLANNED})"
    rf"|(?P<proposed>{_PROPOSED})|(?P<held>{_HELD}))\b",
    re.IGNORECASE,
)
# status of a phrase group, and the qualifier it adds (postponed, rescheduled, online)
STATUS_OF = {
    "cancelled": ("cancelled", None), "refused": ("refused", None), "threatened": ("threatened", None),
    "postponed": ("planned", "postponed"), "rescheduled": ("planned", "rescheduled"), "online": (None, "online"),
    "planned": ("planned", None), "proposed": ("proposed", None), "held": ("held", None),
}  # fmt: skip
TRIGGER_STEMS = (
    "pull", "withdr", "exit", "quit", "leav", "ditch", "scrap", "abandon", "tear", "tore", "walk", "renounc",
    "suspend", "sign", "phone", "telephone", "video", "spoke", "talks", "negotiations", "summit", "meet", "met",
    "sit-down", "get-together", "face-to-face", "dinner", "lunch", "breakfast", "visit", "state", "trip",
    "referend", "vote", "ballot", "elect", "re-elect", "reelect", "snub", "disappoint", "fiasco", "debacle",
    "setback", "episode", "affair", "incident", "no-show", "u-turn", "standoff", "walkout",
)  # fmt: skip
STATUS_STEMS = (
    "call", "cancel", "scrap", "axed", "dropped", "abandon", "aborted", "backtrack", "back", "pull", "walk", "off",
    "did", "never", "failed", "will", "won", "out", "rul", "refus", "reject", "declin", "turn", "no", "boycott",
    "would", "threat", "ultimatum", "postpon", "delay", "put", "push", "defer", "reschedul", "brought", "moved",
    "held", "took", "go", "by", "virtual", "is", "are", "was", "were", "had", "schedul", "plan", "set", "slated",
    "due", "to", "agree", "confirm", "announc", "upcoming", "next", "on", "still", "pencil", "invit", "propos",
    "offer", "suggest", "sought", "seek", "request", "asked", "open", "possib", "potential", "mooted", "met",
    "hosted", "attended", "visited", "sat", "talked", "voted", "signed", "elect", "re-elect", "reelect", "went",
    "came", "gather", "conclud", "wrapped",
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


@lru_cache(maxsize=8)
def _candidates(stems: tuple[str, ...]) -> dict[str, bool]:
    """Words seen so far -> whether they start with one of `stems` (one table per stem list)."""
    return {}


_last_words: list[tuple[str, int, int, list[tuple[int, str]]]] = []


def _words_of(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, word) of text[start:end]; the last claim's are kept, as triggers and statuses scan it in turn."""
    if _last_words and _last_words[0][0] is text and _last_words[0][1:3] == (start, end):
        return _last_words[0][3]
    found = [(m.start(), m.group(0)) for m in _WORD.finditer(text, start, end)]
    _last_words[:] = [(text, start, end, found)]
    return found


def scan(pattern: re.Pattern[str], stems: tuple[str, ...], text: str, start: int, end: int) -> list[re.Match[str]]:
    """Non-overlapping matches of `pattern` in text[start:end], tried only at words starting with a stem
    (the same matches as `finditer` for patterns that start at such a word, several times faster)."""
    out: list[re.Match[str]] = []
    covered = start
    known = _candidates(stems)
    for at, word in _words_of(text, start, end):
        hit = known.get(word)
        if hit is None:
            hit = word.lower().startswith(stems)
            if len(known) < 50_000:  # words repeat: remember the answer, within bounds
                known[word] = hit
        if not hit or at < covered:
            continue
        m = pattern.match(text, at, end)
        if m is not None and m.end() > m.start():
            out.append(m)
            covered = m.end()
    return out


# "yet another meeting", "a second summit": a new event of the same parties as the last one of its kind
ANOTHER = re.compile(
    r"\b(?:(?:yet\s+)?another|a\s+(?:second|third|fourth|new|further)|the\s+next)\s+(?:[\w-]+\s+){0,2}$", re.I
)
