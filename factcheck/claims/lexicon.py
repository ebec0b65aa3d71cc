"""Word lists behind the features, each with the reason a fact-checker cares about it.

Single words are matched as lower-cased tokens (set look-ups, fast); multi-word phrases by small regexes on the
lower-cased sentence.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD_START = r"(?<![\w'’])"  # not inside a word (an apostrophe belongs to the word: "don't", "Trump’s")


def phrases(*alts: str) -> re.Pattern[str]:
    return re.compile(WORD_START + "(?:" + "|".join(alts) + r")(?![\w'’])")


# Figures that come from statistics: checkable against official numbers.
STAT_WORDS = words(
    "percent percentage pct million millions billion billions trillion trillions dollars dollar euros pounds "
    "bn mn unemployment gdp deficit deficits debt budget average median rate rates inflation per-cent"
)
STAT_PHRASES = phrases(r"per cent", r"percentage points?")
NUMBER_WORDS = words(
    "thousand thousands hundred hundreds dozen dozens half quarter twice double doubled triple tripled "
    "quadrupled fifteen twenty thirty forty fifty sixty seventy eighty ninety"
)
# "the third such instance", "on two occasions": a count of events, checkable like any number.
EVENT_COUNT = phrases(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|several|\d+) (?:times|occasions|instances)",
    r"the (?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:such )?(?:time|instance|occasion)",
)
COUNT_WORDS = words("one two three four five six seven eight nine ten eleven twelve first second third fourth fifth")
REPORTING_WORDS = words(
    "said says say told tells announced reported stated claimed confirmed denied quoted tweeted wrote "
    "testified admitted insisted warned declared acknowledged revealed disclosed"
)
REPORTING_PHRASES = phrases("according to")
# Something happened, at a time and place: checkable against the record.
EVENT_WORDS = words(
    "met meets meeting signed invited canceled cancelled threatened approved killed won lost launched attacked "
    "arrested elected resigned sent held banned withdrew refused rejected announced imposed agreed accused "
    "charged fired hired closed opened ordered died invaded snubbed scheduled shocked spent paid gave took "
    "left joined hosted summit sued convicted indicted appointed nominated backtracking cancellation visit "
    "visited visits passed vetoed raised built created"
)
EVENT_PHRASES = phrases("called off", "took place", "pulled out", "walked out")
# "I voted", "she said", "you called it": a public record of what someone did or said.
SUBJECTS = words("i we he she they you")
AUXILIARIES = words("have has had also just already never once did didn't")
# Acts that leave a public trace (votes, signatures, budgets), not any past tense ("I said", "we had").
RECORD_VERBS = words(
    "voted passed signed supported opposed introduced approved vetoed cut raised created built lost spent "
    "paid sent gave took called cosponsored sponsored funded defunded repealed ended started hired fired "
    "beat defeated borrowed inherited donated contributed endorsed appointed"
)
RECORD_STANCE = words("was were")  # "I was against the war", "they were for it"
COMPARATIVE_WORDS = words(
    "most least fewest highest lowest largest biggest smallest greatest worst best fastest slowest richest "
    "poorest record all-time ever unprecedented"
)
COMPARATIVE_PHRASES = phrases(
    r"(?:more|less|fewer|greater|higher|lower|bigger|smaller|larger|better|worse|[a-z]+er) than",
    r"compared (?:to|with)",
    r"the (?:first|only)",
    r"since \d{4}",
    r"in (?:the )?(?:world|history|country)",
    r"of all time",
)
CHANGE_WORDS = words(
    "rise rose risen rising fell fallen falling grew grown growth increase increased increasing decrease "
    "decreased decline declined dropped drop doubled tripled halved cut surge surged soar soared plunge plunged "
    "jumped climbed gained added created lost"
)
CHANGE_PHRASES = phrases("up by", "down by", r"(?:is|are|was|were|went|gone|going|coming|been) (?:up|down)")
CAUSE_WORDS = words(
    "because cause caused causes causing blame blamed blames therefore consequently making forced triggered "
    "prompted resulted"
)
CAUSE_PHRASES = phrases(
    "due to", "led to", "leads? to", r"result(?:ed|s)? in", "as a result", "thanks to", "in the wake of",
    "responsible for", "so much that",
)  # fmt: skip
# Laws, bills, treaties, taxes, votes: the texts exist and can be read.
LAW_WORDS = words(
    "law laws bill bills legislation illegal illegally unconstitutional constitution constitutional treaty "
    "treaties regulation regulations ruled court voted veto vetoed amendment banned statute mandate obamacare"
)
LAW_PHRASES = phrases("supreme court", "executive order", "health care")
ACT = re.compile(r"\b[A-Z][a-z]+ Act\b")
# Public matters measured by someone (jobs, crime, migration, trade, health): the stuff of checkable claims.
TOPIC_WORDS = words(
    "jobs job wages wage income incomes salaries economy economic taxes tax spending deficit debt trade "
    "exports imports manufacturing factories companies businesses workers unemployment poverty crime murders "
    "murder killed violence guns gun police prison immigrants immigration illegal refugees border borders wall "
    "terrorists terrorism isis nato troops military war weapons nuclear missiles oil energy coal climate "
    "emissions insurance premiums healthcare medicare obamacare drugs opioid students schools tuition "
    "wealthy corporations banks prices inflation growth percent population voters election elections votes"
)
ABSOLUTE_WORDS = words("never always nobody nothing every none zero")
ABSOLUTE_PHRASES = phrases("no one", "not a single")
FUTURE_WORDS = words("will won't shall next upcoming forecast forecasts predict predicts would")
FUTURE_PHRASES = phrases(
    "going to", "plans? to", "planning to", r"(?:is|are) (?:scheduled|set|expected|due|slated|poised|likely) to"
)
OPINION_VERBS = words("think believe feel hope want wish love like guess suppose mean")
OPINION_WORDS = words(
    "frankly honestly should must ought great good bad wonderful terrible beautiful amazing horrible "
    "disgrace disgraceful incredible tremendous fantastic sad nice deserve deserves deserved shame "
    "important proud unfair ridiculous crazy stupid smart strong weak mercurial unreliable cynical "
    "disappointing challenging honor honour pleasure let's"
)
OPINION_PHRASES = phrases("in my (?:opinion|view)", "believe me", "let me", "we need", "we have to")
HEDGE_WORDS = words("might may perhaps maybe seem seems seemed probably possibly could if")
GREETING_WORDS = words(
    "thanks hello welcome congratulations appreciate applause laughter crosstalk inaudible booing cheering"
)
GREETING_PHRASES = phrases("thank you", "good (?:evening|morning|afternoon|night)", "god bless", "ladies and gentlemen")
MONTHS_AND_DAYS = words(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday tomorrow "
    "week month year"
)
# A superlative with a scope ("the highest taxes in the world", "the first time since 1990", "a 17-year low"):
# a ranking someone can look up, unlike a bare "the best people".
SUPERLATIVE_SCOPE = re.compile(
    r"(?<![\w'’])(?:most|least|fewest|highest|lowest|largest|biggest|smallest|greatest|worst|fastest|slowest|"
    r"only|first)(?![\w'’])[^.;?!]{0,60}?(?<![\w'’])(?:in (?:the )?(?:world|history|country|nation|state|"
    r"party|region)|anywhere|ever|since|of any|in (?:\d+|decades|years|generations))(?![\w'’])"
    r"|(?<![\w'’])\d+-(?:year|month|decade) (?:low|high)s?(?![\w'’])|(?<![\w'’])record (?:low|high)s?(?![\w'’])"
)
# A speaker addressing someone on stage by title and name ("Senator Cruz, you say ..."): a moderator handing
# over or a rebuttal aimed at a rival; either way a cue of a question or challenge, not a statement of fact.
ADDRESS = re.compile(
    r"(?:^|, )(?:Madam |Mr\. )?(?:Secretary|Senator|Governor|Mr\.|Mrs\.|Ms\.|Congressman|Congresswoman|Mayor|"
    r"President|Speaker|Dr\.) [A-Z][\w'’-]+,"
)
# "We will", "I'm going to": a promise of the speaker's own, which nobody can check yet (a forecast of others is
# still a prediction, weighed by modal_future).
PROMISE = phrases(
    r"(?:we|i) (?:will|would|shall)", r"we'll", r"i'll", r"we’ll", r"i’ll",
    r"(?:we're|we’re|we are|i'm|i’m|i am) (?:going|gonna) to", r"(?:we|i) (?:want|intend|plan|promise) to",
)  # fmt: skip
# "You hired", "she gave", "they sold": what a named or addressed person did; debate rebuttals that checkers take up.
DEED_VERBS = words(
    "gave took paid hired sold bought spent beat lost won said wrote called wanted supported opposed voted "
    "signed cut raised created destroyed allowed approved agreed backed lied killed sent made left started "
    "ended tried refused failed wants believes proposed proposes referred released called"
)
DEED_SUBJECTS = words("you he she they")
DEED_CONTRACTED = words("he's she's they've you've he’s she’s they’ve you’ve")  # "he's said"
# "Donald Trump said", "Richard Nixon released": a named person's deed (not "I", "We" or "Look" opening a turn).
NAMED_DEED = re.compile(
    r"(?<![\w'’])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+(?:actually\s+|also\s+|never\s+|just\s+|has\s+|had\s+)?(?:"
    + "|".join(sorted(DEED_VERBS))
    + r")(?![\w'’])"
)
# A moderator running the debate ("let me ask", "your time is up", "thirty seconds", "rebuttal"): no claim in it.
MODERATING = phrases(
    r"let me ask", r"i want to ask", r"your time", r"(?:thirty|fifteen|sixty|ninety|30|15|60|90) seconds",
    r"rebuttal", r"respond to that", r"(?:turn|go|come back) to you", r"next question", r"(?:one|two) minutes?",
)  # fmt: skip
# A personal story ("my father worked in a mill"): moving, but no record a checker could pull.
PERSONAL = phrases(
    r"my (?:father|mother|dad|mom|family|wife|husband|daughter|son|kids|children|grandchildren|grandfather|"
    r"grandmother|parents|brother|sister)"
)
# "She wants to", "he is against": a rival's stated position, which their record and statements can confirm.
STANCE = phrases(
    r"(?:he|she|they) (?:wants?|doesn't want|doesn’t want|does not want|is against|are against|supports|opposes)"
)
# "She never paid", "he didn't vote for it", "they have not released": a denial, or a deed said not to have
# happened, is as checkable as the deed itself (a record exists either way).
_DENIED_ACTS = (
    r"(?:pay|paid|vote|voted|sign|signed|support|supported|oppose|opposed|raise|raised|cut|create|created|build|"
    r"built|spend|spent|give|gave|take|took|call|called|hire|hired|fire|fired|release|released|say|said|meet|met|"
    r"send|sent|approve|approved|pass|passed|fund|funded|win|won|lose|lost|invest|invested|happen|happened|exist|"
    r"existed|increase|increased|reduce|reduced|ban|banned|allow|allowed|stop|stopped|end|ended|start|started)"
)
DENIAL = phrases(
    r"(?:never|(?:did|does|do|has|have|had|was|were|is|are)(?: not|n't|n’t)) (?:even |ever |once )?" + _DENIED_ACTS,
    r"denie[sd]",
    r"(?:has|have|had) not been",
)
