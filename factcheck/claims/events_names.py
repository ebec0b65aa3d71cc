"""Who and where: the people, countries, organisations and places a stretch of an article names.

People are known to the article's registry when the article introduces them with a title or role ("US
President Donald Trump", "Russian lawmaker Leonid Slutsky", "Andrey Kortunov, head of ..."), or when they are
leaders of the gazetteer whom the article names. A surname then stands for the full name ("Putin"), and a role
phrase ("the US president", "his Russian counterpart", "the Kremlin chief") for the one person the article
names in that role. Anything else capitalised is left alone: a wrong participant is worse than a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from factcheck.claims import events_gazetteer as gz
from factcheck.claims import events_lexicon as lx

_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{0,2}}"
_TITLES = (
    r"President|Prime\s+Minister|Premier|Chancellor|Foreign\s+Minister|Secretary\s+of\s+State|Secretary|"
    r"Minister|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|Ambassador|General|Gen\.|King|Queen|Prince|Pope|"
    r"Mr\.|Mrs\.|Ms\.|Dr\.|[Ss]pokes(?:man|woman|person)|lawmaker|official|envoy|diplomat|analyst|leader|chief|"
    r"minister|president|chancellor|senator|ambassador|adviser|advisor"
)
_TITLED = re.compile(rf"(?P<title>{_TITLES})\s+(?P<name>{_NAME})(?![\w-])")
_ADJECTIVE = re.compile(r"(?:U\.S\.|US|UK|[A-Z][a-z]+)\s+$")
# Where a title can start: found with str.find, far faster on a long text than trying the pattern everywhere.
_TITLE_HEADS = tuple(
    lx.words(
        "President Prime Premier Chancellor Foreign Secretary Minister Senator Sen. Rep. Gov. Governor Mayor "
        "Ambassador General Gen. King Queen Prince Pope Mr. Mrs. Ms. Dr. Spokes spokes lawmaker official envoy "
        "diplomat analyst leader chief minister president chancellor senator ambassador adviser advisor"
    )
)
_APPOSITIVE = re.compile(
    rf"(?<![\w.])(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:head|chief|director|leader|chairman|chairwoman|spokesman|spokeswoman|president|minister|analyst|"
    r"ambassador|secretary|professor|researcher|expert)\b"
)
_HEADS = {"president": "president", "prime minister": "prime minister", "premier": "prime minister",
          "chancellor": "chancellor", "leader": "leader"}  # fmt: skip
_ROLE = re.compile(
    r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:(?P<adj>U\.S\.|US|UK|[A-Z][a-z]+)\s+)?(?P<role>president|leader|"
    r"prime\s+minister|premier|chancellor|counterpart|head\s+of\s+state)\b"
    r"|\b[Tt]he\s+(?P<place>White\s+House|Kremlin)\s+(?:incumbent|chief|leader|boss|occupant)\b"
)
_ROLE_WORDS = ("resident", "leader", "minister", "premier", "hancellor", "counterpart", "head of state", "Kremlin",
               "White House")  # fmt: skip
_PART_OF_NAME = re.compile(
    r"\s+(?:Agreement|Accord|Treaty|Convention|Protocol|Declaration|Charter|Post|Times|Journal|Herald|Club|"
    r"University|Airport|Stadium|Institute|Consensus|Format|Process)\b"
)
_CAP = re.compile(r"(?<![\w.-])[A-Z]")
_RUN = re.compile(rf"(?<![\w'’.-]){_NAME}(?:['’]s)?(?:-{_WORD})*")
_NOT_NAMES = lx.words(
    "The A An This That These Those It He She They We I His Her Their Its Our But And Or So Yet If When While "
    "After Before Since As On In At By For From With Without Of To Mr Mrs Ms Dr Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday January February March April May June July August September October "
    "November December President Prime Minister Chancellor Secretary Senator Governor Mayor General"
)


@dataclass(frozen=True)
class Entity:
    kind: str  # person | country | org | place
    name: str  # canonical: "Donald Trump", "United States", "G20", "Buenos Aires"
    start: int
    end: int


@dataclass
class Registry:
    """The people an article names, with their aliases and roles, and the leaders of the gazetteer it names."""

    published: dt.date | None
    people: dict[str, str] = field(default_factory=dict)  # alias or full name -> full name
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (country, role) -> full name
    leaders: list[gz.Leader] = field(default_factory=list)

    def add(self, name: str, country: str | None = None, role: str | None = None) -> None:
        name = " ".join(name.split())
        if name in _NOT_NAMES or name in gz.known_names() or name.split()[0] in _NOT_NAMES:
            return
        full = self.people.get(name, name)
        self.people.setdefault(name, full)
        if " " in full:
            surname = full.split()[-1]
            if self.people.get(surname, full) == full and surname not in gz.known_names():
                self.people[surname] = full
            else:  # two people share the surname: it names neither
                self.people[surname] = ""
        if country and role:
            self.roles.setdefault((country, role), full)

    def person(self, run: str) -> str | None:
        run = run.removesuffix("'s").removesuffix("’s")
        got = self.people.get(run)
        return got or None

    def role(self, country: str | None, role: str) -> str | None:
        role = _HEADS.get(role, role)
        if country is None:  # "the president": only if the article names exactly one
            found = {p for (_, r), p in self.roles.items() if r == role}
            return found.pop() if len(found) == 1 else None
        bound = self.roles.get((country, role))
        if bound is None and role in ("counterpart", "leader", "head of state"):
            bound = next((p for (c, r), p in self.roles.items() if c == country and r in _HEADS.values()), None)
        if bound is None:
            leader = gz.head_of(country, role, self.published, self.leaders)
            bound = leader.name if leader else None
        return bound


def _titled(text: str) -> list[re.Match[str]]:
    """Titles followed by a name ("President Donald Trump", "spokesman Dmitry Peskov"), in order."""
    starts: set[int] = set()
    for head in _TITLE_HEADS:
        i = text.find(head)
        while i >= 0:
            starts.add(i)
            i = text.find(head, i + 1)
    out: list[re.Match[str]] = []
    covered = 0
    for i in sorted(starts):
        m = _TITLED.match(text, i) if i >= covered and (i == 0 or not text[i - 1].isalnum()) else None
        if m is not None:
            out.append(m)
            covered = m.end()
    return out


def build_registry(text: str, published: dt.date | None) -> Registry:
    """The people of an article: gazetteer leaders it names, titled names, names with a role in apposition."""
    reg = Registry(published)
    reg.leaders = gz.leaders_named(text, published)
    for ld in reg.leaders:
        reg.people[ld.name] = ld.name
        for alias in ld.aliases:
            reg.people.setdefault(alias, ld.name)
    adjectives = gz.adjectives()
    for m in _titled(text):
        name = m.group("name")
        if name.split()[0] in gz.known_names() or name in _NOT_NAMES:
            continue
        title = " ".join(m.group("title").lower().split())
        adj = _ADJECTIVE.search(text, max(0, m.start() - 16), m.start())
        country = adjectives.get(adj.group(0).strip()) if adj else None
        reg.add(name, country, _HEADS.get(title))
    for m in _APPOSITIVE.finditer(text):
        reg.add(m.group("name"))
    for ld in reg.leaders:
        if ld.in_office(published):
            reg.roles.setdefault((ld.country, ld.role), ld.name)
    return reg


def names_in(text: str, a: int, b: int, reg: Registry) -> list[Entity]:
    """People, countries, organisations and places named in text[a:b], in order, without overlaps."""
    found: list[Entity] = []
    roles = _ROLE.finditer(text, a, b) if any(text.find(w, a, b) >= 0 for w in _ROLE_WORDS) else ()
    for m in roles:
        if m.group("place"):
            who = reg.role(gz.METONYMS[" ".join(m.group("place").split())], "leader")
        else:
            adj = m.group("adj")
            country = gz.adjectives().get(adj) if adj else None
            if adj and country is None:
                continue
            who = reg.role(country, " ".join(m.group("role").split()))
        if who:
            found.append(Entity("person", who, m.start(), m.end()))
    known = gz.known_names()
    pattern = gz.known_pattern()
    covered = a
    for cap in _CAP.finditer(text, a, b):
        g = pattern.match(text, cap.start(), b) if cap.start() >= covered else None
        if g is None:
            continue
        covered = g.end()
        kind, name = known[g.group(0)]
        if _PART_OF_NAME.match(text, g.end()):
            continue  # "the Paris Agreement", "the Washington Post": a name, not the place
        if kind != "demonym" and not _overlaps(found, g.start(), g.end()):  # "the Russians" are no party
            found.append(Entity("country" if kind == "metonym" else kind, name, g.start(), g.end()))
    for m in _RUN.finditer(text, a, b):
        if _overlaps(found, m.start(), m.end()):
            continue
        for piece, start in _pieces(m.group(0), m.start()):
            person = reg.person(piece)
            if person:
                found.append(Entity("person", person, start, start + len(piece)))
    found.sort(key=lambda e: e.start)
    return found


def _overlaps(found: list[Entity], a: int, b: int) -> bool:
    return any(e.start < b and a < e.end for e in found)


def _pieces(run: str, start: int) -> list[tuple[str, int]]:
    """A capitalised run as names: "Russian President Vladimir Putin's" -> "Vladimir Putin", "Trump-Putin" ->
    "Trump", "Putin" (each with its offset)."""
    run = run.removesuffix("'s").removesuffix("’s")
    words = run.split()
    i = 0
    while i < len(words) - 1 and (words[i] in _NOT_NAMES or words[i] in gz.adjectives() or words[i] == "Minister"):
        i += 1
    rest = " ".join(words[i:])
    offset = start + run.index(rest) if rest else start
    if "-" in rest and " " not in rest:
        out, pos = [], offset
        for part in rest.split("-"):
            out.append((part, pos))
            pos += len(part) + 1
        return out
    return [(rest, offset)]
