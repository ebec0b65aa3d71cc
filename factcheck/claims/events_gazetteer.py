"""A small gazetteer written for the event finder: countries, places in them, organisations, and leaders.

It is deliberately small and hand-written (no data set is downloaded): it lets the finder tell a place from a
participant, know that Buenos Aires is in Argentina (so "talks in Argentina" and "the meeting in Buenos Aires" can
be one event), and resolve "the US president" or "the Russian leader" to a person the article names. Leaders
carry the dates of their terms so that an article of 2018 does not turn "the US president" into a later one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

# canonical country -> (other names, adjectives and demonyms)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "United States": (("U.S.", "US", "USA", "U.S.A.", "United States of America"), ("American", "Americans")),
    "Russia": (("Russian Federation",), ("Russian", "Russians")),
    "Argentina": ((), ("Argentine", "Argentinian", "Argentines")),
    "Japan": ((), ("Japanese",)),
    "France": ((), ("French",)),
    "Finland": ((), ("Finnish", "Finns")),
    "China": (("People's Republic of China", "PRC"), ("Chinese",)),
    "Ukraine": ((), ("Ukrainian", "Ukrainians")),
    "Germany": ((), ("German", "Germans")),
    "United Kingdom": (("U.K.", "UK", "Britain", "Great Britain"), ("British", "Briton", "Britons")),
    "North Korea": (("DPRK",), ("North Korean", "North Koreans")),
    "South Korea": ((), ("South Korean", "South Koreans")),
    "Iran": ((), ("Iranian", "Iranians")),
    "Israel": ((), ("Israeli", "Israelis")),
    "Turkey": (("Türkiye",), ("Turkish",)),
    "India": ((), ("Indian", "Indians")),
    "Canada": ((), ("Canadian", "Canadians")),
    "Mexico": ((), ("Mexican", "Mexicans")),
    "Brazil": ((), ("Brazilian", "Brazilians")),
    "Italy": ((), ("Italian", "Italians")),
    "Spain": ((), ("Spanish",)),
    "Poland": ((), ("Polish", "Poles")),
    "Belgium": ((), ("Belgian",)),
    "Netherlands": (("Holland",), ("Dutch",)),
    "Switzerland": ((), ("Swiss",)),
    "Austria": ((), ("Austrian",)),
    "Sweden": ((), ("Swedish",)),
    "Norway": ((), ("Norwegian",)),
    "Portugal": ((), ("Portuguese",)),
    "Greece": ((), ("Greek",)),
    "Singapore": ((), ("Singaporean",)),
    "Vietnam": (("Viet Nam",), ("Vietnamese",)),
    "Saudi Arabia": ((), ("Saudi", "Saudis")),
    "Syria": ((), ("Syrian", "Syrians")),
    "Belarus": ((), ("Belarusian",)),
    "Egypt": ((), ("Egyptian",)),
    "Australia": ((), ("Australian", "Australians")),
    "Peru": ((), ("Peruvian",)),
    "Chile": ((), ("Chilean",)),
    "Estonia": ((), ("Estonian",)),
    "Hungary": ((), ("Hungarian", "Hungarians")),
    "Czech Republic": (("Czechia",), ("Czech",)),
    "Romania": ((), ("Romanian",)),
    "Serbia": ((), ("Serbian", "Serbs")),
    "Denmark": ((), ("Danish", "Danes")),
    "Ireland": ((), ("Irish",)),
    "Iraq": ((), ("Iraqi", "Iraqis")),
    "Afghanistan": ((), ("Afghan", "Afghans")),
    "Pakistan": ((), ("Pakistani", "Pakistanis")),
    "Qatar": ((), ("Qatari",)),
    "United Arab Emirates": (("UAE",), ("Emirati",)),
    "Venezuela": ((), ("Venezuelan", "Venezuelans")),
    "Cuba": ((), ("Cuban", "Cubans")),
    "Colombia": ((), ("Colombian", "Colombians")),
    "Nigeria": ((), ("Nigerian", "Nigerians")),
    "South Africa": ((), ("South African", "South Africans")),
    "Kenya": ((), ("Kenyan", "Kenyans")),
    "Ethiopia": ((), ("Ethiopian", "Ethiopians")),
    "Indonesia": ((), ("Indonesian", "Indonesians")),
    "Philippines": ((), ("Filipino", "Filipinos")),
    "Thailand": ((), ("Thai",)),
    "Malaysia": ((), ("Malaysian", "Malaysians")),
    "New Zealand": ((), ("New Zealander", "New Zealanders")),
    "Kazakhstan": ((), ("Kazakh",)),
    "Armenia": ((), ("Armenian", "Armenians")),
    "Azerbaijan": ((), ("Azerbaijani",)),
    "Lebanon": ((), ("Lebanese",)),
    "Jordan": ((), ("Jordanian",)),
    "Libya": ((), ("Libyan", "Libyans")),
    "Morocco": ((), ("Moroccan", "Moroccans")),
}
# place -> the country it is in (capitals marked: a capital named alone can stand for its government)
PLACES: dict[str, str] = {
    "Buenos Aires": "Argentina", "Paris": "France", "Helsinki": "Finland", "Washington": "United States",
    "Moscow": "Russia", "Osaka": "Japan", "Tokyo": "Japan", "Beijing": "China", "Kyiv": "Ukraine",
    "Kiev": "Ukraine", "Berlin": "Germany", "Hamburg": "Germany", "London": "United Kingdom",
    "Geneva": "Switzerland", "Davos": "Switzerland", "Vienna": "Austria", "Brussels": "Belgium",
    "Hanoi": "Vietnam", "Sochi": "Russia", "St. Petersburg": "Russia", "New York": "United States",
    "Camp David": "United States", "Mar-a-Lago": "United States", "Minsk": "Belarus", "Ankara": "Turkey",
    "Istanbul": "Turkey", "Tehran": "Iran", "Jerusalem": "Israel", "Tel Aviv": "Israel", "Seoul": "South Korea",
    "Pyongyang": "North Korea", "New Delhi": "India", "Delhi": "India", "Ottawa": "Canada",
    "Mexico City": "Mexico", "Rome": "Italy", "Madrid": "Spain", "Warsaw": "Poland", "Lima": "Peru",
    "Oslo": "Norway", "Stockholm": "Sweden", "Riyadh": "Saudi Arabia", "Damascus": "Syria", "Cairo": "Egypt",
    "Canberra": "Australia", "Lisbon": "Portugal", "Athens": "Greece", "Biarritz": "France",
    "Strasbourg": "France", "Crimea": "Ukraine", "Tallinn": "Estonia",
    "Santiago": "Chile", "Brasilia": "Brazil", "Sydney": "Australia", "Budapest": "Hungary",
    "Prague": "Czech Republic", "Bucharest": "Romania", "Belgrade": "Serbia", "Copenhagen": "Denmark",
    "Dublin": "Ireland", "Baghdad": "Iraq", "Kabul": "Afghanistan", "Islamabad": "Pakistan", "Doha": "Qatar",
    "Abu Dhabi": "United Arab Emirates", "Dubai": "United Arab Emirates", "Caracas": "Venezuela",
    "Havana": "Cuba", "Bogota": "Colombia", "Abuja": "Nigeria", "Pretoria": "South Africa",
    "Johannesburg": "South Africa", "Nairobi": "Kenya", "Addis Ababa": "Ethiopia", "Jakarta": "Indonesia",
    "Manila": "Philippines", "Bangkok": "Thailand", "Kuala Lumpur": "Malaysia", "Wellington": "New Zealand",
    "Astana": "Kazakhstan", "Yerevan": "Armenia", "Baku": "Azerbaijan", "Beirut": "Lebanon", "Amman": "Jordan",
    "Tripoli": "Libya", "Rabat": "Morocco", "Salzburg": "Austria", "Munich": "Germany", "Milan": "Italy",
    "Barcelona": "Spain", "Los Angeles": "United States", "Chicago": "United States", "Shanghai": "China",
    "Hong Kong": "China", "Kyoto": "Japan", "Mumbai": "India", "Toronto": "Canada", "Montreal": "Canada",
}  # fmt: skip
CAPITALS = frozenset(
    ["Washington", "Moscow", "Beijing", "Kyiv", "Kiev", "Berlin", "London", "Paris", "Tokyo", "Ankara", "Tehran",
     "Pyongyang", "Seoul", "Minsk"]
)  # fmt: skip
# organisation -> (other names); SUMMIT_HOSTS hold summits that other meetings happen "at"
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "G20": ("G-20", "Group of 20", "Group of Twenty"),
    "G7": ("G-7", "Group of Seven"),
    "NATO": ("North Atlantic Treaty Organization",),
    "European Union": ("EU", "E.U."),
    "United Nations": ("UN", "U.N."),
    "APEC": (),
    "ASEAN": (),
    "BRICS": (),
    "OPEC": (),
    "World Trade Organization": ("WTO",),
    "IMF": ("International Monetary Fund",),
    "European Commission": (),
    "Security Council": ("UN Security Council", "U.N. Security Council"),
    # bodies that vote and meet
    "Congress": (),
    "Senate": ("U.S. Senate", "US Senate"),
    "House of Representatives": (),
    "House of Commons": (),
    "Bundestag": (),
    "State Duma": ("Duma",),
    "Knesset": (),
    "European Parliament": (),
}
SUMMIT_HOSTS = frozenset({"G20", "G7", "NATO", "European Union", "APEC", "ASEAN", "BRICS"})
HOST_HINTS = ("G20", "G-20", "G7", "G-7", "Group of", "NATO", "North Atlantic", "EU", "E.U.", "European Union",
              "APEC", "ASEAN", "BRICS")  # fmt: skip
# names that stand for a government: "the Kremlin said" is Russia speaking
METONYMS = {"Kremlin": "Russia", "White House": "United States", "Downing Street": "United Kingdom"}


@dataclass(frozen=True)
class Leader:
    name: str
    country: str
    role: str  # president | prime minister | chancellor | leader | foreign minister | secretary general
    terms: tuple[tuple[dt.date, dt.date | None], ...]
    aliases: tuple[str, ...] = ()

    def in_office(self, on: dt.date | None) -> bool:
        return on is None or any(a <= on and (b is None or on < b) for a, b in self.terms)


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


LEADERS = (
    Leader("Donald Trump", "United States", "president",
           ((_d("2017-01-20"), _d("2021-01-20")), (_d("2025-01-20"), None)), ("Trump",)),
    Leader("Joe Biden", "United States", "president", ((_d("2021-01-20"), _d("2025-01-20")),), ("Biden",)),
    Leader("Barack Obama", "United States", "president", ((_d("2009-01-20"), _d("2017-01-20")),), ("Obama",)),
    Leader("Vladimir Putin", "Russia", "president",
           ((_d("2000-05-07"), _d("2008-05-07")), (_d("2012-05-07"), None)), ("Putin",)),
    Leader("Dmitry Medvedev", "Russia", "president", ((_d("2008-05-07"), _d("2012-05-07")),), ("Medvedev",)),
    Leader("Xi Jinping", "China", "president", ((_d("2013-03-14"), None),), ("Xi",)),
    Leader("Emmanuel Macron", "France", "president", ((_d("2017-05-14"), None),), ("Macron",)),
    Leader("Angela Merkel", "Germany", "chancellor", ((_d("2005-11-22"), _d("2021-12-08")),), ("Merkel",)),
    Leader("Olaf Scholz", "Germany", "chancellor", ((_d("2021-12-08"), _d("2025-05-06")),), ("Scholz",)),
    Leader("Theresa May", "United Kingdom", "prime minister", ((_d("2016-07-13"), _d("2019-07-24")),)),
    Leader("Boris Johnson", "United Kingdom", "prime minister", ((_d("2019-07-24"), _d("2022-09-06")),),
           ("Johnson",)),
    Leader("Keir Starmer", "United Kingdom", "prime minister", ((_d("2024-07-05"), None),), ("Starmer",)),
    Leader("Volodymyr Zelensky", "Ukraine", "president", ((_d("2019-05-20"), None),),
           ("Zelensky", "Zelenskiy", "Zelenskyy", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy")),
    Leader("Petro Poroshenko", "Ukraine", "president", ((_d("2014-06-07"), _d("2019-05-20")),), ("Poroshenko",)),
    Leader("Recep Tayyip Erdogan", "Turkey", "president", ((_d("2014-08-28"), None),),
           ("Erdogan", "Erdoğan", "Tayyip Erdogan")),
    Leader("Shinzo Abe", "Japan", "prime minister", ((_d("2012-12-26"), _d("2020-09-16")),), ("Abe",)),
    Leader("Kim Jong Un", "North Korea", "leader", ((_d("2011-12-17"), None),), ("Kim Jong-un",)),
    Leader("Moon Jae-in", "South Korea", "president", ((_d("2017-05-10"), _d("2022-05-10")),), ("Moon",)),
    Leader("Narendra Modi", "India", "prime minister", ((_d("2014-05-26"), None),), ("Modi",)),
    Leader("Justin Trudeau", "Canada", "prime minister", ((_d("2015-11-04"), _d("2025-03-14")),), ("Trudeau",)),
    Leader("Mauricio Macri", "Argentina", "president", ((_d("2015-12-10"), _d("2019-12-10")),), ("Macri",)),
    Leader("Benjamin Netanyahu", "Israel", "prime minister",
           ((_d("2009-03-31"), _d("2021-06-13")), (_d("2022-12-29"), None)), ("Netanyahu",)),
    Leader("Hassan Rouhani", "Iran", "president", ((_d("2013-08-03"), _d("2021-08-03")),), ("Rouhani",)),
    Leader("Sauli Niinisto", "Finland", "president", ((_d("2012-03-01"), _d("2024-03-01")),),
           ("Niinisto", "Niinistö", "Sauli Niinistö")),
    Leader("Alexander Lukashenko", "Belarus", "president", ((_d("1994-07-20"), None),), ("Lukashenko",)),
    Leader("Sergei Lavrov", "Russia", "foreign minister", ((_d("2004-03-09"), None),), ("Lavrov",)),
    Leader("Mike Pompeo", "United States", "secretary of state", ((_d("2018-04-26"), _d("2021-01-20")),),
           ("Pompeo",)),
    Leader("Jens Stoltenberg", "NATO", "secretary general", ((_d("2014-10-01"), _d("2024-10-01")),),
           ("Stoltenberg",)),
)  # fmt: skip
# role words that mean "the head of state or government" of a country
HEAD_ROLES = frozenset({"president", "leader", "prime minister", "premier", "chancellor", "counterpart", "head"})


@lru_cache(maxsize=1)
def adjectives() -> dict[str, str]:
    """Country adjective, demonym or name -> canonical country ("U.S." -> "United States")."""
    out: dict[str, str] = {}
    for country, (names, adjs) in COUNTRIES.items():
        for word in (country, *names, *adjs):
            out[word] = country
    return out


@lru_cache(maxsize=1)
def known_names() -> dict[str, tuple[str, str]]:
    """Every gazetteer name -> (kind, canonical): kind is country, demonym, place, org, metonym or person."""
    out: dict[str, tuple[str, str]] = {}
    for country, (names, adjs) in COUNTRIES.items():
        for word in (country, *names):
            out[word] = ("country", country)
        for word in adjs:
            if word.endswith("s") or word in ("Dutch", "Swiss", "Japanese", "Chinese", "Vietnamese"):
                out.setdefault(word, ("demonym", country))
    for place in PLACES:
        out[place] = ("place", place)
    for org, names in ORGANISATIONS.items():
        for word in (org, *names):
            out[word] = ("org", org)
    for word, country in METONYMS.items():
        out[word] = ("metonym", country)
    return out


@lru_cache(maxsize=1)
def known_pattern() -> re.Pattern[str]:
    """One pattern for every gazetteer name (longest first), case-sensitive, on word boundaries."""
    names = sorted(known_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-]|\.\w)")


def country_of(place: str | None) -> str | None:
    """The country a place is in (a country is in itself); None when unknown."""
    if place is None:
        return None
    if place in COUNTRIES:
        return place
    return PLACES.get(place)


def leaders_named(text: str, on: dt.date | None) -> list[Leader]:
    """The gazetteer's leaders that `text` names (by full name or alias)."""
    return [ld for ld in LEADERS if any(a in text for a in (ld.name, *ld.aliases))]


def head_of(country: str, role: str, on: dt.date | None, named: list[Leader]) -> Leader | None:
    """The one named leader who held that country's head role (or that very role) on `on`."""
    fits = [
        ld
        for ld in named
        if ld.country == country
        and ld.in_office(on)
        and (ld.role == role or (role in HEAD_ROLES and ld.role in HEAD_ROLES))
    ]
    return fits[0] if len(fits) == 1 else None
